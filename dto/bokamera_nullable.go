package dto

// BokaMera's Stripe Checkout DTOs come from a C# project compiled with
// nullable reference types: a string, list or DTO member without "?" is
// non-nullable there, and ServiceStack's metadata pages mark such members
// required (StripeV1CreateCheckout's page shows it for its request and
// response; the other Stripe Checkout DTOs belong to the same project). The
// Payson and shared DTOs predate that and do not. The metadata pages read
// this to reproduce the Required column.

func (StripeV1CreateCheckout) NullableReferenceTypes() bool            { return true }
func (StripeCheckoutQueryResponse) NullableReferenceTypes() bool       { return true }
func (GetStripeCheckoutV1CheckoutStatus) NullableReferenceTypes() bool { return true }
func (StripeCheckoutStatusQueryResponse) NullableReferenceTypes() bool { return true }
func (StripeCheckoutIpnCallBackRequest) NullableReferenceTypes() bool  { return true }
func (CreateStripeWebhook) NullableReferenceTypes() bool               { return true }
func (StripeWebhookResponse) NullableReferenceTypes() bool             { return true }
