package billrun

import (
	"context"
	"errors"
	"net/url"
	"strconv"

	"paygate/apierr"
	"paygate/dto"
	"paygate/store"
)

func (g *gateway) okPage(ctx context.Context, req *dto.BillRunOkPage) (*dto.BillRunOkPageResponse, error) {
	// BillRun urldecodes the name once more; gateway names hold nothing
	// that decoding changes, so this only undoes a double encoding.
	name := req.Name
	if n, err := url.QueryUnescape(name); err == nil {
		name = n
	}
	switch {
	case req.Name == "":
		return nil, invalid("name", "Missing payment gateway name")
	case !knownGateway(name):
		return nil, unknownGateway(req.Name)
	case req.TxID == "":
		return nil, invalid(txIDName, "Operation Failed. Try Again...")
	}
	// BillRun redirects unless redirect is given and falsy.
	redirect := req.Redirect == nil || phpStringTruthy(*req.Redirect)
	t, card, err := g.confirm(ctx, name, req.TxID)
	returnURL := t.ReturnURL
	if returnURL == "" {
		returnURL = g.returnURL
	}
	switch {
	case err != nil && redirect && returnURL != "":
		return &dto.BillRunOkPageResponse{Reply: dto.Reply{Redirect: g.failureURL(ctx, returnURL, err)}}, nil
	case err != nil:
		return nil, err
	case redirect && returnURL != "":
		return &dto.BillRunOkPageResponse{Reply: dto.Reply{Redirect: returnURL}}, nil
	}
	return &dto.BillRunOkPageResponse{Status: 1, Desc: "success", Details: &dto.BillRunCardDetails{
		CreditCard:     card.FourDigits,
		ExpirationDate: strconv.Itoa(card.ExpMonth) + strconv.Itoa(card.ExpYear),
		Params:         []string{},
	}}, nil
}

// confirm completes transaction txID of gateway name: it checks with Stripe
// that the card was saved and keeps it as the account's active card. A
// completed transaction answers with the card it saved, without asking
// Stripe again. The transaction is returned when found, even on failure.
func (g *gateway) confirm(ctx context.Context, name, txID string) (store.BillRunTx, store.BillRunCard, error) {
	t, err := g.db.BillRunTx(ctx, txID)
	if errors.Is(err, store.ErrNotFound) || err == nil && t.Name != name {
		return store.BillRunTx{}, store.BillRunCard{}, apierr.NotFound("Unknown transaction: getRequest gave no such txId for " + name)
	}
	if err != nil {
		return store.BillRunTx{}, store.BillRunCard{}, err
	}
	switch t.Status {
	case store.BillRunTxDone:
		card, err := g.db.BillRunCardOf(ctx, txID)
		return t, card, err
	case store.BillRunTxPending, store.BillRunTxFailed:
		msg := "The transaction was never opened"
		if t.Error != "" {
			msg += ": " + t.Error
		}
		return t, store.BillRunCard{}, invalid(txIDName, msg)
	}
	if now := g.now(); !now.Before(t.ExpiresAt) {
		return t, store.BillRunCard{}, invalid(txIDName, "The transaction expired at "+t.ExpiresAt.UTC().Format("2006-01-02 15:04:05")+" UTC; start again with getRequest")
	}
	sctx, cancel := context.WithTimeout(ctx, g.attemptTimeout)
	defer cancel()
	card, err := g.savedCard(sctx, t)
	if err != nil {
		return t, store.BillRunCard{}, err
	}
	card.CreatedAt = g.now()
	card, err = g.db.CompleteBillRunTx(ctx, card)
	return t, card, err
}
