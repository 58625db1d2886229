package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"paygate/store"
)

const attemptsUsage = "usage: paygate attempts list [--review]"

// attemptsCmd lists provider attempts in flight: those the recoverer is
// still settling, and those it marked for review, which a person must look
// at with the provider (the reason is the last settlement's error).
func attemptsCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "list" {
		return errors.New(attemptsUsage)
	}
	fs, dbPath := adminFlags("attempts list", getenv, stderr)
	review := fs.Bool("review", false, "only the attempts marked for review")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (%s)", fs.Arg(0), attemptsUsage)
	}
	db, err := store.OpenMigrated(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.Attempts(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tREF\tSTARTED\tTRIES\tSTATE\tLAST ERROR")
	for _, a := range list {
		state := "in flight"
		if !a.ReviewAt.IsZero() {
			state = "review since " + a.ReviewAt.Format(time.RFC3339)
		} else if *review {
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", a.Kind, a.Ref, a.StartedAt.Format(time.RFC3339), a.Tries, state, orDash(a.LastError))
	}
	return tw.Flush()
}
