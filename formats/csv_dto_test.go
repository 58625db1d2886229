package formats_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/uuid"

	"paygate/dto"
	"paygate/formats"
)

// TestCSVResponsesWithLists holds the CSV of every response type paygate
// serves that has a list member to a golden file. Which rows CsvSerializer
// writes depends on whether the type is a [DataContract]
// (CsvSerializer<T>.GetWriteFn, ServiceStack.Text/src/ServiceStack.Text/
// CsvSerializer.cs at ServiceStack commit
// 1d95209be7719f1bf3f87dabc92cee7027a29abe): BokaMera's POCO responses are
// one row of all their members, the list JSV-encoded in a quoted cell;
// ServiceStack's own AuthenticateResponse is a DataContract, written as
// the rows of its first collection, Roles.
func TestCSVResponsesWithLists(t *testing.T) {
	company := uuid.MustParse("5b3d2f1e-0000-4000-8000-000000000001")
	tests := []struct {
		name string
		v    any
	}{
		{"PaymentSettingsQueryResponse", &dto.PaymentSettingsQueryResponse{
			CompanyId: company, Enabled: true, PaymentProviderId: 1, Currency: "SEK",
			PaymentProviderOptions: []dto.PaymentProviderOption{
				{Id: 1, Name: "Stripe", Description: "Card, Klarna"},
				{Id: 2, Name: "Payson", Description: "{Checkout 2.0}"},
			},
		}},
		{"StripeWebhookResponse", &dto.StripeWebhookResponse{
			Id: "we_1", Events: []string{"checkout.session.completed", "charge.refunded"}, Url: "https://pay.example/cb?a=1,2",
		}},
		{"AuthenticateResponse", &dto.AuthenticateResponse{
			UserId: "42", SessionId: "s1", UserName: "admin@example.com", DisplayName: "Admin",
			Roles: []string{"bookingsupplier-administrator-write", "superadmin"}, Permissions: []string{"read"},
		}},
		{"AuthenticateResponse_no_roles", &dto.AuthenticateResponse{UserId: "42", UserName: "u"}},
		{"AuthenticateResponse_error", &dto.AuthenticateResponse{ResponseStatus: &dto.ResponseStatus{
			ErrorCode: "Unauthorized", Message: "Not authenticated", Errors: []dto.ResponseError{},
		}}},
	}
	c := formats.NewCodecs(&formats.Plans{})
	update := flag.Lookup("update").Value.(flag.Getter).Get().(bool)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := c.Marshal(&buf, formats.CSV, tt.v, formats.Options{}); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "csv", "dto", tt.name+".csv")
			if update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test -update writes it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs:\n got %q\nwant %q", path, buf.Bytes(), want)
			}
		})
	}
}
