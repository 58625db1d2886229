package stripev1

import (
	"context"
	"strconv"
	"strings"

	stripego "github.com/stripe/stripe-go/v76"

	"paygate/providers/stripe"
	"paygate/store"
)

// UI modes of a Checkout Session.
const (
	uiHosted   = "hosted"
	uiEmbedded = "embedded"
)

// sessionRequest is everything a Checkout Session is made from.
type sessionRequest struct {
	checkout        store.StripeCheckout // the row: ids, account, UI mode, lines
	countryCode     string
	confirmationURL string
	cancelURL       string // hosted only
}

// idempotencyKey is the key of the session create for checkout c: one row,
// one session, however often the call is retried.
func idempotencyKey(c store.StripeCheckout) string {
	return stripe.IdempotencyKey("stripev1-checkout", c.PublicID.String())
}

// sessionParams builds the create call for r. Metadata on the session and
// on its PaymentIntent lets every event and payment be traced to the
// payable entity without asking us.
func sessionParams(ctx context.Context, r sessionRequest) *stripego.CheckoutSessionParams {
	c := r.checkout
	meta := map[string]string{
		"CompanyId":           c.CompanyID.String(),
		"InternalReferenceId": c.InternalReferenceID,
		"ArticleTypeId":       strconv.FormatInt(c.ArticleTypeID, 10),
	}
	p := &stripego.CheckoutSessionParams{
		Params:            stripego.Params{Context: ctx},
		Metadata:          meta,
		Mode:              stripego.String(string(stripego.CheckoutSessionModePayment)),
		UIMode:            stripego.String(c.UIMode),
		ClientReferenceID: stripego.String(c.InternalReferenceID),
		Locale:            stripego.String(localeFor(r.countryCode)),
		PaymentIntentData: &stripego.CheckoutSessionPaymentIntentDataParams{Metadata: meta},
	}
	currency := strings.ToLower(c.Currency)
	for _, l := range c.Lines {
		p.LineItems = append(p.LineItems, &stripego.CheckoutSessionLineItemParams{
			PriceData: &stripego.CheckoutSessionLineItemPriceDataParams{
				Currency:    stripego.String(currency),
				UnitAmount:  stripego.Int64(l.UnitPrice),
				TaxBehavior: stripego.String(string(stripego.PriceTaxBehaviorInclusive)),
				ProductData: &stripego.CheckoutSessionLineItemPriceDataProductDataParams{Name: stripego.String(l.Name)},
			},
			Quantity: stripego.Int64(l.Quantity),
		})
	}
	if c.UIMode == uiEmbedded {
		p.ReturnURL = stripego.String(r.confirmationURL)
	} else {
		p.SuccessURL = stripego.String(r.confirmationURL)
		if r.cancelURL != "" {
			p.CancelURL = stripego.String(r.cancelURL)
		}
	}
	// The PaymentIntent's client secret is part of the answer.
	p.AddExpand("payment_intent")
	p.SetIdempotencyKey(idempotencyKey(c))
	stripe.WithAccount(&p.Params, c.StripeAccount)
	return p
}

// locales maps ISO 3166 country codes to the Checkout locale their
// customers most likely read; other countries get "auto" (the browser's).
var locales = map[string]string{
	"SE": "sv", "AX": "sv", "NO": "nb", "SJ": "nb", "DK": "da", "FO": "da", "GL": "da", "FI": "fi",
	"DE": "de", "AT": "de", "LI": "de", "CH": "de",
	"GB": "en-GB", "IE": "en", "US": "en", "CA": "en", "AU": "en", "NZ": "en",
	"FR": "fr", "BE": "fr", "LU": "fr", "MC": "fr", "NL": "nl",
	"ES": "es", "MX": "es-419", "AR": "es-419", "CL": "es-419", "CO": "es-419", "PE": "es-419",
	"IT": "it", "SM": "it", "PT": "pt", "BR": "pt-BR",
	"PL": "pl", "CZ": "cs", "SK": "sk", "SI": "sl", "HR": "hr", "HU": "hu", "RO": "ro", "BG": "bg",
	"GR": "el", "CY": "el", "EE": "et", "LV": "lv", "LT": "lt", "MT": "mt", "TR": "tr", "RU": "ru",
	"JP": "ja", "KR": "ko", "CN": "zh", "HK": "zh-HK", "TW": "zh-TW", "TH": "th", "VN": "vi",
	"ID": "id", "MY": "ms", "PH": "fil",
}

// localeFor returns the Checkout locale for a country code in any case.
func localeFor(country string) string {
	if l, ok := locales[strings.ToUpper(strings.TrimSpace(country))]; ok {
		return l
	}
	return "auto"
}
