using System.Globalization;
using System.Text;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.Persistence;

namespace FleetCtl.Web.Dashboard;

/// <summary>A quick time range of the history page: the last <see cref="Span"/> up to the moment the query runs.</summary>
public sealed record HistoryRange(string Key, string Label, TimeSpan Span);

/// <summary>
/// The history page's query as the form and the URL hold it: text as typed, not yet checked. <see cref="Check"/> turns it
/// into a <see cref="HistoryFilter"/> or says what is wrong; <see cref="ToQueryString"/> and <see cref="FromQuery"/> make it
/// a shareable URL (<c>/history?gateway=gw-001&amp;kind=connectivity</c>). Pure, so the rules are unit-tested.
/// </summary>
public sealed record HistorySearch
{
    /// <summary>Rows per page of the history table.</summary>
    public const int PageSize = 50;

    /// <summary>The CSV export's own default page size (<c>/api/v1/history?format=csv</c>): above it the link asks for more.</summary>
    public const int CsvDefaultLimit = 10_000;

    /// <summary>The most rows the CSV export gives in one download.</summary>
    public const int CsvMaxLimit = 100_000;

    /// <summary>Every kind <see cref="HistoryFilter.Kinds"/> knows, in the order the page lists them.</summary>
    public static IReadOnlyList<string> AllKinds { get; } =
        ["sa", "ike-up", "ike-down", "ike-rekey", "ike-update", "child-up", "child-down", "child-rekey", "connectivity", "alert"];

    public static IReadOnlyList<HistoryRange> Ranges { get; } =
    [
        new("15m", "15 min", TimeSpan.FromMinutes(15)),
        new("1h", "1 h", TimeSpan.FromHours(1)),
        new("24h", "24 h", TimeSpan.FromHours(24)),
        new("7d", "7 d", TimeSpan.FromDays(7)),
    ];

    /// <summary>How the page writes a time into the from/to fields: UTC, to the second.</summary>
    public const string FieldTimeFormat = "yyyy-MM-dd HH:mm:ss'Z'";

    public string Gateway { get; init; } = "";

    /// <summary>An SA's name or unique id (<see cref="HistoryFilter.Sa"/>).</summary>
    public string Sa { get; init; } = "";

    /// <summary>Empty: every kind.</summary>
    public IReadOnlyList<string> Kinds { get; init; } = [];

    public string From { get; init; } = "";

    public string To { get; init; } = "";

    /// <summary>A quick range (<see cref="Ranges"/>' key); when set it wins over <see cref="From"/> and <see cref="To"/>.</summary>
    public string? Range { get; init; }

    public bool IsEmpty => ToQueryString().Length == 0;

    /// <summary>The search a URL's query parameters describe. Kinds may repeat or be comma-separated; known ones are spelled as <see cref="AllKinds"/>.</summary>
    public static HistorySearch FromQuery(string? gateway, string? sa, IEnumerable<string?>? kinds, string? from, string? to, string? range) => new()
    {
        Gateway = gateway?.Trim() ?? "",
        Sa = sa?.Trim() ?? "",
        Kinds = NormalizeKinds(kinds),
        From = from?.Trim() ?? "",
        To = to?.Trim() ?? "",
        Range = string.IsNullOrWhiteSpace(range) ? null : range.Trim().ToLowerInvariant(),
    };

    /// <summary>Known kinds in <see cref="AllKinds"/>' order, then unknown ones as given (so <see cref="Check"/> can name them).</summary>
    public static IReadOnlyList<string> NormalizeKinds(IEnumerable<string?>? kinds)
    {
        var given = (kinds ?? []).SelectMany(k => (k ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(k => k.Length > 0).ToList();
        var known = AllKinds.Where(k => given.Contains(k, StringComparer.OrdinalIgnoreCase));
        var unknown = given.Where(k => !AllKinds.Contains(k, StringComparer.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase);
        return [.. known, .. unknown];
    }

    /// <summary>The page's query string without the <c>?</c>: only what is set; a quick range instead of from/to.</summary>
    public string ToQueryString()
    {
        var query = new StringBuilder();
        Add(query, "gateway", Gateway);
        Add(query, "sa", Sa);
        foreach (var kind in Kinds)
        {
            Add(query, "kind", kind);
        }

        if (Range is not null)
        {
            Add(query, "range", Range);
        }
        else
        {
            Add(query, "from", UrlTime(From));
            Add(query, "to", UrlTime(To));
        }

        return query.ToString();
    }

    /// <summary>The page's own URL for this search (relative to the base, like the app's other links).</summary>
    public string PageUrl()
    {
        var query = ToQueryString();
        return query.Length == 0 ? "history" : "history?" + query;
    }

    /// <summary>
    /// The filter this search stands for, or what is wrong with it (in words for the page). A missing <c>to</c> is
    /// pinned to <paramref name="now"/>, so paging through the result and its CSV stay the same while new events arrive;
    /// a quick range ends at <paramref name="now"/> too.
    /// </summary>
    public (HistoryFilter? Filter, string? Problem) Check(FleetInventory inventory, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        string? gateway = null;
        if (Gateway.Length > 0)
        {
            if (!inventory.TryGet(Gateway, out var definition))
            {
                return (null, $"No gateway named '{Gateway}' in the inventory.");
            }

            gateway = definition.Name;
        }

        var unknown = Kinds.Where(k => !AllKinds.Contains(k, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            return (null, $"Unknown kind {string.Join(", ", unknown.Select(k => $"'{k}'"))}: use {string.Join(", ", AllKinds)}.");
        }

        DateTimeOffset? from;
        DateTimeOffset to;
        if (Range is not null)
        {
            if (Ranges.FirstOrDefault(r => r.Key == Range) is not { } range)
            {
                return (null, $"Unknown range '{Range}': use {string.Join(", ", Ranges.Select(r => r.Key))}.");
            }

            from = now - range.Span;
            to = now;
        }
        else
        {
            if (!TryParseTime(From, out from))
            {
                return (null, $"From: '{From}' is not a time. Write it as 2026-11-03 08:00 (UTC).");
            }

            if (!TryParseTime(To, out var parsedTo))
            {
                return (null, $"To: '{To}' is not a time. Write it as 2026-11-03 08:00 (UTC).");
            }

            to = parsedTo ?? now;
            if (from is { } f && f >= to)
            {
                return (null, parsedTo is null
                    ? $"From ({FieldTime(f)}) must be before To (now, {FieldTime(now)})."
                    : $"From ({FieldTime(f)}) must be before To ({FieldTime(to)}).");
            }
        }

        return (new HistoryFilter
        {
            Gateway = gateway,
            Sa = Sa.Length == 0 ? null : Sa,
            Kinds = [.. Kinds],
            From = from,
            To = to,
            Offset = 0,
            Limit = PageSize,
            NewestFirst = true,
        }, null);
    }

    /// <summary>
    /// The CSV download of <paramref name="filter"/> (<c>GET /api/v1/history?...&amp;format=csv</c>, which the browser's
    /// session cookie authenticates): the same gateway, SA, kinds and times; all matching rows up to <see cref="CsvMaxLimit"/>.
    /// </summary>
    public static string CsvUrl(HistoryFilter filter, int total)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = new StringBuilder();
        Add(query, "gateway", filter.Gateway);
        Add(query, "sa", filter.Sa);
        foreach (var kind in filter.Kinds)
        {
            Add(query, "kind", kind);
        }

        Add(query, "from", filter.From is { } f ? IsoTime(f) : null);
        Add(query, "to", filter.To is { } t ? IsoTime(t) : null);
        if (total > CsvDefaultLimit)
        {
            Add(query, "limit", Math.Min(total, CsvMaxLimit).ToString(CultureInfo.InvariantCulture));
        }

        Add(query, "format", "csv");
        return "/api/v1/history?" + query;
    }

    /// <summary>A time as the from/to fields show it.</summary>
    public static string FieldTime(DateTimeOffset at) => at.UtcDateTime.ToString(FieldTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>ISO 8601 in UTC, fractions only when there are any: <c>2026-11-03T08:00:00Z</c>.</summary>
    public static string IsoTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Empty is no bound (true, null). A time without an offset is UTC, like every time on the dashboard.</summary>
    public static bool TryParseTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        return false;
    }

    // a time that parses goes into the URL as ISO 8601 UTC; one that does not goes as typed (the page then says what is wrong)
    private static string UrlTime(string text) => text.Length > 0 && TryParseTime(text, out var t) && t is { } time ? IsoTime(time) : text;

    private static void Add(StringBuilder query, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (query.Length > 0)
        {
            query.Append('&');
        }

        // ':' may stay as it is in a query (RFC 3986), which keeps times readable in the address bar
        query.Append(name).Append('=').Append(Uri.EscapeDataString(value).Replace("%3A", ":", StringComparison.Ordinal));
    }
}
