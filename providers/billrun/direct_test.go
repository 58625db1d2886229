package billrun

import (
	"strings"
	"testing"

	"paygate/auth"
	"paygate/dto"
	"paygate/formats"
)

// TestHandlersWithoutServer calls getRequest and okPage as plain functions:
// the caller comes from the context, the response format from the request,
// and a redirect is part of the answer.
func TestHandlersWithoutServer(t *testing.T) {
	e := newEnv(t, envOptions{returnURL: "https://tenant.example/billing"})
	g := newGateway(e.deps)
	ctx := auth.WithPrincipal(t.Context(), &auth.Principal{UserID: "billrun", Scopes: []string{bearerScope}})
	data := strings.Replace(iframeData, `"iframe":true`, `"iframe":false`, 1)
	parsed, err := parseData(data)
	if err != nil {
		t.Fatal(err)
	}

	resp, err := g.getRequest(ctx, &dto.BillRunGetRequest{Data: data, Parsed: parsed, Format: formats.JSON})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(resp.Reply.Redirect, "https://") || resp.Status != 0 || resp.Details != nil {
		t.Errorf("getRequest without iframe: %+v, want only a redirect to Stripe", resp)
	}

	// Without a caller in the context, the unsigned request is refused.
	if _, err := g.getRequest(t.Context(), &dto.BillRunGetRequest{Data: data, Parsed: parsed}); err == nil {
		t.Error("an unsigned request without a caller was accepted")
	}

	// request_parameters carry Stripe's JSON, which XML cannot.
	rp := strings.Replace(iframeData, `"amount":10.5`, `"amount":10.5,"request_parameters":true`, 1)
	if parsed, err = parseData(rp); err != nil {
		t.Fatal(err)
	}
	if _, err := g.getRequest(ctx, &dto.BillRunGetRequest{Data: rp, Parsed: parsed, Format: formats.XML}); err == nil ||
		!strings.Contains(err.Error(), "request_parameters") {
		t.Errorf("request_parameters in XML: %v", err)
	}

	page, err := g.okPage(t.Context(), &dto.BillRunOkPage{Name: "StripeCheckout", TxID: "no-such-tx"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(page.Reply.Redirect, "https://tenant.example/billing?") {
		t.Errorf("okPage of an unknown transaction: redirect %q, want the tenant's return URL with the reason", page.Reply.Redirect)
	}
}
