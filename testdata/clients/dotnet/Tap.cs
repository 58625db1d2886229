// Reports calls and checks in TAP, one line each, as the other
// conformance clients do; the Go suite reads the lines.
using System;

public class Tap
{
    int n, failed;

    public Tap(string client) { Console.WriteLine("# client: " + client); }

    public int Failed { get { return failed; } }

    // Call runs one call and its checks; an exception fails the call and
    // the run goes on with the next.
    public void Call(string title, Action body)
    {
        Console.WriteLine("# call: " + title);
        try { body(); }
        catch (Exception e) { Check(title + " completes", false, "threw " + OneLine(e)); }
    }

    public bool Check(string what, bool pass, string detail = null)
    {
        n++;
        if (pass)
        {
            Console.WriteLine("ok {0} - {1}", n, what);
            return true;
        }
        failed++;
        Console.WriteLine("not ok {0} - {1}{2}", n, what, detail == null ? "" : " (" + detail + ")");
        return false;
    }

    public bool Eq<T>(string what, T got, T want)
    {
        return Check(what + " is " + Show(want), Equals(got, want), "got " + Show(got));
    }

    public bool StartsWith(string what, string got, string prefix)
    {
        return Check(what + " starts with " + Show(prefix), got != null && got.StartsWith(prefix, StringComparison.Ordinal), "got " + Show(got));
    }

    // OneLine keeps an exception on its check's line: each message of the
    // chain, without the stack traces.
    static string OneLine(Exception e)
    {
        var parts = new System.Collections.Generic.List<string>();
        for (; e != null; e = e.InnerException)
            parts.Add(e.GetType().FullName + ": " + e.Message.Replace("\r", " ").Replace("\n", " "));
        return string.Join(" ---> ", parts);
    }

    public static string Show(object v)
    {
        if (v == null) return "null";
        if (v is string) return "\"" + v + "\"";
        return v.ToString();
    }

    public int End()
    {
        Console.WriteLine("1..{0}", n);
        if (failed > 0) Console.WriteLine("# {0} of {1} checks failed", failed, n);
        return failed == 0 ? 0 : 1;
    }
}
