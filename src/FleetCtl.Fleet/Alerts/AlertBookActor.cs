using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using FleetCtl.Fleet.Gateways;

namespace FleetCtl.Fleet.Alerts;

/// <summary>
/// The alert book: the NOC's list of alerts with acknowledgement. Follows <see cref="FleetTopics.Alerts"/> (a repeat
/// of an open alert with the same gateway, type and connection is counted on it instead of opening another) and
/// <see cref="FleetTopics.Gateways"/> (a gateway turning unreachable opens a <see cref="FleetAlertTypes.GatewayUnreachable"/>
/// alert, which resolves by itself when the gateway is connected again). Every change is persisted (persistence id
/// <c>alert-book</c>, snapshot every <see cref="AlertBookOptions.SnapshotEvery"/> events) and then published as
/// <see cref="AlertChanged"/> on <see cref="FleetTopics.AlertBook"/>. Runs as a cluster singleton under a backoff
/// supervisor (<see cref="SupervisedProps"/>).
/// </summary>
public sealed class AlertBookActor : ReceivePersistentActor
{
    /// <summary>The journal's persistence id of the alert book.</summary>
    public const string AlertBookPersistenceId = "alert-book";

    private readonly IActorRef _mediator;
    private readonly AlertBookOptions _options;
    private readonly TimeProvider _time;
    private readonly AlertBook _book;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>The last connection state seen per gateway (not persisted): an unreachable gateway's retries do not reopen its alert.</summary>
    private readonly Dictionary<string, GatewayConnectionState> _lastState = new(StringComparer.Ordinal);
    private int _sinceSnapshot;

    public AlertBookActor(IActorRef mediator, AlertBookOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _mediator = mediator;
        _options = options;
        _time = time ?? TimeProvider.System;
        _book = new AlertBook(options.MaxClosedAlerts);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is AlertBookSnapshot snapshot)
            {
                _book.Restore(snapshot);
                _sinceSnapshot = 0;
            }
        });
        Recover<IAlertBookEvent>(e =>
        {
            _book.Apply(e);
            _sinceSnapshot++;
        });

        Command<AlertRaised>(raised => Record(_book.Decide(raised)));
        Command<GatewayStatus>(OnStatus);
        Command<ListAlerts>(list => Sender.Tell(_book.Query(list.Query)));
        Command<GetAlertCounts>(_ => Sender.Tell(_book.Counts()));
        Command<GetAlert>(get => Sender.Tell(new AlertLookup(get.Id, _book.TryGet(get.Id, out var alert) ? alert : null)));
        Command<AcknowledgeAlert>(OnAcknowledge);
        Command<SubscribeAck>(_ => { });
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Saving the alert book's snapshot failed; it is tried again after {0} more events",
            _options.SnapshotEvery));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => AlertBookPersistenceId;

    public static Props Props(IActorRef mediator, AlertBookOptions options, TimeProvider? time = null) =>
        Akka.Actor.Props.Create(() => new AlertBookActor(mediator, options, time));

    /// <summary>
    /// The book as it runs in the fleet: under a backoff supervisor that starts it again whenever it stops — Akka stops
    /// a persistent actor whose journal write fails. Started again, it recovers from the journal. Messages to the
    /// supervisor reach the book with their sender.
    /// </summary>
    public static Props SupervisedProps(IActorRef mediator, AlertBookOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Akka.Pattern.BackoffSupervisor.Props(Akka.Pattern.Backoff.OnStop(
            Props(mediator, options, time), "book", options.RestartBackoffMin, options.RestartBackoffMax, 0.2, maxNrOfRetries: -1));
    }

    protected override void PreStart()
    {
        base.PreStart();
        _mediator.Tell(new Subscribe(FleetTopics.Alerts, Self));
        _mediator.Tell(new Subscribe(FleetTopics.Gateways, Self));
    }

    private void OnStatus(GatewayStatus status)
    {
        var known = _lastState.TryGetValue(status.Gateway, out var last);
        _lastState[status.Gateway] = status.State;
        switch (status.State)
        {
            case GatewayConnectionState.Unreachable when !known || last != GatewayConnectionState.Unreachable:
                if (_book.DecideUnreachable(status) is { } opened)
                {
                    Record(opened);
                }

                break;
            case GatewayConnectionState.Connected:
                if (_book.DecideConnected(status) is { } resolved)
                {
                    Record(resolved);
                }

                break;
        }
    }

    private void OnAcknowledge(AcknowledgeAlert ack)
    {
        if (_book.Refusal(ack) is { } refusal)
        {
            Sender.Tell(refusal);
            return;
        }

        var sender = Sender;
        Record(new AlertAcknowledged(ack.Id, _time.GetUtcNow(), ack.User.Trim(), string.IsNullOrWhiteSpace(ack.Comment) ? null : ack.Comment),
            alert => sender.Tell(new AcknowledgeResult.Acknowledged(alert)));
    }

    /// <summary>Persists an event, then applies and publishes it (and answers, when asked to).</summary>
    private void Record(IAlertBookEvent e, Action<FleetAlert>? then = null) =>
        Persist(e, persisted =>
        {
            if (_book.Apply(persisted) is { } alert)
            {
                _mediator.Tell(new Publish(FleetTopics.AlertBook, new AlertChanged(alert)));
                then?.Invoke(alert);
            }

            if (++_sinceSnapshot >= _options.SnapshotEvery)
            {
                SaveSnapshot(_book.Snapshot());
                _sinceSnapshot = 0;
            }
        });
}
