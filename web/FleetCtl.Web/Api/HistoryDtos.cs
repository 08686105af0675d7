using FleetCtl.Fleet.Persistence;

namespace FleetCtl.Web.Api;

/// <summary>One persisted event (<c>GET /api/v1/history</c>).</summary>
/// <param name="At">When it happened (the gateway's event time as the controller recorded it).</param>
/// <param name="Kind">One of <see cref="HistoryKinds.All"/> except <c>sa</c> (which is a filter for every SA kind).</param>
/// <param name="Summary">One line for people.</param>
/// <param name="SequenceNr">Its number in the gateway's journal: with <see cref="Gateway"/>, it identifies the event.</param>
/// <param name="Event">The persisted event itself (its fields depend on the kind: an SA change carries the SA).</param>
public sealed record HistoryItem(DateTimeOffset At, string Gateway, string Kind, string Summary, long SequenceNr, object Event)
{
    public static HistoryItem From(HistoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new HistoryItem(entry.At, entry.Gateway, entry.Kind, entry.Summary, entry.SequenceNr, entry.Event);
    }
}

/// <summary>The kinds <c>kind</c> takes: each persisted event's kind, and <c>sa</c> for every SA change.</summary>
public static class HistoryKinds
{
    public static IReadOnlyList<string> All { get; } =
    [
        FleetEventTagger.SaTag,
        "ike-up", "ike-down", "ike-rekey", "ike-update",
        "child-up", "child-down", "child-rekey",
        FleetEventTagger.ConnectivityTag,
        FleetEventTagger.AlertTag,
    ];
}
