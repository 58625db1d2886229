package stripev1

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"paygate/apierr"
	"paygate/dto"
	"paygate/money"
	"paygate/providers/bokamera"
	"paygate/server"
	"paygate/store"
)

func registerSettings(reg *server.Registry, s *service) {
	tags := []string{"Payment"}
	server.Register(reg, server.Op[dto.PaymentSettingsQuery, dto.PaymentSettingsQueryResponse]{
		Routes:  []server.Route{{Path: "/payment/settings", Verbs: "GET"}},
		Auth:    bokamera.ReadAccess(),
		Summary: "Get payment settings",
		Notes:   "Get payment settings for the logged in user's company",
		Tags:    tags,
		Handler: s.paymentSettings,
	})
	server.Register(reg, server.Op[dto.AddPaymentSettings, dto.PaymentSettingsQueryResponse]{
		Routes:  []server.Route{{Path: "/payment/settings", Verbs: "POST"}},
		Auth:    bokamera.WriteAccess(),
		Summary: "Add payment settings",
		Notes:   "Add payment settings for the logged in user's company",
		Tags:    tags,
		Handler: s.addPaymentSettings,
	})
	server.Register(reg, server.Op[dto.UpdatePaymentSettings, dto.PaymentSettingsQueryResponse]{
		Routes:  []server.Route{{Path: "/payment/settings/", Verbs: "PUT"}},
		Auth:    bokamera.WriteAccess(),
		Summary: "Update payment settings",
		Notes:   "Update payment settings for the logged in user's company",
		Tags:    tags,
		Handler: s.updatePaymentSettings,
	})
}

func (s *service) paymentSettings(ctx context.Context, req *dto.PaymentSettingsQuery) (*dto.PaymentSettingsQueryResponse, error) {
	company, err := bokamera.AdminCompany(ctx, req.CompanyId)
	if err != nil {
		return nil, err
	}
	set, err := s.db.PaymentSettings(ctx, company)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apierr.NotFound(fmt.Sprintf("Company %s has no payment settings.", company))
	}
	if err != nil {
		return nil, err
	}
	resp := settingsResponse(set)
	if req.IncludePaymentProviderOptions {
		for _, p := range store.PaymentProviders {
			resp.PaymentProviderOptions = append(resp.PaymentProviderOptions,
				dto.PaymentProviderOption{Id: int(p.ID), Name: p.Name, Description: p.Description})
		}
	}
	return resp, nil
}

func (s *service) addPaymentSettings(ctx context.Context, req *dto.AddPaymentSettings) (*dto.PaymentSettingsQueryResponse, error) {
	company, err := bokamera.AdminCompany(ctx, req.CompanyId)
	if err != nil {
		return nil, err
	}
	set := store.PaymentSettings{CompanyID: company}
	applySettings(&set, &req.Enabled, &req.PaymentProviderId, &req.StripeAccount, &req.Currency, &req.DefaultConfirmationUrl)
	if err := checkSettings(set); err != nil {
		return nil, err
	}
	switch err := s.db.AddPaymentSettings(ctx, set); {
	case errors.Is(err, store.ErrSettingsExist):
		return nil, apierr.Conflict("AlreadyExists",
			fmt.Sprintf("Company %s has payment settings already; change them with PUT /payment/settings.", company))
	case errors.Is(err, store.ErrNotFound):
		return nil, apierr.NotFound(fmt.Sprintf("Company %s does not exist.", company))
	case err != nil:
		return nil, err
	}
	return settingsResponse(set), nil
}

func (s *service) updatePaymentSettings(ctx context.Context, req *dto.UpdatePaymentSettings) (*dto.PaymentSettingsQueryResponse, error) {
	company, err := bokamera.AdminCompany(ctx, req.CompanyId)
	if err != nil {
		return nil, err
	}
	set, err := s.db.UpdatePaymentSettings(ctx, company, func(set *store.PaymentSettings) error {
		applySettings(set, req.Enabled, req.PaymentProviderId, req.StripeAccount, req.Currency, req.DefaultConfirmationUrl)
		return checkSettings(*set)
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, apierr.NotFound(fmt.Sprintf("Company %s has no payment settings; add them with POST /payment/settings.", company))
	}
	if err != nil {
		return nil, err
	}
	return settingsResponse(set), nil
}

// applySettings sets the members a request gives (nil: keeps it), cleaned
// the way they are stored, so that adding and updating cannot drift apart.
func applySettings(set *store.PaymentSettings, enabled *bool, provider *int, account, currency, confirmationURL *string) {
	if enabled != nil {
		set.Enabled = *enabled
	}
	if provider != nil {
		set.Provider = store.PaymentProvider(*provider)
	}
	if account != nil {
		set.StripeAccount = strings.TrimSpace(*account)
	}
	if currency != nil {
		set.Currency = strings.ToUpper(strings.TrimSpace(*currency))
	}
	if confirmationURL != nil {
		set.DefaultConfirmationURL = strings.TrimSpace(*confirmationURL)
	}
}

// checkSettings names every member of set that cannot work.
func checkSettings(set store.PaymentSettings) error {
	var fields []apierr.FieldError
	if !set.Provider.Known() {
		var known []string
		for _, p := range store.PaymentProviders {
			known = append(known, fmt.Sprintf("%d (%s)", p.ID, p.Name))
		}
		fields = append(fields, apierr.FieldError{Code: "Enum", Field: "PaymentProviderId",
			Message: fmt.Sprintf("'Payment Provider Id' %d is not a payment provider; choose one of %s.", set.Provider, strings.Join(known, ", "))})
	}
	if a := set.StripeAccount; a != "" && !validAccountID(a) {
		fields = append(fields, apierr.FieldError{Code: "RegularExpression", Field: "StripeAccount",
			Message: fmt.Sprintf("'Stripe Account' %q is not a Stripe account id such as acct_1Nv0FGQ9RKHgCVdK.", a)})
	}
	if c := set.Currency; c != "" {
		if err := money.CheckCurrency(c); err != nil {
			fields = append(fields, apierr.FieldError{Code: "RegularExpression", Field: "Currency",
				Message: "'Currency' must be an ISO 4217 code such as SEK: " + err.Error() + "."})
		}
	}
	if u := set.DefaultConfirmationURL; u != "" && !absoluteHTTPURL(u) {
		fields = append(fields, apierr.FieldError{Code: "RegularExpression", Field: "DefaultConfirmationUrl",
			Message: "'Default Confirmation Url' must be an absolute http or https URL."})
	}
	if len(fields) > 0 {
		return apierr.Validation(fields...)
	}
	return nil
}

func validAccountID(a string) bool {
	rest, ok := strings.CutPrefix(a, "acct_")
	if !ok || rest == "" {
		return false
	}
	for _, r := range rest {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func absoluteHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func settingsResponse(set store.PaymentSettings) *dto.PaymentSettingsQueryResponse {
	return &dto.PaymentSettingsQueryResponse{
		CompanyId:              set.CompanyID,
		Enabled:                set.Enabled,
		PaymentProviderId:      int(set.Provider),
		StripeAccount:          set.StripeAccount,
		Currency:               set.Currency,
		DefaultConfirmationUrl: set.DefaultConfirmationURL,
	}
}
