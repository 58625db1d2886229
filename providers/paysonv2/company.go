package paysonv2

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/auth"
	"paygate/store"
)

// requestCompany is the company a request is about: the CompanyId given,
// or else the caller's own.
func requestCompany(ctx context.Context, given *uuid.UUID) (uuid.UUID, error) {
	if given != nil && *given != uuid.Nil {
		return *given, nil
	}
	if p := auth.FromContext(ctx); p != nil && p.CompanyID != uuid.Nil {
		return p.CompanyID, nil
	}
	return uuid.Nil, apierr.Invalid("CompanyId", "NotEmpty", "'Company Id' must not be empty.")
}

// adminCompany is the company an administrator's request acts for, which
// must be the administrator's own unless they are a superadmin. The
// server's company scoping (auth.ScopeCompany) checks the same; these
// operations ship payments and hold credentials, so they do not depend on
// it being configured.
func adminCompany(ctx context.Context, given *uuid.UUID) (uuid.UUID, error) {
	company, err := requestCompany(ctx, given)
	if err != nil {
		return uuid.Nil, err
	}
	if p := auth.FromContext(ctx); p == nil || (p.CompanyID != company && !p.IsSuperAdmin()) {
		return uuid.Nil, apierr.Forbidden(auth.MsgForbiddenCompany)
	}
	return company, nil
}

// knownCompany checks that company exists, so that a mistyped id gets a
// 404 naming it rather than an answer about missing settings.
func (s *service) knownCompany(ctx context.Context, company uuid.UUID) error {
	_, err := s.db.Company(ctx, company)
	if errors.Is(err, store.ErrNotFound) {
		return &apierr.Error{Status: http.StatusNotFound, Code: "NotFound",
			Message: fmt.Sprintf("Company %s was not found.", company),
			Fields:  []apierr.FieldError{{Code: "NotFound", Field: "CompanyId", Message: fmt.Sprintf("Company %s was not found.", company)}}}
	}
	if err != nil {
		return fmt.Errorf("company %s: %w", company, err)
	}
	return nil
}
