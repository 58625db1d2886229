package paysonv2

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"paygate/apierr"
	"paygate/dto"
	"paygate/providers/payson"
	"paygate/store"
)

// abandonAfter is how long a creation may take before another request for
// the same entity takes it as abandoned (a crashed process). Payson calls
// time out well before.
const abandonAfter = 2 * time.Minute

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
	// the caller goes away. The HTTP client's timeout bounds each call.
	ctx = context.WithoutCancel(ctx)
	row, current, err := s.db.BeginPaysonCheckout(ctx, store.PaysonCheckout{
		CompanyID:           company,
		InternalReferenceID: req.InternalReferenceId,
		ArticleTypeID:       int64(req.Articles[0].ArticleTypeId),
		PaymentOrigin:       int(req.PaymentOrigin),
		TestMode:            req.TestMode,
		Currency:            string(priced.order.Currency),
		AmountTotal:         priced.total,
	}, abandonAfter)
	if errors.Is(err, store.ErrPaysonBusy) {
		return nil, &apierr.Error{Status: http.StatusConflict, Code: "CheckoutInProgress",
			Message: fmt.Sprintf("A checkout for %q is being created right now; try again in a moment.", req.InternalReferenceId),
			Fields: []apierr.FieldError{{Code: "CheckoutInProgress", Field: "InternalReferenceId",
				Message: "Another request is creating a checkout for this reference."}}}
	}
	if err != nil {
		return nil, err
	}
	if current != nil {
		if err := s.replace(ctx, *current); err != nil {
			s.fail(ctx, row, err)
			return nil, err
		}
	}
	co, err := client.CreateCheckout(ctx, s.checkoutRequest(req, row, priced, country))
	if err != nil {
		e := paysonError("create the checkout", err, createField)
		s.fail(ctx, row, e)
		return nil, e
	}
	st := observed(co)
	if err := s.db.ActivatePaysonCheckout(ctx, row.ID, co.ID, st, co.Snippet); err != nil {
		// A checkout paygate does not know of must not stay payable.
		if _, cerr := client.CancelCheckout(ctx, co.ID); cerr != nil {
			s.log.ErrorContext(ctx, "payson: cancel unrecorded checkout", "checkout", co.ID, "error", cerr)
		}
		s.fail(ctx, row, err)
		return nil, fmt.Errorf("record payson checkout %s: %w", co.ID, err)
	}
	return &dto.PaysonCheckoutV2Response{Id: co.ID, Snippet: co.Snippet, Status: bokaMeraStatus(st)}, nil
}

// fail records why attempt row created no checkout.
func (s *service) fail(ctx context.Context, row store.PaysonCheckout, cause error) {
	if err := s.db.FailPaysonCheckout(ctx, row.ID, cause.Error()); err != nil {
		s.log.ErrorContext(ctx, "payson: record failed checkout", "reference", row.Reference, "error", err)
	}
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
