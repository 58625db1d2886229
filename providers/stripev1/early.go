package stripev1

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	stripego "github.com/stripe/stripe-go/v76"

	"paygate/dto"
	"paygate/store"
)

// keepEarly keeps a verified session event that no checkout has the
// session of: Stripe may deliver it before the create that made the
// session has recorded it. It is applied when the session is recorded.
func (s *service) keepEarly(ctx context.Context, ev stripego.Event, hook store.StripeWebhook, body []byte) (*dto.IpnCallBackResponse, error) {
	var sess struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(ev.Data.Raw, &sess); err != nil || sess.ID == "" {
		return nil, fmt.Errorf("stripev1: event %s: no session id", ev.ID)
	}
	err := s.db.KeepEarlyNotification(ctx, store.EarlyNotification{Provider: store.EarlyStripeV1, EventID: ev.ID,
		Ref: sess.ID, CompanyID: hook.CompanyID.String(), Account: hook.StripeAccount, Body: body})
	if err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "stripe event kept for a session not recorded yet", "event", ev.ID, "type", ev.Type, "session", sess.ID)
	return ignored("Event %s is about session %s, which no paygate checkout has yet; it is kept and applied when one has.",
		ev.ID, sess.ID), nil
}

// applyEarly applies the events kept for session, oldest first, and
// reports how many. Each is forgotten once applied, or once it turns out
// not to be the checkout's (another company's); one that fails to apply
// stays kept for the next try.
func (s *service) applyEarly(ctx context.Context, session string) (int, error) {
	kept, err := s.db.EarlyNotifications(ctx, store.EarlyStripeV1, session)
	if err != nil {
		return 0, err
	}
	return s.applyKept(ctx, kept)
}

func (s *service) applyKept(ctx context.Context, kept []store.EarlyNotification) (int, error) {
	applied := 0
	for _, n := range kept {
		var ev stripego.Event
		if err := json.Unmarshal(n.Body, &ev); err != nil {
			return applied, fmt.Errorf("stripev1: kept event %s: %w", n.EventID, err)
		}
		hook := store.StripeWebhook{StripeAccount: n.Account}
		if err := hook.CompanyID.UnmarshalText([]byte(n.CompanyID)); err != nil {
			return applied, fmt.Errorf("stripev1: kept event %s: company: %w", n.EventID, err)
		}
		resp, err := s.sessionEvent(ctx, ev, hook)
		if errors.Is(err, errNoCheckout) {
			continue // not recorded yet after all
		}
		if err != nil {
			return applied, fmt.Errorf("stripev1: apply kept event %s: %w", n.EventID, err)
		}
		if err := s.db.ForgetEarlyNotification(ctx, store.EarlyStripeV1, n.EventID); err != nil {
			return applied, err
		}
		s.log.InfoContext(ctx, "kept stripe event applied", "event", n.EventID, "session", n.Ref, "result", resp.Message)
		applied++
	}
	return applied, nil
}

// applyEarlyAfterOpen applies the events kept for the session just
// recorded on a checkout. A failure is logged, not answered: the checkout
// is made, and the recoverer's sweep applies what is left.
func (s *service) applyEarlyAfterOpen(ctx context.Context, session string) {
	if _, err := s.applyEarly(context.WithoutCancel(ctx), session); err != nil {
		s.log.ErrorContext(ctx, "stripev1: apply kept events", "session", session, "error", err)
	}
}

// EarlySweeper applies kept events whose session a checkout has by now,
// for when the create that recorded it ended before applying them.
type EarlySweeper struct{ s *service }

// NewEarlySweeper returns the sweeper of d's kept events.
func NewEarlySweeper(d Deps) *EarlySweeper { return &EarlySweeper{s: newService(d)} }

// earlyBatch bounds the kept events one sweep applies.
const earlyBatch = 100

// SettleInFlight applies the due kept events and reports how many.
func (w *EarlySweeper) SettleInFlight(ctx context.Context, _ time.Duration) (int, error) {
	due, err := w.s.db.DueEarlyNotifications(ctx, store.EarlyStripeV1, earlyBatch)
	if err != nil {
		return 0, err
	}
	return w.s.applyKept(ctx, due)
}
