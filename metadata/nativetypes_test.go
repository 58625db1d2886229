package metadata_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"paygate/internal/tooltest"
	"strings"
	"testing"

	"paygate/server"
)

// The generated code must compile with the real tools of each language.

func TestPythonParses(t *testing.T) {
	python := tooltest.Need(t, "python3")
	ts := newServer(t, bokaMeraRegistry(), server.Config{})
	sink := newServer(t, kitchenSinkRegistry(), server.Config{})
	dir := t.TempDir()
	for _, srv := range []*httptest.Server{sink} {
		for name, path := range map[string]string{"sink.py": "/types/python", "sink-marker.py": "/types/python?AddReturnMarker=true"} {
			src, _ := get(t, srv, path, "", 200)
			pythonParse(t, python, filepath.Join(dir, name), src)
		}
	}
	for name, path := range map[string]string{
		"all.py":      "/types/python",
		"marker.py":   "/types/python?AddReturnMarker=True",
		"camel.py":    "/types/python?IncludeTypes=PaysonV2CreateCheckout.*",
		"checkout.py": "/types/python?IncludeTypes=StripeV1CreateCheckout.*",
	} {
		src, _ := get(t, ts, path, "", 200)
		pythonParse(t, python, filepath.Join(dir, name), src)
	}
	src, _ := get(t, ts, "/types/python?AddReturnMarker=True", "", 200)
	for _, want := range []string{
		"# @Route(\"/payment/stripe/v1/checkout\", \"POST\")\n",
		"class StripeV1CreateCheckout(IReturn[StripeCheckoutQueryResponse], IPost, ICompany):\n",
		"class SendCheckoutPaymentRequest(IReturn[PaysonCheckoutV2Response], IPut, ICompany):\n",
		"class Payson2CheckoutStatus(str, Enum):\n    NONE = 'None'\n",
		"    READY_TO_SHIP = 'ReadyToShip'\n",
		"    checkout: Optional[str] = None\n",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("python: missing %q", want)
		}
	}
}

// pythonParse writes src to file and parses it with Python's own parser.
func pythonParse(t *testing.T, python, file, src string) {
	t.Helper()
	if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(python, "-c", "import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])", file).CombinedOutput()
	if err != nil {
		t.Errorf("%s does not parse: %v\n%s\n%s", filepath.Base(file), err, out, numbered(src))
	}
}

func TestTypeScriptCompiles(t *testing.T) {
	clients := tooltest.NodeClients(t, "..")
	node := tooltest.Need(t, "node")
	ts := newServer(t, bokaMeraRegistry(), server.Config{})
	src, _ := get(t, ts, "/types/typescript", "", 200)
	for _, want := range []string{
		"// @Route(\"/payment/stripe/v1/checkout\", \"POST\")\nexport class StripeV1CreateCheckout implements IReturn<StripeCheckoutQueryResponse>, IPost, ICompany\n",
		"    public getTypeName() { return 'StripeV1CreateCheckout'; }\n",
		"    public getMethod() { return 'PUT'; }\n",
		"    public createResponse() { return new PaysonCheckoutV2Response(); }\n",
		"export interface IReturn<T>\n",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("dtos.ts: missing %q", want)
		}
	}
	// Inside testdata/clients, so the import of @servicestack/client
	// resolves to the pinned package.
	dir, err := os.MkdirTemp(clients, "tmp-tsc-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	check := `import { JsonServiceClient } from '@servicestack/client';
import { ArticleToCreate, Payson2CheckoutStatus, PaysonCheckoutV2Response, SendCheckoutPaymentRequest,
    StripeCheckoutQueryResponse, StripeV1CreateCheckout } from './dtos';

const client = new JsonServiceClient('http://127.0.0.1:1');
const create = new StripeV1CreateCheckout({
    CompanyId: '00000000-0000-0000-0000-000000000000', CountryCode: 'SE', UiMode: 'hosted',
    Articles: [new ArticleToCreate({ ArticleId: 1, ArticleTypeId: 1, Quantity: 2 })],
});
export const created: Promise<StripeCheckoutQueryResponse> = client.post(create);
export const sent: Promise<PaysonCheckoutV2Response> = client.put(new SendCheckoutPaymentRequest({ Id: '00000000-0000-0000-0000-000000000000' }));
export const viaSend: Promise<StripeCheckoutQueryResponse> = client.send(create);
export const status: Payson2CheckoutStatus = Payson2CheckoutStatus.ReadyToShip;
export const route: string = create.getTypeName() + ' ' + create.getMethod();
`
	sink, _ := get(t, newServer(t, kitchenSinkRegistry(), server.Config{}), "/types/typescript", "", 200)
	for name, body := range map[string]string{"dtos.ts": src, "check.ts": check, "sink.ts": sink} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(node, filepath.Join(clients, "node_modules", "typescript", "bin", "tsc"),
		"--noEmit", "--strict", "--target", "es2020", "--module", "commonjs", "--moduleResolution", "node",
		"--lib", "es2020,dom", "dtos.ts", "check.ts", "sink.ts")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tsc: %v\n%s\n%s", err, out, numbered(src))
	}
}

func TestCSharpCompiles(t *testing.T) {
	mcs := tooltest.Need(t, "mcs")
	mono := tooltest.Need(t, "mono")
	ts := newServer(t, bokaMeraRegistry(), server.Config{})
	src, _ := get(t, ts, "/types/csharp", "", 200)
	for _, want := range []string{
		"namespace BokaMera.API.ServiceModel.Dtos\n",
		"    [Route(\"/payment/payson/v2/checkout/{Id}/sendpaymentrequest\", \"PUT\")]\n    public partial class SendCheckoutPaymentRequest\n        : IReturn<PaysonCheckoutV2Response>, IPut, ICompany\n",
		"        [ApiMember(Description=\"The checkout id. The checkout must have status ReadyToShip - 5\", IsRequired=true)]\n        public virtual Guid Id { get; set; }\n",
		"        public virtual Guid? CompanyId { get; set; }\n",
		"        public virtual ArticleToCreate[] Articles { get; set; }\n",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("dtos.cs: missing %q", want)
		}
	}
	dir := t.TempDir()
	dtos := filepath.Join(dir, "dtos.cs")
	if err := os.WriteFile(dtos, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	stubs, _ := filepath.Abs(filepath.Join("testdata", "csharp", "ServiceStack.cs"))
	prog, _ := filepath.Abs(filepath.Join("testdata", "csharp", "XmlRoundTrip.cs"))
	exe := filepath.Join(dir, "roundtrip.exe")
	out, err := exec.Command(mcs, "-nologo", "-warnaserror+", "-r:System.Runtime.Serialization.dll", "-r:System.Xml.dll",
		"-out:"+exe, dtos, stubs, prog).CombinedOutput()
	if err != nil {
		t.Fatalf("mcs: %v\n%s\n%s", err, out, numbered(src))
	}
	sink, _ := get(t, newServer(t, kitchenSinkRegistry(), server.Config{}), "/types/csharp", "", 200)
	sinkFile := filepath.Join(dir, "sink.cs")
	if err := os.WriteFile(sinkFile, []byte(sink), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(mcs, "-nologo", "-warnaserror+", "-target:library", "-r:System.Runtime.Serialization.dll",
		"-out:"+filepath.Join(dir, "sink.dll"), sinkFile, stubs).CombinedOutput(); err != nil {
		t.Errorf("mcs sink.cs: %v\n%s\n%s", err, out, numbered(sink))
	}
	// DataContractSerializer, given the generated classes, writes the XML
	// the service writes: the seed's root elements and namespace.
	out, err = exec.Command(mono, exe).CombinedOutput()
	if err != nil {
		t.Fatalf("mono: %v\n%s", err, out)
	}
	const ns = `xmlns="http://schemas.datacontract.org/2004/07/BokaMera.API.ServiceModel.Dtos"`
	got := string(out)
	for _, want := range []string{
		"<SendCheckoutPaymentRequest ", ns,
		"<CompanyId>00000000-0000-0000-0000-000000000000</CompanyId><Id>00000000-0000-0000-0000-000000000000</Id></SendCheckoutPaymentRequest>",
		"<Id>00000000-0000-0000-0000-000000000000</Id><Snippet>String</Snippet><Status>ReadyToShip</Status></PaysonCheckoutV2Response>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("DataContractSerializer output lacks %q:\n%s", want, got)
		}
	}
}

// numbered prefixes line numbers, for compiler messages.
func numbered(src string) string {
	var b strings.Builder
	for i, l := range strings.Split(src, "\n") {
		fmt.Fprintf(&b, "%4d  %s\n", i+1, l)
	}
	return b.String()
}
