package billrun

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"paygate/internal/tooltest"
	"testing"
)

// runPHP runs testdata/billrun.php in mode with key, feeding it in as JSON,
// and decodes its JSON answer into out.
func runPHP(t *testing.T, mode, key string, in, out any) {
	t.Helper()
	php := tooltest.Need(t, "php")
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
