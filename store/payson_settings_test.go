package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"

	"paygate/store"
	"paygate/store/storetest"
)

func TestPaysonSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		company := addCompany(t, db)
		if _, err := db.PaysonSettings(ctx, company); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("before any settings: %v", err)
		}
		s := store.PaysonSettings{CompanyID: company, AgentID: "4", APIKey: "secret-key-1", ReceiverEmail: "a@example.com"}
		if err := db.PutPaysonSettings(ctx, s); err != nil {
			t.Fatal(err)
		}
		s.APIKey = "secret-key-2"
		if err := db.PutPaysonSettings(ctx, s); err != nil {
			t.Fatal(err)
		}
		got, err := db.PaysonSettings(ctx, company)
		if err != nil || got != s {
			t.Fatalf("got %+v, %v", got, err)
		}
		for _, out := range []string{fmt.Sprint(got), fmt.Sprintf("%v %+v %#v %s", got, got, got, got)} {
			if strings.Contains(out, "secret") {
				t.Errorf("printed settings show the key: %s", out)
			}
		}
		err = db.PutPaysonSettings(ctx, store.PaysonSettings{CompanyID: uuid.New(), AgentID: "4", APIKey: "k"})
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("settings of an unknown company: %v", err)
		}
		if err := db.PutPaysonSettings(ctx, store.PaysonSettings{CompanyID: company, AgentID: "4"}); err == nil {
			t.Error("settings without a key were stored")
		}
	})
}
