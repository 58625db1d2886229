package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"

	"paygate/auth"
	"paygate/store"
)

const apikeyUsage = `usage:
  paygate apikey create --company GUID --roles r1,r2 [--scopes s1,s2] [--name N]
  paygate apikey list [--company GUID]
  paygate apikey revoke ID`

func apikeyCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(apikeyUsage)
	}
	switch args[0] {
	case "create":
		return apikeyCreate(ctx, args[1:], getenv, stdout, stderr)
	case "list":
		return apikeyList(ctx, args[1:], getenv, stdout, stderr)
	case "revoke":
		return apikeyRevoke(ctx, args[1:], getenv, stdout, stderr)
	}
	return errors.New(apikeyUsage)
}

// apikeyCreate prints the new key alone on stdout, so scripts can capture
// it, and everything else on stderr. The key cannot be shown again.
func apikeyCreate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, dbPath := adminFlags("apikey create", getenv, stderr)
	company := fs.String("company", "", "company id (Guid); may be left out for a superadmin key")
	roles := fs.String("roles", "", "roles, comma-separated, e.g. bookingsupplier-administrator-write")
	scopes := fs.String("scopes", "", "scopes for the /v1 surface, comma-separated")
	name := fs.String("name", "", "what the key is for")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	spec := auth.KeySpec{Roles: strings.Split(*roles, ","), Scopes: strings.Split(*scopes, ","), Name: *name}
	if *company != "" {
		id, err := uuid.Parse(*company)
		if err != nil {
			return fmt.Errorf("--company: %q is not a Guid", *company)
		}
		spec.Company = id
	}
	db, err := store.OpenMigrated(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	key, rec, err := auth.IssueAPIKey(ctx, db, spec, time.Now(), nil)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("company %s does not exist (add it with paygate company add)", spec.Company)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, key)
	fmt.Fprintf(stderr, "api key %s created; it is shown only this once, store it now\n", rec.ID)
	return nil
}

func apikeyList(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, dbPath := adminFlags("apikey list", getenv, stderr)
	company := fs.String("company", "", "only the keys of this company (Guid)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var cid uuid.UUID
	if *company != "" {
		id, err := uuid.Parse(*company)
		if err != nil {
			return fmt.Errorf("--company: %q is not a Guid", *company)
		}
		cid = id
	}
	db, err := store.OpenMigrated(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	keys, err := db.APIKeys(ctx, cid)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tCOMPANY\tROLES\tSCOPES\tCREATED\tREVOKED")
	for _, k := range keys {
		company, revoked := "-", "-"
		if k.CompanyID != uuid.Nil {
			company = k.CompanyID.String()
		}
		if k.RevokedAt != nil {
			revoked = k.RevokedAt.Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, orDash(k.Name), company, orDash(strings.Join(k.Roles, ",")),
			orDash(strings.Join(k.Scopes, ",")), k.CreatedAt.Format(time.RFC3339), revoked)
	}
	return tw.Flush()
}

func apikeyRevoke(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, dbPath := adminFlags("apikey revoke", getenv, stderr)
	// The id may come before the flags (paygate apikey revoke ID --db x).
	var id string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		id, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if id == "" && fs.NArg() == 1 {
		id = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if id == "" {
		return errors.New("usage: paygate apikey revoke ID (the ID column of paygate apikey list)")
	}
	db, err := store.OpenMigrated(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	revoked, err := db.RevokeAPIKey(ctx, id, time.Now())
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no api key with id %q", id)
	}
	if err != nil {
		return err
	}
	if !revoked {
		fmt.Fprintf(stdout, "api key %s was already revoked\n", id)
		return nil
	}
	fmt.Fprintf(stdout, "api key %s revoked\n", id)
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
