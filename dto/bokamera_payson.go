package dto

import (
	"github.com/google/uuid"

	"paygate/formats"
)

// Payson2CheckoutStatus is BokaMera's view of a Payson checkout's status.
// The numbers are part of the contract ("ReadyToShip - 5").
type Payson2CheckoutStatus int

const (
	PaysonStatusNone Payson2CheckoutStatus = iota
	PaysonStatusCreated
	PaysonStatusFormsFilled
	PaysonStatusReadyToPay
	PaysonStatusProcessingPayment
	PaysonStatusReadyToShip
	PaysonStatusShipped
	PaysonStatusPaidToAccount
	PaysonStatusCanceled
	PaysonStatusCredited
	PaysonStatusExpired
	PaysonStatusDenied
)

var payson2CheckoutStatusNames = []string{"None", "Created", "FormsFilled", "ReadyToPay", "ProcessingPayment",
	"ReadyToShip", "Shipped", "PaidToAccount", "Canceled", "Credited", "Expired", "Denied"}

func (Payson2CheckoutStatus) EnumNames() []string { return payson2CheckoutStatusNames }

func (s Payson2CheckoutStatus) String() string {
	b, err := s.MarshalText()
	if err != nil {
		return "Payson2CheckoutStatus(" + err.Error() + ")"
	}
	return string(b)
}

func (s Payson2CheckoutStatus) MarshalText() ([]byte, error) {
	return formats.EnumText(payson2CheckoutStatusNames, int(s))
}

func (s *Payson2CheckoutStatus) UnmarshalText(b []byte) error {
	v, err := formats.ParseEnum(payson2CheckoutStatusNames, b)
	*s = Payson2CheckoutStatus(v)
	return err
}

// PaymentOrigin says where a checkout was started.
type PaymentOrigin int

const (
	PaymentOriginHomePage PaymentOrigin = iota
	PaymentOriginEmbedded
	PaymentOriginAdmin
	PaymentOriginApps
	PaymentOriginHomePageNew
)

var paymentOriginNames = []string{"HomePage", "Embedded", "Admin", "Apps", "HomePageNew"}

func (PaymentOrigin) EnumNames() []string { return paymentOriginNames }

func (o PaymentOrigin) MarshalText() ([]byte, error) {
	return formats.EnumText(paymentOriginNames, int(o))
}

func (o *PaymentOrigin) UnmarshalText(b []byte) error {
	v, err := formats.ParseEnum(paymentOriginNames, b)
	*o = PaymentOrigin(v)
	return err
}

// PaysonV2CreateCheckout creates a Payson Checkout 2.0 checkout.
// PaymentOrigin is documented required (api:"required") as BokaMera
// publishes it; its zero value, HomePage, is a valid origin, so there is
// nothing to validate.
type PaysonV2CreateCheckout struct {
	bokamera
	CompanyId           *uuid.UUID        `desc:"The company id." validate:"required"`
	BookingId           string            `desc:"Obsolete: the internal reference id of a booking; use InternalReferenceId."`
	InternalReferenceId string            `desc:"An internal reference id (Could be booking, rebate code etc.)" validate:"required,max=200"`
	CheckoutUrl         string            `desc:"Where Payson sends the customer when the payment is interrupted." validate:"omitempty,url,max=2000"`
	ConfirmationUrl     string            `desc:"Optional to set your own confirmation url after payment completed." validate:"omitempty,url,max=2000"`
	PaymentOrigin       PaymentOrigin     `desc:"Where the payment was started." api:"required"`
	Language            string            `desc:"The checkout language: sv, fi, dk, no or en; empty is the company's default." validate:"omitempty,oneof=sv fi dk no en"`
	CountryCode         string            `desc:"Country code for checkout" validate:"required"`
	TestMode            bool              `desc:"Use Payson's test environment."`
	Articles            []ArticleToCreate `desc:"Articles (Could be Service, rebate code types, etc.." validate:"required,min=1,dive"`
}

// PaysonCheckoutV2Response describes a Payson checkout.
type PaysonCheckoutV2Response struct {
	bokamera
	Id      uuid.UUID             `desc:"The checkout id"`
	Snippet string                `desc:"The code snippet to for checkout module"`
	Status  Payson2CheckoutStatus `desc:"The checkout status"`
}

// PaysonCheckoutv2GetCheckout reads a checkout.
type PaysonCheckoutv2GetCheckout struct {
	bokamera
	CompanyId *uuid.UUID `desc:"The company id, if empty will use the company id for the user you are logged in with."`
	Id        uuid.UUID  `desc:"The checkout id" validate:"required"`
}

// SendCheckoutPaymentRequest ships a checkout that waits for an
// administrator to send the payment request.
type SendCheckoutPaymentRequest struct {
	bokamera
	CompanyId *uuid.UUID `desc:"The company id, if empty will use the company id for the user you are logged in with."`
	Id        uuid.UUID  `desc:"The checkout id. The checkout must have status ReadyToShip - 5" validate:"required"`
}

// PaysonCheckout2IPNCallBack is Payson's notification. Payson appends
// ?checkout=<id> to the notification URL, hence the lower-case member.
type PaysonCheckout2IPNCallBack struct {
	bokamera
	CompanyId     *uuid.UUID
	BookingId     string
	Checkout      uuid.UUID `json:"checkout"`
	ArticleTypeId int
}
