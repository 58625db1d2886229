package billrun

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
)

// requirePHP returns the php binary. Without one the test is skipped, or
// fails when PAYGATE_REQUIRE_TOOLS=1 (CI), since these tests are the
// evidence that the signature matches BillRun's.
func requirePHP(t *testing.T) string {
	t.Helper()
	php, err := exec.LookPath("php")
	if err == nil {
		return php
	}
	if os.Getenv("PAYGATE_REQUIRE_TOOLS") == "1" {
		t.Fatal("php not found and PAYGATE_REQUIRE_TOOLS=1: run scripts/test-deps.sh (installs php-cli)")
	}
	t.Skip("php not found: run scripts/test-deps.sh (installs php-cli) for the PHP-made signature vectors")
	return ""
}

// runPHP runs testdata/billrun.php in mode with key, feeding it in as JSON,
// and decodes its JSON answer into out.
func runPHP(t *testing.T, mode, key string, in, out any) {
	t.Helper()
	php := requirePHP(t)
	body, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), php, "testdata/billrun.php", mode, key)
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	res, err := cmd.Output()
	if err != nil {
		t.Fatalf("php %s: %v\n%s", mode, err, stderr.Bytes())
	}
	if err := json.Unmarshal(res, out); err != nil {
		t.Fatalf("php %s answered %q: %v", mode, res, err)
	}
}

// phpSign returns the data strings a BillRun client written in PHP sends for
// each array (an object decoded the way PHP decodes it).
func phpSign(t *testing.T, key string, arrays ...string) []string {
	t.Helper()
	in := make([]json.RawMessage, len(arrays))
	for i, a := range arrays {
		in[i] = json.RawMessage(a)
	}
	var out []string
	runPHP(t, "sign", key, in, &out)
	return out
}
