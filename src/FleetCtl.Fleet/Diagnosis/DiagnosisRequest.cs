namespace FleetCtl.Fleet.Diagnosis;

/// <summary>
/// What to diagnose: one tunnel (a connection, optionally one of its children) on a gateway, with that gateway's log
/// lines and, when the peer is also a managed gateway, the peer's. Lines may be a whole ring buffer: the diagnoser
/// picks the tunnel's own lines (<see cref="TunnelLogSelector"/>).
/// </summary>
/// <param name="Gateway">The gateway's name in the inventory.</param>
/// <param name="Connection">The IKE connection name (<c>connections.&lt;conn&gt;</c> in swanctl.conf).</param>
/// <param name="Child">The CHILD_SA config name, or null for the IKE_SA only.</param>
/// <param name="LocalLines">The gateway's log lines.</param>
/// <param name="PeerGateway">The peer's name in the inventory, when it is managed too.</param>
/// <param name="PeerLines">The peer's log lines, or null when unavailable (the verdict is then less certain).</param>
public sealed record DiagnosisRequest(
    string Gateway,
    string Connection,
    string? Child,
    IReadOnlyList<GatewayLogLine> LocalLines,
    string? PeerGateway = null,
    IReadOnlyList<GatewayLogLine>? PeerLines = null)
{
    /// <summary>Addresses known to belong to this tunnel (the peer's <c>remote_addrs</c>, the local address), to find
    /// lines logged before charon named the IKE_SA.</summary>
    public IReadOnlyList<string> KnownAddresses { get; init; } = [];

    /// <summary>IKE identities known to belong to this tunnel (<c>local.id</c>, <c>remote.id</c>).</summary>
    public IReadOnlyList<string> KnownIdentities { get; init; } = [];

    /// <summary>How far around the local tunnel's lines the peer's lines are looked for. Default 10 s.</summary>
    public TimeSpan CorrelationWindow { get; init; } = TimeSpan.FromSeconds(10);
}
