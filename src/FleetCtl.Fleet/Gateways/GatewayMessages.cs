using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.State;

namespace FleetCtl.Fleet.Gateways;

/// <summary>Every message for a gateway carries its name: the sharding entity id.</summary>
public interface IGatewayMessage
{
    string Gateway { get; }
}

/// <summary>Asks a gateway actor for its live view (answered from memory, never by asking the gateway).</summary>
public sealed record GetGatewayView(string Gateway) : IGatewayMessage;

/// <summary>Asks a gateway actor to relist its gateway now.</summary>
public sealed record ResyncGateway(string Gateway) : IGatewayMessage;

/// <summary>Starts the actor (sharding remembers it) without asking anything.</summary>
public sealed record WakeGateway(string Gateway) : IGatewayMessage;

public enum GatewayConnectionState
{
    Connecting,
    Syncing,
    Connected,
    Unreachable,
}

/// <summary>A gateway's connection as operators see it. Published on <see cref="FleetTopics.Gateways"/> whenever it changes.</summary>
public sealed record GatewayStatus
{
    public required string Gateway { get; init; }
    public required string Uri { get; init; }

    /// <summary>strongSwan (charon over VICI) or libreswan (pluto, polled through whack).</summary>
    public GatewayKind Kind { get; init; } = GatewayKind.StrongSwan;

    /// <summary>The daemon and its version as operators say it: <c>strongSwan 5.9.8</c>, <c>libreswan 4.10</c>; null before the first connect.</summary>
    public string? Daemon => DaemonVersion is { } v ? (Kind == GatewayKind.Libreswan ? "libreswan " : "strongSwan ") + v : null;
    public GatewayConnectionState State { get; init; }
    public DateTimeOffset Since { get; init; }
    public DateTimeOffset? UnreachableSince { get; init; }
    public string? LastError { get; init; }
    public int FailedAttempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public TimeSpan? LastResyncDuration { get; init; }
    public DateTimeOffset? LastResyncAt { get; init; }
    public string? DaemonVersion { get; init; }
    public IReadOnlyList<string> SupportedEvents { get; init; } = [];
    public IReadOnlyList<string> UnsupportedEvents { get; init; } = [];

    /// <summary>True on daemons without the <c>alert</c> event (strongSwan before 6.0.3): alerts come from log analysis.</summary>
    public bool AlertsFromLogs { get; init; }
    public int IkeSas { get; init; }
    public int ChildSas { get; init; }
    public int TunnelsDown { get; init; }
}

/// <summary>A configured CHILD_SA that has no installed CHILD_SA: the first thing a NOC asks about.</summary>
public sealed record DownTunnel(string Connection, string Child, IReadOnlyList<string> LocalTs, IReadOnlyList<string> RemoteTs);

/// <summary>The live view of one gateway.</summary>
public sealed record GatewayView(GatewayStatus Status, IReadOnlyList<IkeSaInfo> Sas, IReadOnlyList<ConfiguredConnection> Connections, IReadOnlyList<DownTunnel> DownTunnels);

/// <summary>Asks a gateway actor for the recent log lines it holds (<see cref="GatewayLogLines"/>), answered from memory.</summary>
public sealed record GetGatewayLog(string Gateway) : IGatewayMessage;

/// <summary>A gateway's recent log lines (redacted, oldest first) and how many the ring dropped or refused.</summary>
public sealed record GatewayLogLines(string Gateway, IReadOnlyList<Diagnosis.GatewayLogLine> Lines, long Dropped, long Redacted);
