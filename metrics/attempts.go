package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// CountAttempts reads how many provider attempts are in flight and how many
// are marked for review.
type CountAttempts func(ctx context.Context) (inFlight, review int, err error)

// attempts reads the counts from the database at each scrape. They are
// the shared database's, so every replica reports the same figures: sum
// them across replicas and you count each attempt once per replica.
type attempts struct {
	count          CountAttempts
	inFlight, held *prometheus.Desc
}

// Attempts is a collector of the provider attempts in flight and marked
// for review. A scrape whose count fails leaves both out rather than
// reporting a zero that would read as all clear.
func Attempts(count CountAttempts) prometheus.Collector {
	return &attempts{
		count: count,
		inFlight: prometheus.NewDesc("paygate_attempts_in_flight",
			"Provider attempts written but not settled yet, in the shared database.", nil, nil),
		held: prometheus.NewDesc("paygate_attempts_review",
			"Provider attempts the recoverer gave up on, marked for review (paygate attempts list --review).", nil, nil),
	}
}

func (a *attempts) Describe(ch chan<- *prometheus.Desc) {
	ch <- a.inFlight
	ch <- a.held
}

func (a *attempts) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	inFlight, review, err := a.count(ctx)
	if err != nil {
		return
	}
	ch <- prometheus.MustNewConstMetric(a.inFlight, prometheus.GaugeValue, float64(inFlight))
	ch <- prometheus.MustNewConstMetric(a.held, prometheus.GaugeValue, float64(review))
}
