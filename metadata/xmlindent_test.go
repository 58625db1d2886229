package metadata

import (
	"strings"
	"testing"
)

func TestIndentXML(t *testing.T) {
	// Compact DataContract output as the XML writer produces it; the
	// indented form is seed 003's.
	in := `<?xml version="1.0" encoding="utf-8"?><PaysonCheckoutV2Response xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/BokaMera.API.ServiceModel.Dtos"><Id>00000000-0000-0000-0000-000000000000</Id><Snippet>String</Snippet><Status>None</Status></PaysonCheckoutV2Response>`
	want := `<PaysonCheckoutV2Response xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/BokaMera.API.ServiceModel.Dtos">
  <Id>00000000-0000-0000-0000-000000000000</Id>
  <Snippet>String</Snippet>
  <Status>None</Status>
</PaysonCheckoutV2Response>`
	got, err := indentXML([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestIndentXMLNestedAndNil(t *testing.T) {
	in := `<R xmlns="urn:x" xmlns:i="urn:i"><Articles><ArticleToCreate><ArticleId>0</ArticleId></ArticleToCreate></Articles><Note i:nil="true" /><S xmlns:d2p1="urn:s"><d2p1:E>&lt;a&gt; &amp;</d2p1:E></S><Empty></Empty></R>`
	want := strings.Join([]string{
		`<R xmlns="urn:x" xmlns:i="urn:i">`,
		`  <Articles>`,
		`    <ArticleToCreate>`,
		`      <ArticleId>0</ArticleId>`,
		`    </ArticleToCreate>`,
		`  </Articles>`,
		`  <Note i:nil="true" />`,
		`  <S xmlns:d2p1="urn:s">`,
		`    <d2p1:E>&lt;a&gt; &amp;</d2p1:E>`,
		`  </S>`,
		`  <Empty></Empty>`,
		`</R>`,
	}, "\n")
	got, err := indentXML([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestIndentXMLRejectsMalformed(t *testing.T) {
	for _, in := range []string{`<a><b></a>`, `</a>`, `<a>`, strings.Repeat("<a>", 100) + strings.Repeat("</a>", 100)} {
		if _, err := indentXML([]byte(in)); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

func FuzzIndentXML(f *testing.F) {
	f.Add([]byte(`<R xmlns="urn:x"><A>1</A><B i:nil="true"/></R>`))
	f.Add([]byte(`<a><!-- c --><b>t</b>x</a>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = indentXML(b) // must not panic or hang
	})
}
