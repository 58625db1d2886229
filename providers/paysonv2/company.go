package paysonv2

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/store"
)

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
