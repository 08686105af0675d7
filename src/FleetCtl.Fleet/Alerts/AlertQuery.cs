using FleetCtl.Fleet.Catalog;

namespace FleetCtl.Fleet.Alerts;

/// <summary>
/// Which alerts to list. Every filter is optional and they combine with AND. Results are newest first: by
/// <see cref="FleetAlert.LastAt"/> (a repeat moves an alert up), then by id.
/// </summary>
public sealed record AlertQuery
{
    /// <summary>The default page size.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page size.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Only alerts in one of these states; empty: every state.</summary>
    public IReadOnlyCollection<AlertState> States { get; init; } = [];

    /// <summary>Only this gateway's alerts (exact name).</summary>
    public string? Gateway { get; init; }

    /// <summary>Only alerts of this type (e.g. <c>proposal-mismatch-ike</c>; case-insensitive).</summary>
    public string? Type { get; init; }

    /// <summary>Only alerts at least this severe.</summary>
    public CatalogSeverity? MinSeverity { get; init; }

    /// <summary>Only alerts with this text (case-insensitive) in the gateway, type, connection, remote host or id,
    /// description, comment or acknowledging user.</summary>
    public string? Text { get; init; }

    /// <summary>How many matching alerts to skip (paging).</summary>
    public int Offset { get; init; }

    /// <summary>At most this many alerts (1 to <see cref="MaxLimit"/>).</summary>
    public int Limit { get; init; } = DefaultLimit;

    /// <summary>Why the query cannot be answered as it is, or null when it can. The edge refuses invalid queries; the
    /// alert book clamps them.</summary>
    public string? Validate() => Hosting.Paging.Problem(Offset, Limit, MaxLimit);

    /// <summary>Whether an alert passes every filter but paging.</summary>
    public bool Matches(FleetAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return (States.Count == 0 || States.Contains(alert.State))
            && (Gateway is null || string.Equals(alert.Gateway, Gateway, StringComparison.Ordinal))
            && (Type is null || string.Equals(alert.AlertType, Type, StringComparison.OrdinalIgnoreCase))
            && (MinSeverity is not { } min || alert.Severity >= min)
            && (string.IsNullOrWhiteSpace(Text) || ContainsText(alert, Text.Trim()));
    }

    private static bool ContainsText(FleetAlert alert, string text) =>
        Has(alert.Gateway, text) || Has(alert.AlertType, text) || Has(alert.Connection, text) || Has(alert.RemoteHost, text)
        || Has(alert.RemoteId, text) || Has(alert.Description, text) || Has(alert.Comment, text) || Has(alert.AcknowledgedBy, text);

    private static bool Has(string? field, string text) => field?.Contains(text, StringComparison.OrdinalIgnoreCase) == true;
}

/// <summary>A page of alerts and how many matched in all.</summary>
public sealed record AlertPage(IReadOnlyList<FleetAlert> Items, int Total);
