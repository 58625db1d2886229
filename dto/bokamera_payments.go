package dto

import (
	"reflect"
	"time"

	"github.com/google/uuid"
)

// QueryBase is ServiceStack AutoQuery's paging and shaping of a query: the
// members every AutoQuery request inherits. Its members are in ServiceStack's
// namespace; a request embedding it declares its own namespace (bokamera),
// or it would take QueryBase's.
type QueryBase struct {
	servicestack
	Skip        *int              `order:"1" desc:"Rows to skip before the page starts."`
	Take        *int              `order:"2" desc:"Rows in the page; at most the operation's maximum, which is also the default."`
	OrderBy     string            `order:"3" desc:"Comma-separated members to order by, ascending; a leading - orders that one descending."`
	OrderByDesc string            `order:"4" desc:"Comma-separated members to order by, descending; a leading - orders that one ascending."`
	Include     string            `order:"5" desc:"Total: also count every matching row into Total."`
	Fields      string            `order:"6" desc:"Comma-separated members to return; the others are left empty."`
	Meta        map[string]string `order:"7" desc:"Extra options; none are read."`
}

// QueryResponse is ServiceStack AutoQuery's answer: one page of results.
type QueryResponse[T any] struct {
	servicestack
	Offset         int               `order:"1" desc:"Rows skipped before this page."`
	Total          int               `order:"2" desc:"Every matching row, when the query asked for Include=Total; else 0."`
	Results        []T               `order:"3" desc:"The page."`
	Meta           map[string]string `order:"4"`
	ResponseStatus *ResponseStatus   `order:"5"`
}

// GenericArgs names T, so that the codecs and the metadata name the type as
// DataContract and the native types do.
func (QueryResponse[T]) GenericArgs() []reflect.Type { return []reflect.Type{reflect.TypeFor[T]()} }

// PaymentLogQuery lists a company's payments, BokaMera's payment log.
type PaymentLogQuery struct {
	bokamera
	QueryBase
	CompanyId          *uuid.UUID `desc:"The company id, if empty will use the company id for the user you are logged in with."`
	CreatedFrom        *time.Time `desc:"Start of datetime span, payments created at or after it (UTC)."`
	CreatedTo          *time.Time `desc:"End of datetime span, payments created before it (UTC)."`
	ArticleTypeId      *int       `desc:"The article type the payments paid for." validate:"required"`
	IncludeArticleType bool       `desc:"If true, each payment lists the articles (with their article type) it paid for."`
}

// PaymentLogQueryResponse is one payment of the log, with what was given
// back from it.
type PaymentLogQueryResponse struct {
	bokamera
	Id                  int                 `desc:"The payment log id; the PaymentLogId of RefundBookingPayment."`
	CompanyId           uuid.UUID           `desc:"The company id."`
	InternalReferenceId string              `desc:"The payable entity the payment is for (booking id, rebate code id etc.)."`
	ArticleTypeId       int                 `desc:"The article type the payment is for."`
	PaymentProvider     string              `desc:"Who took the money: <c>Stripe</c> or <c>Payson</c>."`
	CheckoutId          string              `desc:"The provider's checkout: the Stripe Checkout Session id or the Payson checkout id."`
	PaymentReferenceId  string              `desc:"The provider's payment: the Stripe PaymentIntent id or the Payson purchase id."`
	Amount              float64             `desc:"The amount paid, VAT included, in Currency."`
	VatAmount           float64             `desc:"The VAT in Amount."`
	Currency            string              `desc:"ISO 4217 currency code."`
	Status              string              `desc:"<c>Pending</c> (paid, money not yet taken: a delayed payment, a Payson checkout ReadyToShip), <c>Paid</c>, <c>PartiallyRefunded</c>, <c>Refunded</c> or <c>Failed</c>."`
	ProviderStatus      string              `desc:"The status as the provider names it: Stripe's payment_status, Payson's checkout status."`
	RefundedAmount      float64             `desc:"What refunds gave back so far."`
	RefundableAmount    float64             `desc:"What may still be refunded: Amount less the refunds given or under way."`
	Refunds             []PaymentLogRefund  `desc:"The refunds of the payment, oldest first."`
	Articles            []PaymentLogArticle `desc:"What the payment paid for; only with IncludeArticleType."`
	Created             time.Time           `desc:"When the payment was logged (UTC)."`
	Updated             time.Time           `desc:"When the payment or one of its refunds last changed (UTC)."`
}

// PaymentLogRefund is money given back from a payment.
type PaymentLogRefund struct {
	bokamera
	Id               int       `desc:"The refund id."`
	Amount           float64   `desc:"The amount given back, in the payment's currency."`
	Status           string    `desc:"<c>Creating</c> (the provider is being asked), <c>Pending</c>, <c>Succeeded</c> or <c>Failed</c>."`
	Origin           string    `desc:"<c>Paygate</c> (RefundBookingPayment) or <c>Provider</c> (made at the provider, e.g. in Stripe's dashboard)."`
	ProviderRefundId string    `desc:"The provider's refund id (Stripe's re_ id); empty for Payson credits."`
	Comments         string    `desc:"The comments given with the refund."`
	FailureReason    string    `desc:"Why the refund failed, when it did."`
	Created          time.Time `desc:"When the refund was asked or learnt of (UTC)."`
	Updated          time.Time `desc:"When the refund last changed (UTC)."`
}

// PaymentLogArticle is one line a payment paid for.
type PaymentLogArticle struct {
	bokamera
	ArticleId     int     `desc:"The article id."`
	ArticleTypeId int     `desc:"The article type."`
	Name          string  `desc:"The article's name when the checkout was made."`
	UnitPrice     float64 `desc:"The price of one, VAT included."`
	Quantity      int     `desc:"How many."`
}

// RefundBookingPayment gives money back from a booking's payment, through
// the provider that took it.
type RefundBookingPayment struct {
	bokamera
	CompanyId    *uuid.UUID `desc:"The company id, if empty will use the company id for the user you are logged in with."`
	Id           int        `desc:"The booking id: the InternalReferenceId the payment was made for." validate:"required"`
	PaymentLogId int        `desc:"The payment log id of the payment to refund." validate:"required"`
	Amount       float64    `desc:"The amount to give back, in the payment's currency, with no more decimals than the currency has." validate:"required,gt=0"`
	Comments     string     `desc:"Why the money goes back." validate:"max=1000"`
}

// RefundBookingPaymentResponse is RefundBookingPayment's empty answer.
type RefundBookingPaymentResponse struct {
	bokamera
	ResponseStatus *ResponseStatus
}
