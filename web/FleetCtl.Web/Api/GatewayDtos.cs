using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.State;

namespace FleetCtl.Web.Api;

/// <summary>A gateway in the list (<c>GET /api/v1/gateways</c>): its latest status and its inventory tags.</summary>
public record GatewaySummary
{
    /// <summary>The gateway's name.</summary>
    public required string Gateway { get; init; }

    /// <summary>The VICI URI (strongSwan) or the whack command (libreswan).</summary>
    public required string Uri { get; init; }

    public GatewayKind Kind { get; init; }
    public GatewayConnectionState State { get; init; }

    /// <summary>Since when the gateway is in <see cref="State"/>.</summary>
    public DateTimeOffset Since { get; init; }

    public DateTimeOffset? UnreachableSince { get; init; }
    public string? LastError { get; init; }
    public string? DaemonVersion { get; init; }

    /// <summary>Daemon and version as operators say it: <c>strongSwan 5.9.8</c>, <c>libreswan 4.10</c>.</summary>
    public string? Daemon { get; init; }
    public int IkeSas { get; init; }
    public int ChildSas { get; init; }

    /// <summary>Configured CHILD_SAs without an installed CHILD_SA.</summary>
    public int TunnelsDown { get; init; }

    /// <summary>The inventory's labels, e.g. <c>site</c>, <c>region</c>, <c>role</c>.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public static GatewaySummary From(GatewayStatus status, GatewayDefinition? definition)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new GatewaySummary
        {
            Gateway = status.Gateway,
            Uri = status.Uri,
            Kind = status.Kind,
            State = status.State,
            Since = status.Since,
            UnreachableSince = status.UnreachableSince,
            LastError = status.LastError,
            DaemonVersion = status.DaemonVersion,
            Daemon = status.Daemon,
            IkeSas = status.IkeSas,
            ChildSas = status.ChildSas,
            TunnelsDown = status.TunnelsDown,
            Tags = Sorted(definition?.Tags),
        };
    }

    /// <summary>Tags in key order, so the JSON is stable.</summary>
    protected static IReadOnlyDictionary<string, string> Sorted(IReadOnlyDictionary<string, string>? tags)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in tags ?? new Dictionary<string, string>())
        {
            sorted[key] = value;
        }

        return sorted;
    }
}

/// <summary>One gateway (<c>GET /api/v1/gateways/{name}</c>): everything of <see cref="GatewaySummary"/>, the rest of its
/// connection status and what the inventory says about it. Its own fields come after the summary's in the JSON.</summary>
public sealed record GatewayDetail : GatewaySummary
{
    /// <summary>The gateway that takes over this one's peers when it is drained, if any.</summary>
    [JsonPropertyOrder(1)]
    public string? DrainTarget { get; init; }

    /// <summary>Where the inventory declares the gateway, e.g. <c>fleet.yaml:12:5</c>.</summary>
    [JsonPropertyOrder(1)]
    public string? Origin { get; init; }

    [JsonPropertyOrder(1)]
    public int FailedAttempts { get; init; }

    [JsonPropertyOrder(1)]
    public DateTimeOffset? NextAttemptAt { get; init; }

    [JsonPropertyOrder(1)]
    public DateTimeOffset? LastResyncAt { get; init; }

    [JsonPropertyOrder(1)]
    public TimeSpan? LastResyncDuration { get; init; }

    /// <summary>VICI events the daemon accepted and refused at registration.</summary>
    [JsonPropertyOrder(1)]
    public IReadOnlyList<string> SupportedEvents { get; init; } = [];

    [JsonPropertyOrder(1)]
    public IReadOnlyList<string> UnsupportedEvents { get; init; } = [];

    /// <summary>True on daemons without the <c>alert</c> event (strongSwan before 6.0.3).</summary>
    [JsonPropertyOrder(1)]
    public bool AlertsFromLogs { get; init; }

    public static GatewayDetail Create(GatewayStatus status, GatewayDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new GatewayDetail(GatewaySummary.From(status, definition))
        {
            DrainTarget = definition.DrainTarget,
            Origin = definition.Origin,
            FailedAttempts = status.FailedAttempts,
            NextAttemptAt = status.NextAttemptAt,
            LastResyncAt = status.LastResyncAt,
            LastResyncDuration = status.LastResyncDuration,
            SupportedEvents = status.SupportedEvents,
            UnsupportedEvents = status.UnsupportedEvents,
            AlertsFromLogs = status.AlertsFromLogs,
        };
    }

    /// <summary>For deserializers (clients that reuse this type).</summary>
    public GatewayDetail()
    {
    }

    [SetsRequiredMembers]
    private GatewayDetail(GatewaySummary summary) : base(summary)
    {
    }
}

/// <summary>A gateway's live SAs (<c>GET /api/v1/gateways/{name}/sas</c>), as its actor holds them.</summary>
/// <param name="Sas">The IKE_SAs, each with its CHILD_SAs.</param>
/// <param name="DownTunnels">Configured CHILD_SAs that have no installed CHILD_SA.</param>
/// <param name="Connections">The connections loaded on the gateway (what should be up).</param>
public sealed record GatewaySas(
    string Gateway,
    GatewayConnectionState State,
    int IkeSas,
    int ChildSas,
    int TunnelsDown,
    IReadOnlyList<IkeSaInfo> Sas,
    IReadOnlyList<DownTunnel> DownTunnels,
    IReadOnlyList<ConfiguredConnection> Connections)
{
    public static GatewaySas From(GatewayView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new GatewaySas(view.Status.Gateway, view.Status.State, view.Sas.Count, view.Sas.Sum(s => s.Children.Count), view.DownTunnels.Count,
            view.Sas, view.DownTunnels, view.Connections);
    }
}
