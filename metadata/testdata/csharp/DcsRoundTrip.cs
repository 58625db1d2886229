// Reads each XML file given with DataContractSerializer into the generated
// class named before it, writes the object back the same way, and saves the
// result next to the file (file.out). Bytes that come back unchanged show
// the generated contracts are the service's: DataContractSerializer drops
// members it does not expect where they are, or in another namespace.
using System;
using System.IO;
using System.Runtime.Serialization;
using System.Text;
using System.Xml;

public static class DcsRoundTrip
{
    static Type Find(string name)
    {
        foreach (var t in typeof(DcsRoundTrip).Assembly.GetTypes())
            if (t.Name == name)
                return t;
        // A closed generic (QueryResponse<T>) goes by the name
        // DataContractSerializer gives it, digest included: finding it by
        // that name proves the service computes the same one.
        var exporter = new XsdDataContractExporter();
        foreach (var g in typeof(DcsRoundTrip).Assembly.GetTypes())
        {
            if (!g.IsGenericTypeDefinition || g.GetGenericArguments().Length != 1)
                continue;
            foreach (var a in typeof(DcsRoundTrip).Assembly.GetTypes())
            {
                if (a.IsGenericTypeDefinition || a.IsAbstract || a.IsInterface || a.IsEnum || !a.IsClass)
                    continue;
                var closed = g.MakeGenericType(a);
                if (exporter.GetRootElementName(closed).Name == name)
                    return closed;
            }
        }
        throw new ArgumentException("no generated type " + name);
    }

    public static void Main(string[] args)
    {
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var dcs = new DataContractSerializer(Find(args[i]));
            object o;
            using (var r = XmlReader.Create(args[i + 1]))
                o = dcs.ReadObject(r);
            var sb = new StringBuilder();
            using (var w = XmlWriter.Create(sb, new XmlWriterSettings { OmitXmlDeclaration = true }))
                dcs.WriteObject(w, o);
            File.WriteAllText(args[i + 1] + ".out", sb.ToString());
        }
    }
}
