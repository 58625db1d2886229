package auth

import (
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"paygate/apierr"
)

// JWTConfig says which bearer tokens to trust.
type JWTConfig struct {
	// Secret verifies HS256 tokens; at least 32 bytes (RFC 7518 §3.2).
	Secret []byte
	// PublicKeyPEM verifies RS256 tokens (PKIX, PKCS #1 or a certificate).
	PublicKeyPEM []byte
	Issuer       string // required iss when set
	Audience     string // required aud when set
	// Leeway absorbs clock skew on exp and nbf; DefaultLeeway when zero.
	Leeway time.Duration
	Now    func() time.Time // time.Now when nil; tests move the clock
}

// DefaultLeeway is the clock skew tolerated on exp and nbf.
const DefaultLeeway = 30 * time.Second

// JWTVerifier checks bearer tokens and turns their claims into a Principal.
type JWTVerifier struct {
	hmacKey []byte
	rsaKey  *rsa.PublicKey
	methods []string
	parser  *jwt.Parser
}

// NewJWTVerifier returns a verifier for cfg, or nil when cfg configures no
// key (JWT authentication off). Algorithms are pinned to the configured
// keys: HS256 for the secret, RS256 for the public key, and a token naming
// any other alg is refused before its signature is looked at.
func NewJWTVerifier(cfg JWTConfig) (*JWTVerifier, error) {
	v := &JWTVerifier{}
	var methods []string
	if len(cfg.Secret) > 0 {
		if len(cfg.Secret) < 32 {
			return nil, errors.New("auth: the JWT secret must be at least 32 bytes")
		}
		v.hmacKey = cfg.Secret
		methods = append(methods, jwt.SigningMethodHS256.Alg())
	}
	if len(cfg.PublicKeyPEM) > 0 {
		k, err := jwt.ParseRSAPublicKeyFromPEM(cfg.PublicKeyPEM)
		if err != nil {
			return nil, fmt.Errorf("auth: JWT public key: %w", err)
		}
		v.rsaKey = k
		methods = append(methods, jwt.SigningMethodRS256.Alg())
	}
	if len(methods) == 0 {
		return nil, nil
	}
	v.methods = methods
	leeway := cfg.Leeway
	if leeway == 0 {
		leeway = DefaultLeeway
	}
	opts := []jwt.ParserOption{
		jwt.WithValidMethods(methods),
		jwt.WithLeeway(leeway),
		// A token without exp would never expire; none of the issuers
		// paygate trusts omit it.
		jwt.WithExpirationRequired(),
	}
	if cfg.Now != nil {
		opts = append(opts, jwt.WithTimeFunc(cfg.Now))
	}
	if cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(cfg.Issuer))
	}
	if cfg.Audience != "" {
		opts = append(opts, jwt.WithAudience(cfg.Audience))
	}
	v.parser = jwt.NewParser(opts...)
	return v, nil
}

// claims are the members paygate reads. Besides the registered ones:
// roles (ServiceStack writes "roles"; "Roles" is accepted too), the
// company as company_id or cid, and the /v1 scopes as an OAuth "scope"
// string or a "scopes" array.
type claims struct {
	jwt.RegisteredClaims
	Roles             claimList `json:"roles"`
	RolesPascal       claimList `json:"Roles"`
	CompanyID         string    `json:"company_id"`
	CID               string    `json:"cid"`
	Scope             claimList `json:"scope"`
	Scopes            claimList `json:"scopes"`
	Name              string    `json:"name"`
	PreferredUsername string    `json:"preferred_username"`
}

// claimList is a list claim sent either as a JSON array or as one string
// of space-separated names.
type claimList []string

func (l *claimList) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*l = strings.Fields(s)
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return errors.New("expected a string or an array of strings")
	}
	*l = list
	return nil
}

// Verify checks token and returns its caller. A refusal is an
// *apierr.Error: a 401 TokenException whose cause says why, for the log.
func (v *JWTVerifier) Verify(token string) (*Principal, error) {
	var c claims
	tok, err := v.parser.ParseWithClaims(token, &c, v.key)
	if err != nil {
		return nil, v.classify(tok, err, &c)
	}
	p := &Principal{
		UserID: c.Subject,
		Name:   c.PreferredUsername,
		Roles:  merge(c.Roles, c.RolesPascal),
		Scopes: merge(c.Scope, c.Scopes),
		Method: MethodJWT,
	}
	if p.Name == "" {
		p.Name = c.Name
	}
	company := c.CompanyID
	if company == "" {
		company = c.CID
	}
	if company != "" {
		id, err := uuid.Parse(company)
		if err != nil {
			return nil, refused(tokenError(MsgTokenInvalid), "company claim is not a Guid")
		}
		p.CompanyID = id
	}
	return p, nil
}

// key picks the verification key by the token's alg. The parser has
// already refused algs that are not configured, so an RS256 key can never
// be used as an HMAC secret.
func (v *JWTVerifier) key(t *jwt.Token) (any, error) {
	switch t.Method.(type) {
	case *jwt.SigningMethodHMAC:
		if v.hmacKey != nil {
			return v.hmacKey, nil
		}
	case *jwt.SigningMethodRSA:
		if v.rsaKey != nil {
			return v.rsaKey, nil
		}
	}
	return nil, fmt.Errorf("no key for alg %s", t.Method.Alg())
}

// classify maps a parser error to ServiceStack's TokenException messages.
// Expiry is reported before audience and issuer, as a token that is both
// expired and misaddressed is most usefully told it expired.
func (v *JWTVerifier) classify(tok *jwt.Token, err error, c *claims) *apierr.Error {
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		return refused(tokenError(MsgTokenInvalid), "malformed token")
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		if tok != nil && tok.Method != nil && !slices.Contains(v.methods, tok.Method.Alg()) {
			return refused(tokenError(MsgTokenInvalid), "algorithm not allowed")
		}
		return refused(tokenError(MsgTokenInvalid), "bad signature")
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		return refused(tokenError(MsgTokenInvalid), "algorithm not allowed")
	case errors.Is(err, jwt.ErrTokenExpired):
		return refused(tokenError(MsgTokenExpired), "token expired")
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return refused(tokenError(MsgTokenNotYet), "token not valid yet")
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return refused(tokenError("Invalid Audience: "+strings.Join(c.Audience, ",")), "wrong audience")
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return refused(tokenError("Invalid Issuer: "+c.Issuer), "wrong issuer")
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return refused(tokenError(MsgTokenInvalid), "required claim missing")
	}
	return refused(tokenError(MsgTokenInvalid), "invalid token")
}

// LooksLikeJWT tells a compact JWS (three dot-separated parts) from an
// API key, whose alphabet has no dots.
func LooksLikeJWT(s string) bool {
	return strings.Count(s, ".") == 2 && !strings.HasPrefix(s, KeyPrefix)
}

func merge(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
