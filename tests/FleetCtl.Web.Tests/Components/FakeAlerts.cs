using System.Threading.Channels;
using FleetCtl.Fleet.Alerts;
using FleetCtl.Fleet.Hosting;

namespace FleetCtl.Web.Tests.Components;

/// <summary>
/// An alert book in memory that answers like the real one (filter, newest first, paging, the acknowledgement's closed
/// set of results, counts of the active alerts), and remembers what it was asked.
/// </summary>
public sealed class FakeFleetAlerts(TimeProvider time) : IFleetAlerts
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, FleetAlert> _alerts = [];
    private readonly List<(long Id, string User, string? Comment)> _acknowledgements = [];
    private int _listCalls;

    /// <summary>When set, every question fails with it (an alert book that does not answer).</summary>
    public Exception? Failure { get; set; }

    public AlertQuery? LastQuery { get; private set; }

    public int ListCalls => Volatile.Read(ref _listCalls);

    public IReadOnlyList<(long Id, string User, string? Comment)> Acknowledgements
    {
        get
        {
            lock (_gate)
            {
                return [.. _acknowledgements];
            }
        }
    }

    /// <summary>Adds or replaces alerts (as the book's state after an AlertChanged).</summary>
    public void Put(params FleetAlert[] alerts)
    {
        lock (_gate)
        {
            foreach (var alert in alerts)
            {
                _alerts[alert.Id] = alert;
            }
        }
    }

    public FleetAlert this[long id]
    {
        get
        {
            lock (_gate)
            {
                return _alerts[id];
            }
        }
    }

    public Task<AlertPage> ListAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Interlocked.Increment(ref _listCalls);
        if (Failure is { } e)
        {
            return Task.FromException<AlertPage>(e);
        }

        if (query.Validate() is { } reason)
        {
            throw new ArgumentException(reason, nameof(query));
        }

        lock (_gate)
        {
            LastQuery = query;
            var matching = _alerts.Values.Where(query.Matches).OrderByDescending(a => a.LastAt).ThenByDescending(a => a.Id).ToList();
            return Task.FromResult(new AlertPage([.. matching.Skip(query.Offset).Take(query.Limit)], matching.Count));
        }
    }

    public Task<AcknowledgeResult> AcknowledgeAsync(long id, string user, string? comment, CancellationToken cancellationToken = default)
    {
        if (Failure is { } e)
        {
            return Task.FromException<AcknowledgeResult>(e);
        }

        lock (_gate)
        {
            _acknowledgements.Add((id, user, comment));
            if (AcknowledgeAlert.Validate(user, comment) is { } reason)
            {
                return Task.FromResult<AcknowledgeResult>(new AcknowledgeResult.Invalid(id, reason));
            }

            if (!_alerts.TryGetValue(id, out var alert))
            {
                return Task.FromResult<AcknowledgeResult>(new AcknowledgeResult.NotFound(id));
            }

            AcknowledgeResult result = alert.State switch
            {
                AlertState.Acknowledged => new AcknowledgeResult.AlreadyAcknowledged(alert),
                AlertState.Resolved => new AcknowledgeResult.AlreadyResolved(alert),
                _ => new AcknowledgeResult.Acknowledged(_alerts[id] = alert with
                {
                    State = AlertState.Acknowledged,
                    AcknowledgedBy = user,
                    AcknowledgedAt = time.GetUtcNow(),
                    Comment = comment,
                }),
            };
            return Task.FromResult(result);
        }
    }

    public Task<AlertCounts> CountsAsync(CancellationToken cancellationToken = default)
    {
        if (Failure is { } e)
        {
            return Task.FromException<AlertCounts>(e);
        }

        lock (_gate)
        {
            var active = _alerts.Values.Where(a => a.IsActive).ToList();
            return Task.FromResult(new AlertCounts(
                active.Count(a => a.State == AlertState.Open),
                active.Count(a => a.State == AlertState.Acknowledged),
                active.GroupBy(a => a.AlertType).ToDictionary(g => g.Key, g => g.Count()),
                active.GroupBy(a => a.Gateway).ToDictionary(g => g.Key, g => g.Count()),
                active.GroupBy(a => a.Severity).ToDictionary(g => g.Key, g => g.Count())));
        }
    }

    public Task<FleetAlert?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_alerts.GetValueOrDefault(id));
        }
    }

    /// <summary>An open alert as the book makes one: catalog id and severity from the type.</summary>
    public static FleetAlert Alert(long id, string gateway, string type, DateTimeOffset at, string? connection = "site-a",
        string? remoteHost = "198.51.100.7", AlertState state = AlertState.Open, int count = 1)
    {
        var entry = FleetAlertTypes.CatalogEntryFor(type);
        return new FleetAlert
        {
            Id = id,
            Gateway = gateway,
            AlertType = type,
            CatalogId = entry.Id,
            Severity = entry.Severity,
            Connection = connection,
            RemoteHost = remoteHost,
            Description = $"{type} on {connection}",
            FirstAt = at,
            LastAt = at,
            Count = count,
            State = state,
        };
    }
}

/// <summary>
/// The fleet's live fan-out without the actor system: subscriptions as the real <see cref="FleetEventStream"/> makes
/// them (bounded, oldest dropped), fed by <see cref="Publish"/>.
/// </summary>
public sealed class FakeEventStream : IFleetEventStream
{
    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscribers = [];

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    public IFleetSubscription Subscribe(IReadOnlyCollection<string>? topics = null, int capacity = FleetEventStream.DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, FleetEventStream.MaxCapacity);
        var wanted = topics is null || topics.Count == 0 ? [.. FleetEventStream.Topics] : topics.ToHashSet(StringComparer.Ordinal);
        if (wanted.FirstOrDefault(t => !FleetEventStream.Topics.Contains(t)) is { } unknown)
        {
            throw new ArgumentException($"'{unknown}' is not a fleet topic", nameof(topics));
        }

        var subscription = new Subscription(this, wanted, capacity);
        lock (_gate)
        {
            _subscribers.Add(subscription);
        }

        return subscription;
    }

    public void Publish(string topic, object payload)
    {
        Subscription[] all;
        lock (_gate)
        {
            all = [.. _subscribers];
        }

        foreach (var subscriber in all.Where(s => s.Topics.Contains(topic)))
        {
            subscriber.Channel.Writer.TryWrite(new FleetBusMessage(topic, payload, DateTimeOffset.UtcNow));
        }
    }

    private sealed class Subscription(FakeEventStream owner, HashSet<string> topics, int capacity) : IFleetSubscription
    {
        public Channel<FleetBusMessage> Channel { get; } = System.Threading.Channels.Channel.CreateBounded<FleetBusMessage>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest });

        public ChannelReader<FleetBusMessage> Reader => Channel.Reader;

        public long Dropped => 0;

        public IReadOnlyCollection<string> Topics => topics;

        public ValueTask DisposeAsync()
        {
            lock (owner._gate)
            {
                owner._subscribers.Remove(this);
            }

            Channel.Writer.TryComplete();
            return ValueTask.CompletedTask;
        }
    }
}
