package billrun

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"strings"
	"testing"

	"paygate/auth"
)

const testKey = "a3f1c2e4b5d6978812ab34cd56ef7890"

// verifyCases are data strings as callers send them, chosen where PHP's
// decode-then-encode differs from the bytes sent.
var verifyCases = []string{
	// The documented request; URL fields get urlencoded before signing.
	`{"iframe":true,"aid":"123","name":"StripeCheckout","type":"account","_t_":"1700000000","ok_page":"https://tenant.example/ok?x=1&y=a b~","fail_page":"http://failpage","amount":10.5,"request_parameters":true,"_sig_":"ignored"}`,
	// Numbers: integers stay, everything else is a PHP double.
	`{"a":123,"b":10.50,"c":1.0,"d":1e25,"e":0.0001,"f":0.00001,"g":-0.0,"h":-0,"i":9223372036854775807,"j":9223372036854775808,"k":-9223372036854775808,"l":-9223372036854775809,"m":12345678901234567890123,"n":0.1,"o":1e16,"p":1e17,"q":123456789.123456789,"r":5e-324,"s":1.7976931348623157e308,"t":1E2,"u":1e-400,"v":0.30000000000000004,"w":-1.5e-7,"x":100e-2,"_t_":"1"}`,
	// Strings: \/ and \uXXXX, surrogate pairs, control characters; a
	// non-ASCII name urlencoded byte by byte.
	`{"name":"Åsa Öberg ☃ 😀 #eu","x":"\"\\/\b\f\n\r\t\u0001\u001f\u007f","y":"</script>&'<>","z":"\u2028\u2029\ufeff","_t_":1}`,
	// Arrays: 0..n-1 keys become lists, {} becomes [], repeated keys keep
	// their first place and last value.
	`{"l":{"0":"a","1":"b"},"m":{"1":"a","0":"b"},"n":{},"o":[],"p":{"0":"x","2":"y"},"q":[1,[2,{"3":4}]],"dup":1,"dup":2,"nested":{"a":1,"a":null},"r":{"0":1,"1":2,"0":3},"s":{"00":"a","0":"b"},"":"empty key","-1":"neg","_t_":"x"}`,
	// URL fields: null is not set (stays null), "" is set (urlencoded to "").
	`{"return_url":"https://a.example/r?x=1&y=ü#frag","name":"StripeCheckout#eu","ok_page":null,"fail_page":"","_t_":"9"}`,
	// Keys are escaped like values; a signature anywhere is left out.
	`{"k/ey":"v","ключ":"значение","_sig_":"a","_t_":"1","_sig_":"b"}`,
	// Without _sig_, "0" and "1" are the only keys: a list.
	`{"0":"a","_sig_":"s","1":"b"}`,
	// PHP's json_encode refuses an infinite double: no signature matches.
	`{"a":1e400,"_t_":"1"}`,
}

// TestSignedPayloadMatchesPHP checks signedPayload byte for byte against
// what PHP's json_decode, urlencode, json_encode and hash_hmac make of the
// same data.
func TestSignedPayloadMatchesPHP(t *testing.T) {
	var want []struct {
		Payload any    `json:"payload"` // false where json_encode failed
		Sig     string `json:"sig"`
	}
	runPHP(t, "verify", testKey, verifyCases, &want)
	if len(want) != len(verifyCases) {
		t.Fatalf("php answered %d vectors for %d cases", len(want), len(verifyCases))
	}
	for i, raw := range verifyCases {
		n, err := parseData(raw)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		got, err := signedPayload(newData(n))
		phpPayload, ok := want[i].Payload.(string)
		if !ok {
			if err == nil {
				t.Errorf("case %d: PHP cannot encode it, we signed %s", i, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("case %d: %v; PHP signs %s", i, err, phpPayload)
			continue
		}
		if string(got) != phpPayload {
			t.Errorf("case %d:\n got %s\nwant %s", i, got, phpPayload)
		}
		mac := hmac.New(sha512.New, []byte(testKey))
		mac.Write(got)
		if sig := hex.EncodeToString(mac.Sum(nil)); sig != want[i].Sig {
			t.Errorf("case %d: signature %s, PHP %s", i, sig, want[i].Sig)
		}
	}
}

// TestPHPClientSignatures feeds validSignature what a PHP client sends.
func TestPHPClientSignatures(t *testing.T) {
	arrays := []string{
		`{"iframe":true,"aid":7,"name":"StripeCheckout","type":"account","_t_":"1700000000","ok_page":"https://tenant.example/billing/ok?lang=sv&ref=a/b","fail_page":"https://tenant.example/billing/fail","amount":19.99,"request_parameters":true}`,
		`{"aid":"8","name":"StripeCheckout#nordic","type":"account","_t_":"1700000001","return_url":"https://tenant.example/return?a=1&b=Ärlig väg","first":"Zoë Ñúñez 日本"}`,
		`{"iframe":1,"aid":9.0,"name":"StripeCheckout","_t_":1700000002,"ok_page":"http://okpage","fail_page":"http://failpage?x=%20y","installments":{"number_of_payments":3,"total_amount":30.5}}`,
	}
	for i, s := range phpSign(t, testKey, arrays...) {
		n, err := parseData(s)
		if err != nil {
			t.Fatalf("case %d: %s: %v", i, s, err)
		}
		if !validSignature(newData(n), testKey) {
			t.Errorf("case %d: PHP's signature refused: %s", i, s)
		}
		if validSignature(newData(n), testKey+"x") {
			t.Errorf("case %d: accepted under another key", i)
		}
		tampered, err := parseData(strings.Replace(s, `"_t_":`, `"extra":1,"_t_":`, 1))
		if err != nil {
			t.Fatal(err)
		}
		if validSignature(newData(tampered), testKey) {
			t.Errorf("case %d: accepted with a member added", i)
		}
	}
}

func TestSignatureNeedsSecretSigAndTimestamp(t *testing.T) {
	signed := phpSign(t, testKey, `{"aid":1,"name":"StripeCheckout","_t_":"1"}`, `{"aid":1,"name":"StripeCheckout"}`)
	n, _ := parseData(signed[0])
	if validSignature(newData(n), "") {
		t.Error("an empty secret admitted a signature")
	}
	n, _ = parseData(signed[1])
	if validSignature(newData(n), testKey) {
		t.Error("admitted without _t_")
	}
	n, _ = parseData(`{"aid":1,"_t_":"1","_sig_":123}`)
	if validSignature(newData(n), testKey) {
		t.Error("admitted a numeric _sig_")
	}
}

func TestBearerAllowed(t *testing.T) {
	for _, c := range []struct {
		p    *auth.Principal
		want bool
	}{
		{nil, false},
		{&auth.Principal{Scopes: []string{"global"}}, true},
		{&auth.Principal{Roles: []string{"billrun"}}, true},
		{&auth.Principal{Roles: []string{auth.RoleSuperAdmin}}, true},
		{&auth.Principal{Roles: []string{"admin"}, Scopes: []string{"read"}}, false},
	} {
		if got := bearerAllowed(c.p); got != c.want {
			t.Errorf("%+v: %v, want %v", c.p, got, c.want)
		}
	}
}
