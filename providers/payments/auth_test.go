package payments_test

import (
	"net/http"
	"testing"
)

func TestAuth(t *testing.T) {
	e := newEnv(t)
	p := created(t, e.checkout(t, oneShot))
	body := []byte(oneShot)
	for _, tc := range []struct {
		name, method, path, token string
		body                      []byte
		status                    int
		code, mentions            string
	}{
		{"checkout without credentials", http.MethodPost, "/v1/checkout", "", body, 401, "unauthorized", "Not Authenticated"},
		{"checkout with a forged token", http.MethodPost, "/v1/checkout", "forged", body, 401, "unauthorized", "Token is invalid"},
		{"checkout with read scope only", http.MethodPost, "/v1/checkout", "reader", body, 403, "insufficient_scope", "payments:write"},
		{"checkout without scopes", http.MethodPost, "/v1/checkout", "noscope", body, 403, "insufficient_scope", "payments:write"},
		{"read without credentials", http.MethodGet, "/v1/payments/" + p.ID, "", nil, 401, "unauthorized", "Not Authenticated"},
		{"read without scopes", http.MethodGet, "/v1/payments/" + p.ID, "noscope", nil, 403, "insufficient_scope", "payments:read"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(t, tc.method, tc.path, tc.token, tc.body)
			failed(t, r, tc.status, tc.code, tc.mentions)
			if tc.status == 401 && r.Header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
	if n := e.calls(createPI); n != 1 {
		t.Errorf("%d PaymentIntents: a refused caller reached Stripe", n)
	}
}
