namespace FleetCtl.Vici.Commands;

/// <summary>
/// <c>initiate</c>: brings up a CHILD_SA (and its IKE_SA), or only an IKE_SA when just <see cref="Ike"/> is given.
/// charon streams <c>control-log</c> events while it works.
/// </summary>
public sealed record InitiateRequest : IViciRequest
{
    public const string CommandName = "initiate";

    string IViciRequest.Command => CommandName;

    /// <summary>CHILD_SA config name to initiate.</summary>
    public string? Child { get; init; }

    /// <summary>IKE_SA config name to find the child under (or to initiate alone).</summary>
    public string? Ike { get; init; }

    /// <summary>Daemon-side timeout in ms: 0 (charon's default) waits indefinitely, -1 returns at once (and streams no log).</summary>
    public long? TimeoutMs { get; init; }

    /// <summary>Whether limits (e.g. <c>charon.init_limit_half_open</c>) may prevent initiating.</summary>
    public bool? InitLimits { get; init; }

    /// <summary>Log level up to which <c>control-log</c> events are streamed (charon's default: 1).</summary>
    public int? LogLevel { get; init; }

    public static InitiateRequest ForChild(string child, string? ike = null) =>
        new() { Child = RequestArgs.NotBlank(child, nameof(child)), Ike = ike };

    public static InitiateRequest ForIke(string ike) => new() { Ike = RequestArgs.NotBlank(ike, nameof(ike)) };

    public ViciMessage ToMessage()
    {
        RequestArgs.NeedSelector(CommandName, Child is not null || Ike is not null, "a child or ike config name");
        return new ViciMessage()
            .SetIfNotNull("child", Child)
            .SetIfNotNull("ike", Ike)
            .SetIfNotNull("timeout", TimeoutMs)
            .SetIfNotNull("init-limits", InitLimits)
            .SetIfNotNull("loglevel", LogLevel);
    }
}
