package dto

import "github.com/google/uuid"

// StripeV1CreateCheckout creates a Stripe Checkout Session for a payable
// entity, invalidating that entity's earlier checkouts.
// UiMode is documented required (api:"required") as BokaMera publishes
// it, but may be left out: empty is hosted.
type StripeV1CreateCheckout struct {
	bokamera
	CompanyId           *uuid.UUID        `desc:"The company id." validate:"required"`
	CountryCode         string            `desc:"Country code for checkout" validate:"required"`
	Articles            []ArticleToCreate `desc:"Articles (Could be Service, rebate code types, etc.." validate:"required,min=1,max=100,dive"`
	InternalReferenceId string            `desc:"An internal reference id (Could be booking, rebate code etc.)" validate:"required,max=200"`
	ConfirmationUrl     string            `desc:"Optional to set your own confirmation url after payment completed." validate:"omitempty,url,max=2000"`
	CancelUrl           string            `desc:"If set, Checkout displays a back button and customers will be directed to this URL if they decide to cancel payment and return to your website. This parameter is not allowed if ui_mode is <c>embedded</c>." validate:"omitempty,url,max=2000"`
	UiMode              string            `desc:"The UI mode of the Session. Defaults to <c>hosted</c>; One of: <c>embedded</c>, or <c>hosted</c>" api:"required" validate:"omitempty,oneof=hosted embedded"`
}

// StripeCheckoutQueryResponse describes a Stripe Checkout Session.
type StripeCheckoutQueryResponse struct {
	bokamera
	SessionId                 string `desc:"The checkout session id"`
	Url                       string `desc:"The url for checkout module to be placed in a iframe"`
	Status                    string `desc:"The checkout status"`
	ClientSecret              string `desc:"Client secret to be used when initializing Stripe.js embedded checkout."`
	CustomerId                string `desc:"(ID of the Customer) The ID of the customer for this Session. For Checkout Sessions in subscription mode or Checkout Sessions with customer_creation set as always in payment mode, Checkout will create a new customer object based on information provided during the payment flow unless an existing customer was provided when the Session was created."`
	PaymentIntentClientSecret string `desc:"The client secret of this PaymentIntent. Used for client-side retrieval using a publishable key. The client secret can be used to complete a payment from your frontend. It should not be stored, logged, or exposed to anyone other than the customer. Make sure that you have TLS enabled on any page that includes the client secret. Refer to our docs to accept a payment   and learn about how client_secret should be handled."`
	PaymentIntentId           string
	StripeAccount             string
}

// GetStripeCheckoutV1CheckoutStatus asks for the status of a session.
type GetStripeCheckoutV1CheckoutStatus struct {
	bokamera
	CompanyId *uuid.UUID `desc:"The company id." validate:"required"`
	SessionId string     `desc:"The checkout session id" validate:"required,max=255"`
}

// StripeCheckoutStatusQueryResponse is a session's status.
type StripeCheckoutStatusQueryResponse struct {
	bokamera
	CustomerEmail string `desc:"The customer email"`
	Status        string `desc:"The checkout status"`
}

// StripeCheckoutIpnCallBackRequest is Stripe's webhook call; the event
// itself is the raw, signed body.
type StripeCheckoutIpnCallBackRequest struct {
	bokamera
	EventType           string
	SessionId           string
	PaymentIntentId     string
	InternalReferenceId string
	ArticleTypeId       string
	CompanyId           string
	// The event, verified byte for byte as it came, and its signature.
	Payload   []byte `json:"-" from:"body"`
	Signature string `json:"-" from:"header=Stripe-Signature"`
}

// CreateStripeWebhook registers paygate's webhook endpoint at Stripe.
type CreateStripeWebhook struct {
	bokamera
	CompanyId *uuid.UUID `desc:"The company id, if empty will use the company id for the user you are logged in with."`
	Events    []string   `desc:"The events Stripe should send; empty means every event paygate handles."`
	Connect   bool       `desc:"Listen to events of connected accounts."`
	Url       string     `desc:"The webhook url; empty means this server's Stripe callback." validate:"omitempty,url"`
}

// StripeWebhookResponse describes a registered webhook endpoint.
type StripeWebhookResponse struct {
	bokamera
	Id     string
	Events []string
	Url    string
}
