namespace FleetCtl.Vici.Models;

/// <summary>One lease of a virtual IP pool (<c>get-pools</c> with <c>leases = yes</c>).</summary>
public sealed record PoolLease
{
    /// <summary>The zero-based index charon keys the lease by.</summary>
    public required string Index { get; init; }
    public string? Address { get; init; }
    public string? Identity { get; init; }

    /// <summary><c>online</c> or <c>offline</c>.</summary>
    public string? Status { get; init; }

    public bool IsOnline => string.Equals(Status, "online", StringComparison.OrdinalIgnoreCase);

    public required ViciMessage Raw { get; init; }

    public static PoolLease Parse(string index, ViciMessage section)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(section);
        return new PoolLease
        {
            Index = index,
            Address = section.GetString("address"),
            Identity = section.GetString("identity"),
            Status = section.GetString("status"),
            Raw = section,
        };
    }
}
