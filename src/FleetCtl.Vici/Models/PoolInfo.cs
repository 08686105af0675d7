namespace FleetCtl.Vici.Models;

/// <summary>A loaded virtual IP pool as answered by <c>get-pools</c>.</summary>
public sealed record PoolInfo
{
    public required string Name { get; init; }

    /// <summary>Base address of the pool.</summary>
    public string? Base { get; init; }
    public long? Size { get; init; }
    public long? Online { get; init; }
    public long? Offline { get; init; }

    /// <summary>Leases, when they were asked for.</summary>
    public IReadOnlyList<PoolLease> Leases { get; init; } = [];

    public required ViciMessage Raw { get; init; }

    public static PoolInfo Parse(string name, ViciMessage section)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(section);
        var leases = new List<PoolLease>();
        foreach (var (key, sub) in ViciFields.Sections(section.GetSection("leases")))
        {
            leases.Add(PoolLease.Parse(key, sub));
        }

        return new PoolInfo
        {
            Name = name,
            Base = section.GetString("base"),
            Size = section.GetInt64("size"),
            Online = section.GetInt64("online"),
            Offline = section.GetInt64("offline"),
            Leases = leases,
            Raw = section,
        };
    }

    /// <summary>Every pool of a <c>get-pools</c> response (one section per pool).</summary>
    public static IReadOnlyList<PoolInfo> ParseAll(ViciMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var result = new List<PoolInfo>();
        foreach (var (key, sub) in ViciFields.Sections(response))
        {
            result.Add(Parse(key, sub));
        }

        return result;
    }
}
