package bokamera_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/dto"
	"paygate/providers/bokamera"
	"paygate/store"
	"paygate/store/storetest"
)

// catalog is a company of three articles on a real store: two in SEK, one
// in USD.
func catalog(t *testing.T) (*store.DB, uuid.UUID) {
	t.Helper()
	db := storetest.Open(t)
	company := uuid.New()
	storetest.AddCompany(t, db, store.Company{ID: company, Name: "Salon", Currency: "SEK"})
	for _, a := range []store.Article{
		{CompanyID: company, ArticleID: 1, ArticleTypeID: 1, Name: "Haircut", UnitPrice: 45000, VATRateBP: 2500, Currency: "sek"},
		{CompanyID: company, ArticleID: 2, ArticleTypeID: 1, Name: "Wash", UnitPrice: 10000, VATRateBP: 2500, Currency: "SEK"},
		{CompanyID: company, ArticleID: 3, ArticleTypeID: 1, Name: "Import", UnitPrice: 5000, VATRateBP: 0, Currency: "USD"},
		{CompanyID: company, ArticleID: 4, ArticleTypeID: 1, Name: "Free", UnitPrice: 0, VATRateBP: 0, Currency: "SEK"},
	} {
		if err := db.PutArticle(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	return db, company
}

func lines(ids ...[3]int) []dto.ArticleToCreate {
	var out []dto.ArticleToCreate
	for _, l := range ids {
		out = append(out, dto.ArticleToCreate{ArticleId: l[0], ArticleTypeId: l[1], Quantity: l[2]})
	}
	return out
}

func TestPrice(t *testing.T) {
	db, company := catalog(t)
	o, err := bokamera.Price(context.Background(), db, company, bokamera.Rules{Provider: "Stripe"}, lines([3]int{1, 1, 2}, [3]int{2, 1, 1}))
	if err != nil {
		t.Fatal(err)
	}
	if o.Currency != "SEK" || o.Total != 100000 || len(o.Lines) != 2 ||
		o.Lines[0] != (store.CheckoutLine{ArticleID: 1, ArticleTypeID: 1, Name: "Haircut", UnitPrice: 45000, VATRateBP: 2500, Quantity: 2}) {
		t.Errorf("order = %+v", o)
	}
}

// Each mistake is answered the same whichever provider's rules apply;
// what the rules add is named after the provider.
func TestPriceRefusals(t *testing.T) {
	db, company := catalog(t)
	stripe := bokamera.Rules{Provider: "Stripe", Currency: "SEK", MaxAmount: 99_999_999}
	payson := bokamera.Rules{Provider: "Payson", Currencies: []string{"SEK", "EUR"}}
	for _, tc := range []struct {
		name     string
		rules    bokamera.Rules
		articles []dto.ArticleToCreate
		code     string
		fields   []string
		message  string
	}{
		{"missing article", payson, lines([3]int{1, 1, 1}, [3]int{9, 1, 1}), "ArticleNotFound", []string{"Articles[1].ArticleId"}, "not in the company's catalog"},
		{"article of another type", stripe, lines([3]int{1, 2, 1}), "ArticleNotFound", []string{"Articles[0].ArticleId"}, "not in the company's catalog"},
		{"mixed currencies", bokamera.Rules{Provider: "Stripe"}, lines([3]int{1, 1, 1}, [3]int{3, 1, 1}), "CurrencyMismatch", []string{"Articles[1].ArticleId"}, "Articles[0] is in SEK"},
		{"not the company's currency", stripe, lines([3]int{3, 1, 1}), "CurrencyMismatch", []string{"Articles[0].ArticleId"}, "the company takes payments in SEK"},
		{"a currency the provider lacks", payson, lines([3]int{3, 1, 1}), "PaysonCurrency", []string{"Articles[0].ArticleId"}, "Payson takes SEK and EUR only"},
		{"beyond the provider's limit", stripe, lines([3]int{1, 1, 300_000}), "LessThanOrEqual", []string{"Articles[0].Quantity"}, "the most Stripe charges"},
		{"overflow without a limit", payson, lines([3]int{2, 1, 1}, [3]int{1, 1, 1 << 62}), "LessThanOrEqual", []string{"Articles[1].Quantity"}, "too large"},
		{"every line reported", payson, lines([3]int{9, 1, 1}, [3]int{3, 1, 1}), "ArticleNotFound", []string{"Articles[0].ArticleId", "Articles[1].ArticleId"}, ""},
		{"nothing to pay", payson, lines([3]int{4, 1, 3}), "GreaterThan", []string{"Articles"}, "nothing to pay"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := bokamera.Price(context.Background(), db, company, tc.rules, tc.articles)
			e := apierr.From(err)
			if err == nil || e.Status != http.StatusBadRequest || e.Code != tc.code || !strings.Contains(e.Message, tc.message) {
				t.Fatalf("err = %v (%d %s)", err, e.Status, e.Code)
			}
			var got []string
			for _, f := range e.Fields {
				got = append(got, f.Field)
			}
			if strings.Join(got, ",") != strings.Join(tc.fields, ",") {
				t.Errorf("fields = %v, want %v", got, tc.fields)
			}
		})
	}
}
