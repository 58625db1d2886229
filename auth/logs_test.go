package auth_test

import (
	"encoding/base64"
	"strings"
	"testing"
)

// checkLogs fails when any credential handed out in e, or a telling part
// of one, shows up in the captured log; and makes sure the log was not
// simply empty.
func checkLogs(t *testing.T, e *env) {
	t.Helper()
	logs := e.logs.String()
	if !strings.Contains(logs, `"msg":"authentication failed"`) {
		t.Fatalf("no authentication failures were logged:\n%s", logs)
	}
	for _, s := range e.secrets {
		for _, part := range secretParts(s) {
			if strings.Contains(logs, part) {
				t.Errorf("the log contains a credential (part %q):\n%s", part, logs)
			}
		}
	}
}

// secretParts lists substrings of a credential that must never be logged:
// the whole of it, its base64 form as sent in Basic, the secret part of an
// API key, and the payload and signature of a JWT.
func secretParts(s string) []string {
	parts := []string{s, base64.StdEncoding.EncodeToString([]byte(s + ":"))}
	if strings.HasPrefix(s, "ak_") && len(s) > 11 {
		parts = append(parts, s[11:])
	}
	if seg := strings.Split(s, "."); len(seg) == 3 {
		parts = append(parts, seg[1], seg[2])
	}
	return parts
}
