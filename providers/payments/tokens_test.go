package payments_test

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"paygate/auth"
	"paygate/providers/payments"
)

var (
	companyA = uuid.MustParse("6f9619ff-8b86-d011-b42d-00c04fc964ff")
	companyB = uuid.MustParse("0b7e7dee-87da-4a2f-8c2e-0d4a3c3f1a11")
)

// tokens are the callers the tests act as, each presented as a JWT.
var tokens = map[string]*auth.Principal{
	"writer":   {UserID: "u1", CompanyID: companyA, Scopes: []string{payments.ScopeWrite, payments.ScopeRead}},
	"writer2":  {UserID: "u2", CompanyID: companyA, Scopes: []string{payments.ScopeWrite, payments.ScopeRead}},
	"reader":   {UserID: "u3", CompanyID: companyA, Scopes: []string{payments.ScopeRead}},
	"noscope":  {UserID: "u4", CompanyID: companyA},
	"other":    {UserID: "u5", CompanyID: companyB, Scopes: []string{payments.ScopeWrite, payments.ScopeRead}},
	"personal": {UserID: "u6", Scopes: []string{payments.ScopeWrite, payments.ScopeRead}},
}

// jwtSecret signs the tests' bearer tokens (HS256).
var jwtSecret = []byte("payments-tests-hs256-secret-of-32-bytes+")

// bearer mints the JWT the auth layer turns into tokens[name]; an unknown
// name gives a token that does not verify.
func bearer(t *testing.T, name string) string {
	t.Helper()
	p, ok := tokens[name]
	if !ok {
		return "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged"
	}
	claims := jwt.MapClaims{"sub": p.UserID, "scope": strings.Join(p.Scopes, " "), "exp": time.Now().Add(time.Hour).Unix()}
	if p.CompanyID != uuid.Nil {
		claims["company_id"] = p.CompanyID.String()
	}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(jwtSecret)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}
