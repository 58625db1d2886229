package paymentlog_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"paygate/internal/servertest"
)

func TestPaymentLogQuery(t *testing.T) {
	e := newEnv(t, envOptions{})
	var sessions []string
	for _, b := range []int{2001, 2002, 2003} {
		s, _ := e.stripePaid(e.companyA, b)
		sessions = append(sessions, s)
	}
	payson := e.paysonPaid(2004, true)
	e.stripePaid(e.companyB, 2005)

	all := e.payments(e.companyA, "&Include=Total")
	if all.Total != 4 || len(all.Results) != 4 || all.Offset != 0 {
		t.Fatalf("page %+v", all)
	}
	// Newest first by default.
	if all.Results[0].CheckoutId != payson.String() || all.Results[3].CheckoutId != sessions[0] {
		t.Errorf("default order %+v", all.Results)
	}
	for _, p := range all.Results {
		if p.Articles != nil {
			t.Errorf("articles without IncludeArticleType: %+v", p)
		}
	}

	page := e.payments(e.companyA, "&Skip=1&Take=2&OrderBy=Id")
	if page.Offset != 1 || page.Total != 0 || len(page.Results) != 2 || page.Results[0].CheckoutId != sessions[1] {
		t.Errorf("Skip/Take %+v", page)
	}
	desc := e.payments(e.companyA, "&OrderByDesc=PaymentProvider,-Id")
	if desc.Results[0].PaymentProvider != "Stripe" || desc.Results[0].CheckoutId != sessions[0] || desc.Results[3].PaymentProvider != "Payson" {
		t.Errorf("OrderByDesc %+v", desc.Results)
	}
	// Take is capped at 100, AutoQuery's MaxLimit.
	if p := e.payments(e.companyA, "&Take=100000"); len(p.Results) != 4 {
		t.Errorf("big Take %+v", p)
	}

	with := e.payments(e.companyA, "&IncludeArticleType=true&OrderBy=Id&Take=1")
	if a := with.Results[0].Articles; len(a) != 2 || !strings.HasPrefix(a[0].Name, "Massage") || a[1].Quantity != 2 || a[1].UnitPrice != 150 {
		t.Errorf("articles %+v", with.Results[0].Articles)
	}

	only := e.do("GET", "/articles/payments?ArticleTypeId=1&Fields=Id,Amount&Take=1", "", "", e.admin(e.companyA)...)
	if only.Status != 200 || strings.Contains(string(only.Body), "CheckoutId") || !strings.Contains(string(only.Body), `"Amount":800`) {
		t.Errorf("Fields: %s", only)
	}

	// The time span is in UTC and its end exclusive.
	from := time.Now().UTC().Add(-time.Hour).Format(time.RFC3339)
	to := time.Now().UTC().Add(time.Hour).Format(time.RFC3339)
	if p := e.payments(e.companyA, "&CreatedFrom="+url.QueryEscape(from)+"&CreatedTo="+url.QueryEscape(to)); len(p.Results) != 4 {
		t.Errorf("span %+v", p)
	}
	if p := e.payments(e.companyA, "&CreatedTo="+url.QueryEscape(from)); len(p.Results) != 0 {
		t.Errorf("before span %+v", p)
	}
	if p := servertest.Decode[logPage](t, e.do("GET", "/articles/payments?ArticleTypeId=2", "", "", e.admin(e.companyA)...), 200); len(p.Results) != 0 {
		t.Errorf("other article type %+v", p)
	}

	// Company B sees its own payment only; B naming A is refused.
	if p := e.payments(e.companyB, ""); len(p.Results) != 1 || p.Results[0].InternalReferenceId != "2005" {
		t.Errorf("company B %+v", p)
	}
	if r := e.do("GET", "/articles/payments?ArticleTypeId=1&CompanyId="+e.companyA.String(), "", "", e.admin(e.companyB)...); r.Status != http.StatusForbidden {
		t.Errorf("B naming A: %s", r)
	}
	if r := e.do("GET", "/articles/payments?ArticleTypeId=1", "", "", e.bearer("bookingsupplier-administrator-read", e.companyA)...); r.Status != http.StatusForbidden {
		t.Errorf("reader: %s", r)
	}
}

func TestPaymentLogQueryBadInput(t *testing.T) {
	e := newEnv(t, envOptions{})
	for _, c := range []struct{ query, code, field string }{
		{"", "NotEmpty", "ArticleTypeId"},
		{"ArticleTypeId=x", "SerializationException", "ArticleTypeId"},
		{"ArticleTypeId=1&OrderBy=Bogus", "InvalidOrderBy", "OrderBy"},
		{"ArticleTypeId=1&OrderByDesc=Id,Secret", "InvalidOrderBy", "OrderByDesc"},
		{"ArticleTypeId=1&Skip=-1", "GreaterThanOrEqual", "Skip"},
		{"ArticleTypeId=1&Take=-1", "GreaterThanOrEqual", "Take"},
		{"ArticleTypeId=1&Include=Everything", "InvalidInclude", "Include"},
		{"ArticleTypeId=1&Fields=Id,Password", "InvalidField", "Fields"},
		{"ArticleTypeId=1&CreatedFrom=yesterday", "SerializationException", "CreatedFrom"},
		{"ArticleTypeId=1&CreatedFrom=2026-01-02T00:00:00Z&CreatedTo=2026-01-01T00:00:00Z", "GreaterThan", "CreatedTo"},
	} {
		rs := servertest.WantError(t, e.do("GET", "/articles/payments?"+c.query, "", "", e.admin(e.companyA)...), http.StatusBadRequest, c.code, c.field)
		if c.code == "InvalidOrderBy" && !strings.Contains(rs.ResponseStatus.Message, "Bogus") && !strings.Contains(rs.ResponseStatus.Message, "Secret") {
			t.Errorf("%s: the message does not name the member: %s", c.query, rs.ResponseStatus.Message)
		}
	}
}

func TestPaymentLogQueryXML(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.stripePaid(e.companyA, 3001)
	r := e.do("GET", "/articles/payments.xml?ArticleTypeId=1&Include=Total", "", "", e.admin(e.companyA)...)
	body := string(r.Body)
	for _, want := range []string{
		`<QueryResponseOfPaymentLogQueryResponse`,
		`xmlns="http://schemas.servicestack.net/types"`,
		`<Offset>0</Offset><Total>1</Total><Results xmlns:d2p1="http://schemas.datacontract.org/2004/07/BokaMera.API.ServiceModel.Dtos"><d2p1:PaymentLogQueryResponse>`,
		`<d2p1:Amount>800</d2p1:Amount>`,
		`<d2p1:InternalReferenceId>3001</d2p1:InternalReferenceId>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("missing %s in %s", want, body)
		}
	}
	if r.Status != 200 {
		t.Fatalf("%s", r)
	}
	bad := e.do("GET", "/articles/payments.xml?ArticleTypeId=1&OrderBy=Nope", "", "", e.admin(e.companyA)...)
	if bad.Status != 400 || !strings.Contains(string(bad.Body), "FieldName>OrderBy<") {
		t.Errorf("xml error: %s", bad)
	}
}
