package formats_test

import (
	"bytes"
	"encoding/xml"
	"testing"
	"time"

	"github.com/google/uuid"

	"paygate/dto"
	"paygate/formats"
)

// The benchmarks compare our codec with encoding/xml on the same data, so
// that the figures are ratios measured in one run, not absolute times.

type ArticleToCreate struct {
	bokamera
	ArticleId     int32
	ArticleTypeId int32
	Quantity      int32
}

// BenchCheckout is a typical checkout response: scalars of every common
// kind, a list of structs, a list of strings and a null ResponseStatus.
type BenchCheckout struct {
	bokamera
	Id             uuid.UUID
	CompanyId      uuid.UUID
	Status         Payson2CheckoutStatus
	Snippet        string
	CountryCode    string
	Created        time.Time
	Amount         float64
	Articles       []ArticleToCreate
	Tags           []string
	ResponseStatus *dto.ResponseStatus
}

// stdCheckout is BenchCheckout as encoding/xml wants it.
type stdCheckout struct {
	XMLName        xml.Name              `xml:"http://schemas.datacontract.org/2004/07/BokaMera.API.ServiceModel.Dtos BenchCheckout"`
	Amount         float64               `xml:"Amount"`
	Articles       []stdArticle          `xml:"Articles>ArticleToCreate"`
	CompanyId      uuid.UUID             `xml:"CompanyId"`
	CountryCode    string                `xml:"CountryCode"`
	Created        time.Time             `xml:"Created"`
	Id             uuid.UUID             `xml:"Id"`
	ResponseStatus *stdStatus            `xml:"ResponseStatus"`
	Snippet        string                `xml:"Snippet"`
	Status         Payson2CheckoutStatus `xml:"Status"`
	Tags           []string              `xml:"Tags>string"`
}

type stdArticle struct {
	ArticleId     int32 `xml:"ArticleId"`
	ArticleTypeId int32 `xml:"ArticleTypeId"`
	Quantity      int32 `xml:"Quantity"`
}

type stdStatus struct {
	ErrorCode string `xml:"ErrorCode"`
	Message   string `xml:"Message"`
}

func benchCheckout() BenchCheckout {
	v := BenchCheckout{
		Id: guidA, CompanyId: guidB, Status: 3,
		Snippet:     `<script src="https://checkout.example/embed.js"></script> & more`,
		CountryCode: "SE", Created: when, Amount: 1234.5,
		Tags: []string{"booking", "payson", "v2"},
	}
	for i := range 5 {
		v.Articles = append(v.Articles, ArticleToCreate{ArticleId: int32(i + 1), ArticleTypeId: 2, Quantity: 3})
	}
	return v
}

func stdCheckoutOf(v BenchCheckout) stdCheckout {
	s := stdCheckout{
		Amount: v.Amount, CompanyId: v.CompanyId, CountryCode: v.CountryCode, Created: v.Created,
		Id: v.Id, Snippet: v.Snippet, Status: v.Status, Tags: v.Tags,
	}
	for _, a := range v.Articles {
		s.Articles = append(s.Articles, stdArticle{a.ArticleId, a.ArticleTypeId, a.Quantity})
	}
	return s
}

func BenchmarkXMLWrite(b *testing.B) {
	v := benchCheckout()
	b.Run("paygate", func(b *testing.B) {
		c := newCodecs()
		var buf bytes.Buffer
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			if err := c.Marshal(&buf, formats.XML, v, formats.Options{}); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(buf.Len()))
	})
	b.Run("baseline", func(b *testing.B) {
		s := stdCheckoutOf(v)
		var buf bytes.Buffer
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			if err := xml.NewEncoder(&buf).Encode(s); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(buf.Len()))
	})
}

func BenchmarkXMLRead(b *testing.B) {
	c := newCodecs()
	data := marshalXML(b, c, benchCheckout())
	b.Run("paygate", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var v BenchCheckout
			if err := c.Unmarshal(formats.XML, data, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var v stdCheckout
			if err := xml.Unmarshal(data, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// The two readers must agree on the benchmark data, or the comparison
// measures different work.
func TestXMLBenchDataAgrees(t *testing.T) {
	c := newCodecs()
	want := benchCheckout()
	data := marshalXML(t, c, want)
	var ours BenchCheckout
	if err := c.Unmarshal(formats.XML, data, &ours); err != nil {
		t.Fatal(err)
	}
	var std stdCheckout
	if err := xml.Unmarshal(data, &std); err != nil {
		t.Fatal(err)
	}
	std.XMLName, std.ResponseStatus = xml.Name{}, nil
	if got, want := stdCheckoutOf(ours), stdCheckoutOf(want); !equalStd(got, want) || !equalStd(std, want) {
		t.Errorf("readers disagree:\nours: %+v\nstd:  %+v\nwant: %+v", got, std, want)
	}
}

func equalStd(a, b stdCheckout) bool {
	if len(a.Articles) != len(b.Articles) || len(a.Tags) != len(b.Tags) {
		return false
	}
	for i := range a.Articles {
		if a.Articles[i] != b.Articles[i] {
			return false
		}
	}
	for i := range a.Tags {
		if a.Tags[i] != b.Tags[i] {
			return false
		}
	}
	return a.Amount == b.Amount && a.CompanyId == b.CompanyId && a.CountryCode == b.CountryCode &&
		a.Created.Equal(b.Created) && a.Id == b.Id && a.Snippet == b.Snippet && a.Status == b.Status
}
