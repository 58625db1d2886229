package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// ListenAndServe runs a sandbox on addr until ctx ends, then shuts it down
// gracefully. Without opts.PublicURL, snippets and Locations use the host
// each client called, which is right unless a proxy stands in front.
func ListenAndServe(ctx context.Context, addr string, opts Options) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("payson sandbox: listen: %w", err)
	}
	sb := New(opts)
	defer sb.Close()
	srv := &http.Server{
		Handler:           sb,
		ReadHeaderTimeout: 10 * time.Second,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	sb.opts.Logger.Info("payson sandbox listening", "addr", ln.Addr().String())

	select {
	case err := <-errc:
		return fmt.Errorf("payson sandbox: serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("payson sandbox: shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("payson sandbox: serve: %w", err)
	}
	return nil
}
