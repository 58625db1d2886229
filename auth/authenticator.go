package auth

import (
	"context"
	"encoding/base64"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"paygate/apierr"
	"paygate/store"
)

// How a Principal authenticated (Principal.Method).
const (
	MethodAPIKey = "apikey"
	MethodJWT    = "jwt"
)

// TokenCookie is ServiceStack's JWT cookie.
const TokenCookie = "ss-tok"

// Config assembles an authenticator.
type Config struct {
	Keys    KeyStore     // nil: API keys are refused
	JWT     *JWTVerifier // nil: JWTs are refused
	Limiter *Limiter     // nil: a limiter with the defaults
	Logger  *slog.Logger // nil: slog.Default()
	// Origins are the pages (scheme://host[:port]) besides the server's
	// own that may change state with the ss-tok cookie: its public URL and
	// the allowed CORS origins. Patterns with * are not honoured for it.
	Origins []string
}

// RequestAuthenticator authenticates requests the ways ServiceStack's API
// key and JWT providers do:
//
//	Authorization: Bearer <jwt>         a JWT (three dot-separated parts)
//	Authorization: Bearer ak_...        an API key
//	Authorization: Basic base64(key:)   an API key as the user name
//	Cookie: ss-tok=<jwt>                a JWT, when no Authorization header came
//
// A browser sends the cookie with whatever request any page makes, so the
// cookie is honoured only where a foreign page cannot use it: never on
// JSONP (a <script> any page may load; the request is then anonymous), and
// on a state-changing verb only when Origin, or lacking it Referer, names
// this server or an allowed origin.
//
// A request with an Authorization header that cannot be read, an unknown or
// revoked key, or a token that does not verify, fails with a 401. Clients
// that fail too often get a 429 without their credentials being looked at.
// Failures are logged with the client address and the reason; never with
// the credential (an API key's id, the non-secret part, at most).
type RequestAuthenticator struct {
	keys    KeyStore
	jwt     *JWTVerifier
	limiter *Limiter
	log     *slog.Logger
	origins map[string]bool
}

// NewAuthenticator returns an authenticator for cfg.
func NewAuthenticator(cfg Config) *RequestAuthenticator {
	a := &RequestAuthenticator{keys: cfg.Keys, jwt: cfg.JWT, limiter: cfg.Limiter, log: cfg.Logger, origins: map[string]bool{}}
	for _, o := range cfg.Origins {
		if o = originOf(o); o != "" && !strings.Contains(o, "*") {
			a.origins[o] = true
		}
	}
	if a.limiter == nil {
		a.limiter = NewLimiter(LimiterConfig{})
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	return a
}

// credential is what a request presented.
type credential struct {
	via    string // "bearer", "basic" or "cookie"
	secret string
	bad    bool // an Authorization header that could not be read
}

func (c credential) kind() string {
	if c.via == "cookie" || (c.via == "bearer" && LooksLikeJWT(c.secret)) {
		return MethodJWT
	}
	return MethodAPIKey
}

// Authenticate implements Authenticator.
//
// The credential is always checked: one that verifies is never refused,
// however many failures its client or its key id had, so junk from a
// shared address (everyone behind one proxy) cannot lock a valid caller
// out. What fails is limited, per client address and per presented API
// key id; once either has failed too often its failures are answered 429
// instead of 401.
func (a *RequestAuthenticator) Authenticate(r *http.Request, f Facts) (*Principal, error) {
	cred, ok := credentialOf(r)
	if !ok {
		return nil, nil
	}
	ctx := r.Context()
	client := f.Client
	if client == "" {
		client = peerHost(r)
	}
	if cred.via == "cookie" {
		if f.JSONP {
			return nil, nil
		}
		if changesState(r.Method) && !a.sameSite(r) {
			// Not a guess at a credential: logged, not counted.
			return nil, a.logFailure(ctx, client, cred, "", crossSiteCookie(r.Method),
				slog.String("verb", r.Method), slog.String("origin", requestOrigin(r)))
		}
	}
	p, keyID, e := a.verify(ctx, cred)
	switch {
	case e == nil:
		return p, nil
	case e.Status >= http.StatusInternalServerError:
		return nil, e // the store failing is not the caller's fault
	case !f.Required:
		// The operation ignores the credential, so its failure is no
		// guess that gained anything: not counted.
		a.log.LogAttrs(ctx, slog.LevelDebug, "credential ignored", slog.String("client", client),
			slog.String("credential", cred.kind()), slog.String("reason", reasonOf(e)))
		return nil, e
	}
	return nil, a.fail(ctx, client, cred, keyID, e)
}

// verify checks cred. It returns the caller, or the refusal with the
// presented key id (the non-secret part of a well-formed API key).
func (a *RequestAuthenticator) verify(ctx context.Context, cred credential) (*Principal, string, *apierr.Error) {
	switch {
	case cred.bad:
		return nil, "", refused(unauthorized(MsgBadHeader), "unreadable Authorization header")
	case cred.kind() == MethodJWT:
		p, e := a.verifyJWT(ctx, cred)
		return p, "", e
	}
	return a.verifyKey(ctx, cred)
}

func (a *RequestAuthenticator) verifyJWT(ctx context.Context, cred credential) (*Principal, *apierr.Error) {
	if a.jwt == nil {
		return nil, refused(tokenError(MsgTokenInvalid), "JWT authentication is not configured")
	}
	p, err := a.jwt.Verify(cred.secret)
	if err != nil {
		return nil, apierr.From(err)
	}
	a.log.LogAttrs(ctx, slog.LevelDebug, "authenticated", slog.String("method", MethodJWT), slog.String("user", p.UserID))
	return p, nil
}

func (a *RequestAuthenticator) verifyKey(ctx context.Context, cred credential) (*Principal, string, *apierr.Error) {
	id, shaped := APIKeyID(cred.secret)
	if !shaped || a.keys == nil {
		return nil, "", refused(unauthorized(MsgKeyUnknown), "not a paygate API key")
	}
	rec, err := a.keys.APIKey(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		keyMatches(cred.secret, dummyHash) // same work as for a known id
		return nil, id, refused(unauthorized(MsgKeyUnknown), "unknown API key")
	case err != nil:
		return nil, id, &apierr.Error{Status: http.StatusInternalServerError, Code: "Exception",
			Message: "An internal error occurred.", Err: err}
	case !keyMatches(cred.secret, rec.Hash):
		return nil, id, refused(unauthorized(MsgKeyUnknown), "unknown API key")
	case rec.RevokedAt != nil:
		return nil, id, refused(unauthorized(MsgKeyCancelled), "revoked API key")
	}
	a.log.LogAttrs(ctx, slog.LevelDebug, "authenticated", slog.String("method", MethodAPIKey), slog.String("key_id", id))
	return &Principal{
		UserID:    rec.ID,
		Name:      rec.Name,
		CompanyID: rec.CompanyID,
		Roles:     rec.Roles,
		Scopes:    rec.Scopes,
		Method:    MethodAPIKey,
	}, id, nil
}

// fail counts and logs a failed authentication, against the client and
// the presented key id, and returns e, whose cause is a refusal naming the
// reason; or a 429 when either had already failed too often.
func (a *RequestAuthenticator) fail(ctx context.Context, client string, cred credential, keyID string, e *apierr.Error) error {
	buckets := []string{"client " + clientKey(client)}
	if keyID != "" {
		buckets = append(buckets, "key "+keyID)
	}
	limited := a.limiter.Wait(buckets...) > 0
	exhausted := a.limiter.Fail(buckets...)
	a.logFailure(ctx, client, cred, keyID, e)
	if exhausted {
		attrs := []slog.Attr{slog.String("client", client)}
		if keyID != "" {
			attrs = append(attrs, slog.String("key_id", keyID))
		}
		a.log.LogAttrs(ctx, slog.LevelWarn, "authentication limited: too many failures", attrs...)
	}
	if limited {
		return tooManyFailures(a.limiter.Wait(buckets...))
	}
	return e
}

func reasonOf(e *apierr.Error) string {
	var why refusal
	if errors.As(e.Err, &why) {
		return string(why)
	}
	return "refused"
}

// logFailure logs a refused credential with the reason and returns e.
func (a *RequestAuthenticator) logFailure(ctx context.Context, client string, cred credential, keyID string, e *apierr.Error, more ...slog.Attr) error {
	attrs := []slog.Attr{
		slog.String("client", client),
		slog.String("via", cred.via),
		slog.String("credential", cred.kind()),
		slog.String("reason", reasonOf(e)),
	}
	if keyID != "" {
		attrs = append(attrs, slog.String("key_id", keyID))
	}
	a.log.LogAttrs(ctx, slog.LevelWarn, "authentication failed", append(attrs, more...)...)
	return e
}

// credentialOf finds the credential a request carries; false when none.
// An Authorization header wins over the cookie, and a broken one is not
// silently skipped in favour of the cookie.
func credentialOf(r *http.Request) (credential, bool) {
	if h := strings.TrimSpace(r.Header.Get("Authorization")); h != "" {
		scheme, rest, _ := strings.Cut(h, " ")
		rest = strings.TrimSpace(rest)
		switch {
		case strings.EqualFold(scheme, "Bearer"):
			return credential{via: "bearer", secret: rest, bad: rest == "" || strings.ContainsAny(rest, " \t")}, true
		case strings.EqualFold(scheme, "Basic"):
			user, ok := basicUser(rest)
			return credential{via: "basic", secret: user, bad: !ok}, true
		}
		return credential{via: "header", bad: true}, true
	}
	if c, err := r.Cookie(TokenCookie); err == nil && c.Value != "" {
		return credential{via: "cookie", secret: c.Value}, true
	}
	return credential{}, false
}

// basicUser decodes Basic credentials; the API key is the user name and
// the password is ignored, as ServiceStack's API key provider does.
func basicUser(b64 string) (string, bool) {
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return "", false
	}
	user, _, ok := strings.Cut(string(raw), ":")
	if !ok || user == "" {
		return "", false
	}
	return user, true
}

// peerHost is the address of the peer r came from.
func peerHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// clientKey names a client address for limiting: the address, or for
// IPv6 its /64, since one host commonly holds a whole /64.
func clientKey(addr string) string {
	ip := net.ParseIP(addr)
	if ip == nil || ip.To4() != nil {
		return addr
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}
