package payson

import (
	"bytes"
	"fmt"
	"time"
)

// Time is a point in time in Payson's JSON. Payson documents ISO 8601, which
// allows leaving out the zone offset; such times are read as UTC so a
// response is never refused over the form of a timestamp.
type Time struct{ time.Time }

// NewTime wraps t, dropping the monotonic clock reading so that times
// compare equal after a JSON round trip.
func NewTime(t time.Time) *Time { return &Time{t.Round(0)} }

var timeLayouts = [...]string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"}

// MarshalJSON writes t in RFC 3339 with its zone offset.
func (t Time) MarshalJSON() ([]byte, error) {
	return []byte(`"` + t.Format(time.RFC3339Nano) + `"`), nil
}

// UnmarshalJSON reads an ISO 8601 time with or without a zone offset.
func (t *Time) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("payson: time %.40s is not a string", b)
	}
	s := string(b[1 : len(b)-1])
	for _, layout := range timeLayouts {
		if v, err := time.Parse(layout, s); err == nil {
			t.Time = v
			return nil
		}
	}
	return fmt.Errorf("payson: time %.40q is not ISO 8601", s)
}
