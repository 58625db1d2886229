// An XML client as .NET integrations write one: DataContractSerializer for
// both directions, HttpClient for the transport, Accept: application/xml.
using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.Serialization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

public class Reply
{
    public int Status;
    public string ContentType;
    public string Body;

    public XElement Root { get { return XDocument.Parse(Body).Root; } }

    public T Read<T>()
    {
        using (var r = XmlReader.Create(new StringReader(Body)))
            return (T)new DataContractSerializer(typeof(T)).ReadObject(r);
    }
}

public class XmlClient
{
    readonly HttpClient http = new HttpClient();
    readonly string baseUrl;

    public string BearerToken;

    public XmlClient(string baseUrl) { this.baseUrl = baseUrl.TrimEnd('/'); }

    public static byte[] Serialize(object o)
    {
        var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
            new DataContractSerializer(o.GetType()).WriteObject(w, o);
        return ms.ToArray();
    }

    // Send sends body serialised by DataContractSerializer. Without
    // contentType the request has no Content-Type at all, as HttpClient
    // sends a ByteArrayContent nobody labelled.
    public Reply Send(HttpMethod method, string path, object body, bool contentType = true)
    {
        var req = new HttpRequestMessage(method, baseUrl + path);
        req.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));
        if (BearerToken != null)
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BearerToken);
        if (body != null)
        {
            req.Content = new ByteArrayContent(Serialize(body));
            if (contentType)
                req.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        }
        using (var resp = http.SendAsync(req).Result)
        {
            var ct = resp.Content.Headers.ContentType;
            return new Reply
            {
                Status = (int)resp.StatusCode,
                ContentType = ct == null ? null : ct.MediaType,
                Body = resp.Content.ReadAsStringAsync().Result,
            };
        }
    }
}
