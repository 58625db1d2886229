// Members proves that DataContractSerializer kept everything the server
// sent. It reads members silently: one out of DataContract order, or in
// another namespace, is dropped without an exception. So every element of
// the reply is compared with the member it should have filled, and the
// order on the wire with the order the serializer itself writes.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.Serialization;
using System.Xml;
using System.Xml.Linq;

public static class Members
{
    static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    public static void Check(Tap t, string path, XElement el, object obj)
    {
        var type = obj.GetType();
        var contract = type.GetCustomAttributes(typeof(DataContractAttribute), false);
        // A member element is in its declaring type's namespace; what is
        // in the contract's is its content (a root or a list item is both).
        var member = path.Contains(".") && !path.EndsWith("]");
        var where = member ? el.Elements().Select(e => e.Name.NamespaceName).FirstOrDefault() ?? ContractNamespace(type) : el.Name.NamespaceName;
        t.Check(path + ": " + (member ? "content of " : "") + "element <" + el.Name.LocalName + "> in namespace " + where,
            contract.Length == 1 && where == ContractNamespace(type) && (!member || el.Elements().All(e => e.Name.NamespaceName == where)),
            "the contract's namespace is " + ContractNamespace(type));
        var wire = string.Join(",", el.Elements().Select(e => e.Name.LocalName));
        var written = string.Join(",", XElement.Parse(System.Text.Encoding.UTF8.GetString(XmlClient.Serialize(obj)))
            .Elements().Select(e => e.Name.LocalName));
        t.Eq(path + ": members in DataContract order", wire, written);
        foreach (var child in el.Elements())
        {
            var name = child.Name.LocalName;
            var prop = type.GetProperties().FirstOrDefault(p => MemberName(p) == name);
            if (prop == null)
            {
                t.Check(path + "." + name + " is a member of " + type.Name, false, "unknown member");
                continue;
            }
            Compare(t, path + "." + name, child, prop.GetValue(obj, null));
        }
    }

    static void Compare(Tap t, string path, XElement el, object value)
    {
        if ((string)el.Attribute(Xsi + "nil") == "true")
        {
            t.Check(path + " is nil and reads as null", value == null, "read " + Tap.Show(value));
            return;
        }
        if (value == null)
        {
            t.Check(path + " arrives", false, "sent " + Tap.Show(el.ToString(SaveOptions.DisableFormatting)) + ", read null");
            return;
        }
        var type = value.GetType();
        if (value is DateTime)
        {
            // The text may carry more or fewer fraction digits than the
            // serializer writes; the instant is what must arrive.
            var sent = XmlConvert.ToDateTime(el.Value, XmlDateTimeSerializationMode.RoundtripKind);
            t.Check(path + " arrives as " + Tap.Show(el.Value), sent.ToUniversalTime() == ((DateTime)value).ToUniversalTime(),
                "read " + Tap.Show(XmlConvert.ToString((DateTime)value, XmlDateTimeSerializationMode.RoundtripKind)));
            return;
        }
        if (value is string || value is Guid || value is bool || value is int || value is long || value is double || type.IsEnum)
        {
            t.Check(path + " arrives as " + Tap.Show(el.Value), Scalar(value) == el.Value, "read " + Tap.Show(Scalar(value)));
            return;
        }
        if (value is IDictionary)
        {
            var dict = (IDictionary)value;
            var pairs = el.Elements().ToList();
            var same = pairs.Count == dict.Count && pairs.All(p =>
            {
                var k = p.Elements().First(e => e.Name.LocalName == "Key").Value;
                return dict.Contains(k) && (string)dict[k] == p.Elements().First(e => e.Name.LocalName == "Value").Value;
            });
            t.Check(path + " arrives with " + pairs.Count + " entries", same, "read " + dict.Count + " entries");
            return;
        }
        if (value is IList)
        {
            var list = (IList)value;
            var items = el.Elements().ToList();
            if (!t.Check(path + " arrives with " + items.Count + " items", items.Count == list.Count, "read " + list.Count))
                return;
            for (var i = 0; i < items.Count; i++)
                Check(t, path + "[" + i + "]", items[i], list[i]);
            return;
        }
        Check(t, path, el, value);
    }

    static string Scalar(object v)
    {
        if (v is bool) return XmlConvert.ToString((bool)v);
        if (v is Guid) return XmlConvert.ToString((Guid)v);
        if (v is double) return XmlConvert.ToString((double)v);
        return v.ToString();
    }

    static string MemberName(PropertyInfo p)
    {
        var a = (DataMemberAttribute)p.GetCustomAttributes(typeof(DataMemberAttribute), false).FirstOrDefault();
        if (a == null) return null;
        return a.Name ?? p.Name;
    }

    static string ContractNamespace(Type type)
    {
        var a = (DataContractAttribute)type.GetCustomAttributes(typeof(DataContractAttribute), false).FirstOrDefault();
        if (a != null && a.Namespace != null) return a.Namespace;
        return "http://schemas.datacontract.org/2004/07/" + type.Namespace;
    }
}
