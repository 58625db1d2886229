package auth

import (
	"context"
	"reflect"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/dto"
)

// ScopeCompany applies BokaMera's ICompany rule to a bound request:
//
//   - an empty CompanyId becomes the caller's company (a caller without
//     credentials keeps what it sent);
//   - when enforce is set (the operation requires a caller), a caller that
//     is not superadmin and names another company is refused with a 403
//     whose message is the same whether or not that company exists, so the
//     refusal tells nothing about other tenants;
//   - superadmin may name any company.
//
// Operations open to anonymous callers are not enforced: dropping the
// credentials would get past the check anyway, so it would only break
// callers that happen to send them.
func ScopeCompany(ctx context.Context, req any, enforce bool) error {
	if _, ok := req.(dto.ICompany); !ok {
		return nil
	}
	p := FromContext(ctx)
	if p == nil {
		return nil
	}
	f := companyField(req)
	if !f.IsValid() {
		return nil
	}
	asked := companyOf(f)
	if asked == uuid.Nil {
		if p.CompanyID != uuid.Nil {
			setCompany(f, p.CompanyID)
		}
		return nil
	}
	if !enforce || asked == p.CompanyID || p.IsSuperAdmin() {
		return nil
	}
	return apierr.Forbidden(MsgForbiddenCompany)
}

var (
	uuidType    = reflect.TypeFor[uuid.UUID]()
	uuidPtrType = reflect.TypeFor[*uuid.UUID]()
)

// companyField returns req's settable CompanyId member, or the zero Value
// when it has none of a Guid type.
func companyField(req any) reflect.Value {
	rv := reflect.ValueOf(req)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return reflect.Value{}
	}
	rv = rv.Elem()
	if rv.Kind() != reflect.Struct {
		return reflect.Value{}
	}
	f := rv.FieldByName("CompanyId")
	if !f.IsValid() || !f.CanSet() || (f.Type() != uuidType && f.Type() != uuidPtrType) {
		return reflect.Value{}
	}
	return f
}

func companyOf(f reflect.Value) uuid.UUID {
	if f.Type() == uuidPtrType {
		if f.IsNil() {
			return uuid.Nil
		}
		return *f.Interface().(*uuid.UUID)
	}
	return f.Interface().(uuid.UUID)
}

func setCompany(f reflect.Value, id uuid.UUID) {
	if f.Type() == uuidPtrType {
		f.Set(reflect.ValueOf(&id))
		return
	}
	f.Set(reflect.ValueOf(id))
}
