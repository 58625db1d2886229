package auth_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"paygate/auth"
	"paygate/providers/bokamera"
)

// TestCredentialForms checks the ways a credential may arrive, and the
// company rules, over HTTP.
func TestCredentialForms(t *testing.T) {
	e := newEnv(t, auth.LimiterConfig{})
	checkout := uuid.MustParse("0f8fad5b-d9cb-469f-a165-70867728950e")
	send := "/payment/payson/v2/checkout/" + checkout.String() + "/sendpaymentrequest"
	goodJWT := e.jwt(time.Hour, testSecret, roleWrite)
	cookie := func(v string) http.Header { return http.Header{"Cookie": {auth.TokenCookie + "=" + v}} }

	for _, c := range []struct {
		name, method, path string
		h                  http.Header
		status             int
		want               string // substring of the JSON body
	}{
		{"basic with key as user name", "GET", "/auth", basic(e.keys["write"], ""), 200, `"UserId":"` + e.keyIDs["write"] + `"`},
		{"basic password ignored", "GET", "/auth", basic(e.keys["write"], "whatever"), 200, `"AuthProvider":"apikey"`},
		{"basic revoked", "GET", "/auth", basic(e.keys["revoked"], ""), 401, auth.MsgKeyCancelled},
		{"basic without colon", "GET", "/auth", http.Header{"Authorization": {"Basic YWJj"}}, 401, auth.MsgBadHeader},
		{"bearer scheme any case", "GET", "/auth", http.Header{"Authorization": {"bearer " + e.keys["write"]}}, 200, `"UserName":"admin"`},
		{"empty bearer", "GET", "/auth", http.Header{"Authorization": {"Bearer "}}, 401, auth.MsgBadHeader},
		{"unknown scheme", "GET", "/auth", http.Header{"Authorization": {"Digest username=x"}}, 401, auth.MsgBadHeader},
		{"not a key at all", "GET", "/auth", bearer("sk_live_123"), 401, auth.MsgKeyUnknown},
		{"key with its secret changed", "GET", "/auth", bearer(e.keys["write"][:20] + flip(e.keys["write"][20]) + e.keys["write"][21:]), 401, auth.MsgKeyUnknown},
		{"jwt bearer", "GET", "/auth", bearer(goodJWT), 200, `"UserId":"user-7","UserName":"ada","DisplayName":"ada","Roles":["` + roleWrite + `"],"Permissions":[],"AuthProvider":"jwt"`},
		{"jwt cookie", "GET", "/auth", cookie(goodJWT), 200, `"AuthProvider":"jwt"`},
		{"expired jwt cookie", "GET", "/auth", cookie(e.jwt(-time.Hour, testSecret)), 401, `"ErrorCode":"TokenException","Message":"Token has expired"`},
		{"header wins over cookie", "GET", "/auth", http.Header{"Authorization": {"Bearer " + e.keys["unknown"]}, "Cookie": {auth.TokenCookie + "=" + goodJWT}}, 401, auth.MsgKeyUnknown},
		{"jwt caller gets company default", "PUT", send, bearer(goodJWT), 200, `"Snippet":"company ` + testCompany.String() + `"`},
		{"jwt caller other company", "PUT", send + "?CompanyId=" + otherCompany.String(), bearer(goodJWT), 403, bokamera.MsgForbiddenCompany},
		{"other company that does not exist reads the same", "PUT", send + "?CompanyId=" + uuid.NewString(), bearer(e.keys["write"]), 403, ssJSON("Forbidden", bokamera.MsgForbiddenCompany)},
		{"own company named", "PUT", send + "?CompanyId=" + testCompany.String(), bearer(e.keys["write"]), 200, `"Snippet":"company ` + testCompany.String() + `"`},
		{"superadmin for another company", "PUT", send + "?CompanyId=" + otherCompany.String(), bearer(e.keys["super"]), 200, `"Snippet":"company ` + otherCompany.String() + `"`},
		{"superadmin without company", "PUT", send, bearer(e.keys["super"]), 200, `"Snippet":"no company"`},
		{"superadmin passes role checks", "GET", "/payment/settings", bearer(e.keys["super"]), 200, `"Caller":"` + e.keyIDs["super"] + `"`},
		{"predefined route", "POST", "/json/reply/SendCheckoutPaymentRequest?Id=" + checkout.String() + "&CompanyId=" + otherCompany.String(), bearer(e.keys["write"]), 403, bokamera.MsgForbiddenCompany},
		{"anonymous op, anonymous caller keeps empty", "GET", "/open/" + checkout.String(), nil, 200, `"Snippet":"no company"`},
		{"anonymous op, caller's company by default", "GET", "/open/" + checkout.String(), bearer(e.keys["write"]), 200, `"Snippet":"company ` + testCompany.String() + `"`},
		{"anonymous op, another company allowed", "GET", "/open/" + checkout.String() + "?CompanyId=" + otherCompany.String(), bearer(e.keys["write"]), 200, `"Snippet":"company ` + otherCompany.String() + `"`},
		{"anonymous op ignores bad credentials", "GET", "/open/" + checkout.String(), bearer(e.keys["unknown"]), 200, `"Snippet":"no company"`},
		{"auth alias", "GET", "/authenticate.json", bearer(e.keys["write"]), 200, `"AuthProvider":"apikey"`},
		{"auth trailing slash", "GET", "/auth/", bearer(e.keys["write"]), 200, `"AuthProvider":"apikey"`},
		{"auth api route", "GET", "/api/Authenticate", bearer(e.keys["write"]), 200, `"AuthProvider":"apikey"`},
		{"auth anonymous", "GET", "/auth", nil, 401, ssJSON("Unauthorized", "Not Authenticated")},
		{"auth unknown provider", "GET", "/auth?provider=credentials", bearer(e.keys["write"]), 404, `"Message":"No configuration was added for OAuth provider 'credentials'"`},
		{"auth camelCase", "GET", "/auth?jsconfig=eccn", nil, 401, `{"responseStatus":{"errorCode":"Unauthorized","message":"Not Authenticated","errors":[]}}`},
		{"key in query string is not a credential", "GET", "/auth?apikey=" + e.keys["write"], nil, 401, "Not Authenticated"},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, hdr, body := e.do(c.method, c.path, c.h, "")
			if status != c.status || !strings.Contains(body, c.want) {
				t.Errorf("%d %s\nwant %d with %s", status, body, c.status, c.want)
			}
			if status == 401 && hdr.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}

	// In a batch, the company rule applies to every item.
	status, hdr, body := e.do("POST", "/json/reply/SendCheckoutPaymentRequest[]",
		http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer " + e.keys["write"]}},
		`[{"Id":"`+checkout.String()+`"},{"Id":"`+checkout.String()+`","CompanyId":"`+otherCompany.String()+`"}]`)
	if status != 403 || hdr.Get("X-AutoBatch-Completed") != "1" || !strings.Contains(body, `"AutoBatchIndex":"1"`) {
		t.Errorf("batch: %d %q %s", status, hdr.Get("X-AutoBatch-Completed"), body)
	}
	checkLogs(t, e)
}

func flip(b byte) string {
	if b == 'A' {
		return "B"
	}
	return "A"
}

// TestFailureLimit checks that repeated failures turn into 429s with
// Retry-After, in each dialect, and that the limit is logged once, without
// secrets.
func TestFailureLimit(t *testing.T) {
	e := newEnv(t, auth.LimiterConfig{Burst: 3, Forgive: time.Minute})
	bad := bearer(e.keys["unknown"])
	for i := range 3 {
		if status, _, body := e.do("GET", "/auth", bad, ""); status != 401 {
			t.Fatalf("failure %d: %d %s", i+1, status, body)
		}
	}
	for _, c := range []struct {
		name, method, path string
		h                  http.Header
		want               string
	}{
		// This failure, answered 429, deepened the wait to two minutes.
		{"bad key", "GET", "/auth", bad, ssJSON("TooManyRequests", "Too many failed authentication attempts; retry in 120 seconds")},
		{"another bad key", "GET", "/payment/settings", bearer(e.keys["revoked"]), `"ErrorCode":"TooManyRequests"`},
		{"plain dialect", "POST", "/v1/checkout", bearer(e.jwt(-time.Hour, testSecret)), `{"error":"rate_limited","message":"Too many failed authentication attempts; retry in `},
	} {
		status, hdr, body := e.do(c.method, c.path, c.h, "")
		if status != http.StatusTooManyRequests || !strings.Contains(body, strings.TrimSuffix(c.want, "}}")) {
			t.Errorf("%s: %d %s, want 429 %s", c.name, status, body, c.want)
		}
		if ra := hdr.Get("Retry-After"); ra == "" || ra == "0" {
			t.Errorf("%s: Retry-After %q", c.name, ra)
		}
	}
	// Callers without credentials are not limited: they are just anonymous.
	if status, _, body := e.do("GET", "/auth", nil, ""); status != 401 || !strings.Contains(body, "Not Authenticated") {
		t.Errorf("anonymous while limited: %d %s", status, body)
	}
	logs := e.logs.String()
	if n := strings.Count(logs, "authentication limited"); n != 1 {
		t.Errorf("limit reached logged %d times, want once:\n%s", n, logs)
	}
	if !strings.Contains(logs, `"reason":"unknown API key"`) || !strings.Contains(logs, `"key_id":"`+e.keys["unknown"][3:11]+`"`) {
		t.Errorf("failure log lacks reason or key id:\n%s", logs)
	}
	checkLogs(t, e)
}

// TestFailureLimitLocksNoOneOut is the attack of issue 12.3: behind a
// proxy every client shares one address, and ten junk keys from any of
// them used to shut out every valid key. A credential that verifies is
// never refused by the limiter; failures are limited per client address
// (X-Forwarded-For from a trusted proxy) and per presented key id, and
// junk on an anonymous operation, which ignores it, is not counted.
func TestFailureLimitLocksNoOneOut(t *testing.T) {
	e := newEnv(t, auth.LimiterConfig{Burst: 3, Forgive: time.Minute})
	from := func(client string, h http.Header) http.Header {
		h = h.Clone()
		if h == nil {
			h = http.Header{}
		}
		h.Set("X-Forwarded-For", client)
		return h
	}
	const attacker, victim, other = "203.0.113.66", "198.51.100.7", "192.0.2.44"
	// Junk on an anonymous operation is ignored, and not counted.
	for range 20 {
		if status, _, body := e.do("GET", "/open/"+uuid.NewString(), from(attacker, bearer(e.keys["unknown"])), ""); status != 200 {
			t.Fatalf("anonymous op with junk: %d %s", status, body)
		}
	}
	if status, _, body := e.do("GET", "/auth", from(attacker, bearer(e.keys["unknown"])), ""); status != 401 {
		t.Fatalf("junk on anonymous ops was counted: %d %s", status, body)
	}
	// Ten junk keys, and the attacker's address is limited ...
	for range 10 {
		junk, _, err := auth.NewAPIKey(nil)
		if err != nil {
			t.Fatal(err)
		}
		e.secrets = append(e.secrets, junk)
		e.do("GET", "/auth", from(attacker, bearer(junk)), "")
	}
	if status, _, body := e.do("GET", "/auth", from(attacker, bearer(e.keys["unknown"])), ""); status != 429 {
		t.Fatalf("attacker not limited: %d %s", status, body)
	}
	// ... but valid keys go through, from that address and from others.
	for _, c := range []struct {
		name, client, method, path string
		h                          http.Header
	}{
		{"valid key, limited address", attacker, "GET", "/payment/settings", bearer(e.keys["read"])},
		{"valid jwt, limited address", attacker, "GET", "/auth", bearer(e.jwt(time.Hour, testSecret))},
		{"v1 key, limited address", attacker, "POST", "/v1/checkout", bearer(e.keys["pay"])},
		{"valid key, another address", victim, "GET", "/payment/settings", bearer(e.keys["read"])},
	} {
		if status, _, body := e.do(c.method, c.path, from(c.client, c.h), ""); status != 200 {
			t.Errorf("%s: %d %s", c.name, status, body)
		}
	}
	// Guessing at one key's secret from many addresses limits that key id,
	// yet the key itself still works.
	read := e.keys["read"]
	for i := range 3 {
		forged := read[:20] + flip(read[20]) + read[21:]
		e.do("GET", "/payment/settings", from(fmt.Sprintf("192.0.2.%d", 100+i), bearer(forged)), "")
	}
	if status, _, body := e.do("GET", "/payment/settings", from(other, bearer(read[:20]+flip(read[20])+read[21:])), ""); status != 429 {
		t.Errorf("a guessed-at key id is not limited: %d %s", status, body)
	}
	if status, _, body := e.do("GET", "/payment/settings", from(other, bearer(read)), ""); status != 200 {
		t.Errorf("the key itself was locked out: %d %s", status, body)
	}
	if status, _, body := e.do("GET", "/auth", from(other, bearer(e.keys["unknown"])), ""); status != 401 {
		t.Errorf("another address is limited by others' failures: %d %s", status, body)
	}
	// The log names the client as the trusted proxy reported it.
	logs := e.logs.String()
	if !strings.Contains(logs, `"client":"`+attacker+`"`) || !strings.Contains(logs, `"msg":"request"`) ||
		strings.Contains(logs, `"client":"127.0.0.1"`) {
		t.Errorf("logs do not name the client behind the proxy:\n%s", logs)
	}
	checkLogs(t, e)
}

// TestCookieCrossSite is the attack of issue 12.2: a foreign page using a
// visitor's ss-tok cookie, to read through JSONP (<script src=...
// ?callback=steal>) and to write through a form POST, or a PUT named by
// X-Http-Method-Override. The cookie is never honoured on JSONP, and on a
// state-changing verb only when Origin, or lacking it Referer, is this
// server or an allowed origin. An Authorization header is unaffected.
func TestCookieCrossSite(t *testing.T) {
	e := newEnv(t, auth.LimiterConfig{})
	tok := e.jwt(time.Hour, testSecret, roleWrite, roleRead)
	cookie := auth.TokenCookie + "=" + tok
	send := "/payment/payson/v2/checkout/" + uuid.NewString() + "/sendpaymentrequest"
	own := e.url // the server as this request reaches it
	with := func(kv ...string) http.Header {
		h := http.Header{"Cookie": {cookie}}
		for i := 0; i+1 < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	const refused = "cookie is not honoured on a PUT from another site"
	for _, c := range []struct {
		name, method, path string
		h                  http.Header
		status             int
		want               string
	}{
		{"jsonp read", "GET", "/payment/settings?callback=steal", with(), 200, `steal({"ResponseStatus":{"ErrorCode":"Unauthorized","Message":"Not Authenticated"`},
		{"jsonp read, own origin too", "GET", "/payment/settings?callback=steal", with("Referer", own+"/widget/"), 200, `"Message":"Not Authenticated"`},
		{"jsonp on an anonymous op is anonymous", "GET", "/open/" + uuid.NewString() + "?callback=f", with(), 200, `"Snippet":"no company"`},
		{"jsonp with a header is unaffected", "GET", "/payment/settings?callback=f", bearer(e.keys["read"]), 200, `"Caller":"` + e.keyIDs["read"] + `"`},
		{"plain read with the cookie", "GET", "/payment/settings", with("Origin", "https://evil.example"), 200, `"Caller":"user-7"`},
		{"write from a foreign origin", "PUT", send, with("Origin", "https://evil.example"), 403, refused},
		{"write from a foreign referer", "PUT", send, with("Referer", "https://evil.example/page"), 403, refused},
		{"write vouched by nothing", "PUT", send, with(), 403, refused},
		{"write from an opaque origin", "PUT", send, with("Origin", "null", "Referer", own+"/"), 403, refused},
		{"origin wins over referer", "PUT", send, with("Origin", "https://evil.example", "Referer", own+"/"), 403, refused},
		{"a wildcard origin does not vouch", "PUT", send, with("Origin", "https://a.example.net"), 403, refused},
		{"form post overridden to PUT", "POST", send + "?X-Http-Method-Override=PUT", with("Origin", "https://evil.example",
			"Content-Type", "application/x-www-form-urlencoded"), 403, refused},
		{"write from the server's own page", "PUT", send, with("Origin", own), 200, `"Snippet":"company ` + testCompany.String()},
		{"write from the public URL", "PUT", send, with("Origin", "https://PAY.example.org"), 200, `"Snippet"`},
		{"write from an allowed origin", "PUT", send, with("Origin", allowedOrigin), 200, `"Snippet"`},
		{"write with own referer", "PUT", send, with("Referer", own+"/widget/?company=x"), 200, `"Snippet"`},
		{"write with a header from anywhere", "PUT", send, http.Header{"Authorization": {"Bearer " + tok}, "Origin": {"https://evil.example"}}, 200, `"Snippet"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, _, body := e.do(c.method, c.path, c.h, "")
			if status != c.status || !strings.Contains(body, c.want) {
				t.Errorf("%d %s\nwant %d with %s", status, body, c.status, c.want)
			}
			if strings.Contains(body, "callback") || (strings.Contains(c.path, "callback=") && strings.Contains(body, "user-7")) {
				t.Errorf("cookie honoured on JSONP: %s", body)
			}
		})
	}
	checkLogs(t, e)
}
