package store

import (
	"context"
	"errors"
	"fmt"

	"paygate/secrets"
)

// Sealer encrypts the provider credentials the store keeps, each bound to
// its row (aad); *secrets.Keyring is one.
type Sealer interface {
	Seal(plain, aad string) (string, error)
	Open(sealed, aad string) (string, error)
	Current() string // the id of the key Seal uses
}

// ErrNoKey is returned for writing a credential with no Sealer set.
var ErrNoKey = errors.New("store: no encryption key is configured for provider credentials")

// SetSealer gives the store its keys, before it serves.
func (db *DB) SetSealer(s Sealer) { db.sealer = s }

// storedSecret is a column of provider credentials and the column that
// names its row.
type storedSecret struct{ table, key, value string }

var storedSecrets = []storedSecret{
	{"payson_settings", "company_id", "api_key"},
	{"stripe_webhooks", "id", "secret"},
}

func aad(table, key string) string { return table + "/" + key }

// seal encrypts a credential for its row. Empty stays empty: it means
// none, and the schema's checks refuse it where one is required.
func (db *DB) seal(plain, table, key string) (string, error) {
	if plain == "" {
		return "", nil
	}
	if db.sealer == nil {
		return "", ErrNoKey
	}
	v, err := db.sealer.Seal(plain, aad(table, key))
	if err != nil {
		return "", fmt.Errorf("store: seal %s of %s: %w", table, key, err)
	}
	return v, nil
}

// open decrypts a stored credential. A plain one, stored by an earlier
// paygate before it was sealed, is returned as it is.
func (db *DB) open(stored, table, key string) (string, error) {
	if !secrets.Sealed(stored) {
		return stored, nil
	}
	if db.sealer == nil {
		return "", ErrNoKey
	}
	v, err := db.sealer.Open(stored, aad(table, key))
	if err != nil {
		return "", fmt.Errorf("store: %s of %s: %w", table, key, err)
	}
	return v, nil
}

// SecretCount says how the stored credentials stand.
type SecretCount struct {
	Plain  int            // stored before paygate sealed them
	Sealed map[string]int // by the id of the key that sealed them
}

// CheckSecrets opens every stored credential, so that a missing or wrong
// key stops paygate at start rather than on a customer's checkout.
func (db *DB) CheckSecrets(ctx context.Context) (SecretCount, error) {
	n := SecretCount{Sealed: map[string]int{}}
	err := db.eachSecret(ctx, func(s storedSecret, key, v string) error {
		if !secrets.Sealed(v) {
			n.Plain++
			return nil
		}
		if _, err := db.open(v, s.table, key); err != nil {
			return err
		}
		n.Sealed[secrets.KeyOf(v)]++
		return nil
	})
	return n, err
}

// SealSecrets seals every plain credential under the current key and, with
// rotate, re-seals those under other keys too. Each row is replaced only
// if it still holds what was read, so replicas doing the same at once
// neither lose nor double an update. It returns how many it sealed.
func (db *DB) SealSecrets(ctx context.Context, rotate bool) (int, error) {
	if db.sealer == nil {
		return 0, ErrNoKey
	}
	sealed := 0
	err := db.eachSecret(ctx, func(s storedSecret, key, v string) error {
		if secrets.Sealed(v) && (!rotate || secrets.KeyOf(v) == db.sealer.Current()) {
			return nil
		}
		plain, err := db.open(v, s.table, key)
		if err != nil {
			return err
		}
		next, err := db.seal(plain, s.table, key)
		if err != nil {
			return err
		}
		res, err := db.exec(ctx, `UPDATE `+s.table+` SET `+s.value+` = ? WHERE CAST(`+s.key+` AS TEXT) = ? AND `+s.value+` = ?`,
			next, key, v)
		if err != nil {
			return fmt.Errorf("store: seal %s of %s: %w", s.table, key, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			sealed++
		}
		return nil
	})
	return sealed, err
}

// eachSecret calls fn with every stored, non-empty credential.
func (db *DB) eachSecret(ctx context.Context, fn func(s storedSecret, key, value string) error) error {
	for _, s := range storedSecrets {
		rows, err := db.conn.QueryContext(ctx, `SELECT `+s.key+`, `+s.value+` FROM `+s.table+` WHERE `+s.value+` <> ''`)
		if err != nil {
			return fmt.Errorf("store: read %s: %w", s.table, err)
		}
		type row struct{ key, value string }
		var all []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.key, &r.value); err != nil {
				rows.Close()
				return fmt.Errorf("store: read %s: %w", s.table, err)
			}
			all = append(all, r)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("store: read %s: %w", s.table, err)
		}
		// Rows are read first and changed after, so no update waits on
		// the reading connection.
		for _, r := range all {
			if err := fn(s, r.key, r.value); err != nil {
				return err
			}
		}
	}
	return nil
}
