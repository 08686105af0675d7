namespace FleetCtl.Libreswan;

/// <summary>An IKE SA with its child SAs: libreswan lists both as separate states linked by the child's parent serial.</summary>
public sealed record LibreswanIkeSa
{
    public required int Serial { get; init; }
    public required string Connection { get; init; }
    public string? Instance { get; init; }
    public required string State { get; init; }
    public bool IsEstablished { get; init; }
    /// <summary>The peer: the state's instance address, else the connection's remote host, else where the children's outbound SAs go.</summary>
    public string? PeerAddress { get; init; }
    public int? PeerPort { get; init; }
    public int? IkeVersion { get; init; }
    public LibreswanTimer? Event { get; init; }
    public IReadOnlyList<LibreswanChildSa> Children { get; init; } = [];
}

public sealed record LibreswanChildSa
{
    public required int Serial { get; init; }
    public required string Connection { get; init; }
    public required string State { get; init; }
    public bool IsEstablished { get; init; }
    public int? ParentSerial { get; init; }
    /// <summary><c>esp</c>, <c>ah</c> (or null when no SA ids were printed).</summary>
    public string? Protocol { get; init; }
    public string? OutboundSpi { get; init; }
    public string? InboundSpi { get; init; }
    /// <summary>From <c>trafficstatus</c> when it was parsed with the status (exact), else from the status detail line (rounded to KB/MB).</summary>
    public long? InBytes { get; init; }
    public long? OutBytes { get; init; }
    public LibreswanTimer? Event { get; init; }
}

/// <summary>The status as a controller sees it: IKE SAs with their children, plus children whose IKE SA is not listed.</summary>
public sealed record LibreswanSaSnapshot(IReadOnlyList<LibreswanIkeSa> IkeSas, IReadOnlyList<LibreswanChildSa> OrphanChildSas);

public static class LibreswanSas
{
    /// <summary>Groups the states of <paramref name="status"/> into IKE SAs with their child SAs, in state-list order.</summary>
    public static LibreswanSaSnapshot FromStatus(LibreswanStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var ikeStates = status.States.Where(s => s.Kind == LibreswanStateKind.Ike).ToList();
        var ikeSerials = ikeStates.Select(s => s.Serial).ToHashSet();
        var children = status.States.Where(s => s.Kind == LibreswanStateKind.Child).Select(s => ToChild(status, s)).ToList();

        var ikeSas = ikeStates.Select(s =>
        {
            var mine = children.Where(c => c.ParentSerial == s.Serial).ToList();
            return new LibreswanIkeSa
            {
                Serial = s.Serial,
                Connection = s.Connection,
                Instance = s.Instance,
                State = s.Name,
                IsEstablished = s.IsEstablished,
                PeerAddress = s.Peer ?? ConnectionOf(status, s)?.Remote.Host ?? PeerFromChildren(status, mine),
                PeerPort = s.RemotePort,
                IkeVersion = s.IkeVersion ?? ConnectionOf(status, s)?.IkeVersion,
                Event = s.Event,
                Children = mine,
            };
        }).ToList();

        return new LibreswanSaSnapshot(ikeSas, [.. children.Where(c => c.ParentSerial is not { } p || !ikeSerials.Contains(p))]);
    }

    private static LibreswanChildSa ToChild(LibreswanStatus status, LibreswanState s)
    {
        var traffic = status.Traffic.FirstOrDefault(t => t.Serial == s.Serial);
        var protocol = s.Saids.Select(x => x.Protocol).FirstOrDefault(p => p is "esp" or "ah");
        return new LibreswanChildSa
        {
            Serial = s.Serial,
            Connection = s.Connection,
            State = s.Name,
            IsEstablished = s.IsEstablished,
            ParentSerial = s.ParentSerial,
            Protocol = protocol,
            OutboundSpi = protocol is null ? null : s.OutboundSpi(protocol),
            InboundSpi = protocol is null ? null : s.InboundSpi(protocol),
            InBytes = traffic?.InBytes ?? s.InBytes,
            OutBytes = traffic?.OutBytes ?? s.OutBytes,
            Event = s.Event,
        };
    }

    private static LibreswanConnection? ConnectionOf(LibreswanStatus status, LibreswanState s) =>
        status.Connections.FirstOrDefault(c => c.Name == s.Connection && c.Instance == s.Instance && (s.Peer is null || c.InstancePeer == s.Peer)) ??
        status.Connections.FirstOrDefault(c => c.Name == s.Connection);

    private static string? PeerFromChildren(LibreswanStatus status, List<LibreswanChildSa> children) =>
        children.Select(c => status.State(c.Serial)?.Saids.FirstOrDefault()?.Address).FirstOrDefault(a => a is not null);
}
