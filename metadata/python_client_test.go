package metadata_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"paygate/dto"
	"paygate/internal/tooltest"
	"paygate/server"
)

// pythonClient mimics what ServiceStack's Python JsonServiceClient does
// with the DTOs of /types/python (servicestack-python, servicestack/
// clients.py and reflection.py at commit
// 7da65d6f02cf0af5e587f14a216e5230d0e5f25a): post_url sends
// json.dumps of the request's dataclass_json to_dict() without its null
// members, and reads each response field under its own name, its
// snake_case or its camelCase name, never PascalCase.
const pythonClient = `
import json, sys, urllib.request, dataclasses
sys.path.insert(0, sys.argv[1])
from dtos import StripeV1CreateCheckout, ArticleToCreate, StripeCheckoutQueryResponse

def drop_nulls(v):
    if isinstance(v, dict):
        return {k: drop_nulls(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [drop_nulls(x) for x in v]
    return v

def camel(name):
    head, *rest = name.split('_')
    return head + ''.join(p.title() for p in rest)

def read(cls, obj):
    out = {}
    for f in dataclasses.fields(cls):
        # the field names are snake_case already
        for key in (f.name, camel(f.name)):
            if key in obj:
                out[f.name] = obj[key]
                break
    return cls(**out)

req = StripeV1CreateCheckout(company_id='5b3d2f1e-0000-4000-8000-000000000001', country_code='SE',
    internal_reference_id='booking-42', ui_mode='hosted',
    articles=[ArticleToCreate(article_id=7, article_type_id=1, quantity=2)])
for query in sys.argv[3:]:
    http = urllib.request.Request(sys.argv[2] + '/payment/stripe/v1/checkout' + query,
        data=json.dumps(drop_nulls(req.to_dict())).encode(), headers={'Content-Type': 'application/json'})
    body = json.loads(urllib.request.urlopen(http).read())
    res = read(StripeCheckoutQueryResponse, body)
    print(query or '-', res.session_id, res.url, res.status)
`

// The README's Python example: against paygate's PascalCase JSON the
// Python client reads nothing; with jsconfig=EmitCamelCaseNames:true it
// reads every member, and paygate binds its camelCase request.
func TestPythonClientWorkedExample(t *testing.T) {
	python := "/usr/bin/python3" // Debian's, which python3-dataclasses-json serves
	if _, err := os.Stat(python); err != nil {
		python = tooltest.Need(t, "python3")
	}
	if out, err := exec.Command(python, "-c", "import dataclasses_json").CombinedOutput(); err != nil {
		tooltest.Missing(t, "python3-dataclasses-json is not installed (scripts/test-deps.sh installs it): "+string(out))
	}
	reg := server.NewRegistry()
	server.Register(reg, server.Op[dto.StripeV1CreateCheckout, dto.StripeCheckoutQueryResponse]{
		Routes: []server.Route{{Path: "/payment/stripe/v1/checkout", Verbs: "POST"}},
		Handler: func(_ context.Context, r *dto.StripeV1CreateCheckout) (*dto.StripeCheckoutQueryResponse, error) {
			var sb strings.Builder
			for _, a := range r.Articles {
				sb.WriteString("/" + strings.Repeat("a", a.Quantity))
			}
			return &dto.StripeCheckoutQueryResponse{SessionId: "cs_" + r.InternalReferenceId,
				Url: "https://checkout.example/" + r.CountryCode + sb.String(), Status: r.UiMode}, nil
		},
	})
	ts := newServer(t, reg, server.Config{})
	src, _ := get(t, ts, "/types/python?IncludeTypes=StripeV1CreateCheckout.*", "", 200)
	dir := t.TempDir()
	for name, body := range map[string]string{
		"dtos.py": src,
		// The DTOs import the client library, which only the client needs.
		"servicestack.py": "",
		"client.py":       pythonClient,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command(python, filepath.Join(dir, "client.py"), dir, ts.URL, "", "?jsconfig=EmitCamelCaseNames:true").CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	want := "- None None None\n?jsconfig=EmitCamelCaseNames:true cs_booking-42 https://checkout.example/SE/aa hosted\n"
	if string(out) != want {
		t.Errorf("python client read:\n%s\nwant\n%s", out, want)
	}
}
