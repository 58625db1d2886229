package paysonv2

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/dto"
	"paygate/money"
	"paygate/providers/payson"
	"paygate/store"
)

// pricedOrder is what a checkout charges, priced from the company's catalog,
// never by the caller.
type pricedOrder struct {
	order payson.Order
	total int64 // minor units, VAT included
}

// priceOrder builds the Payson order for articles. Every problem is
// reported at once, naming the article it is about.
func (s *service) priceOrder(ctx context.Context, company uuid.UUID, articles []dto.ArticleToCreate) (pricedOrder, error) {
	var p pricedOrder
	var fields []apierr.FieldError
	bad := func(i int, member, code, msg string) {
		fields = append(fields, apierr.FieldError{Code: code, Field: fmt.Sprintf("Articles[%d]%s", i, member), Message: msg})
	}
	for i, line := range articles {
		a, err := s.db.Article(ctx, company, int64(line.ArticleId), int64(line.ArticleTypeId))
		if errors.Is(err, store.ErrNotFound) {
			bad(i, ".ArticleId", "NotFound", fmt.Sprintf("Article %d of type %d is not in the company's catalog.", line.ArticleId, line.ArticleTypeId))
			continue
		}
		if err != nil {
			return pricedOrder{}, err
		}
		cur := payson.Currency(strings.ToUpper(a.Currency))
		switch {
		case cur != payson.CurrencySEK && cur != payson.CurrencyEUR:
			bad(i, "", "PaysonCurrency", fmt.Sprintf("Article %d is priced in %s; Payson takes SEK and EUR only.", line.ArticleId, a.Currency))
			continue
		case p.order.Currency == "":
			p.order.Currency = cur
		case p.order.Currency != cur:
			bad(i, "", "CurrencyMismatch", fmt.Sprintf("Article %d is priced in %s, the articles before it in %s; a checkout has one currency.", line.ArticleId, cur, p.order.Currency))
			continue
		}
		total, err := money.AddMul(p.total, a.UnitPrice, int64(line.Quantity))
		if err != nil {
			bad(i, ".Quantity", "LessThanOrEqual", fmt.Sprintf("The quantity of article %d makes the total too large.", line.ArticleId))
			continue
		}
		p.total = total
		p.order.Items = append(p.order.Items, payson.OrderItem{
			Name:      a.Name,
			UnitPrice: payson.Amount(a.UnitPrice), // SEK and EUR have hundredths as minor units
			Quantity:  float64(line.Quantity),
			TaxRate:   float64(a.VATRateBP) / 10000,
			Reference: strconv.FormatInt(a.ArticleID, 10),
			Type:      payson.ItemService,
		})
	}
	if len(fields) > 0 {
		return pricedOrder{}, apierr.Validation(fields...)
	}
	if p.total <= 0 {
		return pricedOrder{}, apierr.Invalid("Articles", "GreaterThan", "The articles total nothing; Payson takes payments of more than 0.")
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
