package conformance

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"paygate/internal/tooltest"
	"strings"
	"testing"
)

// TestRealClients runs every real client against one paygate demo. The
// clients run in parallel, each as its own subtest; their references are
// unique, so no client's checkout replaces another's.
func TestRealClients(t *testing.T) {
	root := repoRoot(t)
	out := outDir(t, root)
	// The browser client's pages come from a site of their own, an
	// origin paygate allows; the same site under "localhost" is an
	// origin it does not.
	site := httptest.NewServer(siteHandler(root))
	t.Cleanup(site.Close)
	d := startDemo(t, root, site.URL, filepath.Join(out, "paygate.log"))
	env := append(os.Environ(), d.env()...)

	t.Run("servicestack-client", func(t *testing.T) {
		t.Parallel()
		node := tooltest.Need(t, "node")
		clients := tooltest.NodeClients(t, root)
		for _, script := range []string{"stripe", "auth", "batch", "payson", "refunds"} {
			t.Run(script, func(t *testing.T) {
				t.Parallel()
				runClient(t, node, []string{filepath.Join("conformance", script+".mjs")}, clients, env)
			})
		}
	})

	t.Run("dotnet-xml", func(t *testing.T) {
		t.Parallel()
		mcs := tooltest.Need(t, "mcs")
		mono := tooltest.Need(t, "mono")
		exe := compileCSharp(t, mcs, filepath.Join(root, "testdata", "clients", "dotnet"))
		runClient(t, mono, []string{exe}, t.TempDir(), env)
	})

	t.Run("chromium", func(t *testing.T) {
		t.Parallel()
		node := tooltest.Need(t, "node")
		chromium := tooltest.Need(t, "chromium")
		clients := tooltest.NodeClients(t, root)
		browserEnv := append(env,
			"CHROMIUM="+chromium,
			"SITE_URL="+site.URL,
			"OTHER_SITE_URL="+strings.Replace(site.URL, "127.0.0.1", "localhost", 1),
			"OUT_DIR="+out,
		)
		runClient(t, node, []string{filepath.Join("conformance", "browser.mjs")}, clients, browserEnv)
	})
}

// siteHandler serves the browser client's pages (a customer's site) with
// the DTO module and the UMD build of @servicestack/client they load.
func siteHandler(root string) http.Handler {
	clients := filepath.Join(root, "testdata", "clients")
	pages := http.FileServer(http.Dir(filepath.Join(clients, "conformance")))
	mux := http.NewServeMux()
	mux.Handle("/site/", pages)
	mux.Handle("/lib/", pages)
	mux.Handle("/vendor/", http.StripPrefix("/vendor/",
		http.FileServer(http.Dir(filepath.Join(clients, "node_modules", "@servicestack", "client", "dist")))))
	return mux
}
