namespace FleetCtl.Web.Dashboard;

/// <summary>One run of catalog prose: plain text, or a configuration key or command written in Markdown backticks.</summary>
public readonly record struct CatalogSegment(string Text, bool IsCode);

/// <summary>
/// The catalog's texts as the pages show them. The catalog writes <c>swanctl.conf</c> keys and commands in Markdown
/// backticks; the pages render those runs as <c>&lt;code&gt;</c> and everything else as text (never as markup, so a
/// <c>&lt;conn&gt;</c> placeholder stays visible).
/// </summary>
public static class CatalogText
{
    /// <summary>
    /// The runs of <paramref name="text"/>, in order, without the backticks; empty runs are left out. An unmatched
    /// backtick stays in the text as it is.
    /// </summary>
    public static IReadOnlyList<CatalogSegment> Segments(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var segments = new List<CatalogSegment>();
        var start = 0;
        while (start < text.Length)
        {
            var open = text.IndexOf('`', start);
            var close = open < 0 ? -1 : text.IndexOf('`', open + 1);
            if (close < 0)
            {
                segments.Add(new CatalogSegment(text[start..], false)); // no (complete) code span left
                break;
            }

            if (open > start)
            {
                segments.Add(new CatalogSegment(text[start..open], false));
            }

            if (close > open + 1)
            {
                segments.Add(new CatalogSegment(text[(open + 1)..close], true));
            }

            start = close + 1;
        }

        return segments;
    }
}
