package auth_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/auth"
	"paygate/dto"
)

func TestScopeCompany(t *testing.T) {
	mine := testCompany
	other := uuid.MustParse("11111111-2222-3333-4444-555555555555")
	admin := &auth.Principal{UserID: "a", CompanyID: mine, Roles: []string{"bookingsupplier-administrator-write"}}
	super := &auth.Principal{UserID: "s", CompanyID: mine, Roles: []string{"superadmin"}}
	superNoCompany := &auth.Principal{UserID: "s", Roles: []string{"superadmin"}}
	ptr := func(id uuid.UUID) *uuid.UUID { return &id }

	for _, tc := range []struct {
		name    string
		caller  *auth.Principal
		asked   *uuid.UUID
		enforce bool
		want    *uuid.UUID // the CompanyId after scoping
		refused bool
	}{
		{"empty becomes caller's", admin, nil, true, ptr(mine), false},
		{"nil Guid becomes caller's", admin, ptr(uuid.Nil), true, ptr(mine), false},
		{"own company", admin, ptr(mine), true, ptr(mine), false},
		{"other company refused", admin, ptr(other), true, nil, true},
		{"other company on an open operation", admin, ptr(other), false, ptr(other), false},
		{"empty on an open operation still defaults", admin, nil, false, ptr(mine), false},
		{"anonymous keeps empty", nil, nil, false, nil, false},
		{"anonymous keeps what it sent", nil, ptr(other), false, ptr(other), false},
		{"superadmin any company", super, ptr(other), true, ptr(other), false},
		{"superadmin empty defaults", super, nil, true, ptr(mine), false},
		{"superadmin without company keeps empty", superNoCompany, nil, true, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := &dto.SendCheckoutPaymentRequest{CompanyId: tc.asked}
			ctx := context.Background()
			if tc.caller != nil {
				ctx = auth.WithPrincipal(ctx, tc.caller)
			}
			err := auth.ScopeCompany(ctx, req, tc.enforce)
			if tc.refused {
				e := apierr.From(err)
				if err == nil || e.Status != http.StatusForbidden || e.Code != "Forbidden" || e.Message != auth.MsgForbiddenCompany {
					t.Fatalf("err = %v, want 403 Forbidden", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (req.CompanyId == nil) != (tc.want == nil) || (tc.want != nil && *req.CompanyId != *tc.want) {
				t.Errorf("CompanyId = %v, want %v", req.CompanyId, tc.want)
			}
		})
	}
}

// The refusal reads the same whether the other company exists or not:
// ScopeCompany never looks it up, so it cannot tell.
func TestScopeCompanyRevealsNothing(t *testing.T) {
	caller := auth.WithPrincipal(context.Background(), &auth.Principal{CompanyID: testCompany, Roles: []string{"r"}})
	a := auth.ScopeCompany(caller, &dto.SendCheckoutPaymentRequest{CompanyId: &uuid.UUID{1}}, true)
	b := auth.ScopeCompany(caller, &dto.SendCheckoutPaymentRequest{CompanyId: &uuid.UUID{2}}, true)
	if a == nil || b == nil || a.Error() != b.Error() {
		t.Errorf("refusals differ: %v / %v", a, b)
	}
}

type notCompanyScoped struct{ CompanyId *uuid.UUID }

func TestScopeCompanyIgnoresOtherRequests(t *testing.T) {
	ctx := auth.WithPrincipal(context.Background(), &auth.Principal{CompanyID: testCompany})
	req := &notCompanyScoped{}
	if err := auth.ScopeCompany(ctx, req, true); err != nil || req.CompanyId != nil {
		t.Errorf("non-ICompany request touched: %v, %v", req.CompanyId, err)
	}
}
