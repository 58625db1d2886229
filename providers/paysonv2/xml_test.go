package paysonv2_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"paygate/dto"
	"paygate/formats"
	"paygate/internal/servertest"
)

// The seed's sample request and response of SendCheckoutPaymentRequest, as
// published (placeholders: zero Guids, "String", None).
const (
	seedRequest  = "testdata/seed003_request.xml"
	seedResponse = "testdata/seed003_response.xml"
	zeroGuid     = "00000000-0000-0000-0000-000000000000"
)

// requireXML skips the XML tests while the DataContract codec is not part
// of the build: they describe what it must do for this surface.
func requireXML(t *testing.T) *formats.Codecs {
	t.Helper()
	c := servertest.Codecs()
	if !c.CanRead(formats.XML) || c.Marshal(new(bytes.Buffer), formats.XML, &dto.PaysonCheckoutV2Response{}, formats.Options{}) != nil {
		t.Skip("the XML codec (formats/xml.go) is not in this build yet")
	}
	return c
}

func readSeed(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSeedXMLCodec reads the seed's samples into their DTOs and writes them
// back: the result means the same, element for element.
func TestSeedXMLCodec(t *testing.T) {
	c := requireXML(t)
	var req dto.SendCheckoutPaymentRequest
	if err := c.Unmarshal(formats.XML, []byte(readSeed(t, seedRequest)), &req); err != nil {
		t.Fatal(err)
	}
	if req.CompanyId == nil || *req.CompanyId != uuid.Nil || req.Id != uuid.Nil {
		t.Errorf("request read as %+v", req)
	}
	var resp dto.PaysonCheckoutV2Response
	if err := c.Unmarshal(formats.XML, []byte(readSeed(t, seedResponse)), &resp); err != nil {
		t.Fatal(err)
	}
	if resp.Snippet != "String" || resp.Status != dto.PaysonStatusNone {
		t.Errorf("response read as %+v", resp)
	}
	for name, v := range map[string]any{seedRequest: &req, seedResponse: &resp} {
		var buf bytes.Buffer
		if err := c.Marshal(&buf, formats.XML, v, formats.Options{}); err != nil {
			t.Fatal(err)
		}
		sameXML(t, name, buf.String(), readSeed(t, name))
	}
}

// TestSeedXMLOverHTTP sends the seed's request, with a real checkout's id,
// the two ways an XML client does, and gets the seed's response back with
// that checkout's values.
func TestSeedXMLOverHTTP(t *testing.T) {
	requireXML(t)
	e := newEnv(t, envOptions{})
	for _, c := range []struct {
		name, path string
		header     []string
	}{
		{"reply route", "/xml/reply/SendCheckoutPaymentRequest", nil},
		{"custom route", "", []string{"Accept", "application/xml"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			co := e.create(createBody("booking-x-" + strings.ReplaceAll(c.name, " ", "-")))
			e.pay(e.live, e.liveTS, co.Id)
			body := strings.Replace(readSeed(t, seedRequest), zeroGuid, companyA.String(), 1) // CompanyId comes first
			body = strings.Replace(body, zeroGuid, co.Id.String(), 1)
			path := c.path
			if path == "" {
				path = sendPath(co.Id)
			}
			r := e.call("PUT", path, "admin-a", "application/xml", body, c.header...)
			if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/xml") {
				t.Fatalf("%d %s: %s", r.Status, r.Header.Get("Content-Type"), r.Body)
			}
			var snippet bytes.Buffer
			if err := xml.EscapeText(&snippet, []byte(co.Snippet)); err != nil {
				t.Fatal(err)
			}
			want := strings.NewReplacer(zeroGuid, co.Id.String(), "<Snippet>String</Snippet>", "<Snippet>"+snippet.String()+"</Snippet>",
				"<Status>None</Status>", "<Status>Shipped</Status>").Replace(readSeed(t, seedResponse))
			sameXML(t, c.name, string(r.Body), want)
		})
	}
}

func TestXMLRefusals(t *testing.T) {
	requireXML(t)
	e := newEnv(t, envOptions{})
	co := e.create(createBody("booking-xr"))
	seed := strings.Replace(readSeed(t, seedRequest), zeroGuid, companyA.String(), 1)
	for _, c := range []struct {
		name, body   string
		status       int
		code, field  string
		messagePart  string
		customRoute  bool
		extraHeaders []string
	}{
		{name: "not paid", body: strings.Replace(seed, zeroGuid, co.Id.String(), 1), status: 409, code: "CheckoutNotReadyToShip", field: "Id", messagePart: "Created (1)"},
		{name: "seed as published", body: readSeed(t, seedRequest), status: 400, code: "NotEmpty", field: "Id"},
		{name: "unknown checkout", body: strings.Replace(seed, zeroGuid, uuid.NewString(), 1), status: 404, code: "NotFound", field: "Id"},
		{name: "malformed xml", body: `<SendCheckoutPaymentRequest xmlns="` + dto.NamespaceBokaMera + `"><Id>`, status: 400, code: "SerializationException"},
		{name: "not a guid", body: strings.Replace(seed, zeroGuid, "twelve", 1), status: 400, code: "SerializationException", field: "Id"},
		{name: "custom route, bad xml", body: `<SendCheckoutPaymentRequest><CompanyId>x`, status: 400, code: "SerializationException", customRoute: true, extraHeaders: []string{"Accept", "application/xml"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := "/xml/reply/SendCheckoutPaymentRequest"
			if c.customRoute {
				path = sendPath(co.Id)
			}
			r := e.call("PUT", path, "admin-a", "application/xml", c.body, c.extraHeaders...)
			if r.Status != c.status || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/xml") {
				t.Fatalf("%d %s: %s", r.Status, r.Header.Get("Content-Type"), r.Body)
			}
			var got struct {
				ResponseStatus struct {
					ErrorCode string
					Message   string
					Errors    []struct{ ErrorCode, FieldName, Message string } `xml:"Errors>ResponseError"`
				}
			}
			if err := xml.Unmarshal(r.Body, &got); err != nil {
				t.Fatalf("error body %s: %v", r.Body, err)
			}
			rs := got.ResponseStatus
			var fields []string
			for _, f := range rs.Errors {
				fields = append(fields, f.FieldName)
			}
			if rs.ErrorCode != c.code || !strings.Contains(rs.Message, c.messagePart) || (c.field != "" && !slices.Contains(fields, c.field)) {
				t.Errorf("got %s", r.Body)
			}
		})
	}
}

// sameXML compares two documents by meaning: element and attribute names
// with their namespaces resolved, the namespaces declared, attribute values
// and text, ignoring the XML declaration, namespace prefixes, attribute
// order and whitespace between elements.
func sameXML(t *testing.T, name, got, want string) {
	t.Helper()
	g, err := xmlTokens(got)
	if err != nil {
		t.Fatalf("%s: response is not XML: %v\n%s", name, err, got)
	}
	w, err := xmlTokens(want)
	if err != nil {
		t.Fatalf("%s: golden is not XML: %v", name, err)
	}
	if !slices.Equal(g, w) {
		t.Errorf("%s:\n got  %s\n want %s\n(got %q\n want %q)", name, got, want, g, w)
	}
}

func xmlTokens(doc string) ([]string, error) {
	d := xml.NewDecoder(strings.NewReader(doc))
	var out []string
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			var attrs []string
			for _, a := range tok.Attr {
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
					// A declaration counts by the namespace it brings in,
					// not by its prefix.
					attrs = append(attrs, "xmlns="+a.Value)
					continue
				}
				attrs = append(attrs, "{"+a.Name.Space+"}"+a.Name.Local+"="+a.Value)
			}
			slices.Sort(attrs)
			out = append(out, "<{"+tok.Name.Space+"}"+tok.Name.Local+" "+strings.Join(attrs, " ")+">")
		case xml.EndElement:
			out = append(out, "</{"+tok.Name.Space+"}"+tok.Name.Local+">")
		case xml.CharData:
			if s := strings.TrimSpace(string(tok)); s != "" {
				out = append(out, s)
			}
		}
	}
}
