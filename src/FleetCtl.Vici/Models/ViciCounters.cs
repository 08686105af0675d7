namespace FleetCtl.Vici.Models;

/// <summary>The answer of <c>get-counters</c>: one set of counters per connection, the global set under the empty name.</summary>
public sealed record ViciCounters
{
    /// <summary>Counter sets in wire order.</summary>
    public IReadOnlyList<IkeCounters> Sets { get; init; } = [];

    /// <summary>The global counters, when they were asked for.</summary>
    public IkeCounters? Global => Find(string.Empty);

    public required ViciMessage Raw { get; init; }

    /// <summary>The counters of connection <paramref name="name"/> (empty for the global set), or null.</summary>
    public IkeCounters? Find(string name)
    {
        foreach (var set in Sets)
        {
            if (string.Equals(set.Name, name, StringComparison.Ordinal))
            {
                return set;
            }
        }

        return null;
    }

    public static ViciCounters Parse(ViciMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var sets = new List<IkeCounters>();
        foreach (var (key, sub) in ViciFields.Sections(response.GetSection("counters")))
        {
            sets.Add(IkeCounters.Parse(key, sub));
        }

        return new ViciCounters { Sets = sets, Raw = response };
    }
}
