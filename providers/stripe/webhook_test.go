package stripe

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"

	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"
)

const testWebhookSecret = "whsec_test_paygate"

// event builds the payload Stripe would send; stripe-mock's event fixture has
// no api_version, so tests write their own.
func event(apiVersion string) []byte {
	return []byte(`{"id":"evt_1","object":"event","type":"checkout.session.completed","api_version":"` + apiVersion + `",` +
		`"data":{"object":{"id":"cs_test_1","object":"checkout.session","status":"complete","payment_status":"paid"}}}`)
}

func sign(payload []byte, secret string, at time.Time) string {
	return webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret, Timestamp: at}).Header
}

func TestVerifyWebhook(t *testing.T) {
	payload := event(stripego.APIVersion)
	ev, err := VerifyWebhook(payload, sign(payload, testWebhookSecret, time.Now()), testWebhookSecret, 0)
	if err != nil {
		t.Fatal(err)
	}
	if ev.ID != "evt_1" || ev.Type != "checkout.session.completed" || ev.Data.Object["status"] != "complete" {
		t.Fatalf("event = %+v", ev)
	}
}

func TestVerifyWebhookRejects(t *testing.T) {
	payload := event(stripego.APIVersion)
	now := time.Now()
	good := sign(payload, testWebhookSecret, now)
	tampered := bytes.Replace(payload, []byte(`"payment_status":"paid"`), []byte(`"payment_status":"unpaid"`), 1)

	tests := []struct {
		name      string
		payload   []byte
		header    string
		secret    string
		tolerance time.Duration
		want      error
	}{
		{"no header", payload, "", testWebhookSecret, 0, webhook.ErrNotSigned},
		{"garbled header", payload, "t=1,v1", testWebhookSecret, 0, webhook.ErrInvalidHeader},
		{"bad signature", payload, fmt.Sprintf("t=%d,v1=00ff", now.Unix()), testWebhookSecret, 0, webhook.ErrNoValidSignature},
		{"tampered body", tampered, good, testWebhookSecret, 0, webhook.ErrNoValidSignature},
		{"wrong secret", payload, sign(payload, "whsec_other", now), testWebhookSecret, 0, webhook.ErrNoValidSignature},
		{"expired by default tolerance", payload, sign(payload, testWebhookSecret, now.Add(-301*time.Second)), testWebhookSecret, 0, webhook.ErrTooOld},
		{"expired by given tolerance", payload, sign(payload, testWebhookSecret, now.Add(-time.Minute)), testWebhookSecret, 30 * time.Second, webhook.ErrTooOld},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := VerifyWebhook(tt.payload, tt.header, tt.secret, tt.tolerance)
			if !errors.Is(err, ErrWebhookSignature) || !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v and %v", err, ErrWebhookSignature, tt.want)
			}
		})
	}
}

func TestVerifyWebhookWithinTolerance(t *testing.T) {
	payload := event(stripego.APIVersion)
	header := sign(payload, testWebhookSecret, time.Now().Add(-299*time.Second))
	if _, err := VerifyWebhook(payload, header, testWebhookSecret, 0); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyWebhookAPIVersion(t *testing.T) {
	other := event("2024-04-10")
	_, err := VerifyWebhook(other, sign(other, testWebhookSecret, time.Now()), testWebhookSecret, 0)
	if !errors.Is(err, ErrWebhookAPIVersion) {
		t.Fatalf("err = %v, want %v", err, ErrWebhookAPIVersion)
	}

	// stripe-mock and hand-built events carry no version.
	none := []byte(`{"id":"evt_2","object":"event","type":"customer.created","data":{"object":{}}}`)
	if _, err := VerifyWebhook(none, sign(none, testWebhookSecret, time.Now()), testWebhookSecret, 0); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyWebhookNeedsSecret(t *testing.T) {
	payload := event(stripego.APIVersion)
	if _, err := VerifyWebhook(payload, sign(payload, "", time.Now()), "", 0); err == nil {
		t.Fatal("accepted a payload signed with the empty secret")
	}
}

func TestVerifyWebhookSignedGarbage(t *testing.T) {
	payload := []byte("not json")
	_, err := VerifyWebhook(payload, sign(payload, testWebhookSecret, time.Now()), testWebhookSecret, 0)
	if err == nil || errors.Is(err, ErrWebhookSignature) {
		t.Fatalf("err = %v, want a decode error", err)
	}
}
