using FleetCtl.Fleet.Catalog;
using FleetCtl.Fleet.Gateways;

namespace FleetCtl.Fleet.Alerts;

/// <summary>
/// The alert book's state and rules, without the actor: what an incoming alert or gateway status means (the
/// <c>Decide</c> methods, which change nothing) and how an event changes the book (<see cref="Apply"/>, the one way it
/// changes, used live and on replay). Not thread-safe: owned by <see cref="AlertBookActor"/>.
/// </summary>
internal sealed class AlertBook(int maxClosed)
{
    private readonly Dictionary<long, FleetAlert> _alerts = [];

    /// <summary>Open alerts by (gateway, type, connection): where a repeat is counted.</summary>
    private readonly Dictionary<(string Gateway, string Type, string Connection), long> _open = [];

    /// <summary>Each gateway's open or acknowledged <see cref="FleetAlertTypes.GatewayUnreachable"/> alert.</summary>
    private readonly Dictionary<string, long> _unreachable = new(StringComparer.Ordinal);

    /// <summary>Closed (acknowledged or resolved) alerts in the order they closed: the oldest is dropped first.</summary>
    private readonly Queue<long> _closed = new();

    public long LastId { get; private set; }

    public int Count => _alerts.Count;

    public int ClosedCount => _closed.Count;

    public bool TryGet(long id, out FleetAlert alert) => _alerts.TryGetValue(id, out alert!);

    /// <summary>A repeat of the open alert with the same gateway, type and connection, or else a new alert.</summary>
    public IAlertBookEvent Decide(AlertRaised raised)
    {
        ArgumentNullException.ThrowIfNull(raised);
        return _open.TryGetValue(KeyOf(raised.Gateway, raised.AlertType, raised.Connection), out var id)
            ? new AlertRepeated(id, raised.At)
            : new AlertOpened(LastId + 1, raised.At, raised.Gateway, raised.AlertType, raised.Connection, raised.RemoteHost, raised.RemoteId,
                raised.Description, raised.Derived);
    }

    /// <summary>A new <see cref="FleetAlertTypes.GatewayUnreachable"/> alert, unless the gateway already has an unresolved one.</summary>
    public AlertOpened? DecideUnreachable(GatewayStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (_unreachable.ContainsKey(status.Gateway))
        {
            return null;
        }

        var description = status.LastError is { Length: > 0 } error
            ? $"The controller cannot reach the gateway's VICI socket ({status.Uri}): {error}"
            : $"The controller cannot reach the gateway's VICI socket ({status.Uri}).";
        return new AlertOpened(LastId + 1, status.UnreachableSince ?? status.Since, status.Gateway, FleetAlertTypes.GatewayUnreachable,
            Connection: null, RemoteHost: null, RemoteId: null, description, Derived: false);
    }

    /// <summary>Resolves the gateway's unreachable alert, if it has one.</summary>
    public AlertResolved? DecideConnected(GatewayStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return _unreachable.TryGetValue(status.Gateway, out var id) ? new AlertResolved(id, status.Since) : null;
    }

    /// <summary>Why an acknowledgement cannot be done (the result to answer), or null when it can.</summary>
    public AcknowledgeResult? Refusal(AcknowledgeAlert ack)
    {
        ArgumentNullException.ThrowIfNull(ack);
        if (AcknowledgeAlert.Validate(ack.User, ack.Comment) is { } reason)
        {
            return new AcknowledgeResult.Invalid(ack.Id, reason);
        }

        if (!_alerts.TryGetValue(ack.Id, out var alert))
        {
            return new AcknowledgeResult.NotFound(ack.Id);
        }

        return alert.State switch
        {
            AlertState.Acknowledged => new AcknowledgeResult.AlreadyAcknowledged(alert),
            AlertState.Resolved => new AcknowledgeResult.AlreadyResolved(alert),
            _ => null,
        };
    }

    /// <summary>
    /// Applies an event and returns the alert as it is now, or null when the event concerns an alert no longer held (possible on
    /// replay after the cap was lowered). Dropping the oldest closed alerts beyond the cap happens here too, so replay drops
    /// exactly what the live book dropped.
    /// </summary>
    public FleetAlert? Apply(IAlertBookEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e is AlertOpened o)
        {
            LastId = Math.Max(LastId, o.Id);
        }
        else if (!_alerts.ContainsKey(e.Id))
        {
            return null;
        }

        var alert = e switch
        {
            AlertOpened opened => Open(opened),
            AlertRepeated r => Repeat(_alerts[r.Id], r.At),
            AlertAcknowledged a => _alerts[a.Id] with { State = AlertState.Acknowledged, AcknowledgedBy = a.User, AcknowledgedAt = a.At, Comment = a.Comment },
            AlertResolved r => _alerts[r.Id] with { State = AlertState.Resolved, ResolvedAt = r.At },
            _ => throw new ArgumentException($"not an alert book event: {e.GetType().Name}", nameof(e)),
        };
        Put(alert);
        return alert;
    }

    public AlertBookSnapshot Snapshot()
    {
        var closed = new HashSet<long>(_closed);
        return new AlertBookSnapshot(LastId,
            [.. _closed.Select(id => _alerts[id]), .. _alerts.Values.Where(a => !closed.Contains(a.Id)).OrderBy(a => a.Id)]);
    }

    public void Restore(AlertBookSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _alerts.Clear();
        _open.Clear();
        _unreachable.Clear();
        _closed.Clear();
        LastId = snapshot.LastId;
        foreach (var held in snapshot.Alerts)
        {
            // the catalog may have learned the type since
            var entry = FleetAlertTypes.CatalogEntryFor(held.AlertType);
            Put(held with { CatalogId = entry.Id, Severity = entry.Severity });
        }
    }

    /// <summary>A page of alerts, newest first (<see cref="FleetAlert.LastAt"/>, then id). Out-of-range paging is clamped.</summary>
    public AlertPage Query(AlertQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var matched = _alerts.Values.Where(query.Matches).ToList();
        var offset = Math.Max(0, query.Offset);
        var limit = Math.Clamp(query.Limit, 0, AlertQuery.MaxLimit);
        var page = matched.OrderByDescending(a => a.LastAt).ThenByDescending(a => a.Id).Skip(offset).Take(limit).ToArray();
        return new AlertPage(page, matched.Count);
    }

    public AlertCounts Counts()
    {
        int open = 0, acknowledged = 0;
        var byType = new Dictionary<string, int>(StringComparer.Ordinal);
        var byGateway = new Dictionary<string, int>(StringComparer.Ordinal);
        var bySeverity = new Dictionary<CatalogSeverity, int>();
        foreach (var alert in _alerts.Values)
        {
            if (!alert.IsActive)
            {
                continue;
            }

            if (alert.State == AlertState.Open)
            {
                open++;
            }
            else
            {
                acknowledged++;
            }

            byType[alert.AlertType] = byType.GetValueOrDefault(alert.AlertType) + 1;
            byGateway[alert.Gateway] = byGateway.GetValueOrDefault(alert.Gateway) + 1;
            bySeverity[alert.Severity] = bySeverity.GetValueOrDefault(alert.Severity) + 1;
        }

        return new AlertCounts(open, acknowledged, byType, byGateway, bySeverity);
    }

    private static FleetAlert Repeat(FleetAlert held, DateTimeOffset at) =>
        held with { Count = held.Count + 1, LastAt = at > held.LastAt ? at : held.LastAt };

    private static FleetAlert Open(AlertOpened o)
    {
        var entry = FleetAlertTypes.CatalogEntryFor(o.AlertType);
        return new FleetAlert
        {
            Id = o.Id,
            Gateway = o.Gateway,
            AlertType = o.AlertType,
            CatalogId = entry.Id,
            Severity = entry.Severity,
            Connection = o.Connection,
            RemoteHost = o.RemoteHost,
            RemoteId = o.RemoteId,
            Description = o.Description,
            Derived = o.Derived,
            FirstAt = o.At,
            LastAt = o.At,
        };
    }

    /// <summary>Stores an alert's new version and keeps the indexes and the cap true.</summary>
    private void Put(FleetAlert alert)
    {
        var wasClosed = _alerts.TryGetValue(alert.Id, out var before) && before.State != AlertState.Open;
        _alerts[alert.Id] = alert;
        var key = KeyOf(alert.Gateway, alert.AlertType, alert.Connection);
        if (alert.State == AlertState.Open)
        {
            _open[key] = alert.Id;
        }
        else if (_open.TryGetValue(key, out var openId) && openId == alert.Id)
        {
            _open.Remove(key);
        }

        if (alert.AlertType == FleetAlertTypes.GatewayUnreachable)
        {
            if (alert.IsActive)
            {
                _unreachable[alert.Gateway] = alert.Id;
            }
            else if (_unreachable.TryGetValue(alert.Gateway, out var unreachableId) && unreachableId == alert.Id)
            {
                _unreachable.Remove(alert.Gateway);
            }
        }

        if (alert.State != AlertState.Open && !wasClosed)
        {
            _closed.Enqueue(alert.Id);
            while (_closed.Count > maxClosed)
            {
                Drop(_closed.Dequeue());
            }
        }
    }

    private void Drop(long id)
    {
        if (!_alerts.Remove(id, out var alert))
        {
            return;
        }

        // an acknowledged unreachable alert can be dropped while its gateway is still down
        if (_unreachable.TryGetValue(alert.Gateway, out var unreachableId) && unreachableId == id)
        {
            _unreachable.Remove(alert.Gateway);
        }
    }

    private static (string, string, string) KeyOf(string gateway, string type, string? connection) => (gateway, type, connection ?? "");
}
