package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/google/uuid"

	"paygate/config"
	"paygate/money"
	"paygate/store"
)

// adminFlags is a flag set for an admin subcommand with the database flag
// every one of them needs.
func adminFlags(name string, getenv func(string) string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := getenv(config.EnvName("db"))
	if def == "" {
		def = "./data/paygate.db"
	}
	db := fs.String("db", def, "SQLite database file ("+config.EnvName("db")+")")
	return fs, db
}

func companyCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return errors.New("usage: paygate company add --id GUID --name NAME [--currency SEK]")
	}
	fs, dbPath := adminFlags("company add", getenv, stderr)
	id := fs.String("id", "", "company id (Guid)")
	name := fs.String("name", "", "company name")
	currency := fs.String("currency", "SEK", "default currency (ISO 4217)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	cid, err := uuid.Parse(*id)
	if err != nil {
		return fmt.Errorf("--id: %q is not a Guid", *id)
	}
	if strings.TrimSpace(*name) == "" {
		return errors.New("--name is required")
	}
	if err := money.CheckCurrency(*currency); err != nil {
		return fmt.Errorf("--currency: %w", err)
	}
	db, err := store.OpenMigrated(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.AddCompany(ctx, store.Company{ID: cid, Name: *name, Currency: *currency}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "company %s saved\n", cid)
	return nil
}

func articleCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list") {
		return errors.New("usage: paygate article add|list --company GUID [flags]")
	}
	fs, dbPath := adminFlags("article "+args[0], getenv, stderr)
	company := fs.String("company", "", "company id (Guid)")
	var id, typ *int64
	var name, price, currency, vat *string
	if args[0] == "add" {
		id = fs.Int64("id", 0, "article id")
		typ = fs.Int64("type", 0, "article type id")
		name = fs.String("name", "", "article name")
		price = fs.String("price", "", "unit price including VAT, e.g. 500.00")
		currency = fs.String("currency", "SEK", "currency (ISO 4217)")
		vat = fs.String("vat", "0.25", "VAT rate, e.g. 0.25")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	cid, err := uuid.Parse(*company)
	if err != nil {
		return fmt.Errorf("--company: %q is not a Guid", *company)
	}
	db, err := store.OpenMigrated(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if args[0] == "list" {
		list, err := db.Articles(ctx, cid)
		if err != nil {
			return err
		}
		for _, a := range list {
			fmt.Fprintf(stdout, "%d\t%d\t%s\t%s %s\tvat %s\n", a.ArticleID, a.ArticleTypeID, a.Name,
				money.Format(a.UnitPrice, a.Currency), a.Currency, money.FormatRate(a.VATRateBP))
		}
		return nil
	}
	if _, err := db.Company(ctx, cid); err != nil {
		return fmt.Errorf("company %s: %w (add it with paygate company add)", cid, err)
	}
	if strings.TrimSpace(*name) == "" {
		return errors.New("--name is required")
	}
	if err := money.CheckCurrency(*currency); err != nil {
		return fmt.Errorf("--currency: %w", err)
	}
	minor, err := money.Parse(*price, *currency)
	if err != nil {
		return fmt.Errorf("--price: %w", err)
	}
	bp, err := money.ParseRate(*vat)
	if err != nil {
		return fmt.Errorf("--vat: %w", err)
	}
	a := store.Article{CompanyID: cid, ArticleID: *id, ArticleTypeID: *typ, Name: *name, UnitPrice: minor, VATRateBP: bp, Currency: *currency}
	if err := db.PutArticle(ctx, a); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "article %d (type %d) saved\n", *id, *typ)
	return nil
}
