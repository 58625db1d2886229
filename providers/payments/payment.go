package payments

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/auth"
	"paygate/dto"
	"paygate/store"
)

// timeLayout is RFC 3339 in UTC with milliseconds, as JavaScript's
// toISOString writes it.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// caller is who calls: the tenant owns payments, and the caller, a person
// or key within it, owns Idempotency-Keys.
type caller struct {
	tenant string // company:<uuid>, or user:<id> for callers without a company
	id     string
}

func callerOf(p *auth.Principal) (caller, error) {
	var c caller
	switch {
	case p == nil:
		return c, apierr.Unauthorized("Not Authenticated")
	case p.CompanyID != uuid.Nil:
		c.tenant = CompanyTenant(p.CompanyID)
		c.id = c.tenant
		if p.UserID != "" {
			c.id += "/user:" + p.UserID
		}
	case p.UserID != "":
		c.tenant = "user:" + p.UserID
		c.id = c.tenant
	default:
		return c, apierr.New(http.StatusForbidden, codeForbidden, "the credentials name neither a company nor a user")
	}
	return c, nil
}

// CompanyTenant is the tenant of a company's payments: what its Stripe
// customers are recorded for.
func CompanyTenant(company uuid.UUID) string { return "company:" + company.String() }

// getPayment runs GET /v1/payments/{id}.
func (s *service) getPayment(ctx context.Context, req *dto.GetPayment) (*dto.Payment, error) {
	who, err := callerOf(auth.FromContext(ctx))
	if err != nil {
		return nil, err
	}
	p, err := s.DB.PaymentOf(ctx, who.tenant, req.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apierr.New(http.StatusNotFound, codeNotFound, "Payment not found")
	}
	if err != nil {
		return nil, err
	}
	return resource(p)
}

// resource is the wire form of a payment.
func resource(p store.Payment) (*dto.Payment, error) {
	var mode dto.PaymentMode
	if err := mode.UnmarshalText([]byte(p.Mode)); err != nil {
		return nil, fmt.Errorf("payments: payment %s: mode: %w", p.ID, err)
	}
	return &dto.Payment{
		ID:                    p.ID,
		CustomerID:            p.CustomerID,
		OrderID:               p.OrderID,
		AmountCents:           strconv.FormatInt(p.AmountCents, 10),
		Currency:              p.Currency,
		Status:                p.Status,
		StripePaymentIntentID: p.StripePaymentIntentID,
		Mode:                  mode,
		SubscriptionID:        p.SubscriptionID,
		CreatedAt:             p.CreatedAt.UTC().Format(timeLayout),
		UpdatedAt:             p.UpdatedAt.UTC().Format(timeLayout),
	}, nil
}
