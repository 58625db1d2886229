package sandbox

import (
	"fmt"
	"math"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"paygate/providers/payson"
)

// problems collects field errors so that one answer names them all.
type problems []payson.FieldError

func (p *problems) add(property, format string, args ...any) {
	*p = append(*p, payson.FieldError{Property: property, Message: fmt.Sprintf(format, args...)})
}

func (p *problems) maxLen(property, v string, n int) {
	if utf8.RuneCountInString(v) > n {
		p.add(property, "%s can be at most %d characters.", property, n)
	}
}

// uri checks a merchant address: Payson needs an absolute http(s) URI it can
// call or send the customer to.
func (p *problems) uri(property, v string, required bool) {
	if v == "" {
		if required {
			p.add(property, "%s is required.", property)
		}
		return
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(v) > 2000 {
		p.add(property, "%s must be an absolute http or https URI of at most 2000 characters.", property)
	}
}

func checkMerchant(m *payson.Merchant, p *problems) {
	p.uri("merchant.checkoutUri", m.CheckoutURI, true)
	p.uri("merchant.confirmationUri", m.ConfirmationURI, true)
	p.uri("merchant.notificationUri", m.NotificationURI, true)
	p.uri("merchant.termsUri", m.TermsURI, true)
	p.uri("merchant.validationUri", m.ValidationURI, false)
	p.maxLen("merchant.integrationInfo", m.IntegrationInfo, 100)
	p.maxLen("merchant.partnerId", m.PartnerID, 100)
	p.maxLen("merchant.reference", m.Reference, 100)
}

// maxLineCents bounds a line's total so money arithmetic stays exact in
// float64 and far from int64's limits.
const maxLineCents = 1e15

// checkOrder validates o and brings its enums to their canonical spelling.
// Totals and item ids are not its business.
func checkOrder(o *payson.Order, p *problems) {
	switch c := payson.Currency(strings.ToUpper(string(o.Currency))); c {
	case payson.CurrencySEK, payson.CurrencyEUR:
		o.Currency = c
	case "":
		p.add("order.currency", "order.currency is required.")
	default:
		p.add("order.currency", "order.currency must be SEK or EUR.")
	}
	if len(o.Items) == 0 {
		p.add("order.items", "order.items must contain at least one item.")
		return
	}
	for i := range o.Items {
		checkItem(&o.Items[i], fmt.Sprintf("order.items[%d]", i), p)
	}
}

func checkItem(it *payson.OrderItem, prefix string, p *problems) {
	prop := func(name string) string { return prefix + "." + name }
	if strings.TrimSpace(it.Name) == "" {
		p.add(prop("name"), "%s is required.", prop("name"))
	}
	p.maxLen(prop("name"), it.Name, 200)
	p.maxLen(prop("reference"), it.Reference, 100)
	if !(it.Quantity > 0) || math.IsInf(it.Quantity, 0) {
		p.add(prop("quantity"), "%s must be greater than zero.", prop("quantity"))
	}
	if !(it.TaxRate >= 0 && it.TaxRate <= 1) {
		p.add(prop("taxRate"), "%s must be between 0 and 1.", prop("taxRate"))
	}
	if !(it.DiscountRate >= 0 && it.DiscountRate <= 1) {
		p.add(prop("discountRate"), "%s must be between 0 and 1.", prop("discountRate"))
	}
	if math.Abs(float64(it.UnitPrice)*it.Quantity) > maxLineCents {
		p.add(prop("unitPrice"), "%s times quantity is too large.", prop("unitPrice"))
	}
	switch t := payson.ItemType(strings.ToLower(string(it.Type))); t {
	case "":
		it.Type = payson.ItemPhysical
	case payson.ItemPhysical, payson.ItemService, payson.ItemFee:
		it.Type = t
	default:
		p.add(prop("type"), "%s must be physical, service or fee.", prop("type"))
	}
}

// checkGUI validates g and fills in Payson's defaults. Payson's enums are
// case-insensitive ("White" works), so they are compared that way.
func checkGUI(g *payson.GUI, p *problems) {
	g.ColorScheme = payson.ColorScheme(oneOf(p, "gui.colorScheme", string(g.ColorScheme), string(payson.ColorBlue),
		payson.ColorWhite, payson.ColorBlack, payson.ColorBlue, payson.ColorRed, payson.ColorGray))
	g.Locale = payson.Locale(oneOf(p, "gui.locale", string(g.Locale), string(payson.LocaleEnglish),
		payson.LocaleSwedish, "sv", payson.LocaleFinnish, payson.LocaleEnglish))
	g.Verification = payson.Verification(oneOf(p, "gui.verification", string(g.Verification), string(payson.VerificationNone),
		payson.VerificationNone, payson.VerificationBankID))
	for i, c := range g.Countries {
		if len(c) != 2 {
			p.add(fmt.Sprintf("gui.countries[%d]", i), "Countries are two-letter ISO 3166 codes.")
		}
		g.Countries[i] = strings.ToUpper(c)
	}
}

// oneOf returns the allowed value v names (ignoring case), def for "", and
// reports anything else.
func oneOf[T ~string](p *problems, property, v, def string, allowed ...T) string {
	if v == "" {
		return def
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		if strings.EqualFold(v, string(a)) {
			return string(a)
		}
		names[i] = string(a)
	}
	p.add(property, "%s must be one of %s.", property, strings.Join(names, ", "))
	return v
}

func checkCustomer(c *payson.Customer, p *problems) {
	if c.Email != "" && !strings.Contains(c.Email, "@") {
		p.add("customer.email", "customer.email is not an email address.")
	}
	if c.CountryCode != "" && len(c.CountryCode) != 2 {
		p.add("customer.countryCode", "customer.countryCode is a two-letter ISO 3166 code.")
	}
	c.CountryCode = strings.ToUpper(c.CountryCode)
	if c.Type != "" {
		c.Type = oneOf(p, "customer.type", c.Type, "", "person", "business")
	}
}

func checkExpiration(t *payson.Time, now time.Time, p *problems) {
	if t != nil && !t.After(now) {
		p.add("expirationTime", "expirationTime must be in the future.")
	}
}
