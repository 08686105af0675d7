using System.Collections.Frozen;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Inventory;

namespace FleetCtl.Web.Dashboard;

/// <summary>The columns of the fleet overview, each sortable.</summary>
public enum OverviewColumn
{
    Gateway,
    Uri,
    State,
    IkeSas,
    ChildSas,
    TunnelsDown,
    Tags,
    Daemon,
    Since,
    LastError,
}

/// <summary>A tag filter: <c>key=value</c> from the inventory.</summary>
public sealed record TagValue(string Key, string Value)
{
    public override string ToString() => $"{Key}={Value}";
}

/// <summary>One row of the overview: a gateway's latest status and its inventory tags.</summary>
public sealed record OverviewRow(GatewayStatus Status, GatewayTags Tags)
{
    public string Name => Status.Gateway;
}

/// <summary>A gateway's inventory tags, with the text the overview's filter box searches (built once per gateway).</summary>
public sealed class GatewayTags
{
    public static GatewayTags None { get; } = new(FrozenDictionary<string, string>.Empty);

    public GatewayTags(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        Values = tags;
        Pairs = [.. tags.OrderBy(t => t.Key, StringComparer.OrdinalIgnoreCase).Select(t => new TagValue(t.Key, t.Value))];
        Text = string.Join(' ', Pairs);
    }

    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>The tags ordered by key.</summary>
    public IReadOnlyList<TagValue> Pairs { get; }

    /// <summary><c>key=value key=value</c>: what the tags column shows, sorts by and the filter box matches.</summary>
    public string Text { get; }
}

/// <summary>What the overview shows: the filter box's text, the states and the tags chosen.</summary>
public sealed record OverviewFilter
{
    public static OverviewFilter None { get; } = new();

    /// <summary>Matched, ignoring case, against the name, the URI and the tags (<c>key=value</c>, so a value alone matches too).</summary>
    public string Text { get; init; } = "";

    /// <summary>Empty: every state.</summary>
    public IReadOnlySet<GatewayConnectionState> States { get; init; } = new HashSet<GatewayConnectionState>();

    /// <summary>Empty: every gateway. Values of one key are alternatives; different keys must all match.</summary>
    public IReadOnlySet<TagValue> Tags { get; init; } = new HashSet<TagValue>();

    public bool IsEmpty => string.IsNullOrWhiteSpace(Text) && States.Count == 0 && Tags.Count == 0;

    public bool Matches(OverviewRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (States.Count > 0 && !States.Contains(row.Status.State))
        {
            return false;
        }

        if (Tags.Count > 0)
        {
            foreach (var byKey in Tags.GroupBy(t => t.Key, StringComparer.OrdinalIgnoreCase))
            {
                if (!row.Tags.Values.TryGetValue(byKey.Key, out var value)
                    || !byKey.Any(t => string.Equals(t.Value, value, StringComparison.OrdinalIgnoreCase)))
                {
                    return false;
                }
            }
        }

        var text = Text.Trim();
        return text.Length == 0
            || row.Status.Gateway.Contains(text, StringComparison.OrdinalIgnoreCase)
            || row.Status.Uri.Contains(text, StringComparison.OrdinalIgnoreCase)
            || row.Tags.Text.Contains(text, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>Fleet-wide totals for the summary tiles.</summary>
public sealed record FleetTotals(int Gateways, int Connected, int Unreachable, int Connecting, int IkeSas, int ChildSas, int TunnelsDown)
{
    public static FleetTotals Of(IEnumerable<GatewayStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        int gateways = 0, connected = 0, unreachable = 0, connecting = 0, ike = 0, child = 0, down = 0;
        foreach (var s in statuses)
        {
            gateways++;
            switch (s.State)
            {
                case GatewayConnectionState.Connected: connected++; break;
                case GatewayConnectionState.Unreachable: unreachable++; break;
                default: connecting++; break;
            }

            ike += s.IkeSas;
            child += s.ChildSas;
            down += s.TunnelsDown;
        }

        return new FleetTotals(gateways, connected, unreachable, connecting, ike, child, down);
    }
}

/// <summary>
/// The overview's data: the inventory's tags (fixed while the server runs) joined with the directory's statuses,
/// filtered and sorted. Pure functions over snapshots, so the page recomputes them once per (throttled) refresh.
/// </summary>
public sealed class FleetOverview
{
    /// <summary>A tag key with more distinct values than this gets no filter chips (the filter box still finds them).</summary>
    public const int MaxChipValuesPerKey = 12;

    private readonly FrozenDictionary<string, GatewayTags> _tags;

    public FleetOverview(FleetInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        _tags = inventory.ToFrozenDictionary(g => g.Name, g => new GatewayTags(g.Tags), StringComparer.OrdinalIgnoreCase);
        TagChoices = [.. inventory
            .SelectMany(g => g.Tags.Select(t => new TagValue(t.Key, t.Value)))
            .GroupBy(t => t.Key, StringComparer.OrdinalIgnoreCase)
            .Select(byKey => byKey.DistinctBy(t => t.Value, StringComparer.OrdinalIgnoreCase).ToList())
            .Where(values => values.Count <= MaxChipValuesPerKey)
            .OrderBy(values => values[0].Key, StringComparer.OrdinalIgnoreCase)
            .SelectMany(values => values.OrderBy(t => t.Value, StringComparer.OrdinalIgnoreCase))];
    }

    /// <summary>The <c>key=value</c> pairs offered as filter chips, by key then value.</summary>
    public IReadOnlyList<TagValue> TagChoices { get; }

    public IReadOnlyList<OverviewRow> Rows(IEnumerable<GatewayStatus> statuses) =>
        [.. statuses.Select(s => new OverviewRow(s, _tags.GetValueOrDefault(s.Gateway) ?? GatewayTags.None))];

    /// <summary>The rows the filter lets through, sorted by <paramref name="column"/> (ties by name).</summary>
    public static IReadOnlyList<OverviewRow> Apply(IEnumerable<OverviewRow> rows, OverviewFilter filter, OverviewColumn column, bool descending)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(filter);
        var matching = filter.IsEmpty ? rows : rows.Where(filter.Matches);
        var sorted = column switch
        {
            OverviewColumn.Gateway => Order(matching, r => r.Name, descending, StringComparer.OrdinalIgnoreCase),
            OverviewColumn.Uri => Order(matching, r => r.Status.Uri, descending, StringComparer.OrdinalIgnoreCase),
            OverviewColumn.State => Order(matching, r => StateRank(r.Status.State), descending),
            OverviewColumn.IkeSas => Order(matching, r => r.Status.IkeSas, descending),
            OverviewColumn.ChildSas => Order(matching, r => r.Status.ChildSas, descending),
            OverviewColumn.TunnelsDown => Order(matching, r => r.Status.TunnelsDown, descending),
            OverviewColumn.Tags => Order(matching, r => r.Tags.Text, descending, StringComparer.OrdinalIgnoreCase),
            OverviewColumn.Daemon => Order(matching, r => r.Status.DaemonVersion ?? "", descending, VersionComparer.Instance),
            OverviewColumn.Since => Order(matching, r => r.Status.Since, descending),
            OverviewColumn.LastError => Order(matching, r => r.Status.LastError ?? "", descending, StringComparer.OrdinalIgnoreCase),
            _ => throw new ArgumentOutOfRangeException(nameof(column), column, null),
        };
        return [.. column == OverviewColumn.Gateway ? sorted : sorted.ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Worst first when ascending: what needs attention sorts to the top.</summary>
    public static int StateRank(GatewayConnectionState state) => state switch
    {
        GatewayConnectionState.Unreachable => 0,
        GatewayConnectionState.Connecting => 1,
        GatewayConnectionState.Syncing => 2,
        GatewayConnectionState.Connected => 3,
        _ => 4,
    };

    private static IOrderedEnumerable<OverviewRow> Order<TKey>(IEnumerable<OverviewRow> rows, Func<OverviewRow, TKey> key, bool descending,
        IComparer<TKey>? comparer = null) =>
        descending ? rows.OrderByDescending(key, comparer) : rows.OrderBy(key, comparer);

    /// <summary>Daemon versions compare by their numbers (5.9.8 &lt; 5.9.14 &lt; 6.0.3), unknown ones first.</summary>
    private sealed class VersionComparer : IComparer<string>
    {
        public static VersionComparer Instance { get; } = new();

        public int Compare(string? x, string? y)
        {
            var vx = Parse(x);
            var vy = Parse(y);
            return vx is not null && vy is not null ? vx.CompareTo(vy) != 0 ? vx.CompareTo(vy) : string.CompareOrdinal(x, y)
                : vx is null && vy is null ? string.CompareOrdinal(x, y)
                : vx is null ? -1 : 1;
        }

        private static Version? Parse(string? s)
        {
            if (string.IsNullOrEmpty(s))
            {
                return null;
            }

            var end = 0;
            while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] == '.'))
            {
                end++;
            }

            return Version.TryParse(s[..end].TrimEnd('.'), out var v) ? v : null;
        }
    }
}
