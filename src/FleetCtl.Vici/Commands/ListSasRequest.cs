namespace FleetCtl.Vici.Commands;

/// <summary><c>list-sas</c>: streams the active IKE_SAs (with their CHILD_SAs) as <c>list-sa</c> events.</summary>
public sealed record ListSasRequest : IViciRequest
{
    public const string CommandName = "list-sas";

    string IViciRequest.Command => CommandName;

    /// <summary>
    /// Don't wait for IKE_SAs that are busy (checked out by another thread); charon's default waits, which can stall
    /// a listing behind a slow exchange. Sent as <c>noblock = yes</c> (charon checks only that the key is there).
    /// </summary>
    public bool NoBlock { get; init; }

    /// <summary>Only IKE_SAs of this config name.</summary>
    public string? Ike { get; init; }

    /// <summary>Only the IKE_SA with this unique id.</summary>
    public long? IkeId { get; init; }

    /// <summary>Only CHILD_SAs of this config name (newer daemons; older ones ignore it).</summary>
    public string? Child { get; init; }

    /// <summary>Only the CHILD_SA with this unique id (newer daemons; older ones ignore it).</summary>
    public long? ChildId { get; init; }

    public ViciMessage ToMessage()
    {
        var message = new ViciMessage();
        if (NoBlock)
        {
            message.Set("noblock", true);
        }

        return message
            .SetIfNotNull("ike", Ike)
            .SetIfNotNull("ike-id", IkeId)
            .SetIfNotNull("child", Child)
            .SetIfNotNull("child-id", ChildId);
    }
}
