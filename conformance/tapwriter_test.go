package conformance

import (
	"fmt"
	"slices"
	"testing"
)

// lineLog records what a tapWriter reports.
type lineLog struct{ logged, errors []string }

func (l *lineLog) Log(args ...any)   { l.logged = append(l.logged, fmt.Sprint(args...)) }
func (l *lineLog) Error(args ...any) { l.errors = append(l.errors, fmt.Sprint(args...)) }

// The harness decides whether a client passed, so its reading of TAP must
// not depend on how the pipe happens to cut the output.
func TestTapWriterCountsChecksAcrossWrites(t *testing.T) {
	out := "# client: x\n# call: one\nok 1 - a\nnot ok 2 - b (got 1)\r\nok 3 - c\n1..3\n# trailing"
	for cut := range len(out) {
		log := &lineLog{}
		w := &tapWriter{t: log, plan: -1}
		if _, err := w.Write([]byte(out[:cut])); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(out[cut:])); err != nil {
			t.Fatal(err)
		}
		w.flush()
		if w.passed != 2 || w.failed != 1 || w.plan != 3 {
			t.Fatalf("cut at %d: passed %d, failed %d, plan %d", cut, w.passed, w.failed, w.plan)
		}
		if !slices.Equal(log.errors, []string{"not ok 2 - b (got 1)"}) {
			t.Fatalf("cut at %d: errors %q", cut, log.errors)
		}
		want := []string{"# client: x", "# call: one", "ok 1 - a", "ok 3 - c", "1..3", "# trailing"}
		if !slices.Equal(log.logged, want) {
			t.Fatalf("cut at %d: logged %q", cut, log.logged)
		}
	}
}

func TestTapWriterWithoutPlan(t *testing.T) {
	w := &tapWriter{t: &lineLog{}, plan: -1}
	if _, err := w.Write([]byte("ok 1 - a\n")); err != nil {
		t.Fatal(err)
	}
	w.flush()
	if w.plan != -1 || w.passed != 1 {
		t.Errorf("plan %d, passed %d", w.plan, w.passed)
	}
}
