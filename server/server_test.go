package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"paygate/apierr"
	"paygate/auth"
	"paygate/dto"
	"paygate/formats"
	"paygate/internal/servertest"
	"paygate/server"
)

type Hello struct {
	Name string `desc:"Who to greet"`
}

type HelloResponse struct {
	Result string
	Reply  dto.Reply `json:"-"`
}

type Order struct {
	Id        int
	CompanyId *uuid.UUID
	Tags      []string
	Qty       []int
	Item      *Item
	Note      string `validate:"max=10"`
}

type Item struct {
	Id   int
	Name string
}

type OrderResponse struct {
	Id        int
	CompanyId *uuid.UUID
	Tags      []string
	Qty       []int
	Item      *Item
	Note      string
}

type Create struct {
	CompanyId   *uuid.UUID `validate:"required"`
	FirstName   string     `validate:"required"`
	Quantity    int        `validate:"gt=0"`
	Articles    []Item     `validate:"required,min=1,dive"`
	CountryCode string
}

type Boom struct{}

// Strict binds itself: only a body of exactly "ok".
type Strict struct{ Body string }
type Nothing struct{}
type Secret struct{}

type fakeAuth struct{}

func (fakeAuth) Authenticate(r *http.Request, _ auth.Facts) (*auth.Principal, error) {
	switch r.Header.Get("Authorization") {
	case "":
		return nil, nil
	case "Bearer admin":
		return &auth.Principal{UserID: "1", Roles: []string{"admin"}}, nil
	case "Bearer user":
		return &auth.Principal{UserID: "2", Roles: []string{"user"}}, nil
	}
	return nil, apierr.Unauthorized("Invalid credentials")
}

func newTestServer(t *testing.T, cfg server.Config) *httptest.Server {
	t.Helper()
	reg := server.NewRegistry()
	server.Register(reg, server.Op[Hello, HelloResponse]{
		Routes: []server.Route{{Path: "/hello/{Name}"}, {Path: "/hello"}},
		Handler: func(ctx context.Context, req *Hello) (*HelloResponse, error) {
			return &HelloResponse{Result: "Hello, " + req.Name + "!"}, nil
		},
	})
	server.Register(reg, server.Op[Order, OrderResponse]{
		Routes: []server.Route{{Path: "/orders/{Id}", Verbs: "GET,POST"}},
		Handler: func(ctx context.Context, req *Order) (*OrderResponse, error) {
			r := OrderResponse(*req)
			return &r, nil
		},
	})
	server.Register(reg, server.Op[Create, HelloResponse]{
		Routes: []server.Route{{Path: "/create", Verbs: "POST"}},
		Handler: func(ctx context.Context, req *Create) (*HelloResponse, error) {
			if req.FirstName == "fail" {
				return nil, apierr.Invalid("FirstName", "Invalid", "no")
			}
			return &HelloResponse{Result: req.FirstName}, nil
		},
	})
	server.Register(reg, server.Op[Strict, HelloResponse]{
		Routes: []server.Route{{Path: "/strict", Verbs: "POST"}},
		Bind: func(x *server.Exchange, req *Strict) error {
			if string(x.Body) != "ok" {
				return apierr.BadRequest("Strict", "body must be ok")
			}
			req.Body = string(x.Body)
			return nil
		},
		Handler: func(ctx context.Context, req *Strict) (*HelloResponse, error) {
			return &HelloResponse{Result: req.Body}, nil
		},
	})
	server.Register(reg, server.Op[Boom, HelloResponse]{
		Routes: []server.Route{{Path: "/boom"}},
		Handler: func(ctx context.Context, req *Boom) (*HelloResponse, error) {
			panic("handler bug")
		},
	})
	server.Register(reg, server.Op[Nothing, HelloResponse]{
		Routes: []server.Route{{Path: "/nothing"}},
		Handler: func(ctx context.Context, req *Nothing) (*HelloResponse, error) {
			return nil, nil
		},
	})
	server.Register(reg, server.Op[Secret, HelloResponse]{
		Routes: []server.Route{{Path: "/secret"}},
		Auth:   server.Requirement{Authenticated: true, AnyRole: []string{"admin"}},
		Handler: func(ctx context.Context, req *Secret) (*HelloResponse, error) {
			return &HelloResponse{Result: auth.FromContext(ctx).UserID}, nil
		},
	})
	if cfg.Logger == nil {
		cfg.Logger = servertest.Quiet()
	}
	cfg.Authenticator = fakeAuth{}
	ts := httptest.NewServer(servertest.New(cfg, reg))
	t.Cleanup(ts.Close)
	return ts
}

type call struct {
	name    string
	method  string
	path    string
	header  map[string]string
	body    string
	status  int
	ctype   string
	want    string // exact body, or a substring when contains is set
	contain bool
}

func (c call) run(t *testing.T, base string) *http.Response {
	t.Helper()
	m := c.method
	if m == "" {
		m = http.MethodGet
	}
	req, err := http.NewRequest(m, base+c.path, strings.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if c.status != 0 && resp.StatusCode != c.status {
		t.Errorf("%s: status %d, want %d; body %s", c.name, resp.StatusCode, c.status, b)
	}
	if c.ctype != "" && resp.Header.Get("Content-Type") != c.ctype {
		t.Errorf("%s: Content-Type %q, want %q", c.name, resp.Header.Get("Content-Type"), c.ctype)
	}
	if c.contain {
		if !strings.Contains(string(b), c.want) {
			t.Errorf("%s: body %s\nwant it to contain %s", c.name, b, c.want)
		}
	} else if c.want != "" && string(b) != c.want {
		t.Errorf("%s: body %s\nwant %s", c.name, b, c.want)
	}
	return resp
}

const jsonCT = "application/json; charset=utf-8"

func TestNegotiationPrecedence(t *testing.T) {
	ts := newTestServer(t, server.Config{})
	hello := `{"Result":"Hello, World!"}`
	for _, c := range []call{
		{name: "default */*", path: "/hello/World", header: map[string]string{"Accept": "*/*"}, ctype: jsonCT, want: hello},
		{name: "no accept", path: "/hello/World", ctype: jsonCT, want: hello},
		{name: "accept json", path: "/hello/World", header: map[string]string{"Accept": "application/json"}, ctype: jsonCT, want: hello},
		{name: "accept jsv", path: "/hello/World", header: map[string]string{"Accept": "application/jsv"}, ctype: "application/jsv"},
		{name: "accept server order", path: "/hello/World", header: map[string]string{"Accept": "application/jsv, application/json"}, ctype: jsonCT},
		{name: "accept */* echoes content type", method: "POST", path: "/hello", header: map[string]string{"Accept": "*/*", "Content-Type": "application/jsv"}, body: "{Name:X}", ctype: "application/jsv", want: `{Result:"Hello, X!"}`},
		{name: "accept text/jsv unknown", path: "/hello/World", header: map[string]string{"Accept": "text/jsv"}, ctype: jsonCT},
		{name: "format beats accept", path: "/hello/World?format=jsv", header: map[string]string{"Accept": "application/json"}, ctype: "application/jsv"},
		{name: "format with dot", path: "/hello/World?format=json.foo", header: map[string]string{"Accept": "application/jsv"}, ctype: jsonCT},
		{name: "unknown format ignored", path: "/hello/World?format=yaml", header: map[string]string{"Accept": "application/jsv"}, ctype: "application/jsv"},
		{name: "callback beats format", path: "/hello/World?format=jsv&callback=cb", ctype: "text/javascript", want: "cb(" + hello + ")"},
		{name: "ext beats callback", path: "/hello/World.jsv?callback=cb", ctype: "application/jsv", want: `cb({Result:"Hello, World!"})`},
		{name: "ext beats format", path: "/hello/World.json?format=jsv", ctype: jsonCT, want: hello},
		{name: "ext beats accept", path: "/hello/World.json", header: map[string]string{"Accept": "application/jsv"}, ctype: jsonCT, want: hello},
		{name: "callback sanitised", path: "/hello/World?callback=alert(1)", ctype: "text/javascript", want: "alert_1_(" + hello + ")"},
		{name: "callback keeps dots", path: "/hello/World?callback=jQuery123.cb_1", want: "jQuery123.cb_1(" + hello + ")"},
		{name: "reply route", method: "POST", path: "/json/reply/Hello", header: map[string]string{"Content-Type": "application/json"}, body: `{"name":"World"}`, ctype: jsonCT, want: hello},
		{name: "reply ignores accept", path: "/json/reply/Hello?Name=World", header: map[string]string{"Accept": "application/jsv"}, ctype: jsonCT, want: hello},
		{name: "jsv reply", path: "/jsv/reply/Hello?Name=World", header: map[string]string{"Accept": "application/json"}, ctype: "application/jsv"},
		{name: "reply format override", path: "/json/reply/Hello?Name=World&format=jsv", ctype: "application/jsv"},
		{name: "reply callback", path: "/jsv/reply/Hello?Name=World&callback=cb", ctype: "text/javascript", want: "cb(" + hello + ")"},
		{name: "op name case-insensitive", path: "/json/reply/hELLO?Name=World", want: hello},
		{name: "syncreply alias", path: "/json/syncreply/Hello?Name=World", want: hello},
		{name: "oneway", path: "/json/oneway/Hello?Name=World", want: hello},
		{name: "api route", path: "/api/Hello?name=World", header: map[string]string{"Accept": "application/jsv"}, ctype: jsonCT, want: hello},
		{name: "api ext", path: "/api/Hello.jsv?name=World", ctype: "application/jsv"},
		{name: "custom route case-insensitive", path: "/HELLO/World", want: hello},
		{name: "trailing slash", path: "/hello/World/", want: hello},
		{name: "accept xml", path: "/hello/World", header: map[string]string{"Accept": "application/xml"}, ctype: "application/xml",
			want: `<?xml version="1.0" encoding="utf-8"?><HelloResponse xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/Paygate"><Result>Hello, World!</Result></HelloResponse>`},
		{name: "accept xml and json: server order", path: "/hello/World", header: map[string]string{"Accept": "application/xml, application/json"}, ctype: jsonCT},
		{name: "accept */* echoes xml", method: "POST", path: "/hello", header: map[string]string{"Accept": "*/*", "Content-Type": "application/xml"},
			body: `<Hello xmlns="http://schemas.datacontract.org/2004/07/Paygate"><Name>X</Name></Hello>`, ctype: "application/xml", want: `<Result>Hello, X!</Result>`, contain: true},
		{name: "xml ext", path: "/hello/World.xml", ctype: "application/xml", want: `<Result>Hello, World!</Result>`, contain: true},
		{name: "xml first segment on reply", path: "/xml/reply/Hello?Name=World", header: map[string]string{"Accept": "application/json"}, ctype: "application/xml"},
		{name: "accept csv", path: "/hello/World", header: map[string]string{"Accept": "text/csv"}, ctype: "text/csv", want: "Result\r\n\"Hello, World!\"\r\n"},
		{name: "csv ext", path: "/hello/World.csv", ctype: "text/csv", want: "Result\r\n\"Hello, World!\"\r\n"},
		{name: "jsv", path: "/hello/World?format=jsv", ctype: "application/jsv", want: `{Result:"Hello, World!"}`},
		// ServiceStack.Text writes U+2028 raw in JSON (JsonUtils.WriteString);
		// in a JSONP script it stays escaped, as older JavaScript ends a
		// string literal there.
		{name: "json keeps U+2028 raw", path: "/hello/a%E2%80%A8b", ctype: jsonCT, want: "{\"Result\":\"Hello, a\u2028b!\"}"},
		{name: "jsonp escapes U+2028", path: "/hello/a%E2%80%A8b%E2%80%A9?callback=cb", ctype: "text/javascript", want: `cb({"Result":"Hello, a\u2028b\u2029!"})`},
	} {
		t.Run(c.name, func(t *testing.T) { c.run(t, ts.URL) })
	}
}

// The configured default leads the server's Accept preference order, as
// ServiceStack puts DefaultContentType first in PreferredContentTypes.
func TestNegotiationDefaultFirst(t *testing.T) {
	for _, tt := range []struct {
		def    formats.Format
		accept string
		ctype  string
	}{
		{formats.XML, "application/json, application/xml", "application/xml"},
		{formats.XML, "application/jsv, application/json", jsonCT},
		{formats.JSV, "application/xml, application/jsv", "application/jsv"},
		{formats.CSV, "application/json, text/csv", "text/csv"},
		{formats.CSV, "application/json", jsonCT},
		{formats.JSON, "application/xml, application/json", jsonCT},
	} {
		ts := newTestServer(t, server.Config{DefaultFormat: tt.def})
		call{name: tt.def.String() + " default, Accept: " + tt.accept, path: "/hello/World",
			header: map[string]string{"Accept": tt.accept}, status: 200, ctype: tt.ctype}.run(t, ts.URL)
	}
}

func TestBinding(t *testing.T) {
	ts := newTestServer(t, server.Config{})
	g := "6f9619ff-8b86-d011-b42d-00c04fc964ff"
	for _, c := range []call{
		{name: "path var", path: "/orders/5", want: `{"Id":5}`},
		{name: "query over path", path: "/orders/5?id=7", want: `{"Id":7`, contain: true},
		{name: "query over body on custom route", method: "POST", path: "/orders/5?Note=q", header: map[string]string{"Content-Type": "application/json"}, body: `{"id":9,"note":"b"}`, want: `{"Id":5,"Note":"q"}`},
		{name: "form over query", method: "POST", path: "/orders/5?Note=q", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, body: "note=f&tags=a,b", want: `{"Id":5,"Tags":["a","b"],"Note":"f"}`},
		{name: "jsv list in query", path: "/orders/1?Qty=[1,2,3]", want: `"Qty":[1,2,3]`, contain: true},
		{name: "plain list in query", path: "/orders/1?Qty=1,2,3", want: `"Qty":[1,2,3]`, contain: true},
		{name: "repeated keys join", path: "/orders/1?Qty=1&Qty=2", want: `"Qty":[1,2]`, contain: true},
		{name: "jsv object in query", path: "/orders/1?Item={Id:3,Name:%22x,%20y%22}", want: `"Item":{"Id":3,"Name":"x, y"}`, contain: true},
		{name: "guid dashed", path: "/orders/1?CompanyId=" + g, want: `"CompanyId":"` + g + `"`, contain: true},
		{name: "guid 32 hex", path: "/orders/1?CompanyId=6f9619ff8b86d011b42d00c04fc964ff", want: `"CompanyId":"` + g + `"`, contain: true},
		{name: "predefined body beats query", method: "POST", path: "/json/reply/Order?Note=q&Id=3", header: map[string]string{"Content-Type": "application/json"}, body: `{"Note":"b"}`, want: `{"Id":3,"Note":"b"}`},
		{name: "predefined parses text/plain as JSON", method: "POST", path: "/api/Order", header: map[string]string{"Content-Type": "text/plain"}, body: `{"id":4}`, want: `{"Id":4}`},
		{name: "custom route ignores unknown content type", method: "POST", path: "/orders/2", header: map[string]string{"Content-Type": "text/plain"}, body: `{"note":"x"}`, want: `{"Id":2}`},
		{name: "empty JSON body on GET", path: "/api/Order?id=1", header: map[string]string{"Content-Type": "application/json"}, want: `{"Id":1}`},
		{name: "multipart form", method: "POST", path: "/orders/2", header: map[string]string{"Content-Type": "multipart/form-data; boundary=XX"}, body: "--XX\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nmp\r\n--XX--\r\n", want: `{"Id":2,"Note":"mp"}`},
		{name: "jsv body", method: "POST", path: "/orders/2", header: map[string]string{"Content-Type": "application/jsv"}, body: `{Tags:[a,"b,c"]}`, want: `{Id:2,Tags:[a,"b,c"]}`},
		// Empty values bind nothing: the npm client sends a null member as a bare key.
		{name: "bare keys bind nothing", path: "/api/Order?Id=1&Note&CompanyId&Qty", status: 200, want: `{"Id":1}`},
		{name: "empty values bind nothing", path: "/orders/5?Id=&Note=&CompanyId=", status: 200, want: `{"Id":5}`},
		{name: "empty query keeps body", method: "POST", path: "/orders/5?Note=", header: map[string]string{"Content-Type": "application/json"}, body: `{"note":"b"}`, want: `{"Id":5,"Note":"b"}`},
		{name: "empty form field keeps query", method: "POST", path: "/orders/5?Note=q", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, body: "note=&id=", want: `{"Id":5,"Note":"q"}`},
	} {
		t.Run(c.name, func(t *testing.T) { c.run(t, ts.URL) })
	}
}

func TestErrors(t *testing.T) {
	ts := newTestServer(t, server.Config{MaxBodyBytes: 256})
	for _, c := range []call{
		{name: "unknown path", path: "/nope", status: 404, ctype: jsonCT, want: `{"ResponseStatus":{"ErrorCode":"NotFound","Message":"Handler for Request not found: GET /nope","Errors":[]}}`},
		{name: "unknown op", path: "/json/reply/Nope", status: 405, want: `{"ResponseStatus":{"ErrorCode":"NotImplementedException","Message":"The operation 'Nope' does not exist for this service","Errors":[]}}`},
		{name: "unknown op api", path: "/api/Nope", status: 405},
		{name: "wrong verb", method: "GET", path: "/create", status: 404},
		{name: "malformed JSON", method: "POST", path: "/create", header: map[string]string{"Content-Type": "application/json"}, body: `{"FirstName":`, status: 400, want: `"ErrorCode":"SerializationException"`, contain: true},
		{name: "not an object", method: "POST", path: "/create", header: map[string]string{"Content-Type": "application/json"}, body: `[1,2]`, status: 400, want: `expected an object`, contain: true},
		{name: "wrong type names field", method: "POST", path: "/create", header: map[string]string{"Content-Type": "application/json"}, body: `{"Quantity":"x"}`, status: 400, want: `"FieldName":"Quantity"`, contain: true},
		{name: "nested wrong type", method: "POST", path: "/create", header: map[string]string{"Content-Type": "application/json"}, body: `{"Articles":[{"Id":1.5}]}`, status: 400, want: `"FieldName":"Articles[0].Id"`, contain: true},
		{name: "bad guid", method: "POST", path: "/create", header: map[string]string{"Content-Type": "application/json"}, body: `{"CompanyId":"nope"}`, status: 400, want: `"FieldName":"CompanyId"`, contain: true},
		{name: "bad query value", path: "/orders/x", status: 400, want: `{"ResponseStatus":{"ErrorCode":"SerializationException","Message":"Unable to bind to request 'Order'","Errors":[{"ErrorCode":"SerializationException","FieldName":"Id","Message":"'x' is an Invalid value for 'Id'"}]}}`},
		{name: "validation", method: "POST", path: "/create", header: map[string]string{"Content-Type": "application/json"}, body: `{"Quantity":1,"Articles":[{}]}`, status: 400,
			want: `{"ResponseStatus":{"ErrorCode":"NotEmpty","Message":"'Company Id' must not be empty.","Errors":[{"ErrorCode":"NotEmpty","FieldName":"CompanyId","Message":"'Company Id' must not be empty.","Meta":{"PropertyName":"Company Id"}},{"ErrorCode":"NotEmpty","FieldName":"FirstName","Message":"'First Name' must not be empty.","Meta":{"PropertyName":"First Name"}}]}}`},
		{name: "validation gt", method: "POST", path: "/create", header: map[string]string{"Content-Type": "application/json"}, body: `{"CompanyId":"6f9619ff8b86d011b42d00c04fc964ff","FirstName":"a","Quantity":0,"Articles":[{}]}`, status: 400, want: `"ErrorCode":"GreaterThan","FieldName":"Quantity","Message":"'Quantity' must be greater than '0'."`, contain: true},
		{name: "validation min items", method: "POST", path: "/create", header: map[string]string{"Content-Type": "application/json"}, body: `{"CompanyId":"6f9619ff8b86d011b42d00c04fc964ff","FirstName":"a","Quantity":1,"Articles":[]}`, status: 400, want: `"FieldName":"Articles"`, contain: true},
		{name: "handler field error", method: "POST", path: "/create", header: map[string]string{"Content-Type": "application/json"}, body: `{"CompanyId":"6f9619ff8b86d011b42d00c04fc964ff","FirstName":"fail","Quantity":1,"Articles":[{}]}`, status: 400, want: `{"ResponseStatus":{"ErrorCode":"Invalid","Message":"no","Errors":[{"ErrorCode":"Invalid","FieldName":"FirstName","Message":"no"}]}}`},
		{name: "too large", method: "POST", path: "/create", header: map[string]string{"Content-Type": "application/json"}, body: `{"FirstName":"` + strings.Repeat("x", 300) + `"}`, status: 413, want: `"ErrorCode":"RequestEntityTooLarge"`, contain: true},
		{name: "panic is 500 without stack", path: "/boom", status: 500, want: `{"ResponseStatus":{"ErrorCode":"Exception","Message":"An internal error occurred.","Errors":[]}}`},
		{name: "nil response is 204", path: "/nothing", status: 204, want: ""},
		{name: "nil response to HEAD stays 200", method: "HEAD", path: "/nothing", status: 200, want: ""},
		{name: "nil response to OPTIONS stays 200", method: "OPTIONS", path: "/nothing", status: 200, want: ""},
		{name: "malformed xml", method: "POST", path: "/create", header: map[string]string{"Content-Type": "application/xml"}, body: `<Create><FirstName>x</Create>`, status: 400, ctype: "application/xml", want: `<ErrorCode>SerializationException</ErrorCode>`, contain: true},
		{name: "wrong xml root", method: "POST", path: "/create", header: map[string]string{"Content-Type": "application/xml"}, body: `<Other/>`, status: 400, want: `Expecting element 'Create'`, contain: true},
		{name: "xml wrong type names field", method: "POST", path: "/create", header: map[string]string{"Content-Type": "application/xml"}, body: `<Create><Quantity>x</Quantity></Create>`, status: 400, want: `<FieldName>Quantity</FieldName>`, contain: true},
		{name: "xml error body", path: "/json/reply/Nope?format=xml", status: 405, ctype: "application/xml",
			want: `<?xml version="1.0" encoding="utf-8"?><ErrorResponse xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.servicestack.net/types"><ResponseStatus><ErrorCode>NotImplementedException</ErrorCode><Message>The operation 'Nope' does not exist for this service</Message><StackTrace i:nil="true" /><Errors /><Meta xmlns:d3p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays" i:nil="true" /></ResponseStatus></ErrorResponse>`},
		{name: "csv error", path: "/json/reply/Nope?format=csv", status: 405, ctype: "text/csv"},
		{name: "error in jsv", method: "POST", path: "/create?format=jsv", header: map[string]string{"Content-Type": "application/json"}, body: `[1]`, status: 400, ctype: "application/jsv", want: `{ResponseStatus:{ErrorCode:SerializationException`, contain: true},
		{name: "jsonp pre-service error is 200", method: "POST", path: "/create?callback=cb", header: map[string]string{"Content-Type": "application/json"}, body: `[1]`, status: 200, ctype: "text/javascript", want: `cb({"ResponseStatus":{"ErrorCode":"SerializationException"`, contain: true},
		{name: "jsonp handler error keeps status", method: "POST", path: "/create?callback=cb", header: map[string]string{"Content-Type": "application/json"}, body: `{}`, status: 400, want: `cb({"ResponseStatus":{"ErrorCode":"NotEmpty"`, contain: true},
		{name: "no credentials", path: "/secret", status: 401, want: `{"ResponseStatus":{"ErrorCode":"Unauthorized","Message":"Not Authenticated","Errors":[]}}`},
		{name: "bad credentials", path: "/secret", header: map[string]string{"Authorization": "Bearer junk"}, status: 401, want: `"Message":"Invalid credentials"`, contain: true},
		{name: "wrong role", path: "/secret", header: map[string]string{"Authorization": "Bearer user"}, status: 403, want: `{"ResponseStatus":{"ErrorCode":"Forbidden","Message":"Invalid Role","Errors":[]}}`},
		{name: "right role", path: "/secret", header: map[string]string{"Authorization": "Bearer admin"}, status: 200, want: `{"Result":"1"}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp := c.run(t, ts.URL)
			if c.status == 401 && resp.Header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
}

func gzipped(s string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	_, _ = zw.Write([]byte(s))
	_ = zw.Close()
	return b.String()
}

func TestContentEncoding(t *testing.T) {
	ts := newTestServer(t, server.Config{MaxBodyBytes: 1024})
	for _, c := range []call{
		{name: "gzip body", method: "POST", path: "/hello", header: map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"}, body: gzipped(`{"Name":"Zip"}`), status: 200, want: `{"Result":"Hello, Zip!"}`},
		{name: "gzip bomb", method: "POST", path: "/hello", header: map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"}, body: gzipped(`{"Name":"` + strings.Repeat("z", 5000) + `"}`), status: 413},
		{name: "corrupt gzip", method: "POST", path: "/hello", header: map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"}, body: "not gzip", status: 400, want: `"ErrorCode":"SerializationException"`, contain: true},
		{name: "unknown encoding", method: "POST", path: "/hello", header: map[string]string{"Content-Type": "application/json", "Content-Encoding": "br"}, body: "x", status: 415},
		{name: "jsv body with newline", method: "POST", path: "/hello", header: map[string]string{"Content-Type": "application/jsv"}, body: "{Name:Nl}\n", status: 200, want: `{Result:"Hello, Nl!"}`},
	} {
		t.Run(c.name, func(t *testing.T) { c.run(t, ts.URL) })
	}
}

func TestDebugStackTrace(t *testing.T) {
	ts := newTestServer(t, server.Config{Debug: true})
	call{name: "panic with debug", path: "/boom", status: 500, want: `"StackTrace":"`, contain: true}.run(t, ts.URL)
}

func TestCamelCase(t *testing.T) {
	ts := newTestServer(t, server.Config{CamelCase: true})
	call{name: "configured camel", path: "/hello/W", want: `{"result":"Hello, W!"}`}.run(t, ts.URL)
	call{name: "jsconfig pascal", path: "/hello/W?jsconfig=EmitPascalCaseNames", want: `{"Result":"Hello, W!"}`}.run(t, ts.URL)
	ts2 := newTestServer(t, server.Config{})
	call{name: "jsconfig camel", path: "/hello/W?jsconfig=TextCase:CamelCase", want: `{"result":"Hello, W!"}`}.run(t, ts2.URL)
	call{name: "jsconfig eccn", path: "/hello/W?jsconfig=eccn", want: `{"result":"Hello, W!"}`}.run(t, ts2.URL)
	call{name: "camel errors", path: "/json/reply/Nope?jsconfig=eccn", status: 405, want: `{"responseStatus":{"errorCode":"NotImplementedException"`, contain: true}.run(t, ts2.URL)
}

func TestBasePath(t *testing.T) {
	ts := newTestServer(t, server.Config{BasePath: "/api/v2"})
	call{name: "mounted route", path: "/api/v2/hello/W", want: `{"Result":"Hello, W!"}`}.run(t, ts.URL)
	call{name: "mounted reply", path: "/api/v2/json/reply/Hello?Name=W", want: `{"Result":"Hello, W!"}`}.run(t, ts.URL)
	call{name: "outside mount", path: "/hello/W", status: 404, want: `"ErrorCode":"NotFound"`, contain: true}.run(t, ts.URL)
}

func TestAutoBatch(t *testing.T) {
	ts := newTestServer(t, server.Config{})
	resp := call{name: "batch", method: "POST", path: "/json/reply/Hello[]", header: map[string]string{"Content-Type": "application/json"},
		body: `[{"name":"A"},{"name":"B"},{"name":"C"}]`, status: 200,
		want: `[{"Result":"Hello, A!"},{"Result":"Hello, B!"},{"Result":"Hello, C!"}]`}.run(t, ts.URL)
	if got := resp.Header.Get("X-AutoBatch-Completed"); got != "3" {
		t.Errorf("X-AutoBatch-Completed = %q", got)
	}
	resp = call{name: "batch failure", method: "POST", path: "/api/Create[]", header: map[string]string{"Content-Type": "application/json"},
		body: `[{"CompanyId":"6f9619ff8b86d011b42d00c04fc964ff","FirstName":"a","Quantity":1,"Articles":[{}]},{}]`, status: 400,
		want: `"Meta":{"AutoBatchIndex":"1"}`, contain: true}.run(t, ts.URL)
	if got := resp.Header.Get("X-AutoBatch-Completed"); got != "1" {
		t.Errorf("X-AutoBatch-Completed = %q", got)
	}
	call{name: "custom binder", method: "POST", path: "/api/Strict", body: "ok", status: 200, want: `{"Result":"ok"}`}.run(t, ts.URL)
	call{name: "custom binder refuses", method: "POST", path: "/strict", body: "no", status: 400, want: `"ErrorCode":"Strict"`, contain: true}.run(t, ts.URL)
	call{name: "batch bypassing a custom binder", method: "POST", path: "/api/Strict[]", header: map[string]string{"Content-Type": "application/json"},
		body: `[{"Body":"x"}]`, status: 405, want: `"Message":"The operation 'Strict' does not accept batch requests"`, contain: true}.run(t, ts.URL)
	call{name: "batch not a list", method: "POST", path: "/api/Hello[]", header: map[string]string{"Content-Type": "application/json"}, body: `{"name":"A"}`, status: 400}.run(t, ts.URL)
}

// healthz is a page beside the operations, as app mounts its probes.
var healthz = server.Page{Path: "/healthz", Handler: func(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}}

func TestPagesAndRequestID(t *testing.T) {
	broken := server.Page{Path: "/broken", Handler: func(echo.Context) error { panic("page bug") }}
	ts := newTestServer(t, server.Config{Pages: []server.Page{healthz, broken}})
	call{name: "head of a page", method: "HEAD", path: "/healthz", status: 200}.run(t, ts.URL)
	call{name: "page panic is 500, not a dropped connection", path: "/broken", status: 500,
		want: `{"ResponseStatus":{"ErrorCode":"Exception","Message":"An internal error occurred.","Errors":[]}}`}.run(t, ts.URL)
	call{name: "page panic in xml", path: "/broken?format=xml", status: 500, want: `<ErrorCode>Exception</ErrorCode>`, contain: true}.run(t, ts.URL)
	resp := call{name: "healthz", path: "/healthz", status: 200, want: `"status":"ok"`, contain: true}.run(t, ts.URL)
	if resp.Header.Get("X-Request-Id") == "" {
		t.Error("no request id")
	}
	resp = call{name: "request id kept", path: "/healthz", header: map[string]string{"X-Request-Id": "abc-1"}}.run(t, ts.URL)
	if resp.Header.Get("X-Request-Id") != "abc-1" {
		t.Error("caller's request id not kept")
	}
	resp = call{name: "request id forged", path: "/healthz", header: map[string]string{"X-Request-Id": "a b c"}}.run(t, ts.URL)
	if resp.Header.Get("X-Request-Id") == "a b c" {
		t.Error("unsafe request id echoed")
	}
}

func TestCSVDisposition(t *testing.T) {
	ts := newTestServer(t, server.Config{})
	resp := call{name: "csv", path: "/hello/W.csv", status: 200}.run(t, ts.URL)
	if got := resp.Header.Get("Content-Disposition"); got != `attachment;filename="Hello.csv"` {
		t.Errorf("Content-Disposition = %q", got)
	}
}
