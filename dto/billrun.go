package dto

import (
	"encoding/json"

	"paygate/formats"
)

// BillRun's StripeCheckout gateway speaks lower-case and snake_case names and
// answers {status, desc, details}; the json tags carry BillRun's names.

// BillRunGetRequest asks for a Stripe Checkout page that saves a card for a
// BillRun account.
type BillRunGetRequest struct {
	Data string `json:"data" desc:"The request as a JSON object: iframe, aid, name (StripeCheckout or StripeCheckout#instance), type, _t_, ok_page, fail_page, amount, request_parameters, return_url, and _sig_ (HMAC-SHA512 of the rest) unless a Bearer credential is sent."`
	// Parsed is Data as read, members in the order sent: the signature
	// covers that order.
	Parsed *formats.Node `json:"-"`
	// Format is the negotiated response format: a Stripe session is
	// answered only in the formats that can carry its JSON.
	Format formats.Format `json:"-" from:"format"`
}

// BillRunGetRequestResponse carries the Checkout URL.
type BillRunGetRequestResponse struct {
	Status  int                       `json:"status" desc:"1 for success, 0 for failure"`
	Desc    string                    `json:"desc" desc:"success, or what went wrong"`
	Details *BillRunGetRequestDetails `json:"details"`
	Reply   Reply                     `json:"-"`
}

// BillRunGetRequestDetails holds details.url, which BillRun makes a string,
// or an object with request_parameters.
type BillRunGetRequestDetails struct {
	// URL is the Checkout URL (a string) or a *BillRunRequestParameters.
	URL any `json:"url" desc:"The Stripe Checkout URL to show in the iframe; with request_parameters an object: url, session_id, session, txId"`
}

// BillRunRequestParameters is details.url when request_parameters is set.
type BillRunRequestParameters struct {
	URL       string          `json:"url" desc:"The Stripe Checkout URL"`
	SessionID string          `json:"session_id" desc:"The Checkout Session id"`
	Session   json.RawMessage `json:"session" desc:"The Checkout Session as Stripe returned it"`
	TxID      string          `json:"txId" desc:"The transaction id okPage takes"`
}

// BillRunOkPage confirms with Stripe that the card of a transaction was
// saved, and saves it as the account's active payment method.
type BillRunOkPage struct {
	Name     string  `json:"name" desc:"The gateway getRequest was called with"`
	TxID     string  `json:"txId" desc:"The transaction id from the ok page URL"`
	Redirect *string `json:"redirect" desc:"0 or empty for a JSON answer; otherwise, or when absent, a 302 to the tenant return URL"`
	Data     string  `json:"data" desc:"Optionally name, txId and redirect as a JSON object; plain parameters win"`
}

// BillRunOkPageResponse reports the saved card.
type BillRunOkPageResponse struct {
	Status  int                 `json:"status" desc:"1 for success, 0 for failure"`
	Desc    string              `json:"desc" desc:"success, or what went wrong"`
	Details *BillRunCardDetails `json:"details"`
	Reply   Reply               `json:"-"`
}

// BillRunCardDetails describes the saved card as BillRun does.
type BillRunCardDetails struct {
	CreditCard     string   `json:"credit_card" desc:"The card's last four digits"`
	ExpirationDate string   `json:"expiration_date" desc:"Expiry month then four-digit year, unpadded: 42030, 122030"`
	Params         []string `json:"params" desc:"Additional gateway parameters; none for Stripe"`
}

// BillRunFailure is every BillRun failure: status 0, the reason in desc and
// in details.message.
type BillRunFailure struct {
	Status  int                   `json:"status"`
	Desc    string                `json:"desc"`
	Details BillRunFailureDetails `json:"details"`
}

// BillRunFailureDetails holds the failure message.
type BillRunFailureDetails struct {
	Message string `json:"message"`
}
