package metrics_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"paygate/metrics"
)

// TestAttempts: the gauges are read from the count at each scrape, and a
// count that fails reports nothing rather than an all-clear zero.
func TestAttempts(t *testing.T) {
	inFlight, review, fail := 3, 1, false
	reg := prometheus.NewRegistry()
	reg.MustRegister(metrics.Attempts(func(context.Context) (int, int, error) {
		if fail {
			return 0, 0, errors.New("database down")
		}
		return inFlight, review, nil
	}))
	want := `# HELP paygate_attempts_in_flight Provider attempts written but not settled yet, in the shared database.
# TYPE paygate_attempts_in_flight gauge
paygate_attempts_in_flight 3
# HELP paygate_attempts_review Provider attempts the recoverer gave up on, marked for review (paygate attempts list --review).
# TYPE paygate_attempts_review gauge
paygate_attempts_review 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
	inFlight = 0
	if err := testutil.GatherAndCompare(reg, strings.NewReader(strings.Replace(want, "in_flight 3", "in_flight 0", 1)),
		"paygate_attempts_in_flight"); err != nil {
		t.Errorf("after settling: %v", err)
	}
	fail = true
	if n, err := testutil.GatherAndCount(reg); err != nil || n != 0 {
		t.Errorf("a failed count reported %d series (%v)", n, err)
	}
}
