package stripe_test

import (
	"os"
	"testing"

	"paygate/providers/stripe/stripetest"
)

// One stripe-mock serves every test and benchmark of this package.
func TestMain(m *testing.M) { os.Exit(stripetest.Main(m)) }
