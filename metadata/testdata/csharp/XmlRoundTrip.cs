// Serialises generated DTOs with DataContractSerializer, the serializer of
// ServiceStack's XmlServiceClient, to show that the generated C# namespaces
// give the service's XML namespaces.
using System;
using System.IO;
using System.Runtime.Serialization;
using System.Text;
using System.Xml;
using BokaMera.API.ServiceModel.Dtos;

public static class XmlRoundTrip
{
    static string Write(object o)
    {
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { OmitXmlDeclaration = true }))
            new DataContractSerializer(o.GetType()).WriteObject(w, o);
        return sb.ToString();
    }

    public static void Main()
    {
        Console.WriteLine(Write(new SendCheckoutPaymentRequest { CompanyId = Guid.Empty, Id = Guid.Empty }));
        Console.WriteLine(Write(new PaysonCheckoutV2Response { Snippet = "String", Status = Payson2CheckoutStatus.ReadyToShip }));
    }
}
