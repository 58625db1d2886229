package app_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/uuid"

	"paygate/auth"
	"paygate/auth/authtest"
	"paygate/internal/logtest"
	"paygate/server"
	"paygate/store"
	"paygate/store/storetest"
)

// badBodies are malformed or mistyped request bodies, each with the
// content type it claims.
var badBodies = []struct{ ctype, body string }{
	{"application/json", `{`},
	{"application/json", `[]`},
	{"application/json", `null`},
	{"application/json", `"text"`},
	{"application/json", `12`},
	{"application/json", `{"CompanyId":"not-a-guid","Id":"x","Articles":"x","Quantity":"many"}`},
	{"application/json", `{"Articles":[{"ArticleId":1e400,"Quantity":-1}],"CompanyId":12}`},
	{"application/json", `{"customer_id":null,"amount_cents":1.5,"line_items":{}}`},
	{"application/json", strings.Repeat("[", 5000)},
	{"application/json", `{"a":"` + "\xff\xfe" + `"}`},
	{"text/plain", `not json at all`},
	{"application/xml", `<x`},
	{"application/xml", `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>`},
	{"application/xml", `<Wrong><Id>zz</Id></Wrong>`},
	{"application/xml", strings.Repeat("<a>", 3000)},
	{"application/jsv", `{Articles:[{Quantity:x}],CompanyId:bad`},
	{"application/jsv", `[[[[`},
	{"text/csv", "a,b\r\n1,2\r\n"},
	{"application/x-www-form-urlencoded", "CompanyId=bad&Articles=%7BQuantity%3Ax%7D&data=%7B"},
	{"multipart/form-data; boundary=X", "--X\r\nbroken"},
	{"application/octet-stream", "\x00\x01\x02"},
}

// TestBadInputNeverFails5xx sends every operation, on each of its routes
// and on the predefined ones, bodies and query strings that are malformed
// or of the wrong type, anonymously and as an administrator. Whatever the
// input, the answer is a 4xx (or a success) in the operation's dialect —
// never a 5xx — and no handler panics.
func TestBadInputNeverFails5xx(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	env := providers(t)
	env["PAYGATE_BILLRUN_SHARED_SECRET"] = "billrun-secret"
	env["PAYGATE_STRIPE_WEBHOOK_SECRET"] = "whsec_test"
	env["PAYGATE_MAX_BODY_BYTES"] = "65536"
	var logs logtest.Buffer
	a := newAppLog(t, env, &logs)
	company := uuid.New()
	storetest.AddCompany(t, a.DB, store.Company{ID: company, Name: "Acme", Currency: "SEK"})
	key := authtest.Key(t, a.DB, auth.KeySpec{Company: company,
		Roles:  []string{"bookingsupplier-administrator-write"},
		Scopes: []string{"payments:read", "payments:write"}})
	ts := httptest.NewServer(a.Server)
	defer ts.Close()

	queries := []string{"", "?CompanyId=bad&Id=bad&Articles=%5B%7BQuantity%3Ax%7D%5D", "?format=xml&Quantity=1e999", "?callback=cb&data=%7B%22aid%22%3A", "?format=csv&jsconfig=eccn"}
	sent, statuses := 0, map[int]int{}
	for _, op := range a.Server.Registry().Operations() {
		for _, target := range targets(op) {
			for _, q := range queries {
				for _, b := range badBodies {
					for _, authz := range []string{"", "Bearer " + key} {
						req, err := http.NewRequest(target.method, ts.URL+target.path+q, strings.NewReader(b.body))
						if err != nil {
							t.Fatal(err)
						}
						req.Header.Set("Content-Type", b.ctype)
						if authz != "" {
							req.Header.Set("Authorization", authz)
						}
						resp, err := ts.Client().Do(req)
						if err != nil {
							t.Fatalf("%s %s: %v", target.method, target.path, err)
						}
						body, _ := io.ReadAll(resp.Body)
						resp.Body.Close()
						sent++
						statuses[resp.StatusCode]++
						if resp.StatusCode >= 500 {
							t.Errorf("%s %s%s (%s, auth=%v) %q: %d %s", target.method, target.path, q, b.ctype, authz != "", abbrev(b.body), resp.StatusCode, body)
						}
					}
				}
			}
		}
	}
	if strings.Contains(logs.String(), "handler panic") {
		t.Errorf("a handler panicked:\n%s", logs.String())
	}
	t.Logf("%d requests to %d operations, none answered 5xx; statuses %v", sent, len(a.Server.Registry().Operations()), statuses)
}

type target struct{ method, path string }

// targets lists where an operation can be reached: its routes with their
// first verb (path variables filled with junk), /api/{Op} and /xml/reply/{Op}.
func targets(op *server.Operation) []target {
	out := []target{{http.MethodPost, "/api/" + op.Name}, {http.MethodPut, "/xml/reply/" + op.Name}}
	for _, r := range op.Routes {
		verb := http.MethodPost
		if r.Verbs != "" {
			verb, _, _ = strings.Cut(r.Verbs, ",")
		}
		path := r.Path
		for strings.Contains(path, "{") {
			i := strings.Index(path, "{")
			j := strings.Index(path[i:], "}")
			path = path[:i] + "not-an-id" + path[i+j+1:]
		}
		out = append(out, target{strings.ToUpper(strings.TrimSpace(verb)), path})
	}
	return out
}

func abbrev(s string) string {
	if len(s) > 40 {
		return fmt.Sprintf("%s…(%d bytes)", s[:40], len(s))
	}
	return s
}
