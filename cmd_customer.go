package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"time"

	"github.com/google/uuid"

	"paygate/providers/payments"
	"paygate/store"
)

const customerUsage = `usage:
  paygate customer link --company GUID --customer-id ID --stripe-customer cus_…`

// stripeCustomerID is the shape of a Stripe customer id.
var stripeCustomerID = regexp.MustCompile(`^cus_[A-Za-z0-9]{1,250}$`)

func customerCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "link" {
		return errors.New(customerUsage)
	}
	return customerLink(ctx, args[1:], getenv, stdout, stderr)
}

// customerLink records an existing Stripe customer as one of a company's
// /v1 customers, so that its checkouts may name it in stripe_customer_id.
func customerLink(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, dbPath := adminFlags("customer link", getenv, stderr)
	company := fs.String("company", "", "company id (Guid)")
	customerID := fs.String("customer-id", "", "the company's own id of the customer (customer_id in /v1/checkout)")
	stripeID := fs.String("stripe-customer", "", "the Stripe customer (cus_…)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	cid, err := uuid.Parse(*company)
	if err != nil {
		return fmt.Errorf("--company: %q is not a Guid", *company)
	}
	if *customerID == "" || len(*customerID) > 255 {
		return errors.New("--customer-id: 1 to 255 characters are required")
	}
	if !stripeCustomerID.MatchString(*stripeID) {
		return fmt.Errorf("--stripe-customer: %q is not a Stripe customer id (cus_…)", *stripeID)
	}
	db, err := store.OpenMigrated(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Company(ctx, cid); errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("company %s does not exist (add it with paygate company add)", cid)
	} else if err != nil {
		return err
	}
	if err := db.LinkStripeCustomer(ctx, payments.CompanyTenant(cid), *customerID, *stripeID, time.Now()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "stripe customer %s linked to customer %s of company %s\n", *stripeID, *customerID, cid)
	return nil
}
