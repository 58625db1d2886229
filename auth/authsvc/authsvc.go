// Package authsvc is the Authenticate operation (GET /auth, ServiceStack's
// "who am I").
package authsvc

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/auth"
	"paygate/dto"
	"paygate/server"
)

// Register adds the Authenticate operation to reg.
//
// It requires a caller, so that an anonymous call gets the pipeline's 401
// (with WWW-Authenticate, and the token or key error when credentials were
// sent) rather than a bare "Not Authenticated" from the handler. The JSON
// body of the anonymous case is ServiceStack's exactly; in XML the root is
// ErrorResponse rather than AuthenticateResponse.
func Register(reg *server.Registry) {
	server.Register(reg, server.Op[dto.Authenticate, dto.AuthenticateResponse]{
		Routes: []server.Route{
			{Path: "/auth", Verbs: "GET,POST", Summary: "Who the caller is"},
			// ServiceStack v4 registered this alias by default.
			{Path: "/authenticate", Verbs: "GET,POST", Summary: "Who the caller is"},
		},
		Auth:    server.Requirement{Authenticated: true},
		Summary: "Who the caller is",
		Notes:   "Callers authenticate on every request with an API key or a JWT; there is no sign-in.",
		Tags:    []string{"auth"},
		Handler: whoAmI,
	})
}

func whoAmI(ctx context.Context, req *dto.Authenticate) (*dto.AuthenticateResponse, error) {
	p := auth.FromContext(ctx)
	if p == nil {
		return nil, apierr.Unauthorized(auth.MsgNotAuthenticated)
	}
	// Sign-in providers (credentials, OAuth) are not configured here;
	// naming one is answered as ServiceStack answers an unknown provider.
	if req.Provider != "" && !strings.EqualFold(req.Provider, p.Method) {
		return nil, apierr.NotFound(fmt.Sprintf("No configuration was added for OAuth provider '%s'", req.Provider))
	}
	resp := &dto.AuthenticateResponse{
		UserId:       p.UserID,
		UserName:     p.Name,
		DisplayName:  p.Name,
		Roles:        append([]string{}, p.Roles...),
		Permissions:  []string{},
		AuthProvider: p.Method,
	}
	if p.CompanyID != uuid.Nil {
		resp.Meta = map[string]string{"CompanyId": p.CompanyID.String()}
	}
	return resp, nil
}
