using FleetCtl.Fleet.Catalog;

namespace FleetCtl.Fleet.Alerts;

/// <summary>Asks the alert book for a page of alerts; answered with an <see cref="AlertPage"/>.</summary>
public sealed record ListAlerts(AlertQuery Query);

/// <summary>Asks the alert book for one alert; answered with an <see cref="AlertLookup"/>.</summary>
public sealed record GetAlert(long Id);

/// <summary>The alert asked for by <see cref="GetAlert"/>, or null when there is none (or it was dropped from memory).</summary>
public sealed record AlertLookup(long Id, FleetAlert? Alert);

/// <summary>Asks the alert book to acknowledge an alert; answered with an <see cref="AcknowledgeResult"/>.</summary>
public sealed record AcknowledgeAlert(long Id, string User, string? Comment)
{
    /// <summary>The longest comment accepted.</summary>
    public const int MaxCommentLength = 500;

    /// <summary>The longest user name accepted.</summary>
    public const int MaxUserLength = 200;

    /// <summary>Why an acknowledgement with these values is refused, or null when it is acceptable.</summary>
    public static string? Validate(string? user, string? comment) =>
        string.IsNullOrWhiteSpace(user) ? "A user is required."
        : user.Length > MaxUserLength ? $"The user name is longer than {MaxUserLength} characters."
        : comment?.Length > MaxCommentLength ? $"The comment is longer than {MaxCommentLength} characters."
        : null;
}

/// <summary>
/// What became of an acknowledgement: one of a closed set — <see cref="Acknowledged"/>, <see cref="AlreadyAcknowledged"/>,
/// <see cref="AlreadyResolved"/>, <see cref="NotFound"/>, <see cref="Invalid"/>.
/// </summary>
public abstract record AcknowledgeResult
{
    private AcknowledgeResult(long id) => Id = id;

    /// <summary>The alert id asked about.</summary>
    public long Id { get; }

    /// <summary>Done: the alert as it is now.</summary>
    public sealed record Acknowledged(FleetAlert Alert) : AcknowledgeResult(Alert.Id);

    /// <summary>Someone acknowledged it before (see <see cref="FleetAlert.AcknowledgedBy"/>); nothing changed.</summary>
    public sealed record AlreadyAcknowledged(FleetAlert Alert) : AcknowledgeResult(Alert.Id);

    /// <summary>It resolved by itself before; nothing changed.</summary>
    public sealed record AlreadyResolved(FleetAlert Alert) : AcknowledgeResult(Alert.Id);

    /// <summary>No such alert: never existed, or a closed alert dropped from memory.</summary>
    public sealed record NotFound(long Id) : AcknowledgeResult(Id);

    /// <summary>Refused before looking: no user, or a comment or user name too long (<see cref="AcknowledgeAlert.Validate"/>).</summary>
    public sealed record Invalid(long Id, string Reason) : AcknowledgeResult(Id);
}

/// <summary>Asks the alert book for its counts; answered with <see cref="AlertCounts"/>.</summary>
public sealed record GetAlertCounts
{
    public static readonly GetAlertCounts Instance = new();
}

/// <summary>Counts of the active (open and acknowledged) alerts.</summary>
/// <param name="Open">Open alerts.</param>
/// <param name="Acknowledged">Acknowledged alerts not resolved yet.</param>
/// <param name="ByType">Active alerts by alert type.</param>
/// <param name="ByGateway">Active alerts by gateway.</param>
/// <param name="BySeverity">Active alerts by severity (severities without any are left out).</param>
public sealed record AlertCounts(int Open, int Acknowledged, IReadOnlyDictionary<string, int> ByType, IReadOnlyDictionary<string, int> ByGateway,
    IReadOnlyDictionary<CatalogSeverity, int> BySeverity)
{
    /// <summary>Open plus acknowledged.</summary>
    public int Total => Open + Acknowledged;
}

/// <summary>An alert of the alert book opened, repeated, was acknowledged or resolved: published on <see cref="FleetTopics.AlertBook"/>.</summary>
public sealed record AlertChanged(FleetAlert Alert);
