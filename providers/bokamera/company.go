package bokamera

import (
	"context"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/auth"
	"paygate/dto"
	"paygate/server"
)

// MsgForbiddenCompany refuses a caller acting for a company not its own. It
// reads the same whether or not that company exists, so the refusal tells
// nothing about other tenants.
const MsgForbiddenCompany = "You are not allowed to act for this company"

// Company is the company a request is about, by BokaMera's ICompany rule:
// the CompanyId given or, when it is empty, the caller's own. With neither
// (an anonymous caller, or one of no company, naming none) it is a 400
// naming CompanyId. It does not check that the caller may act for it: an
// operation open to anonymous callers could not, as dropping the
// credentials would get past the check.
func Company(ctx context.Context, given *uuid.UUID) (uuid.UUID, error) {
	if given != nil && *given != uuid.Nil {
		return *given, nil
	}
	if p := auth.FromContext(ctx); p != nil && p.CompanyID != uuid.Nil {
		return p.CompanyID, nil
	}
	return uuid.Nil, apierr.Invalid("CompanyId", "NotEmpty", "'Company Id' must not be empty.")
}

// AdminCompany is the company an administrator's request acts for:
// Company's, which must be the caller's own unless the caller is a
// superadmin. An anonymous caller is refused with the 401 the server gives
// such operations ("Requires Authentication"): these operations move money
// and hold credentials, so they check it themselves rather than depend on
// the server's requirement and Authorize hook being configured.
func AdminCompany(ctx context.Context, given *uuid.UUID) (uuid.UUID, error) {
	p := auth.FromContext(ctx)
	if p == nil {
		return uuid.Nil, apierr.Unauthorized(auth.MsgNotAuthenticated)
	}
	company, err := Company(ctx, given)
	if err != nil {
		return uuid.Nil, err
	}
	if !mayActFor(p, company) {
		return uuid.Nil, apierr.Forbidden(MsgForbiddenCompany)
	}
	return company, nil
}

func mayActFor(p *auth.Principal, company uuid.UUID) bool {
	return p.CompanyID == company || p.IsSuperAdmin()
}

// Authorize is the server's Authorize hook: the ICompany rule applied to
// every bound request that has a CompanyId.
//
//   - An empty CompanyId becomes the caller's company; a caller without
//     credentials, or without a company, keeps what it sent, and the
//     operation's validation or handler says it is missing.
//   - On an operation that requires a caller, one that is not superadmin
//     and names another company is refused (403, MsgForbiddenCompany).
//   - Operations open to anonymous callers are not enforced: dropping the
//     credentials would get past the check anyway, so it would only break
//     callers that happen to send them.
func Authorize(ctx context.Context, op *server.Operation, req any) error {
	r, ok := req.(dto.ICompany)
	if !ok {
		return nil
	}
	p := auth.FromContext(ctx)
	if p == nil {
		return nil
	}
	asked := r.Company()
	if asked == nil || *asked == uuid.Nil {
		if p.CompanyID != uuid.Nil {
			r.SetCompany(p.CompanyID)
		}
		return nil
	}
	if op.Auth.RequiresCaller() && !mayActFor(p, *asked) {
		return apierr.Forbidden(MsgForbiddenCompany)
	}
	return nil
}
