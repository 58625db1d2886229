package sandbox

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"paygate/providers/payson"
)

func TestCheckoutPage(t *testing.T) {
	h := newHarness(t, Options{})
	req := checkoutRequest(h.shop)
	req.Order.Items[0].Name = `Massage <b>deluxe</b>`
	co := h.create(req)
	page := "/checkout/" + co.ID.String()

	status, hdr, body := h.raw("GET", page, "", false)
	if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") {
		t.Fatalf("GET page: %d %s", status, hdr.Get("Content-Type"))
	}
	for _, want := range []string{"Massage &lt;b&gt;deluxe&lt;/b&gt;", "800.00", `value="pay"`, `value="fill"`, "created"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}

	// The page's buttons: settle is not possible yet, pay is.
	noRedirect := *h.srv.Client()
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	post := func(action string) *http.Response {
		t.Helper()
		resp, err := noRedirect.PostForm(h.srv.URL+page, url.Values{"action": {action}, "firstName": {"Eva"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post("settle"); resp.StatusCode != http.StatusConflict {
		t.Errorf("settle from the page: %d", resp.StatusCode)
	}
	if resp := post("fill"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page {
		t.Errorf("fill from the page: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp := post("pay"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != co.Merchant.ConfirmationURI {
		t.Errorf("pay from the page: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if got := h.get(co.ID); got.Status != payson.StatusReadyToShip || got.Customer.FirstName != "Eva" {
		t.Errorf("after paying on the page: %s %+v", got.Status, got.Customer)
	}

	resp, err := noRedirect.Get(h.srv.URL + "/checkout?id=" + co.ID.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != page {
		t.Errorf("/checkout?id=: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestPageUnknownCheckout(t *testing.T) {
	h := newHarness(t, Options{})
	for _, path := range []string{"/checkout/" + uuid.NewString(), "/checkout/nope", "/checkout?id=nope"} {
		if status, _, _ := h.raw("GET", path, "", false); status != http.StatusNotFound {
			t.Errorf("GET %s: %d", path, status)
		}
	}
}

func TestSnippetScript(t *testing.T) {
	h := newHarness(t, Options{})
	co := h.create(checkoutRequest(h.shop))
	src := h.srv.URL + "/checkout/payson.js"
	if !strings.Contains(co.Snippet, `src="`+src+`"`) {
		t.Fatalf("snippet %s", co.Snippet)
	}
	status, hdr, body := h.raw("GET", "/checkout/payson.js", "", false)
	if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/javascript") || !strings.Contains(body, "paysonIframe") {
		t.Errorf("script: %d %s", status, hdr.Get("Content-Type"))
	}
}
