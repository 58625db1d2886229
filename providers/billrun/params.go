package billrun

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"paygate/apierr"
	"paygate/formats"
)

// gatewayName is the only gateway served; "StripeCheckout#x" names an
// instance of it.
const gatewayName = "StripeCheckout"

var instanceName = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)

// knownGateway reports whether name is StripeCheckout or an instance of it.
func knownGateway(name string) bool {
	prefix, instance, hasInstance := strings.Cut(name, "#")
	return prefix == gatewayName && (!hasInstance || instanceName.MatchString(instance))
}

func unknownGateway(name string) *apierr.Error {
	return invalid("name", fmt.Sprintf("Unknown payment gateway %q: use %s or %s#instance", name, gatewayName, gatewayName))
}

// checkout is a getRequest that passed BillRun's checks.
type checkout struct {
	aid               int64
	t                 string
	name              string
	iframe            bool
	requestParameters bool
	okPage, failPage  string // iframe only
	returnURL         string // data.return_url, else the configured one; may be empty
}

// checkURLFieldTypes refuses URL fields that are not strings, before the
// signature is checked over their urlencoded form.
func checkURLFieldTypes(d data) error {
	for _, f := range urlEncodedFields {
		if n := d.get(f); n != nil && n.Kind != formats.NodeNull && (n.Kind != formats.NodeScalar || !n.Quoted) {
			return invalid(f, f+" must be a string")
		}
	}
	return nil
}

// readCheckout validates an authenticated getRequest in BillRun's order and
// with its messages, then the checks BillRun leaves to PHP errors or to
// Stripe. defaultReturnURL stands in for a missing return_url.
func readCheckout(d data, defaultReturnURL string) (checkout, error) {
	var c checkout
	aid, ok := d.integer("aid")
	if !ok {
		return c, invalid("aid", "need to pass numeric aid")
	}
	c.aid = aid
	t := d.get(timestampField)
	if t == nil || t.Kind != formats.NodeScalar {
		return c, invalid(timestampField, "Invalid arguments")
	}
	c.t = t.Text
	if !d.isset("name") {
		return c, invalid("name", "need to pass payment gateway name")
	}
	c.name, _ = d.str("name")
	amount, hasAmount := d.number("amount")
	if d.isset("amount") && !hasAmount {
		return c, invalid("amount", "amount must be a number")
	}
	action, _ := d.str("action")
	single := action == "single_payment"
	if single && hasAmount && amount <= 0 {
		return c, invalid("amount", "In single payment mode amount must be positive value")
	}
	total, err := readInstallments(d)
	if err != nil {
		return c, err
	}
	if !knownGateway(c.name) {
		return c, unknownGateway(c.name)
	}
	if d.truthy("custom_flow") {
		return c, invalid("custom_flow", "custom_flow is not supported: this gateway saves cards through Stripe Checkout")
	}
	c.iframe = d.truthy("iframe")
	c.requestParameters = d.truthy("request_parameters")
	if c.iframe {
		c.okPage, _ = d.str("ok_page")
		c.failPage, _ = d.str("fail_page")
		if c.okPage == "" || c.failPage == "" {
			return c, invalid("ok_page", "Missing ok/fail pages")
		}
		for _, f := range [...]struct{ name, value string }{{"ok_page", c.okPage}, {"fail_page", c.failPage}} {
			if !absoluteHTTPURL(f.value) {
				return c, invalid(f.name, f.name+" must be an absolute http or https URL")
			}
		}
	}
	c.returnURL, _ = d.str("return_url")
	if c.returnURL == "" {
		c.returnURL = defaultReturnURL
	} else if !absoluteHTTPURL(c.returnURL) {
		return c, invalid("return_url", "return_url must be an absolute http or https URL")
	}
	if single {
		if !hasAmount {
			return c, invalid("amount", "Missing amount when making single payment")
		}
		if total != nil && *total != amount {
			return c, invalid("amount", "Single payment amount different from installments amount")
		}
	}
	return c, nil
}

// readInstallments checks the installments structure and returns its
// total_amount, nil when it has none.
func readInstallments(d data) (*float64, error) {
	if !d.isset("installments") {
		return nil, nil
	}
	bad := invalid("installments", "Installment structure is invalid")
	n := d.get("installments")
	if n.Kind != formats.NodeObject && n.Kind != formats.NodeList {
		return nil, bad
	}
	inst := newData(n)
	if count, ok := inst.number("number_of_payments"); !ok || count < 1 {
		return nil, bad
	}
	if !inst.isset("total_amount") {
		return nil, nil
	}
	total, ok := inst.number("total_amount")
	if !ok || total <= 0 {
		return nil, bad
	}
	return &total, nil
}

// absoluteHTTPURL reports whether s is an http or https URL with a host.
func absoluteHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
