package paymentlog

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strings"

	"paygate/apierr"
	"paygate/dto"
	"paygate/money"
	"paygate/providers/bokamera"
	"paygate/store"
)

// sortMembers are the members of PaymentLogQueryResponse the log can be
// ordered by, lower-cased; nothing else reaches ORDER BY.
var sortMembers = map[string]store.PaymentSort{
	"id": store.SortID, "created": store.SortCreated, "updated": store.SortUpdated, "amount": store.SortAmount,
	"refundedamount": store.SortRefunded, "status": store.SortStatus, "paymentprovider": store.SortProvider,
	"internalreferenceid": store.SortReference, "currency": store.SortCurrency,
	"articletypeid": store.SortArticleTypeID, "providerstatus": store.SortProviderStatus,
}

const sortList = "Id, Created, Updated, Amount, RefundedAmount, Status, PaymentProvider, InternalReferenceId, " +
	"Currency, ArticleTypeId, ProviderStatus"

// query is PaymentLogQuery.
func (s *service) query(ctx context.Context, req *dto.PaymentLogQuery) (*dto.QueryResponse[dto.PaymentLogQueryResponse], error) {
	company, err := bokamera.AdminCompany(ctx, req.CompanyId)
	if err != nil {
		return nil, err
	}
	f := store.PaymentFilter{CompanyID: company, ArticleTypeID: int64(*req.ArticleTypeId), Take: MaxTake,
		CreatedFrom: req.CreatedFrom, CreatedTo: req.CreatedTo, Articles: req.IncludeArticleType}
	if req.Skip != nil {
		if *req.Skip < 0 {
			return nil, apierr.Invalid("Skip", "GreaterThanOrEqual", "'Skip' must be greater than or equal to '0'.")
		}
		f.Skip = *req.Skip
	}
	if req.Take != nil {
		if *req.Take < 0 {
			return nil, apierr.Invalid("Take", "GreaterThanOrEqual", "'Take' must be greater than or equal to '0'.")
		}
		f.Take = min(*req.Take, MaxTake)
	}
	if f.CreatedFrom != nil && f.CreatedTo != nil && !f.CreatedTo.After(*f.CreatedFrom) {
		return nil, apierr.Invalid("CreatedTo", "GreaterThan", "'Created To' must be after 'Created From'.")
	}
	if f.Order, err = ordering(req.OrderBy, req.OrderByDesc); err != nil {
		return nil, err
	}
	for _, inc := range splitMembers(req.Include) {
		if !strings.EqualFold(inc, "Total") {
			return nil, apierr.Invalid("Include", "InvalidInclude", fmt.Sprintf("'%s' cannot be included; Include takes Total.", inc))
		}
		f.Total = true
	}
	keep, err := fieldSet(req.Fields)
	if err != nil {
		return nil, err
	}
	list, total, err := s.db.PaymentLog(ctx, f)
	if err != nil {
		return nil, err
	}
	out := &dto.QueryResponse[dto.PaymentLogQueryResponse]{Offset: f.Skip, Total: total,
		Results: make([]dto.PaymentLogQueryResponse, 0, len(list))}
	for _, p := range list {
		refunds, err := s.db.Refunds(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		r := paymentResponse(p, refunds, req.IncludeArticleType)
		if keep != nil {
			onlyFields(&r, keep)
		}
		out.Results = append(out.Results, r)
	}
	return out, nil
}

// ordering reads AutoQuery's OrderBy and OrderByDesc: comma-separated
// members, a leading "-" reversing one.
func ordering(asc, desc string) ([]store.PaymentOrder, error) {
	var out []store.PaymentOrder
	for _, spec := range []struct {
		field, list string
		desc        bool
	}{{"OrderBy", asc, false}, {"OrderByDesc", desc, true}} {
		for _, m := range splitMembers(spec.list) {
			d := spec.desc
			if rest, ok := strings.CutPrefix(m, "-"); ok {
				m, d = rest, !d
			}
			col, ok := sortMembers[strings.ToLower(m)]
			if !ok {
				return nil, apierr.Invalid(spec.field, "InvalidOrderBy",
					fmt.Sprintf("'%s' is not a member the payment log can be ordered by; use one of %s.", m, sortList))
			}
			out = append(out, store.PaymentOrder{By: col, Desc: d})
		}
	}
	return out, nil
}

func splitMembers(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

var responseType = reflect.TypeFor[dto.PaymentLogQueryResponse]()

// fieldSet reads Fields into the set of Go field indexes to keep; nil keeps
// every member.
func fieldSet(fields string) (map[int]bool, error) {
	names := splitMembers(fields)
	if len(names) == 0 {
		return nil, nil
	}
	keep := map[int]bool{}
	for _, n := range names {
		sf, ok := responseType.FieldByNameFunc(func(f string) bool { return strings.EqualFold(f, n) })
		if !ok || !sf.IsExported() || len(sf.Index) != 1 {
			return nil, apierr.Invalid("Fields", "InvalidField",
				fmt.Sprintf("'%s' is not a member of PaymentLogQueryResponse.", n))
		}
		keep[sf.Index[0]] = true
	}
	return keep, nil
}

// onlyFields empties the members of r not in keep, as AutoQuery's Fields
// does.
func onlyFields(r *dto.PaymentLogQueryResponse, keep map[int]bool) {
	v := reflect.ValueOf(r).Elem()
	for i := range v.NumField() {
		if f := responseType.Field(i); f.IsExported() && !f.Anonymous && !keep[i] {
			v.Field(i).SetZero()
		}
	}
}

// amount writes minor units of currency as the wire's double.
func amount(minor int64, currency string) float64 {
	return float64(minor) / math.Pow10(money.Exponent(currency))
}

// logStatus names where a payment stands, refunds included.
func logStatus(p store.LoggedPayment) string {
	switch {
	case p.Status == store.LogPending:
		return "Pending"
	case p.Status == store.LogFailed:
		return "Failed"
	case p.Refunded >= p.Amount:
		return "Refunded"
	case p.Refunded > 0:
		return "PartiallyRefunded"
	}
	return "Paid"
}

var providerNames = map[string]string{store.ProviderStripe: "Stripe", store.ProviderPayson: "Payson"}

var refundStates = map[store.RefundState]string{store.RefundCreating: "Creating", store.RefundPending: "Pending",
	store.RefundSucceeded: "Succeeded", store.RefundFailed: "Failed"}

var origins = map[string]string{store.OriginPaygate: "Paygate", store.OriginProvider: "Provider"}

func paymentResponse(p store.LoggedPayment, refunds []store.Refund, articles bool) dto.PaymentLogQueryResponse {
	r := dto.PaymentLogQueryResponse{
		Id: int(p.ID), CompanyId: p.CompanyID, InternalReferenceId: p.InternalReferenceID,
		ArticleTypeId: int(p.ArticleTypeID), PaymentProvider: providerNames[p.Provider], CheckoutId: p.CheckoutRef,
		PaymentReferenceId: p.PaymentRef, Amount: amount(p.Amount, p.Currency), VatAmount: amount(p.VATAmount, p.Currency),
		Currency: p.Currency, Status: logStatus(p), ProviderStatus: p.ProviderStatus,
		RefundedAmount: amount(p.Refunded, p.Currency), RefundableAmount: amount(p.Refundable(), p.Currency),
		Refunds: []dto.PaymentLogRefund{}, Created: p.CreatedAt, Updated: p.UpdatedAt,
	}
	if p.Status != store.LogPaid {
		r.RefundableAmount = 0
	}
	for _, rf := range refunds {
		r.Refunds = append(r.Refunds, dto.PaymentLogRefund{Id: int(rf.ID), Amount: amount(rf.Amount, p.Currency),
			Status: refundStates[rf.State], Origin: origins[rf.Origin], ProviderRefundId: rf.ProviderRef,
			Comments: rf.Comments, FailureReason: rf.Failure, Created: rf.CreatedAt, Updated: rf.UpdatedAt})
		if rf.UpdatedAt.After(r.Updated) {
			r.Updated = rf.UpdatedAt
		}
	}
	if articles {
		r.Articles = []dto.PaymentLogArticle{}
		for _, a := range p.Articles {
			r.Articles = append(r.Articles, dto.PaymentLogArticle{ArticleId: int(a.ArticleID), ArticleTypeId: int(a.ArticleTypeID),
				Name: a.Name, UnitPrice: amount(a.UnitPrice, p.Currency), Quantity: int(a.Quantity)})
		}
	}
	return r
}
