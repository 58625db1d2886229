package payson

import "github.com/google/uuid"

// Checkout is Payson's checkout object, as GetCheckout returns it and as
// UpdateCheckout sends it back. Fields Payson owns (ID, PurchaseID, Snippet,
// History, the totals) are read-only: Payson ignores them on input.
type Checkout struct {
	ID             uuid.UUID `json:"id,omitzero"`
	Status         Status    `json:"status,omitempty"`
	PurchaseID     *int64    `json:"purchaseId,omitempty"` // set once the checkout is readyToShip
	Description    string    `json:"description,omitempty"`
	Snippet        string    `json:"snippet,omitempty"` // HTML to embed in the merchant's page
	ExpirationTime *Time     `json:"expirationTime,omitempty"`
	Merchant       Merchant  `json:"merchant"`
	Order          Order     `json:"order"`
	Customer       *Customer `json:"customer,omitempty"`
	GUI            *GUI      `json:"gui,omitempty"`
	History        *History  `json:"history,omitempty"`
}

// CreateCheckoutRequest is the body of a new checkout: the fields a merchant
// may set. Payson fills in the rest.
type CreateCheckoutRequest struct {
	Description    string    `json:"description,omitempty"`
	ExpirationTime *Time     `json:"expirationTime,omitempty"`
	Merchant       Merchant  `json:"merchant"`
	Order          Order     `json:"order"`
	Customer       *Customer `json:"customer,omitempty"`
	GUI            *GUI      `json:"gui,omitempty"`
}

// Merchant holds the merchant's addresses for this checkout. The four URIs
// are required. Payson POSTs to NotificationURI with ?checkout=<id> added
// whenever the checkout reaches a status it notifies about.
type Merchant struct {
	CheckoutURI     string `json:"checkoutUri"`
	ConfirmationURI string `json:"confirmationUri"`
	NotificationURI string `json:"notificationUri"`
	TermsURI        string `json:"termsUri"`
	// ValidationURI, if set, is called with ?checkout=<id> before the
	// customer may pay; any answer but 200 stops the payment.
	ValidationURI   string `json:"validationUri,omitempty"`
	IntegrationInfo string `json:"integrationInfo,omitempty"` // at most 100 characters
	PartnerID       string `json:"partnerId,omitempty"`       // only if Payson gave one
	Reference       string `json:"reference,omitempty"`       // the merchant's order id, at most 100 characters
}

// Currency is an ISO 4217 code Payson accepts.
type Currency string

const (
	CurrencySEK Currency = "SEK"
	CurrencyEUR Currency = "EUR"
)

// Order is what the customer pays for. The totals are computed by Payson
// from the items.
type Order struct {
	Currency               Currency    `json:"currency"`
	Items                  []OrderItem `json:"items"`
	TotalPriceExcludingTax Amount      `json:"totalPriceExcludingTax"`
	TotalPriceIncludingTax Amount      `json:"totalPriceIncludingTax"`
	TotalTaxAmount         Amount      `json:"totalTaxAmount"`
	TotalCreditedAmount    Amount      `json:"totalCreditedAmount"`
}

// ItemType tells Payson what kind of row an order item is.
type ItemType string

const (
	ItemPhysical ItemType = "physical" // the default
	ItemService  ItemType = "service"
	ItemFee      ItemType = "fee"
)

// OrderItem is one row of an order. UnitPrice includes tax. ItemID is
// assigned by Payson and must be sent back on update so Payson can match the
// row; CreditedAmount may only be raised once the checkout is shipped.
type OrderItem struct {
	ItemID                 uuid.UUID `json:"itemId,omitzero"`
	Name                   string    `json:"name"`
	UnitPrice              Amount    `json:"unitPrice"`
	Quantity               float64   `json:"quantity"`
	TaxRate                float64   `json:"taxRate"` // 0.25 for 25 %
	Reference              string    `json:"reference,omitempty"`
	Type                   ItemType  `json:"type,omitempty"`
	DiscountRate           float64   `json:"discountRate,omitempty"` // 0.1 for 10 % off
	EAN                    string    `json:"ean,omitempty"`
	ImageURI               string    `json:"imageUri,omitempty"`
	URI                    string    `json:"uri,omitempty"`
	CreditedAmount         Amount    `json:"creditedAmount"`
	TotalPriceExcludingTax Amount    `json:"totalPriceExcludingTax"`
	TotalPriceIncludingTax Amount    `json:"totalPriceIncludingTax"`
	TotalTaxAmount         Amount    `json:"totalTaxAmount"`
}

// Customer is who pays. A merchant may prefill it on create; once the
// customer has filled in the form, Payson's copy is the one that counts.
type Customer struct {
	Type           string `json:"type,omitempty"` // "person" or "business"
	FirstName      string `json:"firstName,omitempty"`
	LastName       string `json:"lastName,omitempty"`
	Email          string `json:"email,omitempty"`
	Phone          string `json:"phone,omitempty"`
	IdentityNumber string `json:"identityNumber,omitempty"`
	Street         string `json:"street,omitempty"`
	PostalCode     string `json:"postalCode,omitempty"`
	City           string `json:"city,omitempty"`
	CountryCode    string `json:"countryCode,omitempty"`
}

// ColorScheme is the look of the checkout page.
type ColorScheme string

const (
	ColorWhite ColorScheme = "white"
	ColorBlack ColorScheme = "black"
	ColorBlue  ColorScheme = "blue" // the default
	ColorRed   ColorScheme = "red"
	ColorGray  ColorScheme = "gray"
)

// Locale is the language of the checkout page.
type Locale string

const (
	LocaleSwedish Locale = "se" // Payson's documentation; its own SDK sends "sv", which is accepted too
	LocaleFinnish Locale = "fi"
	LocaleEnglish Locale = "en" // the default
)

// Verification is how the customer proves who they are.
type Verification string

const (
	VerificationNone   Verification = "none" // the default
	VerificationBankID Verification = "bankid"
)

// GUI is how the checkout page looks and what it asks for.
type GUI struct {
	ColorScheme   ColorScheme  `json:"colorScheme,omitempty"`
	Locale        Locale       `json:"locale,omitempty"`
	Verification  Verification `json:"verification,omitempty"`
	RequestPhone  bool         `json:"requestPhone,omitempty"`
	PhoneOptional bool         `json:"phoneOptional,omitempty"`
	Countries     []string     `json:"countries,omitempty"` // ISO 3166 alpha-2 codes the customer may choose
}

// History is when the checkout entered each status; nil for statuses it has
// not been in.
type History struct {
	Created           *Time `json:"created,omitempty"`
	FormsFilled       *Time `json:"formsFilled,omitempty"`
	ReadyToPay        *Time `json:"readyToPay,omitempty"`
	ProcessingPayment *Time `json:"processingPayment,omitempty"`
	ReadyToShip       *Time `json:"readyToShip,omitempty"`
	Shipped           *Time `json:"shipped,omitempty"`
	PaidToAccount     *Time `json:"paidToAccount,omitempty"`
	Canceled          *Time `json:"canceled,omitempty"`
	Expired           *Time `json:"expired,omitempty"`
	Denied            *Time `json:"denied,omitempty"`
}

// Account is the merchant account behind the credentials (GET /Accounts).
type Account struct {
	AccountEmail                string `json:"accountEmail"`
	Status                      string `json:"status"`
	MerchantID                  int64  `json:"merchantId"`
	EnabledForInvoice           bool   `json:"enabledForInvoice"`
	EnabledForPaymentPlan       bool   `json:"enabledForpaymentPlan"` // sic: Payson's spelling
	EnabledForRecurringPayments bool   `json:"enabledForRecurringPayments"`
}
