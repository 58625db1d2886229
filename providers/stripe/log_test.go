package stripe

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestLogAdapterMasksSecrets(t *testing.T) {
	var buf bytes.Buffer
	l := newLogAdapter(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})), "my-odd-key")
	l.Errorf("Request error from Stripe (status 401): %s", `Authorization was 'Bearer sk_test_51Habc'`)
	l.Errorf("card error: %s", `{"payment_intent":{"client_secret":"pi_3Ab_secret_Xyz"}}`)
	l.Warnf("retry with %s and whsec_abc", "my-odd-key")
	l.Debugf("Response: %s", "anything")
	out := buf.String()
	for _, secret := range []string{"sk_test_51Habc", "pi_3Ab_secret_Xyz", "my-odd-key", "whsec_abc", "anything"} {
		if strings.Contains(out, secret) {
			t.Errorf("log shows %q:\n%s", secret, out)
		}
	}
	if got := strings.Count(out, "\n"); got != 3 {
		t.Errorf("%d lines, want 3 (debug dropped):\n%s", got, out)
	}
}
