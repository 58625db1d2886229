package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"strings"

	"paygate/config"
	"paygate/secrets"
	"paygate/store"
)

// KeyFile is where paygate keeps the key it generated for a SQLite
// database that was given none: beside the database, to be backed up with
// it.
func KeyFile(dbPath string) string { return dbPath + ".key" }

// UseKeys gives db the keys its provider credentials are sealed with:
// PAYGATE_ENCRYPTION_KEY, the file PAYGATE_ENCRYPTION_KEY_FILE names, or on
// SQLite the generated KeyFile, which generate allows to be created when
// nothing is sealed yet. Every stored credential is opened once, so a
// missing or wrong key stops paygate here, as a configuration error.
func UseKeys(ctx context.Context, cfg *config.Config, db *store.DB, log *slog.Logger, generate bool) (*secrets.Keyring, error) {
	keys, err := configuredKeys(cfg)
	if err != nil {
		return nil, err
	}
	if keys == nil {
		if keys, err = generatedKeys(ctx, cfg, db, log, generate); err != nil {
			return nil, err
		}
	}
	db.SetSealer(keys)
	count, err := db.CheckSecrets(ctx)
	if err != nil {
		return nil, &config.Error{Setting: "encryption-key",
			Accepts: "the keys the stored provider credentials were sealed with (keep the old key after the new one until paygate secrets rotate has run)",
			Err:     err}
	}
	log.Info("provider credentials", "keys", strings.Join(keys.IDs(), ","), "sealed", count.Sealed, "plain", count.Plain)
	return keys, nil
}

func configuredKeys(cfg *config.Config) (*secrets.Keyring, error) {
	text, setting := cfg.EncryptionKey, "encryption-key"
	if cfg.EncryptionKeyFile != "" {
		b, err := os.ReadFile(cfg.EncryptionKeyFile)
		if err != nil {
			return nil, &config.Error{Setting: "encryption-key-file", Value: cfg.EncryptionKeyFile, Accepts: "a readable file holding the keys", Err: err}
		}
		text, setting = string(b), "encryption-key-file"
	}
	if text == "" {
		return nil, nil
	}
	keys, err := secrets.Parse(text)
	if err != nil {
		return nil, config.KeyError(setting, err)
	}
	return keys, nil
}

// generatedKeys reads, or creates, the key file of a SQLite database.
func generatedKeys(ctx context.Context, cfg *config.Config, db *store.DB, log *slog.Logger, generate bool) (*secrets.Keyring, error) {
	if db.Engine() == "postgres" {
		// Replicas must share one key: none is ever made up here.
		return nil, &config.Error{Setting: "encryption-key", Accepts: "the replicas' shared keys, required with a PostgreSQL database"}
	}
	path := KeyFile(cfg.DB)
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		keys, err := secrets.Parse(string(b))
		if err != nil {
			return nil, &config.Error{Accepts: "a key file written by paygate", Err: fmt.Errorf("%s: %w", path, err)}
		}
		return keys, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("encryption key: %w", err)
	}
	// A database with sealed credentials whose key file is gone needs that
	// file back: a new key would only hide the loss.
	// Without keys, the check stops at the first sealed credential.
	_, err = db.CheckSecrets(ctx)
	if !generate || errors.Is(err, store.ErrNoKey) {
		return nil, &config.Error{Setting: "encryption-key",
			Accepts: "the key the stored credentials were sealed with: restore " + path + " from the database's backup, or set it",
			Err:     errors.New("no key is set and the key file beside the database is missing")}
	}
	if err != nil {
		return nil, err
	}
	text, err := secrets.Generate("k1")
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("encryption key: %w", err)
	}
	if _, err := f.WriteString(text + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("encryption key: %w", err)
	}
	if err := errors.Join(f.Sync(), f.Close()); err != nil {
		return nil, fmt.Errorf("encryption key: %w", err)
	}
	log.Warn("generated the key that seals provider credentials; back it up with the database", "file", path)
	return secrets.Parse(text)
}
