package auth_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"paygate/auth"
)

var (
	testSecret  = []byte("0123456789abcdef0123456789abcdef")
	testNow     = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	testCompany = uuid.MustParse("6f9619ff-8b86-d011-b42d-00c04fc964ff")
)

func clock() time.Time { return testNow }

// hs256 signs claims with key.
func hs256(t testing.TB, key []byte, c jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// validClaims are claims that pass with the default test verifier.
func validClaims() jwt.MapClaims {
	return jwt.MapClaims{
		"sub":                "42",
		"preferred_username": "ada",
		"exp":                testNow.Add(time.Hour).Unix(),
		"iat":                testNow.Unix(),
		"roles":              []string{"bookingsupplier-administrator-write"},
		"company_id":         testCompany.String(),
	}
}

func newVerifier(t *testing.T, cfg auth.JWTConfig) *auth.JWTVerifier {
	t.Helper()
	if cfg.Now == nil {
		cfg.Now = clock
	}
	v, err := auth.NewJWTVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func rsaKeyPair(t testing.TB) (*rsa.PrivateKey, []byte) {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return k, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

func TestJWTClaims(t *testing.T) {
	v := newVerifier(t, auth.JWTConfig{Secret: testSecret})
	p, err := auth.VerifyJWT(v, hs256(t, testSecret, validClaims()))
	if err != nil {
		t.Fatal(err)
	}
	if p.UserID != "42" || p.Name != "ada" || p.CompanyID != testCompany || p.Method != auth.MethodJWT ||
		!slices.Equal(p.Roles, []string{"bookingsupplier-administrator-write"}) {
		t.Errorf("principal = %+v", p)
	}

	c := validClaims()
	delete(c, "roles")
	delete(c, "company_id")
	c["Roles"] = []string{"superadmin"}
	c["cid"] = testCompany.String()
	c["scope"] = "checkout:write payments:read"
	c["scopes"] = []string{"payments:read", "refunds"}
	c["name"] = "Ada L"
	delete(c, "preferred_username")
	p, err = auth.VerifyJWT(v, hs256(t, testSecret, c))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Roles, []string{"superadmin"}) || p.CompanyID != testCompany || p.Name != "Ada L" ||
		!slices.Equal(p.Scopes, []string{"checkout:write", "payments:read", "refunds"}) {
		t.Errorf("alternative claim names: principal = %+v", p)
	}

	// ServiceStack writes exp as a string of seconds.
	c = validClaims()
	c["exp"] = "1717246800"
	if _, err := auth.VerifyJWT(v, hs256(t, testSecret, c)); err != nil {
		t.Errorf("exp as a string: %v", err)
	}
}

func TestJWTRefusals(t *testing.T) {
	rsaKey, rsaPub := rsaKeyPair(t)
	hs := newVerifier(t, auth.JWTConfig{Secret: testSecret})
	rs := newVerifier(t, auth.JWTConfig{PublicKeyPEM: rsaPub})
	strict := newVerifier(t, auth.JWTConfig{Secret: testSecret, Issuer: "https://id.example", Audience: "paygate"})

	with := func(edit func(jwt.MapClaims)) jwt.MapClaims {
		c := validClaims()
		edit(c)
		return c
	}
	rs256 := func(c jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(jwt.SigningMethodRS256, c).SignedString(rsaKey)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	hs512 := func(c jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(jwt.SigningMethodHS512, c).SignedString(testSecret)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	none := func(c jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(jwt.SigningMethodNone, c).SignedString(jwt.UnsafeAllowNoneSignatureType)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// HS256 signed with the RSA public key's PEM as the secret: the
	// classic alg-confusion attack on verifiers that let the token choose.
	confused := func(c jwt.MapClaims) string { return hs256(t, rsaPub, c) }

	for _, tc := range []struct {
		name  string
		v     *auth.JWTVerifier
		token string
		msg   string // "" means accepted
	}{
		{"hs256 ok", hs, hs256(t, testSecret, validClaims()), ""},
		{"rs256 ok", rs, rs256(validClaims()), ""},
		{"expired", hs, hs256(t, testSecret, with(func(c jwt.MapClaims) { c["exp"] = testNow.Add(-time.Hour).Unix() })), "Token has expired"},
		{"expired within leeway", hs, hs256(t, testSecret, with(func(c jwt.MapClaims) { c["exp"] = testNow.Add(-10 * time.Second).Unix() })), ""},
		{"no exp", hs, hs256(t, testSecret, with(func(c jwt.MapClaims) { delete(c, "exp") })), "Token is invalid"},
		{"not yet", hs, hs256(t, testSecret, with(func(c jwt.MapClaims) { c["nbf"] = testNow.Add(time.Hour).Unix() })), "Token not valid yet"},
		{"nbf within leeway", hs, hs256(t, testSecret, with(func(c jwt.MapClaims) { c["nbf"] = testNow.Add(10 * time.Second).Unix() })), ""},
		{"bad signature", hs, hs256(t, []byte("another secret of at least 32 bytes!"), validClaims()), "Token is invalid"},
		{"tampered payload", hs, tamper(hs256(t, testSecret, validClaims())), "Token is invalid"},
		{"expired and bad signature", hs, hs256(t, []byte("another secret of at least 32 bytes!"), with(func(c jwt.MapClaims) { c["exp"] = testNow.Add(-time.Hour).Unix() })), "Token is invalid"},
		{"wrong alg HS512", hs, hs512(validClaims()), "Token is invalid"},
		{"alg none", hs, none(validClaims()), "Token is invalid"},
		{"rs256 to hs verifier", hs, rs256(validClaims()), "Token is invalid"},
		{"alg confusion", rs, confused(validClaims()), "Token is invalid"},
		{"malformed", hs, "abc.def.ghi", "Token is invalid"},
		{"bad company claim", hs, hs256(t, testSecret, with(func(c jwt.MapClaims) { c["company_id"] = "acme" })), "Token is invalid"},
		{"roles not strings", hs, hs256(t, testSecret, with(func(c jwt.MapClaims) { c["roles"] = []int{1} })), "Token is invalid"},
		{"iss and aud ok", strict, hs256(t, testSecret, with(func(c jwt.MapClaims) { c["iss"] = "https://id.example"; c["aud"] = "paygate" })), ""},
		{"aud in list", strict, hs256(t, testSecret, with(func(c jwt.MapClaims) { c["iss"] = "https://id.example"; c["aud"] = []string{"x", "paygate"} })), ""},
		{"wrong aud", strict, hs256(t, testSecret, with(func(c jwt.MapClaims) { c["iss"] = "https://id.example"; c["aud"] = "shop" })), "Invalid Audience: shop"},
		{"missing aud", strict, hs256(t, testSecret, with(func(c jwt.MapClaims) { c["iss"] = "https://id.example" })), "Token is invalid"},
		{"wrong iss", strict, hs256(t, testSecret, with(func(c jwt.MapClaims) { c["iss"] = "https://evil.example"; c["aud"] = "paygate" })), "Invalid Issuer: https://evil.example"},
		{"iss and aud not checked when not configured", hs, hs256(t, testSecret, with(func(c jwt.MapClaims) { c["iss"] = "anyone"; c["aud"] = "anything" })), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := auth.VerifyJWT(tc.v, tc.token)
			if tc.msg == "" {
				if err != nil || p == nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("accepted: %+v", p)
			}
			if err.Status != http.StatusUnauthorized || err.Code != "TokenException" || err.Message != tc.msg {
				t.Errorf("error = %d %s %q, want 401 TokenException %q", err.Status, err.Code, err.Message, tc.msg)
			}
		})
	}
}

// tamper flips the payload's last character; the signature no longer fits.
func tamper(tok string) string {
	parts := strings.Split(tok, ".")
	p := []byte(parts[1])
	if p[len(p)-2] == 'A' {
		p[len(p)-2] = 'B'
	} else {
		p[len(p)-2] = 'A'
	}
	parts[1] = string(p)
	return strings.Join(parts, ".")
}

func TestJWTConfig(t *testing.T) {
	if v, err := auth.NewJWTVerifier(auth.JWTConfig{}); v != nil || err != nil {
		t.Errorf("no key: %v, %v; want off", v, err)
	}
	if _, err := auth.NewJWTVerifier(auth.JWTConfig{Secret: []byte("short")}); err == nil {
		t.Error("a 5-byte secret was accepted")
	}
	if _, err := auth.NewJWTVerifier(auth.JWTConfig{PublicKeyPEM: []byte("not a pem")}); err == nil {
		t.Error("a broken public key was accepted")
	}
	// Both configured: each alg uses its own key.
	rsaKey, rsaPub := rsaKeyPair(t)
	both := newVerifier(t, auth.JWTConfig{Secret: testSecret, PublicKeyPEM: rsaPub})
	rs, err := jwt.NewWithClaims(jwt.SigningMethodRS256, validClaims()).SignedString(rsaKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{rs, hs256(t, testSecret, validClaims())} {
		if _, err := auth.VerifyJWT(both, tok); err != nil {
			t.Errorf("both keys configured: %v", err)
		}
	}
}
