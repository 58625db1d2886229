package paysonv2_test

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"paygate/dto"
	"paygate/formats"
	"paygate/internal/servertest"
	"paygate/providers/payson"
	"paygate/providers/payson/sandbox"
)

type ipnResponse struct {
	Message string
	Success bool
}

func ipnPath(id string) string {
	return "/payment/payson/v2/ipncallback?CompanyId=" + companyA.String() + "&BookingId=booking-n&ArticleTypeId=1&checkout=" + id
}

func TestNotificationsAreReadBack(t *testing.T) {
	front := &flakyPayson{}
	e := newEnv(t, envOptions{front: front})
	co := e.create(createBody("booking-n"))

	// The body is never believed: only Payson's answer counts.
	forged := `{"status":"readyToShip","checkout":"` + co.Id.String() + `","Success":true}`
	r := e.call("POST", ipnPath(co.Id.String()), "", "", forged)
	if got := decode[ipnResponse](t, r); r.Status != http.StatusOK || !got.Success || !strings.Contains(got.Message, "Created") {
		t.Fatalf("forged notification: %d %s", r.Status, r.Body)
	}
	if got := e.row(co.Id).Status; got != string(payson.StatusCreated) {
		t.Fatalf("a forged body set the status to %s", got)
	}

	e.pay(e.live, e.liveTS, co.Id)
	// Payson repeats itself: nothing changes.
	for range 3 {
		r := e.call("POST", ipnPath(co.Id.String()), "", "", "")
		if got := decode[ipnResponse](t, r); r.Status != http.StatusOK || !got.Success || !strings.Contains(got.Message, "ReadyToShip") {
			t.Fatalf("repeated notification: %d %s", r.Status, r.Body)
		}
	}
	before := e.payson(e.liveTS, sandbox.DemoAgentID, sandbox.DemoAPIKey, co.Id)
	if r := e.call("PUT", sendPath(co.Id), "admin-a", "", ""); r.Status != http.StatusOK {
		t.Fatalf("send: %d %s", r.Status, r.Body)
	}
	e.idle(e.live)

	// A late notification met by a lagging read: the checkout does not go
	// back to ReadyToShip.
	front.serveStaleOnce(t, before)
	r = e.call("POST", ipnPath(co.Id.String()), "", "", "")
	if got := decode[ipnResponse](t, r); r.Status != http.StatusOK || !strings.Contains(got.Message, "Shipped") {
		t.Fatalf("stale notification: %d %s", r.Status, r.Body)
	}
	if got := e.row(co.Id).Status; got != string(payson.StatusShipped) {
		t.Fatalf("a stale read moved the checkout back to %s", got)
	}

	// Payson cannot be asked: the notification is not acknowledged, so
	// Payson sends it again later.
	front.setDown(true)
	r = e.call("POST", ipnPath(co.Id.String()), "", "", "")
	if r.Status != http.StatusBadGateway {
		t.Fatalf("notification with Payson down: %d %s", r.Status, r.Body)
	}
	front.setDown(false)

	// Credited after shipping is BokaMera's Credited.
	shipped := e.payson(e.liveTS, sandbox.DemoAgentID, sandbox.DemoAPIKey, co.Id)
	shipped.Order.Items[0].CreditedAmount = shipped.Order.Items[0].TotalPriceIncludingTax
	if _, err := payson.New(e.liveTS.URL, sandbox.DemoAgentID, sandbox.DemoAPIKey, nil).UpdateCheckout(t.Context(), shipped); err != nil {
		t.Fatal(err)
	}
	r = e.call("POST", ipnPath(co.Id.String()), "", "", "")
	if got := decode[ipnResponse](t, r); !strings.Contains(got.Message, "Credited") {
		t.Errorf("after a credit: %s", r.Body)
	}
	get := e.call("GET", "/payment/payson/v2/checkout/"+co.Id.String(), "admin-a", "", "")
	if got := decode[checkoutResponse](t, get); got.Status != "Credited" {
		t.Errorf("get after a credit: %d %s", get.Status, get.Body)
	}
}

func TestNotificationRefusals(t *testing.T) {
	e := newEnv(t, envOptions{})
	unknown := uuid.New()
	r := e.call("POST", ipnPath(unknown.String()), "", "", "")
	if got := decode[ipnResponse](t, r); r.Status != http.StatusOK || got.Success || !strings.Contains(got.Message, "unknown") {
		t.Errorf("unknown checkout: %d %s", r.Status, r.Body)
	}
	if !strings.Contains(e.logs.String(), unknown.String()) {
		t.Error("an unknown checkout's notification was not logged")
	}
	for _, c := range []struct {
		name, path string
		code       string
	}{
		{"no checkout", "/payment/payson/v2/ipncallback?CompanyId=" + companyA.String(), "NotEmpty"},
		{"malformed checkout", ipnPath("not-a-guid"), "SerializationException"},
	} {
		r := e.call("POST", c.path, "", "", "")
		if r.Status != http.StatusBadRequest {
			t.Errorf("%s: %d %s", c.name, r.Status, r.Body)
			continue
		}
		if eb := errOf(t, r); eb.ResponseStatus.ErrorCode != c.code || !slices.Contains(eb.Fields(), "checkout") {
			t.Errorf("%s: %s", c.name, r.Body)
		}
	}
}

func TestGetCheckoutRefusals(t *testing.T) {
	e := newEnv(t, envOptions{})
	co := e.create(createBody("booking-g"))
	for _, c := range []struct {
		name, path, token string
		status            int
		field             string
	}{
		{"no company", "/payment/payson/v2/checkout/" + co.Id.String(), "", 400, "CompanyId"},
		{"another company", "/payment/payson/v2/checkout/" + co.Id.String() + "?CompanyId=" + companyB.String(), "", 404, "Id"},
		{"caller's company is another", "/payment/payson/v2/checkout/" + co.Id.String(), "admin-b", 404, "Id"},
		{"unknown", "/payment/payson/v2/checkout/" + uuid.NewString() + "?CompanyId=" + companyA.String(), "", 404, "Id"},
		{"malformed", "/payment/payson/v2/checkout/x?CompanyId=" + companyA.String(), "", 400, "Id"},
	} {
		r := e.call("GET", c.path, c.token, "", "")
		if r.Status != c.status || !slices.Contains(errOf(t, r).Fields(), c.field) {
			t.Errorf("%s: %d %s", c.name, r.Status, r.Body)
		}
	}
	r := e.call("GET", "/payment/payson/v2/checkout/"+co.Id.String(), "reader-a", "", "")
	if got := decode[checkoutResponse](t, r); r.Status != http.StatusOK || got.Id != co.Id || got.Status != "Created" {
		t.Errorf("caller's own company: %d %s", r.Status, r.Body)
	}
}

// TestGetCheckoutFormats reads a checkout the ways ServiceStack clients do.
func TestGetCheckoutFormats(t *testing.T) {
	e := newEnv(t, envOptions{})
	co := e.create(createBody("booking-fmt"))
	q := "Id=" + co.Id.String() + "&CompanyId=" + companyA.String()
	for _, path := range []string{
		"/json/reply/PaysonCheckoutv2GetCheckout?" + q,
		"/api/PaysonCheckoutv2GetCheckout?" + q,
		"/payment/payson/v2/checkout/" + co.Id.String() + ".json?CompanyId=" + companyA.String(),
	} {
		r := e.call("GET", path, "", "", "")
		if got := decode[checkoutResponse](t, r); r.Status != http.StatusOK || got != co {
			t.Errorf("%s: %d %s", path, r.Status, r.Body)
		}
	}
	r := e.call("GET", "/payment/payson/v2/checkout/"+co.Id.String()+"?callback=show&"+q, "", "", "")
	if body := string(r.Body); r.Status != http.StatusOK || !strings.HasPrefix(body, "show({") || !strings.Contains(body, `"Status":"Created"`) {
		t.Errorf("JSONP: %d %s", r.Status, r.Body)
	}
	r = e.call("GET", "/payment/payson/v2/checkout/"+co.Id.String()+"?jsconfig=EmitCamelCaseNames&"+q, "", "", "")
	if !strings.Contains(string(r.Body), `"status":"Created"`) {
		t.Errorf("camelCase: %s", r.Body)
	}
	codecs := servertest.Codecs()
	for _, c := range []struct {
		f          formats.Format
		ext, ctype string
		want       []string
	}{
		{formats.XML, "xml", "application/xml", []string{"<Id>" + co.Id.String() + "</Id>", "<Status>Created</Status>"}},
		{formats.JSV, "jsv", "application/jsv", []string{"Id:" + co.Id.String(), "Status:Created"}},
		{formats.CSV, "csv", "text/csv", []string{"Id,Snippet,Status", co.Id.String(), ",Created"}},
	} {
		t.Run(c.ext, func(t *testing.T) {
			if codecs.Marshal(new(bytes.Buffer), c.f, &dto.PaysonCheckoutV2Response{}, formats.Options{}) != nil {
				t.Skipf("the %s writer is not in this build yet", c.ext)
			}
			r := e.call("GET", "/payment/payson/v2/checkout/"+co.Id.String()+"."+c.ext+"?CompanyId="+companyA.String(), "", "", "")
			if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), c.ctype) {
				t.Fatalf("%d %s: %s", r.Status, r.Header.Get("Content-Type"), r.Body)
			}
			for _, w := range c.want {
				if !strings.Contains(string(r.Body), w) {
					t.Errorf("%s does not contain %s", r.Body, w)
				}
			}
		})
	}
}
