using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.State;

namespace FleetCtl.Fleet.Persistence;

/// <summary>One persisted fact about a gateway.</summary>
/// <param name="Kind">The event's kind: an SA change kind (<c>ike-up</c>, ...), <c>connectivity</c> or <c>alert</c>.</param>
/// <param name="SequenceNr">Its sequence number in the gateway's journal.</param>
public sealed record HistoryEntry(string Gateway, DateTimeOffset At, string Kind, string Summary, object Event, long SequenceNr);

/// <summary>What to list. Every filter is optional; times compare with the events' own <c>At</c> (From inclusive, To exclusive).</summary>
public sealed record HistoryFilter
{
    public string? Gateway { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }

    /// <summary>Kinds or tags: <c>sa</c> (every SA change), <c>ike-up</c>, <c>ike-down</c>, <c>ike-rekey</c>, <c>ike-update</c>,
    /// <c>child-up</c>, <c>child-down</c>, <c>child-rekey</c>, <c>connectivity</c>, <c>alert</c>. Empty: all.</summary>
    public IReadOnlyCollection<string> Kinds { get; init; } = [];

    /// <summary>
    /// One SA: only SA changes whose IKE_SA name (connection) or unique id, or CHILD_SA name or unique id, equals this
    /// (names case-insensitive, ids exactly, e.g. <c>s2s</c>, <c>7</c>, <c>net</c>). An IKE_SA change also matches through
    /// the CHILD_SAs it carries, and a rekey through the SA it replaced. Connectivity changes and alerts never match.
    /// </summary>
    public string? Sa { get; init; }

    public int Offset { get; init; }
    public int Limit { get; init; } = 100;
    public bool NewestFirst { get; init; } = true;
}

/// <summary>A page of history and how many entries matched in all.</summary>
public sealed record HistoryPage(IReadOnlyList<HistoryEntry> Entries, int Total);

/// <summary>
/// The read side of the controller's history, over the Akka.Persistence.Sql read journal: by gateway
/// (<c>CurrentEventsByPersistenceId</c>) or fleet-wide by kind (<c>CurrentEventsByTag</c>, tags written by
/// <see cref="FleetEventTagger"/>). Finite queries ("current" events), safe to call from request handlers.
/// </summary>
public sealed class HistoryQuery
{
    private static readonly string[] AllTags = [FleetEventTagger.SaTag, FleetEventTagger.ConnectivityTag, FleetEventTagger.AlertTag];
    private readonly SqlReadJournal _journal;
    private readonly IMaterializer _materializer;

    public HistoryQuery(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        _journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(FleetPersistenceConfig.ReadJournalPluginId);
        _materializer = system.Materializer();
    }

    public async Task<HistoryPage> QueryAsync(HistoryFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Offset < 0 || filter.Limit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(filter), "Offset and Limit must not be negative.");
        }

        var kinds = filter.Kinds.Select(k => k.Trim().ToLowerInvariant()).Where(k => k.Length > 0).ToHashSet(StringComparer.Ordinal);
        var sa = string.IsNullOrWhiteSpace(filter.Sa) ? null : filter.Sa.Trim();
        List<EventEnvelope> envelopes;
        if (filter.Gateway is { } gateway)
        {
            envelopes = await RunAsync(_journal.CurrentEventsByPersistenceId(GatewayActor.PersistenceIdFor(gateway), 0, long.MaxValue), ct)
                .ConfigureAwait(false);
        }
        else
        {
            // a kind is also a tag; an SA kind lies under 'sa' as well, so asking for 'sa' and 'ike-up' reads 'sa' once
            var tags = kinds.Count == 0 ? (sa is null ? AllTags : [FleetEventTagger.SaTag])
                : kinds.Contains(FleetEventTagger.SaTag) ? [.. kinds.Where(k => k == FleetEventTagger.SaTag || !IsSaKind(k))]
                : [.. kinds];
            envelopes = [];
            foreach (var tag in tags)
            {
                envelopes.AddRange(await RunAsync(_journal.CurrentEventsByTag(tag, Offset.NoOffset()), ct).ConfigureAwait(false));
            }
        }

        var seen = new HashSet<(string, long)>();
        var matched = new List<HistoryEntry>();
        foreach (var envelope in envelopes)
        {
            if (!seen.Add((envelope.PersistenceId, envelope.SequenceNr)) || ToEntry(envelope) is not { } entry)
            {
                continue;
            }

            if ((filter.From is { } from && entry.At < from) || (filter.To is { } to && entry.At >= to))
            {
                continue;
            }

            if (kinds.Count > 0 && !kinds.Contains(entry.Kind) && !(kinds.Contains(FleetEventTagger.SaTag) && entry.Event is SaChange))
            {
                continue;
            }

            if (sa is not null && !(entry.Event is SaChange change && Concerns(change, sa)))
            {
                continue;
            }

            matched.Add(entry);
        }

        IEnumerable<HistoryEntry> ordered = filter.NewestFirst
            ? matched.OrderByDescending(e => e.At).ThenBy(e => e.Gateway, StringComparer.Ordinal).ThenByDescending(e => e.SequenceNr)
            : matched.OrderBy(e => e.At).ThenBy(e => e.Gateway, StringComparer.Ordinal).ThenBy(e => e.SequenceNr);
        return new HistoryPage([.. ordered.Skip(filter.Offset).Take(filter.Limit)], matched.Count);
    }

    /// <summary>The entry for a persisted event, or null for anything that is not history.</summary>
    public static HistoryEntry? ToEntry(EventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return envelope.Event switch
        {
            SaChange c => new HistoryEntry(c.Gateway, c.At, c.Kind, Summarize(c), c, envelope.SequenceNr),
            GatewayConnectivityChanged g => new HistoryEntry(g.Gateway, g.At, FleetEventTagger.ConnectivityTag,
                g.Error is null ? $"{g.State}" : $"{g.State}: {g.Error}", g, envelope.SequenceNr),
            AlertRaised a => new HistoryEntry(a.Gateway, a.At, FleetEventTagger.AlertTag,
                $"{a.AlertType}{(a.Connection is null ? "" : " " + a.Connection)}: {a.Description}", a, envelope.SequenceNr),
            _ => null,
        };
    }

    /// <summary>Whether an SA change concerns the SA named <paramref name="sa"/> (see <see cref="HistoryFilter.Sa"/>).</summary>
    public static bool Concerns(SaChange change, string sa)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(sa);
        return change switch
        {
            IkeSaRekeyed r => IsIke(r.Sa, sa) || KeyHasId(r.OldKey, sa),
            IkeSaUp u => IsIke(u.Sa, sa),
            IkeSaDown d => IsIke(d.Sa, sa),
            IkeSaUpdated u => IsIke(u.Sa, sa),
            ChildSaRekeyed r => IsChildOf(r.IkeName, r.IkeKey, r.Child, sa) || string.Equals(r.OldKey, sa, StringComparison.Ordinal),
            ChildSaUp u => IsChildOf(u.IkeName, u.IkeKey, u.Child, sa),
            ChildSaDown d => IsChildOf(d.IkeName, d.IkeKey, d.Child, sa),
            _ => false,
        };
    }

    private static bool IsIke(IkeSaInfo ike, string sa) =>
        NameIs(ike.Name, sa) || IdIs(ike.UniqueId, sa) || ike.Children.Any(c => IsChild(c, sa));

    private static bool IsChildOf(string ikeName, string ikeKey, ChildSaInfo child, string sa) =>
        NameIs(ikeName, sa) || KeyHasId(ikeKey, sa) || IsChild(child, sa);

    private static bool IsChild(ChildSaInfo child, string sa) => NameIs(child.Name, sa) || IdIs(child.UniqueId, sa);

    private static bool NameIs(string name, string sa) => string.Equals(name, sa, StringComparison.OrdinalIgnoreCase);

    private static bool IdIs(long? id, string sa) =>
        id is { } value && string.Equals(value.ToString(System.Globalization.CultureInfo.InvariantCulture), sa, StringComparison.Ordinal);

    /// <summary>An IKE_SA key is <c>uniqueId:initiatorSpi</c> (<see cref="SaMapping.IkeKey"/>).</summary>
    private static bool KeyHasId(string ikeKey, string sa)
    {
        var colon = ikeKey.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && ikeKey.AsSpan(0, colon).SequenceEqual(sa) && long.TryParse(sa, System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out _);
    }

    private static bool IsSaKind(string kind) => kind.StartsWith("ike-", StringComparison.Ordinal) || kind.StartsWith("child-", StringComparison.Ordinal);

    private static string Summarize(SaChange change) => change switch
    {
        IkeSaUp u => $"IKE_SA up: {u.Sa}",
        IkeSaDown d => $"IKE_SA down: {d.Sa}",
        IkeSaRekeyed r => $"IKE_SA rekeyed: {r.Sa}",
        IkeSaUpdated u => $"IKE_SA endpoints updated: {u.Sa}",
        ChildSaUp u => $"CHILD_SA up in {u.IkeName}: {u.Child}",
        ChildSaDown d => $"CHILD_SA down in {d.IkeName}: {d.Child}",
        ChildSaRekeyed r => $"CHILD_SA rekeyed in {r.IkeName}: {r.Child}",
        _ => change.Kind,
    } + (change.Cause == SaChangeCause.Resync ? " (found on resync)" : "");

    private Task<List<EventEnvelope>> RunAsync(Source<EventEnvelope, Akka.NotUsed> source, CancellationToken ct) =>
        source.RunAggregate(new List<EventEnvelope>(), (list, e) => { list.Add(e); return list; }, _materializer).WaitAsync(ct);
}
