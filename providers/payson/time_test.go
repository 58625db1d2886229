package payson

import (
	"encoding/json"
	"testing"
	"time"
)

func TestTimeAcceptsISO8601Forms(t *testing.T) {
	for in, want := range map[string]time.Time{
		`"2024-05-01T10:20:30Z"`:        time.Date(2024, 5, 1, 10, 20, 30, 0, time.UTC),
		`"2024-05-01T12:20:30.5+02:00"`: time.Date(2024, 5, 1, 10, 20, 30, 5e8, time.UTC),
		`"2024-05-01T10:20:30.1234567"`: time.Date(2024, 5, 1, 10, 20, 30, 123456700, time.UTC),
		`"2024-05-01T10:20:30"`:         time.Date(2024, 5, 1, 10, 20, 30, 0, time.UTC),
	} {
		var got Time
		if err := json.Unmarshal([]byte(in), &got); err != nil {
			t.Errorf("Unmarshal(%s): %v", in, err)
			continue
		}
		if !got.Equal(want) {
			t.Errorf("Unmarshal(%s) = %v, want %v", in, got, want)
		}
	}
	var bad Time
	if err := json.Unmarshal([]byte(`"yesterday"`), &bad); err == nil {
		t.Error("accepted a non-time")
	}
}

func TestTimeRoundTrip(t *testing.T) {
	in := NewTime(time.Date(2024, 5, 1, 10, 20, 30, 42, time.FixedZone("CEST", 7200)))
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Time
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !out.Equal(in.Time) {
		t.Errorf("round trip %s: got %v, want %v", b, out, in)
	}
}
