package metadata_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"paygate/internal/tooltest"
	"testing"

	"paygate/server"
)

// The pages in a real browser: headless Chromium renders them (the
// screenshots land in testdata/out for a person to look at), every link
// answers 200 from inside the page, and nothing is logged as an error.
func TestPagesInChromium(t *testing.T) {
	clients := tooltest.NodeClients(t, "..")
	node := tooltest.Need(t, "node")
	chromium := tooltest.Need(t, "chromium")
	ts := newServer(t, bokaMeraRegistry(), server.Config{})
	out, err := filepath.Abs(filepath.Join("testdata", "out"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	script, _ := filepath.Abs(filepath.Join("testdata", "browser", "screenshot.js"))
	cmd := exec.Command(node, script, out,
		"index="+ts.URL+"/metadata",
		"json-StripeV1CreateCheckout="+ts.URL+"/json/metadata?op=StripeV1CreateCheckout",
		"xml-SendCheckoutPaymentRequest="+ts.URL+"/xml/metadata?op=SendCheckoutPaymentRequest",
		"python-StripeV1CreateCheckout="+ts.URL+"/json/metadata?op=StripeV1CreateCheckout&lang=python",
	)
	cmd.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(clients, "node_modules"), "CHROMIUM="+chromium)
	stdout, err := cmd.Output()
	var report struct {
		Pages []struct {
			Name, File, Title, H1 string
			Links                 int
		}
		Failures []string
	}
	if jerr := json.Unmarshal(stdout, &report); jerr != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("browser run: %v %v\n%s\n%s", err, jerr, stdout, stderr)
	}
	for _, f := range report.Failures {
		t.Error(f)
	}
	for _, p := range report.Pages {
		if p.H1 != "BokaMera.API.Host" || p.Links == 0 {
			t.Errorf("%s: h1 %q, %d links", p.Name, p.H1, p.Links)
		}
		t.Logf("screenshot %s: %s (%q, %d links)", p.Name, p.File, p.Title, p.Links)
	}
	if len(report.Pages) != 4 {
		t.Errorf("%d pages rendered", len(report.Pages))
	}
}
