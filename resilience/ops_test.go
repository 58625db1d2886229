package resilience_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"paygate/auth"
	"paygate/auth/authtest"
	"paygate/providers/billrun"
	"paygate/providers/payson/sandbox"
	"paygate/providers/paysonv2"
	"paygate/providers/stripev1"
	"paygate/store"
)

// op is one create operation as a client sends it, and how its failures
// read in its dialect.
type op struct {
	name string
	// request builds the request for entity ref.
	request func(base, ref string) *http.Request
	// failed reports whether an answer is a failure in the op's dialect
	// with the given HTTP status (BillRun answers 200 with status 0).
	failed func(r answer, status int) bool
	// made returns the provider's id of what an acknowledged create made
	// (a session, a checkout, a payment), "" when r acknowledges nothing.
	made func(r answer) string
}

// answer is a response, read whole.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// tenant is what the operations need in the database: a company with its
// Stripe and Payson settings and catalog, a BillRun account, and keys.
type tenant struct {
	company uuid.UUID
	key     string // payments:write, billrun, and a company administrator
}

// seed adds the tenant to db.
func seed(t *testing.T, db *store.DB) tenant {
	t.Helper()
	ctx := context.Background()
	tn := tenant{company: uuid.New()}
	if err := db.AddCompany(ctx, store.Company{ID: tn.company, Name: "Salong Fel", Currency: "SEK"}); err != nil {
		t.Fatal(err)
	}
	if err := stripev1.SeedDemo(ctx, db, tn.company); err != nil {
		t.Fatal(err)
	}
	if err := paysonv2.SeedDemo(ctx, db, tn.company, sandbox.DemoAgentID, sandbox.DemoAPIKey); err != nil {
		t.Fatal(err)
	}
	if err := billrun.SeedDemo(ctx, db); err != nil {
		t.Fatal(err)
	}
	tn.key = authtest.Key(t, db, auth.KeySpec{Company: tn.company, Name: "load",
		Roles:  []string{"bookingsupplier-administrator-write", "billrun"},
		Scopes: []string{"payments:write", "payments:read"}})
	return tn
}

func post(u, contentType string, body []byte, header ...string) *http.Request {
	req, err := http.NewRequest(http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		panic(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Accept", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return req
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// serviceStackError reads a ResponseStatus error body.
func serviceStackError(r answer, status int) bool {
	var e struct {
		ResponseStatus struct{ ErrorCode, Message string }
	}
	return r.status == status && json.Unmarshal(r.body, &e) == nil && e.ResponseStatus.ErrorCode != "" && e.ResponseStatus.Message != ""
}

// ops are the four surfaces' creates, /v1 with and without Idempotency-Key.
func (tn tenant) ops() []op {
	return []op{
		{
			name: "stripev1",
			request: func(base, ref string) *http.Request {
				return post(base+"/payment/stripe/v1/checkout", "application/json", mustJSON(map[string]any{
					"CompanyId": tn.company, "CountryCode": "SE", "InternalReferenceId": ref,
					"Articles":        []map[string]int{{"ArticleId": 1, "ArticleTypeId": 1, "Quantity": 1}},
					"ConfirmationUrl": "https://salong.example.org/tack",
				}))
			},
			failed: serviceStackError,
			made: func(r answer) string {
				var v struct{ SessionId string }
				if r.status != http.StatusOK || json.Unmarshal(r.body, &v) != nil || !strings.HasPrefix(v.SessionId, "cs_") {
					return ""
				}
				return v.SessionId
			},
		},
		{
			name: "payson",
			request: func(base, ref string) *http.Request {
				return post(base+"/payment/payson/v2/checkout", "application/json", mustJSON(map[string]any{
					"CompanyId": tn.company, "InternalReferenceId": ref, "CountryCode": "SE", "Language": "sv",
					"PaymentOrigin": "HomePage",
					"Articles":      []map[string]int{{"ArticleId": 1, "ArticleTypeId": 1, "Quantity": 1}},
				}))
			},
			failed: serviceStackError,
			made: func(r answer) string {
				var v struct{ Id uuid.UUID }
				if r.status != http.StatusOK || json.Unmarshal(r.body, &v) != nil || v.Id == uuid.Nil {
					return ""
				}
				return v.Id.String()
			},
		},
		{
			name: "billrun",
			request: func(base, ref string) *http.Request {
				data := fmt.Sprintf(`{"iframe":true,"aid":%d,"name":"StripeCheckout","_t_":"%d","ok_page":"https://tenant.example/ok?ref=%s","fail_page":"https://tenant.example/fail","request_parameters":true}`,
					billrun.DemoAID, time.Now().Unix(), url.QueryEscape(ref))
				return post(base+"/paymentgateways/getRequest", "application/x-www-form-urlencoded",
					[]byte(url.Values{"data": {data}}.Encode()), "Authorization", "Bearer "+tn.key)
			},
			failed: func(r answer, _ int) bool {
				var v struct {
					Status int
					Desc   string
				}
				return r.status == http.StatusOK && json.Unmarshal(r.body, &v) == nil && v.Status == 0 && strings.Contains(v.Desc, "Stripe")
			},
			made: func(r answer) string {
				var v struct {
					Status  int
					Details struct {
						URL struct {
							SessionID string `json:"session_id"`
							TxID      string `json:"txId"`
						} `json:"url"`
					}
				}
				if r.status != http.StatusOK || json.Unmarshal(r.body, &v) != nil || v.Status != 1 {
					return ""
				}
				return v.Details.URL.TxID + "/" + v.Details.URL.SessionID
			},
		},
		tn.v1("v1-key", true),
		tn.v1("v1", false),
	}
}

func (tn tenant) v1(name string, withKey bool) op {
	return op{
		name: name,
		request: func(base, ref string) *http.Request {
			h := []string{"Authorization", "Bearer " + tn.key}
			if withKey {
				h = append(h, "Idempotency-Key", ref)
			}
			return post(base+"/v1/checkout", "application/json",
				mustJSON(map[string]any{"customer_id": "c-" + ref, "amount_cents": 1200, "order_id": ref}), h...)
		},
		failed: func(r answer, status int) bool {
			var v struct{ Error, Message string }
			return r.status == status && json.Unmarshal(r.body, &v) == nil && v.Error != "" && v.Message != ""
		},
		made: func(r answer) string {
			var v struct {
				ID                    string  `json:"id"`
				StripePaymentIntentID *string `json:"stripe_payment_intent_id"`
			}
			if r.status != http.StatusCreated || json.Unmarshal(r.body, &v) != nil || v.StripePaymentIntentID == nil {
				return ""
			}
			return v.ID + "/" + *v.StripePaymentIntentID
		},
	}
}

// send sends req with client and reads the answer.
func send(client *http.Client, req *http.Request) (answer, error) {
	resp, err := client.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: b}, err
}
