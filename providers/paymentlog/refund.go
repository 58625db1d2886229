package paymentlog

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"

	"paygate/apierr"
	"paygate/dto"
	"paygate/money"
	"paygate/providers/bokamera"
	"paygate/store"
)

// refund is RefundBookingPayment.
func (s *service) refund(ctx context.Context, req *dto.RefundBookingPayment) (*dto.RefundBookingPaymentResponse, error) {
	company, err := bokamera.AdminCompany(ctx, req.CompanyId)
	if err != nil {
		return nil, err
	}
	booking := strconv.Itoa(req.Id)
	p, err := s.db.Payment(ctx, int64(req.PaymentLogId))
	if errors.Is(err, store.ErrNotFound) || (err == nil && (p.CompanyID != company || p.InternalReferenceID != booking)) {
		return nil, notFound(req)
	}
	if err != nil {
		return nil, err
	}
	minor, err := minorUnits(req.Amount, p.Currency)
	if err != nil {
		return nil, err
	}
	refunder := s.refunders[p.Provider]
	if refunder == nil {
		return nil, apierr.Unavailable("RefundUnavailable", fmt.Sprintf("Refunds through %s are not configured.", p.Provider), nil)
	}
	paymentID := p.ID
	p, r, err := s.db.BeginRefund(ctx, company, booking, paymentID, minor, req.Comments)
	var refused *store.RefundRefusedError
	if errors.As(err, &refused) && s.settleStale(ctx, refunder, refused.Payment) {
		// A refund left in flight held the amount or the payment: it is
		// settled now, so the request is asked again.
		p, r, err = s.db.BeginRefund(ctx, company, booking, paymentID, minor, req.Comments)
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, notFound(req)
	case errors.As(err, &refused):
		return nil, refusal(refused)
	case err != nil:
		return nil, err
	}
	// The row exists: the provider call is bounded by the attempt
	// timeout and no longer by the caller, so its outcome is recorded
	// even when the caller hangs up.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.attemptTimeout)
	defer cancel()
	if _, err := s.attempt(ctx, refunder, p, r); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "refund given", "company", company, "payment", p.ID, "refund", r.ID,
		"amount", money.Format(minor, p.Currency), "currency", p.Currency)
	return &dto.RefundBookingPaymentResponse{}, nil
}

// attempt asks the provider for refund r and records what it said. An
// unknown outcome leaves r creating for Settler.
func (s *service) attempt(ctx context.Context, refunder Refunder, p store.LoggedPayment, r store.Refund) (store.Refund, error) {
	out, err := refunder.Refund(ctx, p, r)
	if err != nil && out.State == "" {
		s.log.WarnContext(ctx, "refund outcome unknown", "payment", p.ID, "refund", r.ID, "error", err)
		return r, timedOut(err)
	}
	if out.Failure == "" && err != nil {
		out.Failure = apierr.From(err).Message
	}
	settled, serr := s.db.SettleRefund(context.WithoutCancel(ctx), r.ID, out)
	if serr != nil {
		return r, errors.Join(err, serr)
	}
	return settled, err
}

// settleStale settles p's refunds that a crash or a time-out left
// creating for longer than the attempt bound, so that they do not hold the
// payment until the recoverer comes by. It reports whether any settled.
func (s *service) settleStale(ctx context.Context, refunder Refunder, p store.LoggedPayment) bool {
	list, err := s.db.Refunds(ctx, p.ID)
	if err != nil {
		s.log.ErrorContext(ctx, "refunds of a payment", "payment", p.ID, "error", err)
		return false
	}
	settled := false
	for _, r := range list {
		if r.State != store.RefundCreating || s.now().Sub(r.UpdatedAt) < s.attemptTimeout {
			continue
		}
		actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.attemptTimeout)
		got, err := s.attempt(actx, refunder, p, r)
		cancel()
		if got.State != store.RefundCreating {
			settled = true
			continue
		}
		s.log.WarnContext(ctx, "stale refund still unknown", "payment", p.ID, "refund", r.ID, "error", err)
	}
	return settled
}

// timedOut turns a provider call that ran out of its time bound into a
// 504; any other error stays as it is.
func timedOut(err error) error {
	var ne net.Error
	if !errors.Is(err, context.DeadlineExceeded) && !(errors.As(err, &ne) && ne.Timeout()) {
		return err
	}
	return &apierr.Error{Status: http.StatusGatewayTimeout, Code: "ProviderTimeout",
		Message: "The payment provider did not answer in time; the refund is recorded and will be settled with the provider.",
		Err:     err}
}

func notFound(req *dto.RefundBookingPayment) *apierr.Error {
	msg := fmt.Sprintf("Booking %d has no payment log entry %d.", req.Id, req.PaymentLogId)
	return &apierr.Error{Status: http.StatusNotFound, Code: "NotFound", Message: msg,
		Fields: []apierr.FieldError{{Code: "NotFound", Field: "PaymentLogId", Message: msg}}}
}

// minorUnits converts the wire's double into minor units of currency,
// refusing more decimals than the currency has rather than rounding.
func minorUnits(v float64, currency string) (int64, error) {
	// The shortest text that reads back as v is the decimal the caller
	// wrote, for any amount with fewer than 16 significant digits.
	n, err := money.Parse(strconv.FormatFloat(v, 'f', -1, 64), currency)
	if err != nil || n <= 0 {
		msg := fmt.Sprintf("'Amount' must be a positive amount of %s with at most %d decimals.", currency, money.Exponent(currency))
		return 0, apierr.Invalid("Amount", "ScalePrecision", msg)
	}
	return n, nil
}

// refusal explains a refund refused before any provider was asked.
func refusal(e *store.RefundRefusedError) *apierr.Error {
	p := e.Payment
	meta := map[string]string{"Status": logStatus(p), "Refundable": money.Format(max(p.Refundable(), 0), p.Currency)}
	var code, msg string
	switch {
	case errors.Is(e, store.ErrNotSettled):
		code = "PaymentNotSettled"
		msg = fmt.Sprintf("Payment %d is %s; only a settled payment can be refunded.", p.ID, logStatus(p))
	case errors.Is(e, store.ErrRefundInFlight):
		code = "RefundInProgress"
		msg = fmt.Sprintf("Another refund of payment %d is being made right now; try again when it is done.", p.ID)
	default:
		code = "RefundExceedsPayment"
		msg = fmt.Sprintf("Payment %d has %s %s left to refund.", p.ID, money.Format(max(p.Refundable(), 0), p.Currency), p.Currency)
	}
	return &apierr.Error{Status: http.StatusConflict, Code: code, Message: msg, Meta: meta,
		Fields: []apierr.FieldError{{Code: code, Field: "Amount", Message: msg}}}
}
