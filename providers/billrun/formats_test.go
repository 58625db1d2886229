package billrun

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestXML: the negotiation layer picks XML for ?format=xml, the route
// suffix or Accept; answers and failures keep BillRun's members.
func TestXML(t *testing.T) {
	e := newEnv(t, envOptions{fixtures: completed(t, nil)})
	const head = `<?xml version="1.0" encoding="utf-8"?>`
	const ns = ` xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/Paygate">`

	r := e.do(t, http.MethodGet, getRequestPath+"?format=xml", url.Values{"data": {sign(t, iframeData)}})
	body := string(r.Body)
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/xml") ||
		!strings.HasPrefix(body, head+`<BillRunGetRequestResponse`+ns+`<desc>success</desc><details><url i:type="d3p1:string" xmlns:d3p1="http://www.w3.org/2001/XMLSchema">https://checkout.stripe.com/`) ||
		!strings.HasSuffix(body, `</url></details><status>1</status></BillRunGetRequestResponse>`) {
		t.Errorf("iframe: %d %s", r.Status, body)
	}

	r = e.do(t, http.MethodGet, getRequestPath+".xml", url.Values{"data": {"{"}})
	if want := head + `<BillRunFailure` + ns + `<desc>data is not valid JSON: malformed JSON: unexpected end of input</desc>` +
		`<details><message>data is not valid JSON: malformed JSON: unexpected end of input</message></details><status>0</status></BillRunFailure>`; r.Status != http.StatusOK || string(r.Body) != want {
		t.Errorf("failure: %d %s", r.Status, r.Body)
	}

	// The session is Stripe's JSON, which XML cannot carry as it came: a
	// clear refusal before anything is created.
	data := sign(t, `{"iframe":true,"aid":7,"name":"StripeCheckout","_t_":"1700000000","ok_page":"http://ok","fail_page":"http://fail","request_parameters":true}`)
	r = e.getRequest(t, data, "Accept: application/xml")
	if !strings.Contains(string(r.Body), `<desc>request_parameters is answered in JSON, JSV or CSV: the session is Stripe's JSON</desc>`) {
		t.Errorf("request_parameters: %d %s", r.Status, r.Body)
	}

	txID := e.start(t, "StripeCheckout")
	r = e.do(t, http.MethodGet, okPagePath+"?format=xml", url.Values{"name": {"StripeCheckout"}, "txId": {txID}, "redirect": {"0"}})
	if want := head + `<BillRunOkPageResponse` + ns + `<desc>success</desc><details><credit_card>4242</credit_card><expiration_date>42031</expiration_date>` +
		`<params xmlns:d3p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays" /></details><status>1</status></BillRunOkPageResponse>`; string(r.Body) != want {
		t.Errorf("okPage: %d %s", r.Status, r.Body)
	}
}
