namespace FleetCtl.Vici.Commands;

/// <summary>
/// <c>terminate</c>: closes CHILD_SAs (when <see cref="Child"/> or <see cref="ChildId"/> is given, optionally narrowed
/// by the IKE selectors) or IKE_SAs. charon streams <c>control-log</c> events while it works.
/// </summary>
public sealed record TerminateRequest : IViciRequest
{
    public const string CommandName = "terminate";

    string IViciRequest.Command => CommandName;

    /// <summary>CHILD_SA config name.</summary>
    public string? Child { get; init; }

    /// <summary>IKE_SA config name.</summary>
    public string? Ike { get; init; }

    /// <summary>CHILD_SA unique id (the spec says reqid; charon matches the unique id).</summary>
    public long? ChildId { get; init; }

    /// <summary>IKE_SA unique id.</summary>
    public long? IkeId { get; init; }

    /// <summary>Delete the IKE_SA without waiting for the peer's DELETE response.</summary>
    public bool? Force { get; init; }

    /// <summary>Daemon-side timeout in ms: 0 (charon's default) waits indefinitely, -1 returns at once.</summary>
    public long? TimeoutMs { get; init; }

    /// <summary>Log level up to which <c>control-log</c> events are streamed (charon's default: 1).</summary>
    public int? LogLevel { get; init; }

    public ViciMessage ToMessage()
    {
        RequestArgs.NeedSelector(CommandName, Child is not null || Ike is not null || ChildId is not null || IkeId is not null,
            "a child, ike, child-id or ike-id selector");
        return new ViciMessage()
            .SetIfNotNull("child", Child)
            .SetIfNotNull("ike", Ike)
            .SetIfNotNull("child-id", ChildId)
            .SetIfNotNull("ike-id", IkeId)
            .SetIfNotNull("force", Force)
            .SetIfNotNull("timeout", TimeoutMs)
            .SetIfNotNull("loglevel", LogLevel);
    }
}
