package stripev1

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"paygate/store"
)

// DemoConfirmationURL is where the demo company's customers land after
// paying.
const DemoConfirmationURL = "https://example.org/booking/confirmed"

// demoArticles is the demo company's catalog, in SEK with VAT included.
var demoArticles = []store.Article{
	{ArticleID: 1, ArticleTypeID: 1, Name: "Massage 60 min", UnitPrice: 50000, VATRateBP: 2500, Currency: "SEK"},
	{ArticleID: 2, ArticleTypeID: 1, Name: "Hot stones add-on", UnitPrice: 15000, VATRateBP: 2500, Currency: "SEK"},
	{ArticleID: 3, ArticleTypeID: 5, Name: "Gift card 500 SEK", UnitPrice: 50000, VATRateBP: 0, Currency: "SEK"},
}

// SeedDemo gives company, which must exist, enabled Stripe Checkout 1.0
// payment settings on the platform account (SEK, DemoConfirmationURL) and
// the demo catalog. Running it again restores the same state.
func SeedDemo(ctx context.Context, db Store, company uuid.UUID) error {
	if _, err := db.Company(ctx, company); err != nil {
		return fmt.Errorf("stripev1: seed demo: company %s: %w", company, err)
	}
	err := db.PutPaymentSettings(ctx, store.PaymentSettings{
		CompanyID:              company,
		Enabled:                true,
		Provider:               store.ProviderStripeCheckoutV1,
		Currency:               "SEK",
		DefaultConfirmationURL: DemoConfirmationURL,
	})
	if err != nil {
		return fmt.Errorf("stripev1: seed demo: %w", err)
	}
	for _, a := range demoArticles {
		a.CompanyID = company
		if err := db.PutArticle(ctx, a); err != nil {
			return fmt.Errorf("stripev1: seed demo: %w", err)
		}
	}
	return nil
}

// DemoCurl returns a curl command line that creates a hosted checkout for
// the demo company's massage and add-on at a server reachable at baseURL
// (public URL and mount prefix).
func DemoCurl(baseURL string, company uuid.UUID) string {
	body := fmt.Sprintf(`{"CompanyId":"%s","CountryCode":"SE","Articles":[{"ArticleId":1,"ArticleTypeId":1,"Quantity":1},`+
		`{"ArticleId":2,"ArticleTypeId":1,"Quantity":1}],"InternalReferenceId":"demo-booking-1","UiMode":"hosted"}`, company)
	return fmt.Sprintf("curl -sS -X POST %s/payment/stripe/v1/checkout -H 'Content-Type: application/json' -d '%s'",
		strings.TrimRight(baseURL, "/"), body)
}
