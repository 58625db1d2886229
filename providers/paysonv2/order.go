package paysonv2

import (
	"context"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/dto"
	"paygate/providers/bokamera"
	"paygate/providers/payson"
)

// pricedOrder is what a checkout charges, priced from the company's catalog,
// never by the caller.
type pricedOrder struct {
	order payson.Order
	total int64 // minor units, VAT included
}

// priceOrder builds the Payson order for articles. Payson takes SEK and
// EUR, whose minor units are hundredths as its amounts are.
func (s *service) priceOrder(ctx context.Context, company uuid.UUID, articles []dto.ArticleToCreate) (pricedOrder, error) {
	rules := bokamera.Rules{Provider: "Payson", Currencies: []string{string(payson.CurrencySEK), string(payson.CurrencyEUR)}}
	o, err := bokamera.Price(ctx, s.db, company, rules, articles)
	if err != nil {
		return pricedOrder{}, err
	}
	p := pricedOrder{order: payson.Order{Currency: payson.Currency(o.Currency)}, total: o.Total}
	for _, l := range o.Lines {
		p.order.Items = append(p.order.Items, payson.OrderItem{
			Name:      l.Name,
			UnitPrice: payson.Amount(l.UnitPrice),
			Quantity:  float64(l.Quantity),
			TaxRate:   float64(l.VATRateBP) / 10000,
			Reference: strconv.FormatInt(l.ArticleID, 10),
			Type:      payson.ItemService,
		})
	}
	return p, nil
}

// countryCode checks and normalises the checkout's country.
func countryCode(c string) (string, error) {
	c = strings.ToUpper(strings.TrimSpace(c))
	if len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
		return "", apierr.Invalid("CountryCode", "RegularExpression", "'Country Code' must be a two-letter ISO 3166 code such as SE.")
	}
	return c, nil
}

// locale picks the language of Payson's checkout page. Payson speaks
// Swedish, Finnish and English; Danish and Norwegian customers get English.
// Without a language the country decides.
func locale(language, country string) payson.Locale {
	switch language {
	case "sv":
		return payson.LocaleSwedish
	case "fi":
		return payson.LocaleFinnish
	case "":
		switch country {
		case "SE":
			return payson.LocaleSwedish
		case "FI":
			return payson.LocaleFinnish
		}
	}
	return payson.LocaleEnglish
}
