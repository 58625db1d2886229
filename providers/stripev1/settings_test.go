package stripev1_test

import (
	"net/http"
	"testing"

	"github.com/google/uuid"

	"paygate/auth"
	"paygate/internal/servertest"
	"paygate/providers/bokamera"
	"paygate/store"
	"paygate/store/storetest"
)

type settingsResponse struct {
	CompanyId              string
	Enabled                bool
	PaymentProviderId      int
	StripeAccount          string
	Currency               string
	DefaultConfirmationUrl string
	PaymentProviderOptions []struct {
		Id                int
		Name, Description string
	}
}

func TestPaymentSettingsLifecycle(t *testing.T) {
	e := newEnv(t, envOptions{})
	company := uuid.New() // a company with a catalog and no settings
	storetest.AddCompany(t, e.db, store.Company{ID: company, Name: "Salong Annan", Currency: "SEK"})
	for _, a := range []store.Article{
		{CompanyID: company, ArticleID: 1, ArticleTypeID: 1, Name: "Massage 60 min", UnitPrice: 50000, VATRateBP: 2500, Currency: "SEK"},
		{CompanyID: company, ArticleID: 2, ArticleTypeID: 1, Name: "Hot stones add-on", UnitPrice: 15000, VATRateBP: 2500, Currency: "SEK"},
	} {
		if err := e.db.PutArticle(t.Context(), a); err != nil {
			t.Fatal(err)
		}
	}
	writer := []string{"Authorization", e.bearer(bokamera.RoleAdminWrite, company)}
	reader := []string{"Authorization", e.bearer(bokamera.RoleAdminRead, company)}

	servertest.WantError(t, e.do(http.MethodGet, "/payment/settings", "", "", reader...), http.StatusNotFound, "NotFound")

	added := servertest.Decode[settingsResponse](t, e.postJSON("/payment/settings",
		`{"Enabled":true,"PaymentProviderId":1,"StripeAccount":"acct_1Annan","Currency":"sek","DefaultConfirmationUrl":"https://annan.example.org/tack"}`,
		writer...), http.StatusOK)
	if added.CompanyId != company.String() || !added.Enabled || added.PaymentProviderId != 1 || added.StripeAccount != "acct_1Annan" ||
		added.Currency != "SEK" || added.DefaultConfirmationUrl != "https://annan.example.org/tack" {
		t.Errorf("added %+v", added)
	}
	servertest.WantError(t, e.postJSON("/payment/settings", `{"PaymentProviderId":1}`, writer...), http.StatusConflict, "AlreadyExists")

	got := servertest.Decode[settingsResponse](t, e.do(http.MethodGet, "/payment/settings?IncludePaymentProviderOptions=true", "", "", reader...), http.StatusOK)
	if got.StripeAccount != "acct_1Annan" || len(got.PaymentProviderOptions) != 2 || got.PaymentProviderOptions[0].Name != "Stripe Checkout 1.0" {
		t.Errorf("read %+v", got)
	}

	// PUT changes what it names and keeps the rest; an empty string clears.
	upd := servertest.Decode[settingsResponse](t, e.do(http.MethodPut, "/payment/settings/", "application/json",
		`{"Enabled":false,"StripeAccount":""}`, writer...), http.StatusOK)
	if upd.Enabled || upd.StripeAccount != "" || upd.Currency != "SEK" || upd.PaymentProviderId != 1 {
		t.Errorf("updated %+v", upd)
	}
	set, err := e.db.PaymentSettings(t.Context(), company)
	if err != nil || set.Enabled || set.StripeAccount != "" || set.DefaultConfirmationURL != "https://annan.example.org/tack" {
		t.Errorf("stored %+v, %v", set, err)
	}

	// The checkout follows the settings.
	c := e.massage("booking-7001")
	c.CompanyId = company.String()
	servertest.WantError(t, e.postJSON("/payment/stripe/v1/checkout", c), http.StatusBadRequest, "PaymentSettingsMissing", "CompanyId")
	servertest.Decode[settingsResponse](t, e.do(http.MethodPut, "/payment/settings", "application/json", `{"Enabled":true,"StripeAccount":"acct_1Igen"}`, writer...), http.StatusOK)
	if got := e.create(c); got.StripeAccount != "acct_1Igen" {
		t.Errorf("checkout on %q", got.StripeAccount)
	}
}

func TestPaymentSettingsRefuses(t *testing.T) {
	e := newEnv(t, envOptions{})
	other := e.otherCompany(t)
	writer := e.bearer(bokamera.RoleAdminWrite, e.company)
	super := e.bearer(auth.RoleSuperAdmin, uuid.Nil)
	tests := []struct {
		name, method, path, body, token string
		status                          int
		code                            string
		fields                          []string
	}{
		{"anonymous read", "GET", "/payment/settings", "", "", 401, "Unauthorized", nil},
		{"customer read", "GET", "/payment/settings", "", e.bearer("customer", e.company), 403, "Forbidden", nil},
		{"reader writes", "PUT", "/payment/settings", `{"Enabled":false}`, e.bearer(bokamera.RoleAdminRead, e.company), 403, "Forbidden", nil},
		{"another company", "GET", "/payment/settings?CompanyId=" + other.String(), "", writer, 403, "Forbidden", nil},
		{"unknown provider", "PUT", "/payment/settings", `{"PaymentProviderId":9}`, writer, 400, "Enum", []string{"PaymentProviderId"}},
		{"no provider", "POST", "/payment/settings", `{"CompanyId":"` + uuid.NewString() + `","Enabled":true}`, super, 400, "NotEmpty", []string{"PaymentProviderId"}},
		{"bad account", "PUT", "/payment/settings", `{"StripeAccount":"sk_live_oops"}`, writer, 400, "RegularExpression", []string{"StripeAccount"}},
		{"bad currency", "PUT", "/payment/settings", `{"Currency":"kr"}`, writer, 400, "RegularExpression", []string{"Currency"}},
		{"bad url", "PUT", "/payment/settings", `{"DefaultConfirmationUrl":"ftp://x"}`, writer, 400, "RegularExpression", []string{"DefaultConfirmationUrl"}},
		{"several at once", "PUT", "/payment/settings", `{"Currency":"kr1","StripeAccount":"acct_"}`, writer, 400, "RegularExpression", []string{"Currency", "StripeAccount"}},
		{"unknown company", "POST", "/payment/settings", `{"CompanyId":"` + uuid.NewString() + `","PaymentProviderId":1}`, super, 404, "NotFound", nil},
		{"no settings to update", "PUT", "/payment/settings", `{"CompanyId":"` + uuid.NewString() + `","Enabled":true}`, super, 404, "NotFound", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h []string
			if tt.token != "" {
				h = []string{"Authorization", tt.token}
			}
			ct := ""
			if tt.body != "" {
				ct = "application/json"
			}
			servertest.WantError(t, e.do(tt.method, tt.path, ct, tt.body, h...), tt.status, tt.code, tt.fields...)
		})
	}
	set, err := e.db.PaymentSettings(t.Context(), e.company)
	if err != nil || !set.Enabled || set.Provider != store.ProviderStripeCheckoutV1 || set.Currency != "SEK" || set.StripeAccount != "" {
		t.Errorf("refused requests changed the settings: %+v, %v", set, err)
	}

	// A superadmin acts for any company.
	got := servertest.Decode[settingsResponse](t, e.do(http.MethodGet, "/payment/settings?CompanyId="+other.String(), "", "", "Authorization", super), http.StatusOK)
	if got.CompanyId != other.String() {
		t.Errorf("%+v", got)
	}
}

// TestMethodOverride: a POST carrying X-Http-Method-Override runs the
// operation of the verb it names, as a classic ServiceStack host does
// (ServiceStack/src/ServiceStack/HttpRequestExtensions.cs,
// GetHttpMethodOverride, at commit 1d95209be7719f1bf3f87dabc92cee7027a29abe:
// only a POST, from the header, else the form, else the query string; the
// values GET and POST are ignored). UpdatePaymentSettings answers 200 where
// AddPaymentSettings would answer 409 AlreadyExists.
func TestMethodOverride(t *testing.T) {
	e := newEnv(t, envOptions{})
	writer := e.admin()
	put := func(r reply, want bool) {
		t.Helper()
		got := servertest.Decode[settingsResponse](t, r, http.StatusOK)
		if got.Enabled != want {
			t.Errorf("Enabled %v after %s", got.Enabled, r)
		}
	}
	put(e.do(http.MethodPost, "/payment/settings/", "application/json", `{"Enabled":false}`,
		append([]string{"X-Http-Method-Override", "PUT"}, writer...)...), false)
	put(e.do(http.MethodPost, "/payment/settings/", "application/x-www-form-urlencoded",
		"Enabled=true&X-Http-Method-Override=PUT", writer...), true)
	put(e.do(http.MethodPost, "/payment/settings/?x-http-method-override=put", "application/json", `{"Enabled":false}`, writer...), false)
	// The header wins over the form, the form over the query string.
	servertest.WantError(t, e.do(http.MethodPost, "/payment/settings/?X-Http-Method-Override=PUT", "application/x-www-form-urlencoded",
		"Enabled=true&X-Http-Method-Override=DELETE", writer...), http.StatusNotFound, "NotFound")
	for _, ignored := range []string{"GET", "POST", "post", "P U T"} {
		servertest.WantError(t, e.do(http.MethodPost, "/payment/settings/", "application/json", `{"PaymentProviderId":1}`,
			append([]string{"X-Http-Method-Override", ignored}, writer...)...), http.StatusConflict, "AlreadyExists")
	}
	// Only a POST is overridden: a GET stays a read, whatever it says.
	got := servertest.Decode[settingsResponse](t, e.do(http.MethodGet, "/payment/settings?X-Http-Method-Override=PUT&Enabled=true", "", "",
		append([]string{"X-Http-Method-Override", "PUT"}, writer...)...), http.StatusOK)
	if got.Enabled {
		t.Errorf("a GET changed the settings: %+v", got)
	}
	// Authorization follows the verb in effect: the read role may read but
	// not update through an override.
	reader := []string{"Authorization", e.bearer(bokamera.RoleAdminRead, e.company)}
	servertest.WantError(t, e.do(http.MethodPost, "/payment/settings/", "application/json", `{"Enabled":true}`,
		append([]string{"X-Http-Method-Override", "PUT"}, reader...)...), http.StatusForbidden, "Forbidden")
}
