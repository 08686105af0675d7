namespace FleetCtl.Vici.Commands;

/// <summary><c>get-pools</c>: the loaded pools, optionally with their leases.</summary>
public sealed record GetPoolsRequest : IViciRequest
{
    public const string CommandName = "get-pools";

    string IViciRequest.Command => CommandName;

    /// <summary>Include each pool's leases (sent as <c>leases = yes</c> only when set).</summary>
    public bool Leases { get; init; }

    /// <summary>Only the pool of this name.</summary>
    public string? Name { get; init; }

    public ViciMessage ToMessage()
    {
        var message = new ViciMessage();
        if (Leases)
        {
            message.Set("leases", true);
        }

        return message.SetIfNotNull("name", Name);
    }
}
