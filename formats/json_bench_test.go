package formats

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
)

// benchOrder is a representative request and response body: a dozen
// scalars, a nested struct, a list of structs and a map. benchOrderStd is the
// same shape for encoding/json, the baseline.
type benchOrder struct {
	CompanyId    uuid.UUID
	OrderId      int64
	CountryCode  string
	Currency     string
	Total        float64
	Paid         bool
	Created      time.Time
	Status       color
	Note         string
	Customer     benchCustomer
	Articles     []benchArticle
	Meta         map[string]string
	CouponCode   *string
	MerchantNote string
}

type benchCustomer struct {
	FirstName string
	LastName  string
	Email     string
	Phone     string
}

type benchArticle struct {
	ArticleId     int
	ArticleTypeId int
	Name          string
	Quantity      int
	UnitPrice     float64
	VatRate       float64
}

type benchOrderStd struct {
	CompanyId    uuid.UUID         `json:"CompanyId"`
	OrderId      int64             `json:"OrderId"`
	CountryCode  string            `json:"CountryCode,omitempty"`
	Currency     string            `json:"Currency,omitempty"`
	Total        float64           `json:"Total"`
	Paid         bool              `json:"Paid"`
	Created      time.Time         `json:"Created"`
	Status       color             `json:"Status"`
	Note         string            `json:"Note,omitempty"`
	Customer     benchCustomerStd  `json:"Customer"`
	Articles     []benchArticleStd `json:"Articles,omitempty"`
	Meta         map[string]string `json:"Meta,omitempty"`
	CouponCode   *string           `json:"CouponCode,omitempty"`
	MerchantNote string            `json:"MerchantNote,omitempty"`
}

type benchCustomerStd struct {
	FirstName string `json:"FirstName,omitempty"`
	LastName  string `json:"LastName,omitempty"`
	Email     string `json:"Email,omitempty"`
	Phone     string `json:"Phone,omitempty"`
}

type benchArticleStd struct {
	ArticleId     int     `json:"ArticleId"`
	ArticleTypeId int     `json:"ArticleTypeId"`
	Name          string  `json:"Name,omitempty"`
	Quantity      int     `json:"Quantity"`
	UnitPrice     float64 `json:"UnitPrice"`
	VatRate       float64 `json:"VatRate"`
}

func newBenchOrder() benchOrder {
	coupon := "SPRING24"
	return benchOrder{
		CompanyId:   uuid.MustParse("0b3c6f0e-1d2a-4c59-9f1e-3a5b7c9d1e2f"),
		OrderId:     1234567,
		CountryCode: "SE",
		Currency:    "SEK",
		Total:       1499.5,
		Paid:        true,
		Created:     time.Date(2024, 1, 2, 3, 4, 5, 678000000, time.UTC),
		Status:      green,
		Note:        "Leave at the door, \"please\"",
		Customer:    benchCustomer{FirstName: "Anna", LastName: "Svensson", Email: "anna@example.com", Phone: "+46701234567"},
		Articles: []benchArticle{
			{ArticleId: 1, ArticleTypeId: 2, Name: "Massage 60 min", Quantity: 1, UnitPrice: 899, VatRate: 0.25},
			{ArticleId: 7, ArticleTypeId: 2, Name: "Aroma oil", Quantity: 2, UnitPrice: 150.25, VatRate: 0.25},
			{ArticleId: 9, ArticleTypeId: 3, Name: "Gift card", Quantity: 1, UnitPrice: 300, VatRate: 0},
		},
		Meta:       map[string]string{"source": "widget", "campaign": "spring"},
		CouponCode: &coupon,
	}
}

// stdOrder converts o to the encoding/json twin.
func stdOrder(o benchOrder) benchOrderStd {
	s := benchOrderStd{
		CompanyId: o.CompanyId, OrderId: o.OrderId, CountryCode: o.CountryCode, Currency: o.Currency,
		Total: o.Total, Paid: o.Paid, Created: o.Created, Status: o.Status, Note: o.Note,
		Customer: benchCustomerStd(o.Customer),
		Meta:     o.Meta, CouponCode: o.CouponCode, MerchantNote: o.MerchantNote,
	}
	for _, a := range o.Articles {
		s.Articles = append(s.Articles, benchArticleStd(a))
	}
	return s
}

// BenchmarkJSONWrite: our writer against encoding/json on an equivalent
// struct (baseline).
func BenchmarkJSONWrite(b *testing.B) {
	b.Run("baseline", func(b *testing.B) {
		v := stdOrder(newBenchOrder())
		var n int
		b.ReportAllocs()
		for b.Loop() {
			out, err := json.Marshal(v)
			if err != nil {
				b.Fatal(err)
			}
			n = len(out)
		}
		b.SetBytes(int64(n))
	})
	b.Run("paygate", func(b *testing.B) {
		c := NewCodecs(&Plans{})
		v := newBenchOrder()
		var buf bytes.Buffer
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			if err := c.Marshal(&buf, JSON, v, Options{}); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(buf.Len()))
	})
}

// BenchmarkJSONRead: ParseJSON and Bind against encoding/json's Unmarshal
// (baseline), and the json.Decoder.Token reader ParseJSON replaced.
func BenchmarkJSONRead(b *testing.B) {
	b.Run("baseline", func(b *testing.B) {
		body, err := json.Marshal(stdOrder(newBenchOrder()))
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			var o benchOrderStd
			if err := json.Unmarshal(body, &o); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("paygate", func(b *testing.B) { benchmarkJSONRead(b, ParseJSON) })
	b.Run("tokens", func(b *testing.B) { benchmarkJSONRead(b, parseJSONDecoder) })
}

func benchmarkJSONRead(b *testing.B, parse func([]byte) (*Node, error)) {
	c := NewCodecs(&Plans{})
	var buf bytes.Buffer
	if err := c.Marshal(&buf, JSON, newBenchOrder(), Options{}); err != nil {
		b.Fatal(err)
	}
	body := buf.Bytes()
	ti := c.Plans().Info(reflect.TypeOf(benchOrder{}))
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var o benchOrder
		n, err := parse(body)
		if err != nil {
			b.Fatal(err)
		}
		if err := Bind(n, reflect.ValueOf(&o).Elem(), ti, ""); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJSVWrite(b *testing.B) {
	c := NewCodecs(&Plans{})
	v := newBenchOrder()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := c.Marshal(&buf, JSV, v, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}
