package dto

import "github.com/google/uuid"

// PaymentSettingsQuery reads a company's payment settings.
type PaymentSettingsQuery struct {
	bokamera
	CompanyId                     *uuid.UUID `desc:"The company id, if empty will use the company id for the user you are logged in with."`
	IncludePaymentProviderOptions bool       `desc:"If you want to include the payment provider options"`
}

// AddPaymentSettings creates a company's payment settings.
type AddPaymentSettings struct {
	bokamera
	CompanyId              *uuid.UUID `desc:"The company id, if empty will use the company id for the user you are logged in with."`
	Enabled                bool       `desc:"If payment is enabled"`
	PaymentProviderId      int        `desc:"The payment provider id; see PaymentProviderOptions" validate:"required"`
	StripeAccount          string     `desc:"The Stripe connected account id (acct_…) checkouts are created on; empty for the platform account" validate:"max=255"`
	Currency               string     `desc:"The currency every checkout must be in (ISO 4217); empty lets the articles decide" validate:"max=3"`
	DefaultConfirmationUrl string     `desc:"Where customers land after payment when a checkout names no ConfirmationUrl" validate:"max=2000"`
}

// UpdatePaymentSettings changes the members it is given of a company's
// payment settings.
type UpdatePaymentSettings struct {
	bokamera
	CompanyId              *uuid.UUID `desc:"The company id, if empty will use the company id for the user you are logged in with."`
	Enabled                *bool      `desc:"If payment is enabled"`
	PaymentProviderId      *int       `desc:"The payment provider id; see PaymentProviderOptions"`
	StripeAccount          *string    `desc:"The Stripe connected account id (acct_…) checkouts are created on; empty for the platform account" validate:"omitnil,max=255"`
	Currency               *string    `desc:"The currency every checkout must be in (ISO 4217); empty lets the articles decide" validate:"omitnil,max=3"`
	DefaultConfirmationUrl *string    `desc:"Where customers land after payment when a checkout names no ConfirmationUrl" validate:"omitnil,max=2000"`
}

// PaymentSettingsQueryResponse is a company's payment settings.
type PaymentSettingsQueryResponse struct {
	bokamera
	CompanyId              uuid.UUID               `desc:"The company id"`
	Enabled                bool                    `desc:"If payment is enabled"`
	PaymentProviderId      int                     `desc:"The payment provider id"`
	StripeAccount          string                  `desc:"The Stripe connected account id checkouts are created on"`
	Currency               string                  `desc:"The currency every checkout must be in"`
	DefaultConfirmationUrl string                  `desc:"Where customers land after payment when a checkout names no ConfirmationUrl"`
	PaymentProviderOptions []PaymentProviderOption `desc:"The payment providers to choose from"`
}

// PaymentProviderOption describes a payment provider.
type PaymentProviderOption struct {
	bokamera
	Id          int
	Name        string
	Description string
}
