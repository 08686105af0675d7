using FleetCtl.Fleet.Gateways;

namespace FleetCtl.Fleet;

/// <summary>A gateway's connection changed state (persisted as history, published on <see cref="FleetTopics.Gateways"/>).</summary>
public sealed record GatewayConnectivityChanged(string Gateway, DateTimeOffset At, GatewayConnectionState State, string? Error, string? DaemonVersion);

/// <summary>An alert from a gateway. <see cref="Derived"/> is true when it was derived from log lines rather than the native <c>alert</c> event.</summary>
public sealed record AlertRaised(string Gateway, DateTimeOffset At, string AlertType, string? Connection, string? RemoteHost, string? RemoteId,
    string Description, bool Derived);

/// <summary>What a gateway actor snapshots: enough to reconcile correctly after a controller restart or failover.</summary>
public sealed record GatewaySnapshot(IReadOnlyList<State.IkeSaInfo> Sas, IReadOnlyList<State.ConfiguredConnection> Connections);
