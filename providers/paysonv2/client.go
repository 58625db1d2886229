package paysonv2

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/providers/payson"
	"paygate/store"
)

// clientFor returns a Payson client with company's credentials, for the
// environment testMode selects.
func (s *service) clientFor(ctx context.Context, company uuid.UUID, testMode bool) (*payson.Client, error) {
	set, err := s.db.PaysonSettings(ctx, company)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apierr.Invalid("CompanyId", "PaysonNotConfigured", fmt.Sprintf(
			"Company %s has no Payson API settings; add them with POST /payment/payson/apisettings.", company))
	}
	if err != nil {
		return nil, err
	}
	base := s.apiBase
	if testMode {
		base = s.testAPIBase
	}
	return payson.New(base, set.AgentID, set.APIKey, s.http), nil
}
