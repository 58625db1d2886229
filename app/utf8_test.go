package app_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/uuid"

	"paygate/auth"
	"paygate/auth/authtest"
	"paygate/providers/stripe/stripetest"
	"paygate/store"
	"paygate/store/storetest"
)

// TestInvalidUTF8Refused is the attack of issue 12.7: invalid UTF-8 in a
// form or JSV body was stored raw and sent to Stripe while JSON made it
// U+FFFD, so one reference sent in two formats became two entities with two
// open checkouts. Invalid UTF-8 is a 400 naming the member, in every format
// and in each surface's dialect, before any handler runs.
func TestInvalidUTF8Refused(t *testing.T) {
	mock := stripetest.Start(t)
	a := newApp(t, map[string]string{
		"PAYGATE_STRIPE_API_BASE":       mock.URL,
		"PAYGATE_STRIPE_SECRET_KEY":     stripetest.SecretKey,
		"PAYGATE_BILLRUN_SHARED_SECRET": "billrun-secret",
	})
	company := uuid.New()
	storetest.AddCompany(t, a.DB, store.Company{ID: company, Name: "Acme", Currency: "SEK"})
	key := authtest.Key(t, a.DB, auth.KeySpec{Company: company, Scopes: []string{"payments:write"}})
	ts := httptest.NewServer(a.Server)
	defer ts.Close()

	const bad = "ref-\xff\xfe"
	id := company.String()
	checkout := "/payment/stripe/v1/checkout"
	for _, c := range []struct {
		name, path, ctype, body string
		want                    string
	}{
		{"json", checkout, "application/json", `{"CompanyId":"` + id + `","InternalReferenceId":"` + bad + `"}`, `"FieldName":"InternalReferenceId"`},
		{"json escaped", checkout, "application/json", `{"CompanyId":"` + id + `","CountryCode":"\u00e5` + "\xc3" + `"}`, `"FieldName":"CountryCode"`},
		{"jsv", checkout, "application/jsv", `{CompanyId:` + id + `,InternalReferenceId:` + bad + `}`, `FieldName:InternalReferenceId`},
		{"form", checkout, "application/x-www-form-urlencoded", "CompanyId=" + id + "&InternalReferenceId=ref-%FF%FE", `"FieldName":"InternalReferenceId"`},
		{"query", checkout + "?InternalReferenceId=ref-%FF&CompanyId=" + id, "", "", `"FieldName":"InternalReferenceId"`},
		{"xml", checkout, "application/xml", `<StripeV1CreateCheckout xmlns="http://schemas.datacontract.org/2004/07/BokaMera.API.ServiceModel.Dtos"><InternalReferenceId>` + bad + `</InternalReferenceId></StripeV1CreateCheckout>`, `<FieldName>InternalReferenceId</FieldName>`},
		{"predefined route, jsv", "/jsv/reply/StripeV1CreateCheckout", "application/jsv", `{InternalReferenceId:` + bad + `}`, `FieldName:InternalReferenceId`},
		{"v1", "/v1/checkout", "application/json", `{"customer_id":"` + bad + `","amount_cents":100}`, `{"error":"validation_error","message":"customer_id: `},
		{"v1 metadata", "/v1/checkout", "application/json", `{"customer_id":"c","amount_cents":100,"metadata":{"note":"` + bad + `"}}`, `"message":"metadata.note: `},
		{"billrun", "/paymentgateways/getRequest", "application/x-www-form-urlencoded", "data=%7B%22aid%22%3A%22%FF%22%7D", `{"status":0,"desc":"data is not valid UTF-8"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			method := http.MethodPost
			req, _ := http.NewRequest(method, ts.URL+c.path, strings.NewReader(c.body))
			if c.ctype != "" {
				req.Header.Set("Content-Type", c.ctype)
			}
			req.Header.Set("Authorization", "Bearer "+key)
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			status := http.StatusBadRequest
			if strings.HasPrefix(c.path, "/paymentgateways") {
				status = http.StatusOK // BillRun answers failures with 200 and status 0
			}
			if resp.StatusCode != status || !strings.Contains(string(b), c.want) || !strings.Contains(string(b), "UTF-8") {
				t.Errorf("%d %s, want %d with %s", resp.StatusCode, b, status, c.want)
			}
		})
	}
	for _, ref := range []string{bad, "ref-\ufffd\ufffd"} {
		if rows, err := a.DB.StripeCheckouts(t.Context(), company, ref); err != nil || len(rows) != 0 {
			t.Errorf("checkouts written for %q: %+v, %v", ref, rows, err)
		}
	}
}
