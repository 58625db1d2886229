package metadata_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"paygate/server"
)

func TestUnknownOperationIs404Page(t *testing.T) {
	ts := newServer(t, bokaMeraRegistry(), server.Config{})
	for _, path := range []string{
		"/json/metadata?op=NoSuchOp",
		"/xml/metadata?op=%3Cscript%3Ealert(1)%3C/script%3E",
		"/types/cobol",
	} {
		body, hdr := get(t, ts, path, "", http.StatusNotFound)
		if !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") {
			t.Errorf("%s: Content-Type %q", path, hdr.Get("Content-Type"))
		}
		if strings.Contains(body, "<script>") {
			t.Errorf("%s: input reflected unescaped:\n%s", path, body)
		}
		if !strings.Contains(body, `href="/metadata"`) {
			t.Errorf("%s: no way back", path)
		}
	}
	// No op at all leads to the index.
	resp, err := noRedirect(ts.Client()).Get(ts.URL + "/csv/metadata")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/metadata" {
		t.Errorf("/csv/metadata: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func noRedirect(c *http.Client) *http.Client {
	cc := *c
	cc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cc
}

// The pages sit beside the operations: neither shadows the other.
func TestPagesLeaveOperationsAlone(t *testing.T) {
	ts := newServer(t, bokaMeraRegistry(), server.Config{})
	for path, want := range map[string]int{
		"/json/reply/StripeV1CreateCheckout":                                           http.StatusBadRequest, // validation, i.e. the operation ran
		"/payment/payson/v2/checkout/00000000-0000-0000-0000-000000000001?format=json": http.StatusOK,
		"/json/metadata?op=SendCheckoutPaymentRequest":                                 http.StatusOK,
	} {
		method := http.MethodGet
		if strings.Contains(path, "/reply/") {
			method = http.MethodPost
		}
		req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader("{}"))
		req.Header.Set("Content-Type", "application/json")
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s %s: %d, want %d", method, path, resp.StatusCode, want)
		}
	}
	req, _ := http.NewRequest(http.MethodHead, ts.URL+"/metadata", nil)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("HEAD /metadata: %d", resp.StatusCode)
	}
}

// Under a base path every page, link and sample carries it.
func TestBasePath(t *testing.T) {
	ts := newServer(t, bokaMeraRegistry(), server.Config{BasePath: "/paygate"})
	page, _ := get(t, ts, "/paygate/json/metadata?op=StripeV1CreateCheckout", "h", 200)
	for _, want := range []string{`href="/paygate/metadata"`, "POST /paygate/payment/stripe/v1/checkout HTTP/1.1 "} {
		if !strings.Contains(page, want) {
			t.Errorf("missing %q", want)
		}
	}
	checkLinks(t, ts, "/paygate/metadata")
	get(t, ts, "/metadata", "", http.StatusNotFound)
}

// The JSON case the service is configured with is the case of the samples
// and of the generated TypeScript, so clients send what the service reads.
func TestCamelCase(t *testing.T) {
	ts := newServer(t, bokaMeraRegistry(), server.Config{CamelCase: true})
	page, _ := get(t, ts, "/json/metadata?op=StripeV1CreateCheckout", "", 200)
	if !strings.Contains(page, "{&#34;companyId&#34;:&#34;00000000-0000-0000-0000-000000000000&#34;,&#34;countryCode&#34;") {
		t.Errorf("sample not camelCase:\n%s", page)
	}
	src, _ := get(t, ts, "/types/typescript", "", 200)
	if !strings.Contains(src, "    public companyId?: string;\n") {
		t.Error("dtos.ts not camelCase")
	}
}

// Descriptions are escaped; only the <c> doc markup becomes <code>.
func TestDescriptionsEscaped(t *testing.T) {
	type Evil struct {
		Name string `desc:"<script>alert(1)</script> & <c>ok</c>"`
	}
	reg := server.NewRegistry()
	server.Register(reg, server.Op[Evil, Evil]{
		Routes:  []server.Route{{Path: "/evil", Verbs: "GET", Summary: "<img src=x onerror=alert(1)>"}},
		Handler: func(context.Context, *Evil) (*Evil, error) { return &Evil{}, nil },
	})
	ts := newServer(t, reg, server.Config{})
	page, _ := get(t, ts, "/json/metadata?op=Evil", "", 200)
	if strings.Contains(page, "<script>") || strings.Contains(page, "<img") {
		t.Fatalf("unescaped markup:\n%s", page)
	}
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <code>ok</code>") {
		t.Errorf("description rendering:\n%s", page)
	}
	// A GET operation's members travel in the query string.
	if !strings.Contains(page, "<td>Name</td><td>query</td>") {
		t.Error("GET member not in the query")
	}
}

// Every link on every page resolves.
func TestNoBrokenLinks(t *testing.T) {
	ts := newServer(t, bokaMeraRegistry(), server.Config{})
	n := checkLinks(t, ts, "/metadata")
	if n < 40 {
		t.Errorf("only %d pages reached", n)
	}
}

// checkLinks crawls the service's own pages from start and fails on any
// link that does not answer 200 or leaves the service. It returns how many
// URLs it fetched.
func checkLinks(t *testing.T, ts *httptest.Server, start string) int {
	t.Helper()
	seen := map[string]bool{start: true}
	queue := []string{start}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		resp, err := ts.Client().Get(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("broken link %s: %d", p, resp.StatusCode)
			continue
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		base, _ := url.Parse(p)
		for _, href := range links(t, string(body)) {
			u, err := url.Parse(href)
			if err != nil || u.Host != "" || u.Scheme != "" {
				t.Errorf("%s links outside the service: %q", p, href)
				continue
			}
			key := base.ResolveReference(u).RequestURI()
			if !seen[key] {
				seen[key] = true
				queue = append(queue, key)
			}
		}
	}
	return len(seen)
}

// mdOperation is an operation of /types/metadata.json, as far as the
// tests read it.
type mdOperation struct {
	Request struct {
		Name       string
		Implements []struct{ Name string }
		Properties []struct {
			Name, Type, ParamType string
			GenericArgs           []string
			IsRequired            bool
		}
	}
	Response        *struct{ Name string }
	Actions         []string
	Routes          []struct{ Path, Verbs string }
	RequiresAuth    bool
	RequiresAnyRole []string
}

func TestMetadataJSON(t *testing.T) {
	ts := newServer(t, bokaMeraRegistry(), server.Config{})
	body, _ := get(t, ts, "/types/metadata.json", "", 200)
	var md struct {
		Config     struct{ BaseURL string }
		Namespaces []string
		Types      []struct {
			Name      string
			IsEnum    bool
			EnumNames []string
		}
		Operations []mdOperation
	}
	if err := json.Unmarshal([]byte(body), &md); err != nil {
		t.Fatal(err)
	}
	var send *mdOperation
	for i := range md.Operations {
		if md.Operations[i].Request.Name == "SendCheckoutPaymentRequest" {
			send = &md.Operations[i]
		}
	}
	if send == nil {
		t.Fatal("no SendCheckoutPaymentRequest")
	}
	if !send.RequiresAuth || strings.Join(send.RequiresAnyRole, ",") != "bookingsupplier-administrator-write,superadmin" ||
		send.Response == nil || send.Response.Name != "PaysonCheckoutV2Response" || send.Actions[0] != "PUT" ||
		send.Request.Implements[0].Name != "ICompany" {
		t.Errorf("operation: %+v", send)
	}
	p := send.Request.Properties
	if p[0].Name != "CompanyId" || p[0].Type != "Nullable`1" || p[0].GenericArgs[0] != "Guid" || p[0].ParamType != "body" ||
		p[1].Name != "Id" || p[1].ParamType != "path" || !p[1].IsRequired {
		t.Errorf("properties: %+v", p)
	}
	found := false
	for _, ty := range md.Types {
		if ty.Name == "Payson2CheckoutStatus" && ty.IsEnum && len(ty.EnumNames) == 12 {
			found = true
		}
	}
	if !found {
		t.Error("enum Payson2CheckoutStatus missing")
	}
	idx, _ := get(t, ts, "/types", "", 200)
	if !strings.Contains(idx, `"Python":"http://`) {
		t.Errorf("/types: %s", idx)
	}
}

// links returns the href of every <a> on a page.
func links(t *testing.T, page string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" {
			for _, a := range n.Attr {
				if a.Key == "href" {
					out = append(out, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func TestKitchenSinkPages(t *testing.T) {
	ts := newServer(t, kitchenSinkRegistry(), server.Config{})
	checkLinks(t, ts, "/metadata")
	page, _ := get(t, ts, "/json/metadata?op=KitchenSink", "", 200)
	for _, want := range []string{
		"<tr><td>Maybe</td><td>query</td><td>int?</td><td>No</td>",
		"<tr><td>class</td><td>path</td><td>string</td><td>No</td>",
		"<tr><td>Counts</td><td>body</td><td>Dictionary&lt;string, int&gt;</td><td>Yes</td>",
		"<tr><td>Status</td><td>body</td><td>PaymentOrigin?</td><td>No</td>",
		"<tr><td>Parent</td><td>form</td><td>SinkChild</td><td>No</td>",
		"<th>GET,DELETE</th><th>/sink/{Id}</th>",
		"<tr><th>Requires all of the scopes:</th><td>sinks:read, sinks:write</td></tr>",
		"<h3>PaymentOrigin Enum:</h3>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("missing %q", want)
		}
	}
	ping, _ := get(t, ts, "/json/metadata?op=ping", "", 200)
	if !strings.Contains(ping, "POST /json/reply/Ping HTTP/1.1 ") || !strings.Contains(ping, "HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: length\n\n{}") {
		t.Errorf("Ping samples:\n%s", ping)
	}
}

// Whatever a caller puts in the query, the pages answer 200 or 404 and
// never fail.
func FuzzOperationPageQuery(f *testing.F) {
	f.Add("StripeV1CreateCheckout", "python", "StripeV1CreateCheckout.*", "")
	f.Add("sendcheckoutpaymentrequest", "csharp", "", "ArticleToCreate")
	f.Add("<x>", "\x00", ",,.*", "*")
	srv := httptest.NewServer(newHandler(bokaMeraRegistry(), server.Config{}))
	f.Cleanup(srv.Close)
	f.Fuzz(func(t *testing.T, op, lang, include, exclude string) {
		q := url.Values{"op": {op}, "lang": {lang}, "IncludeTypes": {include}, "ExcludeTypes": {exclude}}.Encode()
		for _, p := range []string{"/json/metadata?", "/xml/metadata?", "/types/python?", "/types/typescript?", "/types/csharp?"} {
			resp, err := srv.Client().Get(srv.URL + p + q)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusFound {
				t.Errorf("%s%s: %d", p, q, resp.StatusCode)
			}
		}
	})
}
