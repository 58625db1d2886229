package auth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"paygate/store"
)

// KeyStore is where API keys live; *store.DB is one.
type KeyStore interface {
	APIKey(ctx context.Context, id string) (store.APIKey, error)
}

// KeyAdmin is the store side of creating, listing and revoking keys.
type KeyAdmin interface {
	KeyStore
	CreateAPIKey(ctx context.Context, k store.APIKey) error
	APIKeys(ctx context.Context, company uuid.UUID) ([]store.APIKey, error)
	RevokeAPIKey(ctx context.Context, id string, at time.Time) (bool, error)
}

// KeySpec describes a key to issue.
type KeySpec struct {
	Company uuid.UUID // required unless Roles holds superadmin
	Roles   []string
	Scopes  []string
	Name    string
}

// IssueAPIKey creates a key for spec and returns it with its stored record.
// The key is returned once here and can never be recovered afterwards.
// rnd is crypto/rand.Reader when nil.
func IssueAPIKey(ctx context.Context, st KeyAdmin, spec KeySpec, now time.Time, rnd io.Reader) (string, store.APIKey, error) {
	roles, err := cleanNames("role", spec.Roles)
	if err != nil {
		return "", store.APIKey{}, err
	}
	scopes, err := cleanNames("scope", spec.Scopes)
	if err != nil {
		return "", store.APIKey{}, err
	}
	if spec.Company == uuid.Nil && !slices.Contains(roles, RoleSuperAdmin) {
		return "", store.APIKey{}, errors.New("auth: a key needs a company unless it is a superadmin key")
	}
	// Ids are 48 random bits; a clash is improbable but must not fail the
	// command, so draw again a few times.
	for range 3 {
		key, id, err := NewAPIKey(rnd)
		if err != nil {
			return "", store.APIKey{}, err
		}
		rec := store.APIKey{ID: id, Hash: HashAPIKey(key), Name: strings.TrimSpace(spec.Name), CompanyID: spec.Company,
			Roles: roles, Scopes: scopes, CreatedAt: now.UTC()}
		err = st.CreateAPIKey(ctx, rec)
		if errors.Is(err, store.ErrExists) {
			continue
		}
		if err != nil {
			return "", store.APIKey{}, fmt.Errorf("auth: issue api key: %w", err)
		}
		return key, rec, nil
	}
	return "", store.APIKey{}, errors.New("auth: issue api key: no free id after 3 attempts")
}

// cleanNames trims names, drops empty ones and duplicates, and refuses
// characters that would make a role or scope ambiguous on the wire.
func cleanNames(what string, names []string) ([]string, error) {
	var out []string
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" || slices.Contains(out, n) {
			continue
		}
		if strings.ContainsAny(n, " \t\r\n,\"") {
			return nil, fmt.Errorf("auth: %s %q contains a space, comma or quote", what, n)
		}
		out = append(out, n)
	}
	return out, nil
}
