package main

import (
	"context"
	"errors"
	"net/http"
	"os/signal"
	"syscall"

	"paygate/internal/plainecho"
)

// echoBaseline serves the wire path's baseline on addr until SIGTERM.
func echoBaseline(addr string) error {
	e := plainecho.Handler()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		_ = e.Close()
	}()
	if err := e.Start(addr); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
