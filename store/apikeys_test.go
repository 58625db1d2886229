package store_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"paygate/store"
	"paygate/store/storetest"
)

func TestAPIKeys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		company := uuid.MustParse("6f9619ff-8b86-d011-b42d-00c04fc964ff")
		storetest.AddCompany(t, db, store.Company{ID: company, Name: "Acme", Currency: "SEK"})
		created := time.Date(2024, 5, 1, 10, 0, 0, 123000000, time.UTC) // times are stored to the millisecond
		k := store.APIKey{ID: "abcdEFGH", Hash: bytes.Repeat([]byte{7}, 32), Name: "shop", CompanyID: company,
			Roles: []string{"bookingsupplier-administrator-write"}, Scopes: []string{"checkout"}, CreatedAt: created}
		if err := db.CreateAPIKey(ctx, k); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateAPIKey(ctx, k); !errors.Is(err, store.ErrExists) {
			t.Errorf("duplicate id: err = %v, want ErrExists", err)
		}
		orphan := k
		orphan.ID, orphan.CompanyID = "zzzzzzzz", uuid.New()
		if err := db.CreateAPIKey(ctx, orphan); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown company: err = %v, want ErrNotFound", err)
		}
		admin := store.APIKey{ID: "ADMIN123", Hash: bytes.Repeat([]byte{9}, 32), Roles: []string{"superadmin"}, CreatedAt: created.Add(time.Second)}
		if err := db.CreateAPIKey(ctx, admin); err != nil {
			t.Fatal(err)
		}

		got, err := db.APIKey(ctx, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "shop" || got.CompanyID != company || !bytes.Equal(got.Hash, k.Hash) ||
			!slices.Equal(got.Roles, k.Roles) || !slices.Equal(got.Scopes, k.Scopes) ||
			!got.CreatedAt.Equal(created) || got.RevokedAt != nil {
			t.Errorf("APIKey = %+v, want %+v", got, k)
		}
		if got, err := db.APIKey(ctx, admin.ID); err != nil || got.CompanyID != uuid.Nil || got.Scopes == nil {
			t.Errorf("company-less key = %+v, %v", got, err)
		}
		if _, err := db.APIKey(ctx, "missing!"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown id: err = %v", err)
		}

		all, err := db.APIKeys(ctx, uuid.Nil)
		if err != nil || len(all) != 2 || all[0].ID != k.ID || all[1].ID != admin.ID {
			t.Errorf("APIKeys(all) = %+v, %v", all, err)
		}
		mine, err := db.APIKeys(ctx, company)
		if err != nil || len(mine) != 1 || mine[0].ID != k.ID {
			t.Errorf("APIKeys(company) = %+v, %v", mine, err)
		}

		at := created.Add(time.Hour)
		if ok, err := db.RevokeAPIKey(ctx, k.ID, at); !ok || err != nil {
			t.Fatalf("revoke = %v, %v", ok, err)
		}
		if ok, err := db.RevokeAPIKey(ctx, k.ID, at.Add(time.Hour)); ok || err != nil {
			t.Errorf("second revoke = %v, %v; want false, nil", ok, err)
		}
		if _, err := db.RevokeAPIKey(ctx, "missing!", at); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("revoke unknown: err = %v", err)
		}
		got, err = db.APIKey(ctx, k.ID)
		if err != nil || got.RevokedAt == nil || !got.RevokedAt.Equal(at) {
			t.Errorf("revoked key = %+v, %v; want revoked at %v", got, err, at)
		}
	})
}
