// Package auth identifies callers and decides what they may do.
package auth

import (
	"context"
	"net/http"
	"slices"

	"github.com/google/uuid"
)

// Principal is an authenticated caller.
type Principal struct {
	UserID    string
	Name      string
	CompanyID uuid.UUID // uuid.Nil when the caller belongs to no company
	Roles     []string
	Scopes    []string
	Method    string // MethodAPIKey or MethodJWT
}

// RoleSuperAdmin may act for any company and passes every role check.
const RoleSuperAdmin = "superadmin"

// HasAnyRole reports whether p holds one of roles (superadmin holds all).
func (p *Principal) HasAnyRole(roles ...string) bool {
	if p == nil {
		return false
	}
	if len(roles) == 0 || slices.Contains(p.Roles, RoleSuperAdmin) {
		return true
	}
	for _, r := range roles {
		if slices.Contains(p.Roles, r) {
			return true
		}
	}
	return false
}

// IsSuperAdmin reports whether p may act for any company.
func (p *Principal) IsSuperAdmin() bool {
	return p != nil && slices.Contains(p.Roles, RoleSuperAdmin)
}

// HasScope reports whether p was granted scope.
func (p *Principal) HasScope(scope string) bool {
	return p != nil && slices.Contains(p.Scopes, scope)
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the caller of the request ctx belongs to, or nil.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

// Authenticator finds the caller of a request. It returns (nil, nil) when
// the request carries no credentials it may honour, and an error when it
// carries credentials that are not valid. r.Method is the verb in effect
// (after any method override).
type Authenticator interface {
	Authenticate(r *http.Request, f Facts) (*Principal, error)
}

// Facts are what the host decided about a request before authenticating
// it, and what the credential rules depend on.
type Facts struct {
	// JSONP: the answer is a script, which any page may load with the
	// visitor's cookies; a cookie credential is never honoured on it.
	JSONP bool
	// Client is the client's address, proxies resolved (empty: the peer's).
	// Failures are limited per client, and per presented API key id.
	Client string
	// Required: the operation needs a caller. Otherwise a credential that
	// fails is ignored, so its failure is not counted either.
	Required bool
}
