namespace FleetCtl.Fleet.Alerts;

/// <summary>What the alert book persists (journal of persistence id <c>alert-book</c>); replaying them rebuilds it.</summary>
public interface IAlertBookEvent
{
    /// <summary>The alert it concerns.</summary>
    long Id { get; }

    /// <summary>When it happened.</summary>
    DateTimeOffset At { get; }
}

/// <summary>A new alert, with the next id. Its catalog id and severity are looked up from the type when applied.</summary>
public sealed record AlertOpened(long Id, DateTimeOffset At, string Gateway, string AlertType, string? Connection, string? RemoteHost, string? RemoteId,
    string Description, bool Derived) : IAlertBookEvent;

/// <summary>An open alert occurred again.</summary>
public sealed record AlertRepeated(long Id, DateTimeOffset At) : IAlertBookEvent;

/// <summary>An operator acknowledged an open alert.</summary>
public sealed record AlertAcknowledged(long Id, DateTimeOffset At, string User, string? Comment) : IAlertBookEvent;

/// <summary>An alert's cause went away (an unreachable gateway is connected again).</summary>
public sealed record AlertResolved(long Id, DateTimeOffset At) : IAlertBookEvent;

/// <summary>
/// The alert book's state: the last id handed out and every alert held in memory. Closed alerts come in the order they
/// closed (the order they are dropped in when there are too many).
/// </summary>
public sealed record AlertBookSnapshot(long LastId, IReadOnlyList<FleetAlert> Alerts);
