package apierr_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"paygate/apierr"
	"paygate/store"
)

// A database that kept losing to concurrent transactions is a 503 whose
// cause tells the wait; any other failure stays a 500.
func TestBusyIsUnavailable(t *testing.T) {
	e := apierr.From(fmt.Errorf("stripev1: begin checkout: %w", store.ErrBusy))
	var ra interface{ RetryAfter() time.Duration }
	if e.Status != http.StatusServiceUnavailable || !errors.As(e, &ra) || ra.RetryAfter() <= 0 {
		t.Errorf("busy store: %d %+v", e.Status, e)
	}
	if e := apierr.From(errors.New("disk on fire")); e.Status != http.StatusInternalServerError {
		t.Errorf("other failure: %d", e.Status)
	}
}
