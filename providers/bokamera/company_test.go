package bokamera_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/auth"
	"paygate/dto"
	"paygate/providers/bokamera"
	"paygate/server"
)

var (
	mine           = uuid.MustParse("aaaaaaaa-0000-4000-8000-000000000001")
	other          = uuid.MustParse("11111111-2222-3333-4444-555555555555")
	admin          = &auth.Principal{UserID: "a", CompanyID: mine, Roles: []string{bokamera.RoleAdminWrite}}
	super          = &auth.Principal{UserID: "s", CompanyID: mine, Roles: []string{auth.RoleSuperAdmin}}
	superNoCompany = &auth.Principal{UserID: "s", Roles: []string{auth.RoleSuperAdmin}}
	noCompany      = &auth.Principal{UserID: "n", Roles: []string{bokamera.RoleAdminWrite}}
)

func ptr(id uuid.UUID) *uuid.UUID { return &id }

func as(p *auth.Principal) context.Context {
	if p == nil {
		return context.Background()
	}
	return auth.WithPrincipal(context.Background(), p)
}

var (
	adminOp = &server.Operation{Auth: bokamera.WriteAccess()}
	openOp  = &server.Operation{}
)

func TestAuthorize(t *testing.T) {
	for _, tc := range []struct {
		name    string
		caller  *auth.Principal
		asked   *uuid.UUID
		op      *server.Operation
		want    *uuid.UUID // the CompanyId after scoping
		refused bool
	}{
		{"empty becomes caller's", admin, nil, adminOp, ptr(mine), false},
		{"nil Guid becomes caller's", admin, ptr(uuid.Nil), adminOp, ptr(mine), false},
		{"own company", admin, ptr(mine), adminOp, ptr(mine), false},
		{"other company refused", admin, ptr(other), adminOp, nil, true},
		{"other company on an open operation", admin, ptr(other), openOp, ptr(other), false},
		{"empty on an open operation still defaults", admin, nil, openOp, ptr(mine), false},
		{"anonymous keeps empty", nil, nil, openOp, nil, false},
		{"anonymous keeps what it sent", nil, ptr(other), openOp, ptr(other), false},
		{"superadmin any company", super, ptr(other), adminOp, ptr(other), false},
		{"superadmin empty defaults", super, nil, adminOp, ptr(mine), false},
		{"superadmin without company keeps empty", superNoCompany, nil, adminOp, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := &dto.SendCheckoutPaymentRequest{CompanyId: tc.asked}
			err := bokamera.Authorize(as(tc.caller), tc.op, req)
			if tc.refused {
				wantError(t, err, http.StatusForbidden, "Forbidden", bokamera.MsgForbiddenCompany)
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
// the rule never looks it up, so it cannot tell.
func TestAuthorizeRevealsNothing(t *testing.T) {
	ctx := as(admin)
	a := bokamera.Authorize(ctx, adminOp, &dto.SendCheckoutPaymentRequest{CompanyId: &uuid.UUID{1}})
	b := bokamera.Authorize(ctx, adminOp, &dto.SendCheckoutPaymentRequest{CompanyId: &uuid.UUID{2}})
	if a == nil || b == nil || a.Error() != b.Error() {
		t.Errorf("refusals differ: %v / %v", a, b)
	}
}

type notCompanyScoped struct{ CompanyId *uuid.UUID }

func TestAuthorizeIgnoresOtherRequests(t *testing.T) {
	req := &notCompanyScoped{}
	if err := bokamera.Authorize(as(admin), adminOp, req); err != nil || req.CompanyId != nil {
		t.Errorf("non-ICompany request touched: %v, %v", req.CompanyId, err)
	}
}

// Company is the rule of operations open to anonymous callers: anyone may
// name a company, and naming none needs a caller of a company.
func TestCompany(t *testing.T) {
	for _, tc := range []struct {
		name   string
		caller *auth.Principal
		given  *uuid.UUID
		want   uuid.UUID // uuid.Nil: 400 NotEmpty
	}{
		{"given", admin, ptr(other), other},
		{"anonymous names one", nil, ptr(other), other},
		{"caller's by default", admin, nil, mine},
		{"nil Guid is empty", admin, ptr(uuid.Nil), mine},
		{"anonymous names none", nil, nil, uuid.Nil},
		{"caller of no company names none", superNoCompany, nil, uuid.Nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := bokamera.Company(as(tc.caller), tc.given)
			if tc.want == uuid.Nil {
				wantError(t, err, http.StatusBadRequest, "NotEmpty", "'Company Id' must not be empty.")
				if f := apierr.From(err).Fields; len(f) != 1 || f[0].Field != "CompanyId" {
					t.Errorf("fields = %+v, want CompanyId", f)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("Company = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

// AdminCompany is the rule of administrators' operations, checked by the
// handlers themselves.
func TestAdminCompany(t *testing.T) {
	for _, tc := range []struct {
		name   string
		caller *auth.Principal
		given  *uuid.UUID
		want   uuid.UUID
		status int // of the refusal, 0 when none
		code   string
	}{
		{"own by default", admin, nil, mine, 0, ""},
		{"own named", admin, ptr(mine), mine, 0, ""},
		{"other refused", admin, ptr(other), uuid.Nil, http.StatusForbidden, "Forbidden"},
		{"superadmin any", super, ptr(other), other, 0, ""},
		{"superadmin of no company names one", superNoCompany, ptr(other), other, 0, ""},
		{"superadmin of no company names none", superNoCompany, nil, uuid.Nil, http.StatusBadRequest, "NotEmpty"},
		{"caller of no company names none", noCompany, nil, uuid.Nil, http.StatusBadRequest, "NotEmpty"},
		{"caller of no company names one", noCompany, ptr(other), uuid.Nil, http.StatusForbidden, "Forbidden"},
		{"anonymous naming a company", nil, ptr(mine), uuid.Nil, http.StatusUnauthorized, "Unauthorized"},
		{"anonymous naming none", nil, nil, uuid.Nil, http.StatusUnauthorized, "Unauthorized"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := bokamera.AdminCompany(as(tc.caller), tc.given)
			if tc.status != 0 {
				wantError(t, err, tc.status, tc.code, "")
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("AdminCompany = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

func wantError(t *testing.T, err error, status int, code, msg string) {
	t.Helper()
	e := apierr.From(err)
	if err == nil || e.Status != status || e.Code != code || (msg != "" && e.Message != msg) {
		t.Fatalf("err = %v (%d %s), want %d %s %q", err, e.Status, e.Code, status, code, msg)
	}
}
