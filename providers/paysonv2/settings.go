package paysonv2

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/dto"
	"paygate/providers/bokamera"
	"paygate/store"
)

// getSettings is PaysonApiSettingsQuery.
func (s *service) getSettings(ctx context.Context, req *dto.PaysonApiSettingsQuery) (*dto.PaysonApiSettingsQueryResponse, error) {
	company, err := bokamera.AdminCompany(ctx, req.CompanyId)
	if err != nil {
		return nil, err
	}
	set, err := s.db.PaysonSettings(ctx, company)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apierr.NotFound(fmt.Sprintf("Company %s has no Payson API settings.", company))
	}
	if err != nil {
		return nil, err
	}
	return settingsResponse(set), nil
}

// addSettings is AddPaysonApiSettings: it stores the company's settings,
// replacing earlier ones.
func (s *service) addSettings(ctx context.Context, req *dto.AddPaysonApiSettings) (*dto.PaysonApiSettingsQueryResponse, error) {
	company, err := bokamera.AdminCompany(ctx, req.CompanyId)
	if err != nil {
		return nil, err
	}
	set := store.PaysonSettings{
		CompanyID:         company,
		AgentID:           strings.TrimSpace(req.SecurityUserId),
		APIKey:            strings.TrimSpace(req.SecurityPassword),
		ReceiverEmail:     strings.TrimSpace(req.ReceiverEmail),
		ReceiverFirstname: strings.TrimSpace(req.ReceiverFirstname),
		ReceiverLastname:  strings.TrimSpace(req.ReceiverLastname),
	}
	var blank []apierr.FieldError
	if set.AgentID == "" {
		blank = append(blank, apierr.FieldError{Code: "NotEmpty", Field: "SecurityUserId", Message: "'Security User Id' must not be empty."})
	}
	if set.APIKey == "" {
		blank = append(blank, apierr.FieldError{Code: "NotEmpty", Field: "SecurityPassword", Message: "'Security Password' must not be empty."})
	}
	if len(blank) > 0 {
		return nil, apierr.Validation(blank...)
	}
	if err := s.knownCompany(ctx, company); err != nil {
		return nil, err
	}
	if err := s.db.PutPaysonSettings(ctx, set); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "payson: api settings saved", "company", company, "agent", set.AgentID)
	return settingsResponse(set), nil
}

func settingsResponse(set store.PaysonSettings) *dto.PaysonApiSettingsQueryResponse {
	return &dto.PaysonApiSettingsQueryResponse{
		CompanyId:         set.CompanyID,
		SecurityUserId:    set.AgentID,
		SecurityPassword:  mask(set.APIKey),
		ReceiverEmail:     set.ReceiverEmail,
		ReceiverFirstname: set.ReceiverFirstname,
		ReceiverLastname:  set.ReceiverLastname,
	}
}

// mask shows the last four characters of an API key, enough to tell keys
// apart; a key too short to spare them shows nothing.
func mask(key string) string {
	r := []rune(key)
	if len(r) < 12 {
		return "****"
	}
	return "****" + string(r[len(r)-4:])
}

// SeedDemo stores agentID and apiKey as the Payson API settings of company,
// which must exist. Running it again leaves the same settings, so the demo
// may call it on every start.
func SeedDemo(ctx context.Context, db Store, companyID uuid.UUID, agentID, apiKey string) error {
	if agentID == "" || apiKey == "" {
		return errors.New("paysonv2: seed demo: agent id and API key are required")
	}
	err := db.PutPaysonSettings(ctx, store.PaysonSettings{CompanyID: companyID, AgentID: agentID, APIKey: apiKey})
	if err != nil {
		return fmt.Errorf("paysonv2: seed demo: %w", err)
	}
	return nil
}
