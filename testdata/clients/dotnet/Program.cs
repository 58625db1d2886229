// The XML conformance client: BokaMera DTOs serialised and read by Mono's
// DataContractSerializer, sent with HttpClient to paygate's /xml/reply/...
// routes and to its custom routes with Accept: application/xml.
// Configuration comes from the environment the Go suite sets.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using BokaMera.API.ServiceModel.Dtos;
using ServiceStack;

public static class Program
{
    static Tap t;
    static string baseUrl;
    static Guid company;

    static string Env(string name)
    {
        var v = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(v)) throw new InvalidOperationException(name + " is not set: run the clients through go test ./conformance");
        return v;
    }

    static StripeV1CreateCheckout Checkout(string uiMode)
    {
        return new StripeV1CreateCheckout
        {
            CompanyId = company,
            CountryCode = "SE",
            InternalReferenceId = "dotnet-" + Guid.NewGuid().ToString("N"),
            UiMode = uiMode,
            Articles = new List<ArticleToCreate> { new ArticleToCreate { ArticleId = 1, ArticleTypeId = 1, Quantity = 1 } },
        };
    }

    static void IsXml(Reply r, int status)
    {
        t.Eq("status", r.Status, status);
        t.Eq("Content-Type", r.ContentType, "application/xml");
    }

    // Error reads an ErrorResponse and checks its envelope.
    static ResponseStatus Error(Reply r, int status, string errorCode)
    {
        return ErrorIn<ErrorResponse>(r, status, errorCode, e => e.ResponseStatus);
    }

    // ErrorIn reads the error of an operation whose errors come in T, and
    // checks its envelope.
    static ResponseStatus ErrorIn<T>(Reply r, int status, string errorCode, Func<T, ResponseStatus> statusOf)
    {
        IsXml(r, status);
        var e = r.Read<T>();
        var rs = statusOf(e);
        if (!t.Check(typeof(T).Name + ".ResponseStatus is read", rs != null, r.Body))
            return new ResponseStatus { Errors = new List<ResponseError>() };
        Members.Check(t, typeof(T).Name, r.Root, e);
        t.Eq("ResponseStatus.ErrorCode", rs.ErrorCode, errorCode);
        return rs;
    }

    static ResponseError Field(ResponseStatus rs, string field)
    {
        var fe = (rs.Errors ?? new List<ResponseError>()).FirstOrDefault(x => x.FieldName == field);
        t.Check("ResponseStatus.Errors has " + field, fe != null,
            "fields " + string.Join(",", (rs.Errors ?? new List<ResponseError>()).Select(x => x.FieldName)));
        return fe ?? new ResponseError();
    }

    public static int Main()
    {
        baseUrl = Env("PAYGATE_URL");
        company = Guid.Parse(Env("PAYGATE_COMPANY"));
        var adminKey = Env("PAYGATE_ADMIN_KEY");
        var appKey = Env("PAYGATE_APP_KEY");
        t = new Tap("Mono DataContractSerializer + HttpClient (XML)");
        var xml = new XmlClient(baseUrl);
        string sessionId = null;

        t.Call("HttpClient POST /xml/reply/StripeV1CreateCheckout (hosted), DataContractSerializer both ways", () =>
        {
            var r = xml.Send(HttpMethod.Post, "/xml/reply/StripeV1CreateCheckout", Checkout("hosted"));
            IsXml(r, 200);
            var resp = r.Read<StripeCheckoutQueryResponse>();
            Members.Check(t, "StripeCheckoutQueryResponse", r.Root, resp);
            t.StartsWith("SessionId", resp.SessionId, "cs_test_");
            t.StartsWith("Url", resp.Url, "https://checkout.stripe.com/");
            t.Eq("Status", resp.Status, "open");
            t.Eq("ClientSecret", resp.ClientSecret, null);
            t.StartsWith("PaymentIntentId", resp.PaymentIntentId, "pi_");
            sessionId = resp.SessionId;
        });

        t.Call("HttpClient POST /payment/stripe/v1/checkout (embedded, ConfirmationUrl) with Accept: application/xml", () =>
        {
            var req = Checkout("embedded");
            req.ConfirmationUrl = "https://example.org/booked";
            var r = xml.Send(HttpMethod.Post, "/payment/stripe/v1/checkout", req);
            IsXml(r, 200);
            var resp = r.Read<StripeCheckoutQueryResponse>();
            Members.Check(t, "StripeCheckoutQueryResponse", r.Root, resp);
            t.Eq("ClientSecret (UiMode bound)", resp.ClientSecret, "cs_test_secret_fixture");
            t.Eq("Url", resp.Url, null);
        });

        t.Call("HttpClient POST /xml/reply/StripeV1CreateCheckout with no Content-Type header (ByteArrayContent)", () =>
        {
            var r = xml.Send(HttpMethod.Post, "/xml/reply/StripeV1CreateCheckout", Checkout("hosted"), false);
            IsXml(r, 200);
            var resp = r.Read<StripeCheckoutQueryResponse>();
            t.StartsWith("SessionId", resp.SessionId, "cs_test_");
            t.StartsWith("Url", resp.Url, "https://checkout.stripe.com/");
        });

        t.Call("HttpClient POST /payment/stripe/v1/checkout/status (GetStripeCheckoutV1CheckoutStatus) with Accept: application/xml", () =>
        {
            var r = xml.Send(HttpMethod.Post, "/payment/stripe/v1/checkout/status",
                new GetStripeCheckoutV1CheckoutStatus { CompanyId = company, SessionId = sessionId });
            IsXml(r, 200);
            var resp = r.Read<StripeCheckoutStatusQueryResponse>();
            Members.Check(t, "StripeCheckoutStatusQueryResponse", r.Root, resp);
            t.Eq("Status", resp.Status, "open");
            t.Eq("CustomerEmail", resp.CustomerEmail, "example@example.com");
        });

        t.Call("HttpClient POST /xml/reply/StripeV1CreateCheckout with CompanyId nil and no Articles or InternalReferenceId", () =>
        {
            var rs = Error(xml.Send(HttpMethod.Post, "/xml/reply/StripeV1CreateCheckout",
                new StripeV1CreateCheckout { CompanyId = null, CountryCode = "SE" }), 400, "NotEmpty");
            t.Eq("ResponseStatus.Message", rs.Message, "'Company Id' must not be empty.");
            t.Eq("ResponseStatus.Errors.Count", rs.Errors == null ? -1 : rs.Errors.Count, 3);
            var fe = Field(rs, "CompanyId");
            t.Eq("CompanyId error code", fe.ErrorCode, "NotEmpty");
            t.Eq("CompanyId error message", fe.Message, "'Company Id' must not be empty.");
            t.Eq("CompanyId error Meta[PropertyName]", fe.Meta != null && fe.Meta.ContainsKey("PropertyName") ? fe.Meta["PropertyName"] : null, "Company Id");
            Field(rs, "Articles");
            Field(rs, "InternalReferenceId");
        });

        t.Call("HttpClient POST /payment/stripe/v1/checkout: the second of two articles is unknown (Articles bound in order)", () =>
        {
            var req = Checkout("hosted");
            req.Articles.Add(new ArticleToCreate { ArticleId = 98, ArticleTypeId = 5, Quantity = 2 });
            var rs = Error(xml.Send(HttpMethod.Post, "/payment/stripe/v1/checkout", req), 400, "ArticleNotFound");
            t.Eq("Articles[1].ArticleId error message", Field(rs, "Articles[1].ArticleId").Message,
                "Article 98 of article type 5 is not in the company's catalog.");
        });

        t.Call("HttpClient POST /xml/reply/StripeV1CreateCheckout embedded with CancelUrl and a non-http ConfirmationUrl", () =>
        {
            var req = Checkout("embedded");
            req.CancelUrl = "https://example.org/cancel";
            req.ConfirmationUrl = "ftp://example.org/booked";
            var rs = Error(xml.Send(HttpMethod.Post, "/xml/reply/StripeV1CreateCheckout", req), 400, "RegularExpression");
            t.Eq("CancelUrl error code", Field(rs, "CancelUrl").ErrorCode, "NotAllowed");
            t.Eq("ConfirmationUrl error code", Field(rs, "ConfirmationUrl").ErrorCode, "RegularExpression");
        });

        t.Call("HttpClient POST /xml/reply/StripeV1CreateCheckout for a company without Stripe settings (CompanyId bound)", () =>
        {
            var other = Guid.Parse("0b7c2f4e-1d2a-4c3b-8e5f-6a7b8c9d0e1f");
            var req = Checkout("hosted");
            req.CompanyId = other;
            var rs = Error(xml.Send(HttpMethod.Post, "/xml/reply/StripeV1CreateCheckout", req), 400, "PaymentSettingsMissing");
            t.Check("CompanyId error names the company", (Field(rs, "CompanyId").Message ?? "").Contains(other.ToString()), rs.Message);
        });

        t.Call("HttpClient GET /payment/settings?IncludePaymentProviderOptions=true without a token", () =>
        {
            var rs = Error(xml.Send(HttpMethod.Get, "/payment/settings?IncludePaymentProviderOptions=true", null), 401, "Unauthorized");
            t.Eq("ResponseStatus.Message", rs.Message, "Not Authenticated");
        });

        t.Call("HttpClient GET /payment/settings with the bearer token of a key without an administrator role", () =>
        {
            xml.BearerToken = appKey;
            var rs = Error(xml.Send(HttpMethod.Get, "/payment/settings", null), 403, "Forbidden");
            t.Eq("ResponseStatus.Message", rs.Message, "Invalid Role");
        });

        t.Call("HttpClient GET /payment/settings?IncludePaymentProviderOptions=true as administrator", () =>
        {
            xml.BearerToken = adminKey;
            var r = xml.Send(HttpMethod.Get, "/payment/settings?IncludePaymentProviderOptions=true", null);
            IsXml(r, 200);
            var resp = r.Read<PaymentSettingsQueryResponse>();
            Members.Check(t, "PaymentSettingsQueryResponse", r.Root, resp);
            t.Eq("CompanyId", resp.CompanyId, company);
            t.Eq("Enabled", resp.Enabled, true);
            t.Eq("Currency", resp.Currency, "SEK");
            t.Eq("PaymentProviderOptions.Count", resp.PaymentProviderOptions == null ? -1 : resp.PaymentProviderOptions.Count, 2);
            xml.BearerToken = null;
        });

        t.Call("WebClient POST /payment/stripe/v1/checkout as XML (Expect: 100-continue); a refused one throws WebException", () =>
        {
            using (var wc = new WebClient())
            {
                wc.Headers[HttpRequestHeader.ContentType] = "application/xml";
                wc.Headers[HttpRequestHeader.Accept] = "application/xml";
                var body = wc.UploadData(baseUrl + "/payment/stripe/v1/checkout", "POST", XmlClient.Serialize(Checkout("hosted")));
                var ok = new Reply { Status = 200, Body = System.Text.Encoding.UTF8.GetString(body) };
                var resp = ok.Read<StripeCheckoutQueryResponse>();
                Members.Check(t, "StripeCheckoutQueryResponse", ok.Root, resp);
                t.StartsWith("Url", resp.Url, "https://checkout.stripe.com/");
                try
                {
                    wc.Headers[HttpRequestHeader.ContentType] = "application/xml";
                    wc.UploadData(baseUrl + "/payment/stripe/v1/checkout", "POST", XmlClient.Serialize(new StripeV1CreateCheckout()));
                    t.Check("WebClient throws for 400", false, "no exception");
                }
                catch (WebException e)
                {
                    var hr = (HttpWebResponse)e.Response;
                    string text;
                    using (var sr = new System.IO.StreamReader(hr.GetResponseStream())) text = sr.ReadToEnd();
                    var rs = Error(new Reply { Status = (int)hr.StatusCode, ContentType = hr.ContentType.Split(';')[0], Body = text }, 400, "NotEmpty");
                    Field(rs, "CompanyId");
                }
            }
        });

        Payson(xml, adminKey, appKey);
        return t.End();
    }

    // Payson runs a Payson Checkout 2.0 checkout from creation to shipping
    // in XML; the customer pays in between through the sandbox.
    static void Payson(XmlClient xml, string adminKey, string appKey)
    {
        var sandbox = Env("PAYSON_SANDBOX_URL").TrimEnd('/');
        var id = Guid.Empty;
        var booking = 100000000 + new Random().Next(100000000);

        t.Call("HttpClient POST /xml/reply/PaysonV2CreateCheckout (PaymentOrigin and Language set)", () =>
        {
            var r = xml.Send(HttpMethod.Post, "/xml/reply/PaysonV2CreateCheckout", new PaysonV2CreateCheckout
            {
                CompanyId = company,
                // A booking id, numeric: RefundBookingPayment names it as an int.
                InternalReferenceId = booking.ToString(),
                CountryCode = "SE",
                Language = "en",
                PaymentOrigin = PaymentOrigin.Embedded,
                Articles = new List<ArticleToCreate> { new ArticleToCreate { ArticleId = 1, ArticleTypeId = 1, Quantity = 1 } },
            });
            IsXml(r, 200);
            var resp = r.Read<PaysonCheckoutV2Response>();
            Members.Check(t, "PaysonCheckoutV2Response", r.Root, resp);
            t.Check("Id is set", resp.Id != Guid.Empty, r.Body);
            t.Eq("Status", resp.Status, Payson2CheckoutStatus.Created);
            t.Check("Snippet embeds the checkout page", resp.Snippet != null && resp.Snippet.Contains("/checkout/" + resp.Id), resp.Snippet);
            id = resp.Id;
        });

        t.Call("the customer pays in the Payson sandbox: POST /sandbox/checkouts/{Id}/pay", () =>
        {
            using (var http = new HttpClient())
            using (var resp = http.PostAsync(sandbox + "/sandbox/checkouts/" + id + "/pay", null).Result)
                t.Eq("sandbox status", (int)resp.StatusCode, 200);
        });

        t.Call("HttpClient GET /payment/payson/v2/checkout/{Id}?CompanyId=... with Accept: application/xml", () =>
        {
            var r = xml.Send(HttpMethod.Get, "/payment/payson/v2/checkout/" + id + "?CompanyId=" + company, null);
            IsXml(r, 200);
            var resp = r.Read<PaysonCheckoutV2Response>();
            Members.Check(t, "PaysonCheckoutV2Response", r.Root, resp);
            t.Eq("Status", resp.Status, Payson2CheckoutStatus.ReadyToShip);
        });

        var send = new SendCheckoutPaymentRequest { Id = id };
        var path = "/payment/payson/v2/checkout/" + id + "/sendpaymentrequest";

        t.Call("HttpClient PUT " + path.Replace(id.ToString(), "{Id}") + " with the bearer token of a key without an administrator role", () =>
        {
            xml.BearerToken = appKey;
            var rs = Error(xml.Send(HttpMethod.Put, path, send), 403, "Forbidden");
            t.Eq("ResponseStatus.Message", rs.Message, "Invalid Role");
        });

        t.Call("HttpClient PUT " + path.Replace(id.ToString(), "{Id}") + " as administrator, DataContractSerializer body", () =>
        {
            xml.BearerToken = adminKey;
            var r = xml.Send(HttpMethod.Put, path, send);
            IsXml(r, 200);
            var resp = r.Read<PaysonCheckoutV2Response>();
            Members.Check(t, "PaysonCheckoutV2Response", r.Root, resp);
            t.Eq("Id", resp.Id, id);
            t.Eq("Status", resp.Status, Payson2CheckoutStatus.Shipped);
        });

        t.Call("HttpClient PUT /xml/reply/SendCheckoutPaymentRequest again as administrator: already shipped", () =>
        {
            var rs = Error(xml.Send(HttpMethod.Put, "/xml/reply/SendCheckoutPaymentRequest", send), 409, "CheckoutNotReadyToShip");
            t.Check("Id error names the status", (Field(rs, "Id").Message ?? "").Contains("is Shipped (6)"), rs.Message);
            t.Eq("ResponseStatus.Meta[Status]", rs.Meta != null && rs.Meta.ContainsKey("Status") ? rs.Meta["Status"] : null, "Shipped");
        });

        PaymentLog(xml, id, booking);
        xml.BearerToken = null;
    }

    // PaymentLog reads the shipped checkout's payment from the payment log
    // as QueryResponse<PaymentLogQueryResponse> and refunds part of it.
    static void PaymentLog(XmlClient xml, Guid checkout, int booking)
    {
        var query = "/articles/payments?ArticleTypeId=1&Include=Total&OrderByDesc=Id&Take=100";
        Func<PaymentLogQueryResponse> find = () =>
        {
            var r = xml.Send(HttpMethod.Get, query, null);
            IsXml(r, 200);
            t.Eq("root element", r.Root.Name.LocalName, "QueryResponseOfPaymentLogQueryResponseWg5EthtI");
            var page = r.Read<QueryResponse<PaymentLogQueryResponse>>();
            Members.Check(t, "QueryResponse", r.Root, page);
            t.Check("Total counts the results", page.Total >= page.Results.Count && page.Results.Count > 0, r.Body);
            var p = page.Results.FirstOrDefault(x => x.CheckoutId == checkout.ToString());
            t.Check("the checkout's payment is in the log", p != null, r.Body);
            return p ?? new PaymentLogQueryResponse();
        };
        var payment = new PaymentLogQueryResponse();

        t.Call("HttpClient GET " + query + " as administrator: QueryResponse<PaymentLogQueryResponse>", () =>
        {
            payment = find();
            t.Eq("PaymentProvider", payment.PaymentProvider, "Payson");
            t.Eq("Status", payment.Status, "Paid");
            t.Eq("InternalReferenceId", payment.InternalReferenceId, booking.ToString());
            t.Check("Amount is positive", payment.Amount > 0, payment.Amount.ToString());
        });

        var path = "/bookings/" + booking + "/refund/" + payment.Id;
        t.Call("HttpClient PUT /bookings/{Id}/refund/{PaymentLogId} with Amount 1.005: too many decimals", () =>
        {
            var rs = RefundError(xml.Send(HttpMethod.Put, path, new RefundBookingPayment { Amount = 1.005 }), 400, "ScalePrecision");
            Field(rs, "Amount");
        });

        t.Call("HttpClient PUT /bookings/{Id}/refund/{PaymentLogId} with Amount 100.50, DataContractSerializer body", () =>
        {
            var r = xml.Send(HttpMethod.Put, path, new RefundBookingPayment { Amount = 100.50, Comments = "Avbokad" });
            IsXml(r, 200);
            var resp = r.Read<RefundBookingPaymentResponse>();
            Members.Check(t, "RefundBookingPaymentResponse", r.Root, resp);
            var after = find();
            t.Eq("RefundedAmount", after.RefundedAmount, 100.50);
            t.Eq("Status", after.Status, "PartiallyRefunded");
            t.Eq("Refunds[0].Status", after.Refunds.Count == 1 ? after.Refunds[0].Status : null, "Succeeded");
        });

        t.Call("HttpClient PUT /bookings/{Id}/refund/{PaymentLogId} for more than is left", () =>
        {
            var rs = RefundError(xml.Send(HttpMethod.Put, path, new RefundBookingPayment { Amount = payment.Amount }), 409, "RefundExceedsPayment");
            Field(rs, "Amount");
        });
    }

    // RefundError reads an error of RefundBookingPayment, whose response
    // DTO has a ResponseStatus and so carries its errors, as in ServiceStack.
    static ResponseStatus RefundError(Reply r, int status, string errorCode)
    {
        return ErrorIn<RefundBookingPaymentResponse>(r, status, errorCode, e => e.ResponseStatus);
    }
}
