package auth_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/auth"
	"paygate/auth/authsvc"
	"paygate/dto"
	"paygate/formats"
	"paygate/internal/logtest"
	"paygate/internal/servertest"
	"paygate/providers/bokamera"
	"paygate/server"
	"paygate/store"
	"paygate/store/storetest"
)

// Roles as BokaMera names them.
const (
	roleWrite    = "bookingsupplier-administrator-write"
	roleRead     = "bookingsupplier-administrator-read"
	roleCustomer = "customer"
	scopePay     = "payments:write"
)

var otherCompany = uuid.MustParse("11111111-2222-3333-4444-555555555555")

// allowedOrigin is a site allowed to call the server (a CORS origin).
const allowedOrigin = "https://shop.example.com"

// Test operations in the shapes the surfaces use: an ICompany BokaMera
// request with role requirements, a settings query open to readers, the
// Authenticate operation, and a scoped /v1 operation with its own dialect.

type GetSettings struct{}

type GetSettingsResponse struct {
	Caller         string
	ResponseStatus *dto.ResponseStatus
}

// OpenCheckout is an anonymous ICompany operation, as checkout creation is.
type OpenCheckout struct {
	dto.PaysonCheckoutv2GetCheckout
}

type CreatePayment struct {
	Amount int `json:"amount"`
}

type PaymentResponse struct {
	ID string `json:"id"`
}

// plainError is the /v1 surface's error body.
type plainError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

type plainDialect struct{}

func (plainDialect) Render(e *apierr.Error, _ *server.Operation, _ bool) (int, any) {
	code := map[int]string{401: "unauthorized", 403: "forbidden", 429: "rate_limited"}[e.Status]
	if code == "" {
		code = "error"
	}
	return e.Status, &plainError{Error: code, Message: e.Message}
}

func testRegistry() *server.Registry {
	reg := server.NewRegistry()
	authsvc.Register(reg)
	server.Register(reg, server.Op[dto.SendCheckoutPaymentRequest, dto.PaysonCheckoutV2Response]{
		Routes: []server.Route{{Path: "/payment/payson/v2/checkout/{Id}/sendpaymentrequest", Verbs: "PUT"}},
		Auth:   server.Requirement{Authenticated: true, AnyRole: []string{roleWrite, auth.RoleSuperAdmin}},
		Handler: func(ctx context.Context, req *dto.SendCheckoutPaymentRequest) (*dto.PaysonCheckoutV2Response, error) {
			return &dto.PaysonCheckoutV2Response{Id: req.Id, Snippet: companyText(req.CompanyId)}, nil
		},
	})
	server.Register(reg, server.Op[GetSettings, GetSettingsResponse]{
		Routes: []server.Route{{Path: "/payment/settings", Verbs: "GET"}},
		Auth:   server.Requirement{Authenticated: true, AnyRole: []string{roleWrite, roleRead, auth.RoleSuperAdmin}},
		Handler: func(ctx context.Context, _ *GetSettings) (*GetSettingsResponse, error) {
			return &GetSettingsResponse{Caller: auth.FromContext(ctx).UserID}, nil
		},
	})
	server.Register(reg, server.Op[OpenCheckout, dto.PaysonCheckoutV2Response]{
		Routes: []server.Route{{Path: "/open/{Id}", Verbs: "GET"}},
		Handler: func(ctx context.Context, req *OpenCheckout) (*dto.PaysonCheckoutV2Response, error) {
			return &dto.PaysonCheckoutV2Response{Id: req.Id, Snippet: companyText(req.CompanyId)}, nil
		},
	})
	server.Register(reg, server.Op[CreatePayment, PaymentResponse]{
		Routes:  []server.Route{{Path: "/v1/checkout", Verbs: "POST"}},
		Auth:    server.Requirement{Authenticated: true, Scopes: []string{scopePay}},
		Dialect: plainDialect{},
		Handler: func(ctx context.Context, _ *CreatePayment) (*PaymentResponse, error) {
			return &PaymentResponse{ID: "pay_1"}, nil
		},
	})
	return reg
}

func companyText(id *uuid.UUID) string {
	if id == nil {
		return "no company"
	}
	return "company " + id.String()
}

// env is a running server with a real database, keys and token makers.
type env struct {
	t      *testing.T
	url    string
	db     *store.DB
	codecs *formats.Codecs
	logs   *logtest.Buffer

	keys    map[string]string // name → API key
	keyIDs  map[string]string // name → key id
	secrets []string          // every credential handed out, for the log check
}

// newEnv starts a server; limiter tunes failure limiting (a generous one
// when zero, so that the matrix never trips it).
func newEnv(t *testing.T, limiter auth.LimiterConfig) *env {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	storetest.AddCompany(t, db, store.Company{ID: testCompany, Name: "Acme", Currency: "SEK"}, store.Company{ID: otherCompany, Name: "Other", Currency: "SEK"})
	e := &env{t: t, db: db, logs: &logtest.Buffer{}, keys: map[string]string{}, keyIDs: map[string]string{},
		codecs: servertest.Codecs()}
	e.secrets = append(e.secrets, string(testSecret))
	for name, spec := range map[string]auth.KeySpec{
		"write":    {Company: testCompany, Roles: []string{roleWrite}, Name: "admin"},
		"read":     {Company: testCompany, Roles: []string{roleRead}, Name: "reader"},
		"customer": {Company: testCompany, Roles: []string{roleCustomer}, Name: "customer"},
		"pay":      {Company: testCompany, Scopes: []string{scopePay}, Name: "shop"},
		"revoked":  {Company: testCompany, Roles: []string{roleWrite, roleRead}, Scopes: []string{scopePay}, Name: "old"},
		"super":    {Roles: []string{auth.RoleSuperAdmin}, Name: "ops"},
	} {
		key, rec, err := auth.IssueAPIKey(ctx, db, spec, time.Now(), nil)
		if err != nil {
			t.Fatal(err)
		}
		e.keys[name], e.keyIDs[name] = key, rec.ID
		e.secrets = append(e.secrets, key)
	}
	if _, err := db.RevokeAPIKey(ctx, e.keyIDs["revoked"], time.Now()); err != nil {
		t.Fatal(err)
	}
	unknown, _, err := auth.NewAPIKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	e.keys["unknown"] = unknown
	e.secrets = append(e.secrets, unknown)

	log := slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	jv, err := auth.NewJWTVerifier(auth.JWTConfig{Secret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	if limiter.Burst == 0 {
		limiter.Burst = 1 << 20
	}
	authn := auth.NewAuthenticator(auth.Config{Keys: db, JWT: jv, Limiter: auth.NewLimiter(limiter), Logger: log,
		Origins: []string{"https://pay.example.org", allowedOrigin, "https://*.example.net"}})
	// The test client is a trusted proxy, so that tests can name clients.
	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	e.url = servertest.Start(t, server.Config{Logger: log, Authenticator: authn, Authorize: bokamera.Authorize,
		TrustedProxies: loopback}, testRegistry())
	return e
}

// jwt makes an HS256 token; exp relative to now, key the signing secret.
func (e *env) jwt(exp time.Duration, key []byte, roles ...string) string {
	c := jwt.MapClaims{"sub": "user-7", "exp": time.Now().Add(exp).Unix(), "roles": roles,
		"company_id": testCompany.String(), "scope": scopePay, "preferred_username": "ada"}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(key)
	if err != nil {
		e.t.Fatal(err)
	}
	e.secrets = append(e.secrets, s)
	return s
}

func bearer(s string) http.Header { return http.Header{"Authorization": {"Bearer " + s}} }

func basic(user, pass string) http.Header {
	return http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))}}
}

// do sends one request and returns the status, headers and body.
func (e *env) do(method, path string, h http.Header, body string) (int, http.Header, string) {
	e.t.Helper()
	var pairs []string
	for k, vs := range h {
		for _, v := range vs {
			pairs = append(pairs, k, v)
		}
	}
	r := servertest.Do(e.t, method, e.url+path, []byte(body), pairs...)
	return r.Status, r.Header, r.String()
}

// encode renders want as the server would in f.
func (e *env) encode(f formats.Format, want any) string {
	e.t.Helper()
	var buf bytes.Buffer
	if err := e.codecs.Marshal(&buf, f, want, formats.Options{}); err != nil {
		e.t.Fatal(err)
	}
	return buf.String()
}

// xmlWriter reports whether XML responses can be written in this build;
// the XML writer lives in package formats and may not be registered yet.
func xmlWriter() error {
	return servertest.Codecs().Marshal(new(bytes.Buffer), formats.XML, &dto.ErrorResponse{}, formats.Options{})
}

func ssError(code, msg string) *dto.ErrorResponse {
	return &dto.ErrorResponse{ResponseStatus: &dto.ResponseStatus{ErrorCode: code, Message: msg, Errors: []dto.ResponseError{}}}
}

// ssJSON is the literal JSON of a ServiceStack error, written out by hand
// so the wire shape is checked independently of the codec.
func ssJSON(code, msg string) string {
	return fmt.Sprintf(`{"ResponseStatus":{"ErrorCode":%q,"Message":%q,"Errors":[]}}`, code, msg)
}
