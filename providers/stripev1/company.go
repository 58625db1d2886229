package stripev1

import (
	"context"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/auth"
)

// companyFor resolves the company an administrator's request acts on: its
// CompanyId or, when empty, the caller's own company. Only a superadmin
// acts for a company other than their own. The server's company scoping
// (auth.ScopeCompany) does the same; these operations decide where a
// company's money goes, so they do not depend on it being configured.
func companyFor(ctx context.Context, id *uuid.UUID) (uuid.UUID, error) {
	p := auth.FromContext(ctx)
	var company uuid.UUID
	switch {
	case id != nil && *id != uuid.Nil:
		company = *id
	case p != nil && p.CompanyID != uuid.Nil:
		company = p.CompanyID
	default:
		return uuid.Nil, apierr.Invalid("CompanyId", "NotEmpty", "'Company Id' must not be empty.")
	}
	if p != nil && p.CompanyID != company && !p.IsSuperAdmin() {
		return uuid.Nil, apierr.Forbidden(auth.MsgForbiddenCompany)
	}
	return company, nil
}
