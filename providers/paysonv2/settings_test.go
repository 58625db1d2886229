package paysonv2_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"paygate/providers/payson/sandbox"
	"paygate/providers/paysonv2"
	"paygate/store"
)

type settingsResponse struct {
	CompanyId         uuid.UUID
	SecurityUserId    string
	SecurityPassword  string
	ReceiverEmail     string
	ReceiverFirstname string
	ReceiverLastname  string
}

func TestAPISettings(t *testing.T) {
	e := newEnv(t, envOptions{})
	const key = "9f8e7d6c-5b4a-4321-8765-43210fedcba9"
	add := `{"SecurityUserId":" 4 ","SecurityPassword":"` + key + `","ReceiverEmail":"kassa@salon.example","ReceiverFirstname":"Ada","ReceiverLastname":"Lind"}`
	r := e.call("POST", "/payment/payson/apisettings", "admin-a", "", add)
	want := settingsResponse{CompanyId: companyA, SecurityUserId: "4", SecurityPassword: "****cba9",
		ReceiverEmail: "kassa@salon.example", ReceiverFirstname: "Ada", ReceiverLastname: "Lind"}
	if got := decode[settingsResponse](t, r); r.Status != http.StatusOK || got != want {
		t.Fatalf("add: %d %s", r.Status, r.Body)
	}
	for _, token := range []string{"admin-a", "reader-a"} {
		r := e.call("GET", "/payment/payson/apisettings", token, "", "")
		if got := decode[settingsResponse](t, r); r.Status != http.StatusOK || got != want {
			t.Errorf("get as %s: %d %s", token, r.Status, r.Body)
		}
	}
	r = e.call("GET", "/payment/payson/apisettings?CompanyId="+companyA.String(), "super", "", "")
	if got := decode[settingsResponse](t, r); r.Status != http.StatusOK || got != want {
		t.Errorf("get as superadmin: %d %s", r.Status, r.Body)
	}
	stored, err := e.db.PaysonSettings(context.Background(), companyA)
	if err != nil || stored.APIKey != key || stored.AgentID != "4" {
		t.Errorf("stored %v, %v", stored, err)
	}
	if strings.Contains(e.logs.String(), key) {
		t.Error("the API key is in the log")
	}
	// Checkouts are now made with the new key, which the sandbox does not
	// know.
	r = e.call("POST", "/payment/payson/v2/checkout", "", "", createBody("booking-s"))
	if r.Status != http.StatusBadGateway {
		t.Errorf("create with the new, unknown key: %d %s", r.Status, r.Body)
	}
}

func TestAPISettingsRefusals(t *testing.T) {
	e := newEnv(t, envOptions{})
	ok := `{"SecurityUserId":"4","SecurityPassword":"k-1234567890"}`
	for _, c := range []struct {
		name, method, path, token, body string
		status                          int
		field                           string
	}{
		{"get anonymous", "GET", "/payment/payson/apisettings", "", "", 401, ""},
		{"get without role", "GET", "/payment/payson/apisettings", "staff-a", "", 403, ""},
		{"get another company", "GET", "/payment/payson/apisettings?CompanyId=" + companyA.String(), "admin-b", "", 403, ""},
		{"get unconfigured", "GET", "/payment/payson/apisettings?CompanyId=" + companyC.String(), "super", "", 404, ""},
		{"add anonymous", "POST", "/payment/payson/apisettings", "", ok, 401, ""},
		{"add with read role", "POST", "/payment/payson/apisettings", "reader-a", ok, 403, ""},
		{"add for another company", "POST", "/payment/payson/apisettings", "admin-b", `{"CompanyId":"` + companyA.String() + `","SecurityUserId":"4","SecurityPassword":"k"}`, 403, ""},
		{"add for unknown company", "POST", "/payment/payson/apisettings", "super", `{"CompanyId":"` + uuid.NewString() + `","SecurityUserId":"4","SecurityPassword":"k"}`, 404, "CompanyId"},
		{"add without company", "POST", "/payment/payson/apisettings", "super", ok, 400, "CompanyId"},
		{"no agent", "POST", "/payment/payson/apisettings", "admin-a", `{"SecurityPassword":"k"}`, 400, "SecurityUserId"},
		{"blank key", "POST", "/payment/payson/apisettings", "admin-a", `{"SecurityUserId":"4","SecurityPassword":"   "}`, 400, "SecurityPassword"},
		{"bad email", "POST", "/payment/payson/apisettings", "admin-a", `{"SecurityUserId":"4","SecurityPassword":"k","ReceiverEmail":"nobody"}`, 400, "ReceiverEmail"},
		{"agent too long", "POST", "/payment/payson/apisettings", "admin-a", `{"SecurityUserId":"` + strings.Repeat("4", 101) + `","SecurityPassword":"k"}`, 400, "SecurityUserId"},
		{"malformed", "POST", "/payment/payson/apisettings", "admin-a", `{"SecurityUserId":4`, 400, ""},
	} {
		r := e.call(c.method, c.path, c.token, "", c.body)
		if r.Status != c.status {
			t.Errorf("%s: %d, want %d: %s", c.name, r.Status, c.status, r.Body)
			continue
		}
		if c.field != "" && !slices.Contains(errOf(t, r).Fields(), c.field) {
			t.Errorf("%s: fields %v, want %s", c.name, errOf(t, r).Fields(), c.field)
		}
	}
	// None of the refusals touched company A's settings.
	stored, err := e.db.PaysonSettings(context.Background(), companyA)
	if err != nil || stored.APIKey != sandbox.DemoAPIKey {
		t.Errorf("company A's settings: %v, %v", stored, err)
	}
}

func TestSeedDemo(t *testing.T) {
	e := newEnv(t, envOptions{})
	ctx := context.Background()
	for range 2 {
		if err := paysonv2.SeedDemo(ctx, e.db, companyC, sandbox.DemoAgentID, sandbox.DemoAPIKey); err != nil {
			t.Fatal(err)
		}
	}
	got, err := e.db.PaysonSettings(ctx, companyC)
	if err != nil || got.AgentID != sandbox.DemoAgentID || got.APIKey != sandbox.DemoAPIKey {
		t.Fatalf("seeded %v, %v", got, err)
	}
	// The seeded company can take payments straight away.
	body := strings.NewReplacer(companyA.String(), companyC.String(), `"Quantity":2},{"ArticleId":2,"ArticleTypeId":1,"Quantity":1}`, `"Quantity":1}`).Replace(createBody("order-1"))
	if co := e.create(body); co.Status != "Created" {
		t.Errorf("create for the seeded company: %+v", co)
	}
	if err := paysonv2.SeedDemo(ctx, e.db, uuid.New(), "4", "k"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("seeding an unknown company: %v", err)
	}
	if err := paysonv2.SeedDemo(ctx, e.db, companyC, "", "k"); err == nil {
		t.Error("seeding without an agent id succeeded")
	}
}
