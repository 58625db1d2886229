package stripev1_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strings"
	"testing"

	"paygate/dto"
	"paygate/formats"
	"paygate/internal/servertest"
)

// The operations answer every client the way ServiceStack does: the same
// checkout through the custom route, the predefined routes, JSONP, forms,
// JSV and XML.

func TestCheckoutOverJSONRoutes(t *testing.T) {
	e := newEnv(t, envOptions{})
	body, err := json.Marshal(e.massage("booking-6001"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/payment/stripe/v1/checkout", "/payment/stripe/v1/checkout.json", "/api/StripeV1CreateCheckout", "/json/reply/StripeV1CreateCheckout"} {
		t.Run(path, func(t *testing.T) {
			r := e.do(http.MethodPost, path, "application/json", string(body))
			if ct := r.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			got := servertest.Decode[checkoutResponse](t, r, http.StatusOK)
			if got.SessionId == "" || got.Url == "" {
				t.Errorf("%s", r.Body)
			}
		})
	}
	// Each create replaced the one before.
	open := 0
	for _, c := range e.checkouts("booking-6001") {
		if c.State == "open" {
			open++
		}
	}
	if open != 1 {
		t.Errorf("%d open checkouts", open)
	}
}

func TestCheckoutJSONP(t *testing.T) {
	e := newEnv(t, envOptions{})
	body, _ := json.Marshal(e.massage("booking-6002"))
	r := e.do(http.MethodPost, "/payment/stripe/v1/checkout?callback=onCheckout", "application/json", string(body))
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "text/javascript" {
		t.Fatalf("%d %s: %s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	inner, ok := bytes.CutPrefix(r.Body, []byte("onCheckout("))
	if !ok || !bytes.HasSuffix(inner, []byte(")")) {
		t.Fatalf("not JSONP: %s", r.Body)
	}
	var got checkoutResponse
	if err := json.Unmarshal(inner[:len(inner)-1], &got); err != nil || got.SessionId == "" {
		t.Fatalf("%s: %v", r.Body, err)
	}

	// A handler's error keeps its status, so the widget's error path runs.
	bad := e.massage("booking-6002")
	bad.Articles[0].ArticleId = 404
	b, _ := json.Marshal(bad)
	r = e.do(http.MethodPost, "/payment/stripe/v1/checkout?callback=onCheckout", "application/json", string(b))
	if r.Status != http.StatusBadRequest || !bytes.HasPrefix(r.Body, []byte(`onCheckout({"ResponseStatus":{"ErrorCode":"ArticleNotFound"`)) {
		t.Errorf("%d %s", r.Status, r.Body)
	}
}

func TestCheckoutFormAndJSV(t *testing.T) {
	e := newEnv(t, envOptions{})
	form := "CompanyId=" + e.company.String() + "&CountryCode=SE&InternalReferenceId=booking-6003" +
		"&Articles=" + "[{ArticleId:1,ArticleTypeId:1,Quantity:1}]" + "&ConfirmationUrl=https://salong.example.org/tack"
	got := servertest.Decode[checkoutResponse](t, e.do(http.MethodPost, "/payment/stripe/v1/checkout", "application/x-www-form-urlencoded", form), http.StatusOK)
	if got.SessionId == "" {
		t.Fatal("no session")
	}
	jsv := "{CompanyId:" + e.company.String() + ",CountryCode:DK,InternalReferenceId:booking-6004,Articles:[{ArticleId:3,ArticleTypeId:5,Quantity:2}]}"
	got = servertest.Decode[checkoutResponse](t, e.do(http.MethodPost, "/payment/stripe/v1/checkout", "application/jsv", jsv, "Accept", "application/json"), http.StatusOK)
	if got.SessionId == "" {
		t.Fatal("no session")
	}
	if c := e.checkouts("booking-6004")[0]; c.AmountTotal != 100000 || c.ArticleTypeID != 5 {
		t.Errorf("row %+v", c)
	}
}

// xmlCheckout is the request as a DataContractSerializer client writes it:
// members in alphabetical order, in BokaMera's namespace.
const xmlCheckout = `<StripeV1CreateCheckout xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/BokaMera.API.ServiceModel.Dtos">` +
	`<Articles><ArticleToCreate><ArticleId>1</ArticleId><ArticleTypeId>1</ArticleTypeId><Quantity>2</Quantity></ArticleToCreate></Articles>` +
	`<CancelUrl i:nil="true" /><CompanyId>COMPANY</CompanyId><ConfirmationUrl>https://salong.example.org/tack</ConfirmationUrl>` +
	`<CountryCode>FI</CountryCode><InternalReferenceId>booking-6005</InternalReferenceId><UiMode>embedded</UiMode></StripeV1CreateCheckout>`

func TestCheckoutXML(t *testing.T) {
	codecs := servertest.Codecs()
	if !codecs.CanRead(formats.XML) || codecs.Marshal(new(bytes.Buffer), formats.XML, &dto.IpnCallBackResponse{}, formats.Options{}) != nil {
		t.Skip("the XML codec is not registered")
	}
	e := newEnv(t, envOptions{account: "acct_1SalongTest"})
	body := strings.Replace(xmlCheckout, "COMPANY", e.company.String(), 1)
	r := e.do(http.MethodPost, "/payment/stripe/v1/checkout", "application/xml", body, "Accept", "application/xml")
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("%d %s: %s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	t.Logf("%s", r.Body)
	var got struct {
		XMLName xml.Name
		checkoutResponse
	}
	if err := xml.Unmarshal(r.Body, &got); err != nil {
		t.Fatalf("%s: %v", r.Body, err)
	}
	if got.XMLName.Local != "StripeCheckoutQueryResponse" || got.XMLName.Space != dto.NamespaceBokaMera {
		t.Errorf("root %v", got.XMLName)
	}
	if got.SessionId == "" || got.ClientSecret == "" || got.StripeAccount != "acct_1SalongTest" || got.Status != "open" {
		t.Errorf("%s", r.Body)
	}
	wantForm(t, e.stripe.Calls(http.MethodPost, "/v1/checkout/sessions")[0], map[string]string{
		"locale": "fi", "ui_mode": "embedded", "line_items[0][quantity]": "2",
	})

	// Errors are ServiceStack's ErrorResponse in XML, naming the field.
	bad := strings.Replace(body, "<Quantity>2</Quantity>", "<Quantity>0</Quantity>", 1)
	r = e.do(http.MethodPost, "/xml/reply/StripeV1CreateCheckout", "application/xml", bad)
	var rs struct {
		XMLName        xml.Name
		ResponseStatus struct {
			ErrorCode string
			Errors    struct {
				ResponseError []struct{ ErrorCode, FieldName string }
			}
		}
	}
	if err := xml.Unmarshal(r.Body, &rs); err != nil || r.Status != http.StatusBadRequest {
		t.Fatalf("%d %s: %v", r.Status, r.Body, err)
	}
	if rs.XMLName.Local != "ErrorResponse" || rs.ResponseStatus.ErrorCode != "GreaterThan" ||
		len(rs.ResponseStatus.Errors.ResponseError) != 1 || rs.ResponseStatus.Errors.ResponseError[0].FieldName != "Articles[0].Quantity" {
		t.Errorf("%s", r.Body)
	}
}
