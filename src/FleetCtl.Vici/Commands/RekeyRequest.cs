namespace FleetCtl.Vici.Commands;

/// <summary><c>rekey</c>: queues rekeying of matching CHILD_SAs or IKE_SAs.</summary>
public sealed record RekeyRequest : IViciRequest
{
    public const string CommandName = "rekey";

    string IViciRequest.Command => CommandName;

    public string? Child { get; init; }
    public string? Ike { get; init; }

    /// <summary>CHILD_SA unique id (the spec says reqid; charon matches the unique id).</summary>
    public long? ChildId { get; init; }
    public long? IkeId { get; init; }

    /// <summary>Reauthenticate the IKE_SA instead of rekeying it (IKEv2; newer daemons).</summary>
    public bool? Reauth { get; init; }

    public ViciMessage ToMessage()
    {
        RequestArgs.NeedSelector(CommandName, Child is not null || Ike is not null || ChildId is not null || IkeId is not null,
            "a child, ike, child-id or ike-id selector");
        return new ViciMessage()
            .SetIfNotNull("child", Child)
            .SetIfNotNull("ike", Ike)
            .SetIfNotNull("child-id", ChildId)
            .SetIfNotNull("ike-id", IkeId)
            .SetIfNotNull("reauth", Reauth);
    }
}
