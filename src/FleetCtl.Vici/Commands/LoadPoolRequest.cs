namespace FleetCtl.Vici.Commands;

/// <summary>
/// <c>load-pool</c>: loads (or updates) an in-memory virtual IP and attribute pool. Sent as
/// <c>{ &lt;Name&gt; = { addrs = ..., &lt;attribute&gt; = [ ... ] } }</c>.
/// </summary>
public sealed record LoadPoolRequest : IViciRequest
{
    public const string CommandName = "load-pool";

    public LoadPoolRequest(string name) => Name = name;

    string IViciRequest.Command => CommandName;

    public string Name { get; init => field = RequestArgs.NotBlank(value, nameof(Name)); }

    /// <summary>Subnet (or range) of the pool's virtual IPs; null for an attribute-only pool.</summary>
    public string? Addrs { get; init; }

    /// <summary>
    /// Attributes by type: <c>address</c>, <c>dns</c>, <c>nbns</c>, <c>dhcp</c>, <c>netmask</c>, <c>server</c>,
    /// <c>subnet</c>, <c>split_include</c>, <c>split_exclude</c> or a numeric attribute type.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public ViciMessage ToMessage()
    {
        var pool = new ViciMessage().SetIfNotNull("addrs", Addrs);
        foreach (var (type, values) in Attributes)
        {
            pool.Set(type, values);
        }

        return new ViciMessage().Set(Name, pool);
    }
}
