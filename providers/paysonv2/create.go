package paysonv2

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/dto"
	"paygate/providers/payson"
	"paygate/store"
)

// create is PaysonV2CreateCheckout.
func (s *service) create(ctx context.Context, req *dto.PaysonV2CreateCheckout) (*dto.PaysonCheckoutV2Response, error) {
	company := *req.CompanyId // required by validation
	if err := s.knownCompany(ctx, company); err != nil {
		return nil, err
	}
	country, err := countryCode(req.CountryCode)
	if err != nil {
		return nil, err
	}
	client, err := s.clientFor(ctx, company, req.TestMode)
	if err != nil {
		return nil, err
	}
	priced, err := s.priceOrder(ctx, company, req.Articles)
	if err != nil {
		return nil, err
	}
	// From here on Payson is called: the bookkeeping is finished even if
	// the caller goes away, within the attempt bound.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.attemptTimeout)
	defer cancel()
	ref := uuid.New()
	row, current, err := s.db.BeginPaysonCheckout(ctx, store.PaysonCheckout{
		Reference:           ref,
		CompanyID:           company,
		InternalReferenceID: req.InternalReferenceId,
		ArticleTypeID:       int64(req.Articles[0].ArticleTypeId),
		PaymentOrigin:       int(req.PaymentOrigin),
		TestMode:            req.TestMode,
		Currency:            string(priced.order.Currency),
		AmountTotal:         priced.total,
	}, store.AttemptStart{Kind: AttemptKind, Ref: ref.String(), At: s.now()})
	if err != nil {
		if errors.Is(err, store.ErrPaysonBusy) {
			return nil, &apierr.Error{Status: http.StatusConflict, Code: "CheckoutInProgress",
				Message: fmt.Sprintf("A checkout for %q is being created right now; try again in a moment.", req.InternalReferenceId),
				Fields: []apierr.FieldError{{Code: "CheckoutInProgress", Field: "InternalReferenceId",
					Message: "Another request is creating a checkout for this reference."}}}
		}
		return nil, err
	}
	if current != nil {
		if err := s.replace(ctx, *current); err != nil {
			// Payson was not asked for ours: nothing to recover.
			s.fail(ctx, row, err)
			return nil, err
		}
	}
	co, err := client.CreateCheckout(ctx, s.checkoutRequest(req, row, priced, country))
	if err != nil {
		e := paysonError("create the checkout", err, createField)
		if apierr.Settled(e) {
			s.fail(ctx, row, e)
		}
		// Otherwise Payson may have made the checkout: the recoverer looks
		// for it by our reference.
		return nil, e
	}
	st := observed(co)
	kept, err := s.db.ActivatePaysonCheckout(ctx, row.ID, co.ID, st, co.Snippet, store.AttemptDone{Kind: AttemptKind, Ref: ref.String()})
	if err != nil {
		if got, gerr := s.db.PaysonCheckout(ctx, row.ID); gerr == nil && got.CheckoutID == co.ID {
			// The recoverer found it first and made it current.
			s.endAttempt(ctx, ref)
			return &dto.PaysonCheckoutV2Response{Id: co.ID, Snippet: co.Snippet, Status: bokaMeraStatus(st)}, nil
		}
		// A checkout paygate does not know of must not stay payable.
		if _, cerr := client.CancelCheckout(ctx, co.ID); cerr != nil {
			s.log.ErrorContext(ctx, "payson: cancel unrecorded checkout", "checkout", co.ID, "error", cerr)
		}
		s.fail(ctx, row, err)
		return nil, fmt.Errorf("record payson checkout %s: %w", co.ID, err)
	}
	if kept {
		s.applyEarlyAfterCreate(ctx, co.ID)
	}
	return &dto.PaysonCheckoutV2Response{Id: co.ID, Snippet: co.Snippet, Status: bokaMeraStatus(st)}, nil
}

// fail records why attempt row created no checkout.
// fail records why attempt row created no checkout, which settles it.
func (s *service) fail(ctx context.Context, row store.PaysonCheckout, cause error) {
	if err := s.db.FailPaysonCheckout(ctx, row.ID, cause.Error()); err != nil {
		s.log.ErrorContext(ctx, "payson: record failed checkout", "reference", row.Reference, "error", err)
		return
	}
	s.endAttempt(ctx, row.Reference)
}

// checkoutRequest is the checkout Payson is asked to create. The
// notification comes back to paygate with the company and the reference in
// the query, where Payson adds checkout=<id>.
func (s *service) checkoutRequest(req *dto.PaysonV2CreateCheckout, row store.PaysonCheckout, priced pricedOrder, country string) payson.CreateCheckoutRequest {
	home := s.publicURL + "/"
	q := url.Values{}
	q.Set("CompanyId", row.CompanyID.String())
	q.Set("BookingId", row.InternalReferenceID)
	q.Set("ArticleTypeId", strconv.FormatInt(row.ArticleTypeID, 10))
	return payson.CreateCheckoutRequest{
		Merchant: payson.Merchant{
			CheckoutURI:     firstOf(req.CheckoutUrl, req.ConfirmationUrl, home),
			ConfirmationURI: firstOf(req.ConfirmationUrl, req.CheckoutUrl, home),
			NotificationURI: s.ipnURL + "?" + q.Encode(),
			TermsURI:        s.termsURL,
			Reference:       row.Reference.String(),
			IntegrationInfo: "paygate",
		},
		Order:    priced.order,
		Customer: &payson.Customer{CountryCode: country},
		GUI:      &payson.GUI{Locale: locale(req.Language, country)},
	}
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
