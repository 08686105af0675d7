using System.Text.Json.Serialization;
using FleetCtl.Fleet.Catalog;

namespace FleetCtl.Fleet.Alerts;

/// <summary>Where an alert of the alert book stands.</summary>
public enum AlertState
{
    /// <summary>Nobody has acknowledged it yet; repeats of the same alert are counted on it.</summary>
    Open,

    /// <summary>An operator acknowledged it (<see cref="FleetAlert.AcknowledgedBy"/>); a repeat opens a new alert.</summary>
    Acknowledged,

    /// <summary>Its cause went away by itself (e.g. an unreachable gateway is connected again).</summary>
    Resolved,
}

/// <summary>
/// One alert of the alert book: a gateway alert (<see cref="AlertRaised"/>) or one the controller derives itself
/// (<see cref="FleetAlertTypes.GatewayUnreachable"/>), with how often it repeated and what the NOC did about it.
/// Immutable: every change is a new instance, published as <see cref="AlertChanged"/>.
/// </summary>
public sealed record FleetAlert
{
    /// <summary>The alert book's id for it: increasing, never reused.</summary>
    public required long Id { get; init; }

    public required string Gateway { get; init; }

    /// <summary>charon's alert type (<c>proposal-mismatch-ike</c>, ...) or a controller one (<c>gateway-unreachable</c>).</summary>
    public required string AlertType { get; init; }

    /// <summary>The id of the <see cref="CatalogEntry"/> that explains it (1099 for types the catalog does not know).</summary>
    public required int CatalogId { get; init; }

    /// <summary>The catalog entry's default severity.</summary>
    public required CatalogSeverity Severity { get; init; }

    /// <summary>The IKE connection it concerns, when charon said.</summary>
    public string? Connection { get; init; }

    public string? RemoteHost { get; init; }

    public string? RemoteId { get; init; }

    /// <summary>What happened, as the first occurrence said it.</summary>
    public required string Description { get; init; }

    /// <summary>True when it was derived from charon's log rather than its native <c>alert</c> event.</summary>
    public bool Derived { get; init; }

    public required DateTimeOffset FirstAt { get; init; }

    /// <summary>When it last occurred (equals <see cref="FirstAt"/> until it repeats).</summary>
    public required DateTimeOffset LastAt { get; init; }

    /// <summary>How often it occurred while open (at least 1).</summary>
    public int Count { get; init; } = 1;

    public AlertState State { get; init; }

    public string? AcknowledgedBy { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>The acknowledging operator's comment (at most <see cref="AcknowledgeAlert.MaxCommentLength"/> characters).</summary>
    public string? Comment { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Open or acknowledged: not resolved yet.</summary>
    [JsonIgnore]
    public bool IsActive => State != AlertState.Resolved;
}
