using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Persistence;
using FleetCtl.Fleet.Inventory;
using Microsoft.Extensions.Logging;

namespace FleetCtl.Fleet.Operations;

/// <summary>
/// The operations' home (persistence id <c>operations</c>), a cluster singleton: makes previews (one
/// <see cref="OperationPreviewActor"/> each) and keeps them in memory for <see cref="OperationsOptions.PreviewTtl"/>;
/// executes a preview by registering a new operation (a persisted index entry with the next id) and starting its
/// <see cref="OperationActor"/> as a child; forwards pause, resume, cancel and record lookups to the operation's actor
/// (starting it when it was let go); answers lists from the index, kept current by the operations' reports. After a
/// controller restart it wakes every operation that is not closed, so each carries on from its journal. Also keeps the
/// drain marks (set when a drain starts, cleared by an operator or when the drain is cancelled) and publishes each change
/// as <see cref="GatewayDrainingChanged"/> on <see cref="FleetTopics.Operations"/>.
/// </summary>
public sealed class OperationsManagerActor : ReceivePersistentActor, IWithTimers
{
    /// <summary>The journal's persistence id of the operations index.</summary>
    public const string ManagerPersistenceId = "operations";

    private readonly FleetInventory _inventory;
    private readonly IActorRef _gateways;
    private readonly IActorRef _mediator;
    private readonly OperationsOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly OperationIndex _index = new();
    private readonly Dictionary<string, KeptPreview> _previews = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _expired = new(StringComparer.Ordinal);
    private readonly Dictionary<long, IActorRef> _children = [];
    private int _sinceSnapshot;
    private int _incarnation;

    public OperationsManagerActor(FleetInventory inventory, IActorRef gateways, IActorRef mediator, OperationsOptions options, ILogger logger,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _inventory = inventory;
        _gateways = gateways;
        _mediator = mediator;
        _options = options;
        _log = logger;
        _time = time ?? TimeProvider.System;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is OperationIndexSnapshot snapshot)
            {
                _index.Restore(snapshot);
            }
        });
        Recover<IOperationIndexEvent>(e => _index.Apply(e));

        Command<PreviewOperation>(OnPreview);
        Command<PreviewReady>(OnPreviewReady);
        Command<GetPreview>(get => Sender.Tell(new PreviewLookup(get.PreviewId, Live(get.PreviewId)?.Preview)));
        Command<ExecutePreview>(OnExecute);
        Command<OperationReport>(OnReport);
        Command<OperationNotStarted>(OnNotStarted);
        Command<OperationIdle>(idle =>
        {
            if (_children.Remove(idle.OperationId, out var child))
            {
                Context.Stop(child);
            }
        });
        Command<PauseOperation>(msg => Steer(msg.OperationId, msg));
        Command<ResumeOperation>(msg => Steer(msg.OperationId, msg));
        Command<CancelOperation>(msg => Steer(msg.OperationId, msg));
        Command<GetOperation>(OnGet);
        Command<ListOperations>(list => Sender.Tell(_index.Query(list.Query)));
        Command<GetDrainMarks>(_ => Sender.Tell(new DrainMarks([.. _index.Marks.OrderBy(m => m.Gateway, StringComparer.OrdinalIgnoreCase)])));
        Command<ClearDrainMark>(OnClearMark);
        Command<ExpireTick>(_ => Expire());
        Command<OperationsRestarting>(_ => { }); // an operation's supervisor, while the operation restarts: it recovers and wakes by itself
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId => ManagerPersistenceId;

    public static Props Props(FleetInventory inventory, IActorRef gateways, IActorRef mediator, OperationsOptions options, ILogger logger,
        TimeProvider? time = null) =>
        Akka.Actor.Props.Create(() => new OperationsManagerActor(inventory, gateways, mediator, options, logger, time));

    /// <summary>The manager as it runs in the fleet: under a backoff supervisor that starts it again whenever it stops.</summary>
    public static Props SupervisedProps(FleetInventory inventory, IActorRef gateways, IActorRef mediator, OperationsOptions options, ILogger logger,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Akka.Pattern.BackoffSupervisor.Props(Akka.Pattern.Backoff.OnStop(
            Props(inventory, gateways, mediator, options, logger, time), "manager", options.RestartBackoffMin, options.RestartBackoffMax, 0.2,
            maxNrOfRetries: -1)
            .WithReplyWhileStopped(OperationsRestarting.Instance));
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    protected override void OnReplaySuccess()
    {
        base.OnReplaySuccess();
        foreach (var id in _index.Open.ToList())
        {
            Child(id).Tell(new WakeOperation(id));
        }

        foreach (var mark in _index.Marks)
        {
            _mediator.Tell(new Publish(FleetTopics.Operations, new GatewayDrainingChanged(mark.Gateway, mark)));
        }

        Timers.StartPeriodicTimer("expire", ExpireTick.Instance, TimeSpan.FromSeconds(Math.Clamp(_options.PreviewTtl.TotalSeconds / 10, 1, 60)));
    }

    // ---- previews -----------------------------------------------------------------------------------

    private void OnPreview(PreviewOperation msg)
    {
        var problems = msg.Request is null ? ["A request is required."] : msg.Request.Problems().Concat(OperationPlanner.InventoryProblems(msg.Request, _inventory)).ToList();
        if (problems.Count > 0)
        {
            Sender.Tell(new PreviewResult.Invalid(problems));
            return;
        }

        Context.ActorOf(OperationPreviewActor.Props(msg.Request!, _inventory, _gateways, Self, Sender, _options, _time));
    }

    private void OnPreviewReady(PreviewReady ready)
    {
        var preview = ready.Preview;
        _previews[preview.Id] = new KeptPreview(preview, null);
        OperationLog.Previewed(_log, preview.Id, preview.Hash, preview.Request.Action.ToString(), preview.Request.Selector.ToString(),
            preview.Items.Count, preview.Waves, preview.Skipped.Count);
        ready.ReplyTo.Tell(new PreviewResult.Ready(preview));
    }

    private KeptPreview? Live(string id) =>
        _previews.TryGetValue(id, out var kept) && kept.Preview.ExpiresAt > Now ? kept : null;

    private void Expire()
    {
        var now = Now;
        foreach (var (id, kept) in _previews.Where(p => p.Value.Preview.ExpiresAt <= now).ToList())
        {
            _previews.Remove(id);
            _expired[id] = kept.Preview.ExpiresAt;
        }

        // an expired id is remembered for a while, so the answer can say "expired" rather than "unknown"
        foreach (var (id, _) in _expired.Where(e => e.Value <= now - TimeSpan.FromHours(1)).ToList())
        {
            _expired.Remove(id);
        }
    }

    // ---- execution ------------------------------------------------------------------------------------

    private void OnExecute(ExecutePreview msg)
    {
        if (ExecutePreview.Validate(msg.PreviewId, msg.User) is { } invalid)
        {
            Sender.Tell(new ExecuteResult.Refused(msg.PreviewId ?? "", ExecuteRefusal.Invalid, invalid));
            return;
        }

        if (!_previews.TryGetValue(msg.PreviewId, out var kept))
        {
            Sender.Tell(_expired.ContainsKey(msg.PreviewId)
                ? new ExecuteResult.Refused(msg.PreviewId, ExecuteRefusal.ExpiredPreview, $"Preview {msg.PreviewId} has expired: preview again.")
                : new ExecuteResult.Refused(msg.PreviewId, ExecuteRefusal.UnknownPreview,
                    $"There is no preview {msg.PreviewId} (previews are kept {_options.PreviewTtl.TotalMinutes:0} minutes, and not across controller restarts)."));
            return;
        }

        if (kept.Preview.ExpiresAt <= Now)
        {
            Sender.Tell(new ExecuteResult.Refused(msg.PreviewId, ExecuteRefusal.ExpiredPreview,
                $"Preview {msg.PreviewId} expired at {kept.Preview.ExpiresAt:u}: preview again."));
            return;
        }

        if (kept.ExecutedAs is { } already)
        {
            Sender.Tell(new ExecuteResult.Refused(msg.PreviewId, ExecuteRefusal.AlreadyExecuted,
                $"Preview {msg.PreviewId} was executed already, as operation {already}.", already));
            return;
        }

        if (msg.ExpectedHash is { } expected && !string.Equals(expected.Trim(), kept.Preview.Hash, StringComparison.OrdinalIgnoreCase))
        {
            Sender.Tell(new ExecuteResult.Refused(msg.PreviewId, ExecuteRefusal.HashMismatch,
                $"Preview {msg.PreviewId} has hash {kept.Preview.Hash}, not {expected}."));
            return;
        }

        var preview = kept.Preview;
        var id = _index.LastId + 1;
        var now = Now;
        var user = msg.User.Trim();
        var summary = new OperationSummary
        {
            Id = id,
            Kind = preview.Request.Action.Kind,
            Drain = preview.Request.Drain,
            Action = preview.Request.Action.ToString(),
            Selector = preview.Request.Selector.ToString(),
            Description = preview.Request.Description,
            State = OperationState.Running,
            User = user,
            CreatedAt = now,
            Gateways = preview.Gateways,
            PreviewId = preview.Id,
            PreviewHash = preview.Hash,
            Counts = ItemCounts.Empty with { Total = preview.Items.Count, Pending = preview.Items.Count },
            Skipped = preview.Skipped.Count,
            Waves = preview.Waves,
            CurrentWave = preview.Waves == 0 ? 0 : 1,
        };
        var events = new List<IOperationIndexEvent> { new OperationIndexed(now, summary) };
        if (preview.Request is { Drain: true, MarkDraining: true })
        {
            events.AddRange(preview.Gateways.Select(g => new DrainMarkSet(now, new DrainMark(g, id, now, DrainTarget(preview, g)))));
        }

        var sender = Sender;
        _previews[preview.Id] = kept with { ExecutedAs = id }; // at once: a second execute of the same preview is refused
        var first = events[0];
        PersistAll(events, e =>
        {
            Applied(e);
            if (ReferenceEquals(e, first))
            {
                Child(id).Tell(new StartOperation(id, preview, user, sender));
            }
        });
    }

    private static string? DrainTarget(OperationPreview preview, string gateway) =>
        preview.Items.FirstOrDefault(i => string.Equals(i.Gateway, gateway, StringComparison.Ordinal))?.TargetGateway
        ?? preview.Request.Action.TargetGateway ?? preview.Request.Action.TargetAddress;

    private IActorRef Child(long id)
    {
        if (!_children.TryGetValue(id, out var child))
        {
            child = Context.ActorOf(OperationActor.SupervisedProps(id, _gateways, _mediator, Self, _options, _log, _time),
                $"operation-{id}-{++_incarnation}");
            _children[id] = child;
        }

        return child;
    }

    // ---- reports from operations -----------------------------------------------------------------------

    private void OnReport(OperationReport report)
    {
        var summary = report.Summary;
        if (_index.IsClosed(summary.Id))
        {
            return;
        }

        _index.Update(summary);
        if (!summary.State.IsFinal() || summary.EndedAt is null)
        {
            return;
        }

        var events = new List<IOperationIndexEvent> { new OperationClosed(Now, summary) };
        if (summary is { Drain: true, State: OperationState.Cancelled })
        {
            events.AddRange(_index.Marks.Where(m => m.OperationId == summary.Id)
                .Select(m => new DrainMarkCleared(Now, m.Gateway, $"operation {summary.Id} cancelled")));
        }

        PersistAll(events, Applied);
    }

    private void OnNotStarted(OperationNotStarted msg)
    {
        if (!_index.TryGet(msg.OperationId, out var summary) || _index.IsClosed(msg.OperationId))
        {
            return;
        }

        var closed = summary with
        {
            State = OperationState.Failed,
            EndedAt = Now,
            Counts = summary.Counts with { Pending = 0, Cancelled = summary.Counts.Total },
            Reason = "the controller stopped before the operation recorded its plan; nothing was sent",
        };
        var events = new List<IOperationIndexEvent> { new OperationClosed(Now, closed) };
        events.AddRange(_index.Marks.Where(m => m.OperationId == msg.OperationId)
            .Select(m => new DrainMarkCleared(Now, m.Gateway, $"operation {msg.OperationId} never started")));
        PersistAll(events, Applied);
        if (_children.Remove(msg.OperationId, out var child))
        {
            Context.Stop(child);
        }
    }

    private void Applied(IOperationIndexEvent e)
    {
        _index.Apply(e);
        switch (e)
        {
            case DrainMarkSet set:
                _mediator.Tell(new Publish(FleetTopics.Operations, new GatewayDrainingChanged(set.Mark.Gateway, set.Mark)));
                break;
            case DrainMarkCleared cleared:
                _mediator.Tell(new Publish(FleetTopics.Operations, new GatewayDrainingChanged(cleared.Gateway, null)));
                break;
        }

        if (++_sinceSnapshot >= _options.IndexSnapshotEvery)
        {
            SaveSnapshot(_index.Snapshot());
            _sinceSnapshot = 0;
        }
    }

    // ---- steering and lookups ----------------------------------------------------------------------------

    private void Steer(long id, object msg)
    {
        if (!_index.TryGet(id, out var summary))
        {
            Sender.Tell(new OperationControlResult.NotFound(id));
            return;
        }

        if (_index.IsClosed(id))
        {
            Sender.Tell(new OperationControlResult.Refused(id, summary.State, $"Operation {id} is {summary.State.ToString().ToLowerInvariant()}."));
            return;
        }

        Child(id).Forward(msg);
    }

    private void OnGet(GetOperation get)
    {
        if (!_index.TryGet(get.OperationId, out _))
        {
            Sender.Tell(new OperationLookup(get.OperationId, null));
            return;
        }

        Child(get.OperationId).Forward(get);
    }

    private void OnClearMark(ClearDrainMark msg)
    {
        var sender = Sender;
        var mark = _index.Marks.FirstOrDefault(m => string.Equals(m.Gateway, msg.Gateway, StringComparison.OrdinalIgnoreCase));
        if (mark is null)
        {
            sender.Tell(new DrainMarkClearResult(msg.Gateway, false));
            return;
        }

        Persist(new DrainMarkCleared(Now, mark.Gateway, msg.User), e =>
        {
            Applied(e);
            sender.Tell(new DrainMarkClearResult(mark.Gateway, true));
        });
    }

    private sealed record KeptPreview(OperationPreview Preview, long? ExecutedAs);

    private sealed record ExpireTick
    {
        public static readonly ExpireTick Instance = new();
    }
}
