package dto

import "paygate/formats"

// The payments /v1 surface: plain JSON with snake_case names. The validate
// tags are the published request schema, read as JSON Schema reads it: the
// operation's binder knows which members a body carried, so "required"
// means present and a member sent is held to its rules even when zero
// (server.Validator.ValidateSent). A request member
// may be null exactly when it is a pointer or a map, as the OpenAPI
// generator reads it too; the resource's nullable members are written as
// null (nullable:"true"), since its schema requires them.

// CreateCheckout starts a payment: a Stripe PaymentIntent (one_shot), or a
// Stripe Subscription when subscription_plan_id is given.
type CreateCheckout struct {
	CustomerID         string             `json:"customer_id" desc:"The caller's id of the paying customer." validate:"required,min=1"`
	Currency           string             `json:"currency" desc:"ISO 4217 currency code, three letters." default:"usd" validate:"len=3,alpha"`
	OrderID            *string            `json:"order_id" desc:"The caller's order this payment belongs to."`
	StripeCustomerID   *string            `json:"stripe_customer_id" desc:"An existing Stripe customer (cus_…); otherwise one is found or created for customer_id."`
	Metadata           map[string]any     `json:"metadata" desc:"Free-form data kept with the payment."`
	PromoCode          *string            `json:"promo_code" desc:"An active Stripe promotion code." validate:"omitnil,min=1"`
	AmountCents        int64              `json:"amount_cents" desc:"The amount in minor units; must equal the line_items total when both are given." validate:"omitempty,gt=0"`
	SubscriptionPlanID string             `json:"subscription_plan_id" desc:"A Stripe Price id; makes this a subscription checkout." validate:"omitempty,min=1"`
	LineItems          []CheckoutLineItem `json:"line_items" desc:"What is bought; the total is the sum of qty × unit_amount_cents." validate:"omitnil,min=1,dive"`
	// IdempotencyKeys are the Idempotency-Key headers sent: at most one
	// is valid, and it is no part of the request's meaning.
	IdempotencyKeys []string `json:"-" from:"header=Idempotency-Key"`
}

// CheckoutLineItem is one line of a checkout.
type CheckoutLineItem struct {
	ProductID       string `json:"product_id" validate:"required,min=1"`
	VariantID       string `json:"variant_id" validate:"required,min=1"`
	Qty             int64  `json:"qty" validate:"required,gt=0"`
	UnitAmountCents int64  `json:"unit_amount_cents" validate:"required,gte=0"`
}

// GetPayment reads one payment of the caller's tenant.
type GetPayment struct {
	ID string `json:"id" desc:"The payment id." validate:"required"`
}

// Payment is the payment resource, answered by CreateCheckout (201) and
// GetPayment.
type Payment struct {
	ID                    string      `json:"id"`
	CustomerID            string      `json:"customer_id"`
	OrderID               *string     `json:"order_id" nullable:"true"`
	AmountCents           string      `json:"amount_cents" desc:"Minor units as a decimal digit string."`
	Currency              string      `json:"currency"`
	Status                string      `json:"status" desc:"pending, requires_action, processing, succeeded, failed or canceled."`
	StripePaymentIntentID *string     `json:"stripe_payment_intent_id" nullable:"true"`
	Mode                  PaymentMode `json:"mode"`
	SubscriptionID        *string     `json:"subscription_id" nullable:"true"`
	CreatedAt             string      `json:"created_at" desc:"RFC 3339, UTC."`
	UpdatedAt             string      `json:"updated_at" desc:"RFC 3339, UTC."`
	Reply                 Reply       `json:"-"`
}

// PaymentMode is how a payment is paid: once, or as a subscription.
type PaymentMode int

const (
	PaymentModeOneShot PaymentMode = iota
	PaymentModeSubscription
)

var paymentModeNames = []string{"one_shot", "subscription"}

func (PaymentMode) EnumNames() []string { return paymentModeNames }

func (m PaymentMode) String() string {
	b, err := m.MarshalText()
	if err != nil {
		return "PaymentMode(" + err.Error() + ")"
	}
	return string(b)
}

func (m PaymentMode) MarshalText() ([]byte, error) { return formats.EnumText(paymentModeNames, int(m)) }

func (m *PaymentMode) UnmarshalText(b []byte) error {
	v, err := formats.ParseEnum(paymentModeNames, b)
	*m = PaymentMode(v)
	return err
}

// StripePaymentsWebhook is Stripe's event delivery: the raw, signed body,
// verified byte for byte as it came, and its signature.
type StripePaymentsWebhook struct {
	Payload   []byte `json:"-" from:"body"`
	Signature string `json:"-" from:"header=Stripe-Signature"`
}

// StripeWebhookResult says what became of a delivered event.
type StripeWebhookResult struct {
	EventID       string `json:"event_id" desc:"Our id of the recorded event."`
	StripeEventID string `json:"stripe_event_id"`
	EventType     string `json:"event_type"`
	Status        string `json:"status" desc:"processed (a payment moved or was confirmed), kept (it names a PaymentIntent or Subscription whose payment is not written yet; it is applied when it is), ignored, or duplicate (delivered before; nothing changed)."`
	Reply         Reply  `json:"-"`
}

// PaymentsError is the error body of the payments surface.
type PaymentsError struct {
	Error   string `json:"error" desc:"A machine-readable code, e.g. validation_error."`
	Message string `json:"message"`
}
