package stripev1

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/auth"
)

// companyFor resolves the company an administrator's request acts on: its
// CompanyId or, when empty, the caller's own company. Only a superadmin
// acts for a company other than their own: these operations decide where a
// company's money goes.
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
	if p != nil && p.CompanyID != company && !p.HasAnyRole(auth.RoleSuperAdmin) {
		return uuid.Nil, apierr.Forbidden(fmt.Sprintf("You may not act for company %s.", company))
	}
	return company, nil
}
