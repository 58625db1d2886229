package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strings"

	"paygate/store"
)

const accountUsage = "usage: paygate account add --aid N --email E --firstname F --lastname L | paygate account list"

// accountCmd manages the BillRun accounts whose cards the StripeCheckout
// gateway saves.
func accountCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list") {
		return errors.New(accountUsage)
	}
	fs, dbPath := adminFlags("account "+args[0], getenv, stderr)
	var aid *int64
	var email, first, last *string
	if args[0] == "add" {
		aid = fs.Int64("aid", 0, "BillRun account id")
		email = fs.String("email", "", "email; finds or creates the account's Stripe customer")
		first = fs.String("firstname", "", "first name")
		last = fs.String("lastname", "", "last name")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (%s)", fs.Arg(0), accountUsage)
	}
	if args[0] == "add" {
		if *aid <= 0 {
			return errors.New("--aid must be a positive number")
		}
		if e := strings.TrimSpace(*email); e != "" {
			if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
				return fmt.Errorf("--email: %q is not an email address", e)
			}
		}
	}
	db, err := store.OpenMigrated(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if args[0] == "list" {
		return listAccounts(ctx, db, stdout)
	}
	a := store.BillRunAccount{AID: *aid, Email: *email, FirstName: *first, LastName: *last}
	if err := db.PutBillRunAccount(ctx, a); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "account %d saved\n", a.AID)
	if strings.TrimSpace(a.Email) == "" {
		fmt.Fprintf(stderr, "account %d has no email: getRequest refuses it until it has one\n", a.AID)
	}
	return nil
}

func listAccounts(ctx context.Context, db *store.DB, w io.Writer) error {
	list, err := db.BillRunAccounts(ctx)
	if err != nil {
		return err
	}
	for _, a := range list {
		card := "no card"
		if c := a.Card; c != nil {
			card = fmt.Sprintf("card ****%s %02d/%d %s %s", c.FourDigits, c.ExpMonth, c.ExpYear, c.CustomerID, c.PaymentMethodID)
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", a.AID, orDash(a.Email), orDash(a.FirstName), orDash(a.LastName), card)
	}
	return nil
}
