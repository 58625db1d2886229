package main

import (
	"context"
	"path/filepath"
	"testing"
)

// TestCommittedFixturesCurrent fails when testdata/stripe/fixtures.json no
// longer matches what the generator makes from the pinned stripe-mock.
func TestCommittedFixturesCurrent(t *testing.T) {
	out := filepath.Join("..", "..", defaultOut)
	if err := run(context.Background(), out, true); err != nil {
		t.Fatal(err)
	}
}

func TestGenerateRejectsChangedShape(t *testing.T) {
	_, err := generate([]byte(`{"resources":{"checkout.session":{"id":"cs_1"}}}`))
	if err == nil {
		t.Fatal("generate accepted fixtures without the patched fields")
	}
}
