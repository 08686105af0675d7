using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Persistence;
using FleetCtl.Fleet.Gateways;
using Microsoft.Extensions.Logging;

namespace FleetCtl.Fleet.Operations;

/// <summary>
/// Runs one operation (persistence id <c>operation-{id}</c>): sends each item to its gateway actor as a
/// <see cref="RunSaCommand"/>, wave by wave, at most <see cref="OperationPlan.MaxConcurrentPerGateway"/> per gateway, and
/// records every step before taking the next: items are recorded as dispatched before they are sent, and each answer is
/// recorded before the next item of that gateway goes out. After a restart the journal says exactly what was done;
/// items that were in flight are checked against their gateway's live state (<see cref="VerifySaCommand"/>): done counts
/// as done, not done is sent once more. Applies the stop rule after each wave, obeys pause, resume and cancel, publishes
/// <see cref="OperationProgress"/> on <see cref="FleetTopics.Operations"/> (throttled), and for a drain checks the drained
/// gateways' own fresh listing at the end (<see cref="DrainReport"/>). Runs under a backoff supervisor
/// (<see cref="SupervisedProps"/>), a child of the <see cref="OperationsManagerActor"/>.
/// </summary>
public sealed class OperationActor : ReceivePersistentActor, IWithTimers
{
    private const string ProgressTimer = "progress";
    private const string TickTimer = "tick";
    private const string WaveTimer = "wave";
    private const int PlanChunk = 500;

    private readonly long _id;
    private readonly IActorRef _gateways;
    private readonly IActorRef _mediator;
    private readonly IActorRef _manager;
    private readonly OperationsOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private OperationRun? _run;

    // ---- this life only: rebuilt from the run after a restart
    private readonly Dictionary<string, Queue<int>> _queues = new(StringComparer.Ordinal);
    private int _queuedWave;
    private readonly HashSet<int> _dispatching = [];
    private readonly Dictionary<string, int> _dispatchingPerGateway = new(StringComparer.Ordinal);
    private readonly Dictionary<int, DateTimeOffset> _deadlines = [];
    private readonly Dictionary<int, Verification> _verifying = [];
    private readonly HashSet<int> _finishing = [];
    private readonly List<ItemResult> _unrecorded = [];
    private bool _recording;
    private DrainCheck? _drainCheck;
    private DateTimeOffset _waveReadyAt;
    private bool _waveEnding;
    private string? _pendingHalt;
    private bool _halting;
    private bool _ending;
    private bool _dirty;
    private bool _pumpScheduled;

    public OperationActor(long id, IActorRef gateways, IActorRef mediator, IActorRef manager, OperationsOptions options, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _id = id;
        _gateways = gateways;
        _mediator = mediator;
        _manager = manager;
        _options = options;
        _log = logger;
        _time = time ?? TimeProvider.System;

        Recover<IOperationEvent>(e => _run = OperationRun.Apply(_run, e));

        Command<StartOperation>(OnStart);
        Command<WakeOperation>(_ =>
        {
            if (_run is null)
            {
                _manager.Tell(new OperationNotStarted(_id));
            }
        });
        Command<ResumeAfterRecovery>(_ => OnRecovered());
        Command<SaCommandDone>(OnDone);
        Command<SaCommandVerified>(OnVerified);
        Command<GatewayView>(OnDrainView);
        Command<Pump>(_ =>
        {
            _pumpScheduled = false;
            CheckProgress();
        });
        Command<Tick>(_ => OnTick());
        Command<ProgressTick>(_ =>
        {
            if (_dirty)
            {
                Publish();
            }
        });
        Command<PauseOperation>(OnPause);
        Command<ResumeOperation>(OnResume);
        Command<CancelOperation>(OnCancel);
        Command<GetOperation>(get => Sender.Tell(new OperationLookup(_id, _run?.Record(get.Items))));
        Command<ReceiveTimeout>(_ =>
        {
            if (_run is null || _run.Ended)
            {
                _manager.Tell(new OperationIdle(_id));
            }
        });
        Command<OperationsRestarting>(_ => { }); // the manager's supervisor, while the manager restarts
        Command<Status.Failure>(_ => { }); // an unknown gateway's answer to a drain check: the check's timeout covers it
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId => PersistenceIdFor(_id);

    public static string PersistenceIdFor(long id) => "operation-" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static Props Props(long id, IActorRef gateways, IActorRef mediator, IActorRef manager, OperationsOptions options, ILogger logger,
        TimeProvider? time = null) =>
        Akka.Actor.Props.Create(() => new OperationActor(id, gateways, mediator, manager, options, logger, time));

    /// <summary>
    /// The operation as it runs in the fleet: under a backoff supervisor that starts it again whenever it stops (Akka stops a
    /// persistent actor whose journal write fails). Started again, it recovers and carries on where its journal says.
    /// </summary>
    public static Props SupervisedProps(long id, IActorRef gateways, IActorRef mediator, IActorRef manager, OperationsOptions options, ILogger logger,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Akka.Pattern.BackoffSupervisor.Props(Akka.Pattern.Backoff.OnStop(
            Props(id, gateways, mediator, manager, options, logger, time), "operation", options.RestartBackoffMin, options.RestartBackoffMax, 0.2,
            maxNrOfRetries: -1)
            .WithReplyWhileStopped(OperationsRestarting.Instance));
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    protected override void OnReplaySuccess()
    {
        base.OnReplaySuccess();
        if (_run is { Ended: false })
        {
            Self.Tell(ResumeAfterRecovery.Instance);
        }
        else
        {
            // finished, or nothing recorded (woken for a lookup, or about to be started): let go when nobody asks
            Context.SetReceiveTimeout(_options.FinishedIdleTimeout);
        }
    }

    // ---- start and recovery ---------------------------------------------------------------------

    private void OnStart(StartOperation msg)
    {
        if (_run is not null)
        {
            msg.ReplyTo.Tell(_run.Started.PreviewId == msg.Preview.Id
                ? new ExecuteResult.Started(_run.Summary())
                : new ExecuteResult.Refused(msg.Preview.Id, ExecuteRefusal.AlreadyExecuted, $"operation {_id} already runs preview {_run.Started.PreviewId}", _id));
            return;
        }

        var preview = msg.Preview;
        var now = Now;
        var events = new List<IOperationEvent>
        {
            new OperationStarted(_id, now, msg.User, preview.Id, preview.Hash, preview.CreatedAt, preview.Request, preview.Items.Count, preview.Gateways,
                preview.Skipped),
        };
        events.AddRange(preview.Items.Chunk(PlanChunk).Select(chunk => new OperationItemsPlanned(_id, now, chunk)));
        var last = events[^1];
        PersistAll(events, e =>
        {
            _run = OperationRun.Apply(_run, e);
            if (!ReferenceEquals(e, last))
            {
                return;
            }

            var run = _run!;
            OperationLog.Started(_log, _id, msg.User, run.Request.Action.ToString(), run.Request.Selector.ToString(), run.ItemCount, run.WaveCount,
                run.Started.Gateways.Count, run.Started.Skipped.Count, preview.Id, preview.Hash);
            msg.ReplyTo.Tell(new ExecuteResult.Started(run.Summary()));
            Begin();
        });
    }

    private void OnRecovered()
    {
        var run = _run!;
        var inFlight = run.InFlightItems().ToList();
        run.NoteRestart(Now, inFlight.Count);
        OperationLog.Recovered(_log, _id, run.Totals, inFlight.Count);
        foreach (var id in inFlight)
        {
            StartVerification(id);
        }

        // a wave not begun waits out the rest of its pause; one already begun goes on at once
        var wave = run.CurrentWave;
        var begun = wave <= run.WaveCount && run.WaveCounts(wave).Pending < run.WaveCounts(wave).Total;
        _waveReadyAt = !begun && run.LastWaveFinishedAt is { } at ? at + run.Plan.PauseBetweenWaves : Now;
        Begin();
    }

    private void Begin()
    {
        Context.SetReceiveTimeout(null);
        Timers.StartPeriodicTimer(ProgressTimer, ProgressTick.Instance, _options.ProgressInterval);
        Timers.StartPeriodicTimer(TickTimer, Tick.Instance, TimeSpan.FromSeconds(1));
        Publish();
        SchedulePump();
    }

    // ---- the engine -------------------------------------------------------------------------------

    /// <summary>
    /// Decides what comes next: halt, end, finish a wave, or send more items. Runs on its own message (<see cref="Pump"/>),
    /// never inside a persist callback: Akka.NET does not reliably unstash after a stashing Persist nested in a PersistAsync handler.
    /// </summary>
    private void CheckProgress()
    {
        if (_run is not { } run || run.Ended || _ending || _halting || !run.FullyPlanned)
        {
            return;
        }

        if (_pendingHalt is { } haltReason && run.State == OperationState.Running)
        {
            _pendingHalt = null;
            _halting = true;
            Persist(new OperationHalted(_id, Now, run.CurrentWave - 1, haltReason), halted =>
            {
                run.Apply(halted);
                _halting = false;
                OperationLog.Halted(_log, _id, haltReason);
                Publish();
            });
            return;
        }

        _pendingHalt = null;

        if (run.State == OperationState.Cancelled)
        {
            if (Quiet(run))
            {
                End(OperationState.Cancelled, run.Reason);
            }

            return;
        }

        var wave = run.CurrentWave;
        if (wave > run.WaveCount)
        {
            if (Quiet(run))
            {
                Finish(run);
            }

            return;
        }

        var counts = run.WaveCounts(wave);
        if (counts.Pending == 0 && counts.InFlight == 0)
        {
            EndWave(wave);
            return;
        }

        if (run.State == OperationState.Running && Now >= _waveReadyAt)
        {
            Dispatch(run, wave);
        }
    }

    /// <summary>Nothing in flight, being sent, checked or recorded.</summary>
    private bool Quiet(OperationRun run) =>
        run.Totals.InFlight == 0 && _dispatching.Count == 0 && _finishing.Count == 0 && _verifying.Count == 0 && !_waveEnding && _drainCheck is null;

    private void Dispatch(OperationRun run, int wave)
    {
        if (_queuedWave != wave)
        {
            _queues.Clear();
            foreach (var id in run.WaveItems(wave))
            {
                if (run.Status(id) == ItemStatus.Pending && !_dispatching.Contains(id))
                {
                    var gateway = run.Item(id).Gateway;
                    if (!_queues.TryGetValue(gateway, out var queue))
                    {
                        _queues[gateway] = queue = new Queue<int>();
                    }

                    queue.Enqueue(id);
                }
            }

            _queuedWave = wave;
        }

        var batch = new List<int>();
        var max = run.Plan.MaxConcurrentPerGateway;
        List<string>? drained = null;
        foreach (var (gateway, queue) in _queues)
        {
            var free = max - run.InFlight(gateway) - _dispatchingPerGateway.GetValueOrDefault(gateway);
            var taken = 0;
            while (taken < free && queue.TryDequeue(out var id))
            {
                if (run.Status(id) != ItemStatus.Pending)
                {
                    continue;
                }

                batch.Add(id);
                _dispatching.Add(id);
                taken++;
            }

            if (taken > 0)
            {
                _dispatchingPerGateway[gateway] = _dispatchingPerGateway.GetValueOrDefault(gateway) + taken;
            }

            if (queue.Count == 0)
            {
                (drained ??= []).Add(gateway);
            }
        }

        foreach (var gateway in drained ?? [])
        {
            _queues.Remove(gateway);
        }

        if (batch.Count == 0)
        {
            return;
        }

        PersistAsync(new OperationItemsDispatched(_id, Now, batch), e =>
        {
            run.Apply(e);
            foreach (var id in e.Items)
            {
                _dispatching.Remove(id);
                var gateway = run.Item(id).Gateway;
                if (_dispatchingPerGateway.TryGetValue(gateway, out var n))
                {
                    if (n <= 1)
                    {
                        _dispatchingPerGateway.Remove(gateway);
                    }
                    else
                    {
                        _dispatchingPerGateway[gateway] = n - 1;
                    }
                }

                Send(run, id);
            }

            _dirty = true;
        });
    }

    private void Send(OperationRun run, int id)
    {
        var item = run.Item(id);
        var timeout = run.Plan.ItemTimeout;
        _deadlines[id] = Now + timeout + _options.AnswerGrace;
        _gateways.Tell(new RunSaCommand(item.Gateway, _id, id, SaCommand.For(run.Request.Action, item), timeout));
    }

    private void OnDone(SaCommandDone msg)
    {
        if (msg.OperationId != _id || _run is not { } run || msg.ItemId < 0 || msg.ItemId >= run.ItemCount
            || run.Status(msg.ItemId) != ItemStatus.InFlight || _finishing.Contains(msg.ItemId))
        {
            return; // late (timed out meanwhile) or duplicate
        }

        _deadlines.Remove(msg.ItemId);
        _verifying.Remove(msg.ItemId);
        FinishItem(msg.ItemId, msg.Status, msg.Message, msg.Duration.TotalMilliseconds);
    }

    /// <summary>
    /// Records an item's outcome, then lets the engine carry on. Outcomes are written by group commit: while one write is
    /// under way, the answers arriving meanwhile wait and go together in the next. The item stays "finishing" (its wave open,
    /// its gateway's slot taken) until its write is done, so nothing depends on an outcome the journal does not hold yet.
    /// </summary>
    private void FinishItem(int id, ItemStatus status, string? message, double? durationMs)
    {
        _finishing.Add(id);
        _unrecorded.Add(new ItemResult(id, status, message, durationMs, Now));
        RecordResults();
    }

    private void RecordResults()
    {
        if (_recording || _unrecorded.Count == 0)
        {
            return;
        }

        _recording = true;
        var results = _unrecorded.ToArray();
        _unrecorded.Clear();
        PersistAsync(new OperationItemsFinished(_id, Now, results), e =>
        {
            var run = _run!;
            run.Apply(e);
            foreach (var result in e.Results)
            {
                _finishing.Remove(result.Item);
                if (result.Status.IsFailure())
                {
                    var item = run.Item(result.Item);
                    OperationLog.ItemFailed(_log, _id, result.Item, item.Gateway, item.ToString(), result.Status, result.Message);
                }
            }

            _recording = false;
            _dirty = true;
            RecordResults();
            SchedulePump();
        });
    }

    private void SchedulePump()
    {
        if (!_pumpScheduled)
        {
            _pumpScheduled = true;
            Self.Tell(Pump.Instance);
        }
    }

    private void EndWave(int wave)
    {
        if (_waveEnding)
        {
            return;
        }

        _waveEnding = true;
        PersistAsync(new OperationWaveFinished(_id, Now, wave), e =>
        {
            var run = _run!;
            run.Apply(e);
            _waveEnding = false;
            _dirty = true;
            if (run.State != OperationState.Cancelled && wave < run.WaveCount && StopRule(run, wave) is { } reason)
            {
                _pendingHalt = reason; // recorded by the next pump, before anything else is sent
                SchedulePump();
                return;
            }

            _waveReadyAt = Now + run.Plan.PauseBetweenWaves;
            if (run.Plan.PauseBetweenWaves > TimeSpan.Zero && wave < run.WaveCount)
            {
                Timers.StartSingleTimer(WaveTimer, Pump.Instance, run.Plan.PauseBetweenWaves);
            }

            SchedulePump();
        });
    }

    /// <summary>Why the stop rule halts after this wave, or null.</summary>
    private static string? StopRule(OperationRun run, int wave)
    {
        var (rate, ran) = run.FailureRate(wave);
        var plan = run.Plan;
        if (ran < plan.MinWaveItemsForStopRule || rate <= plan.MaxFailureRate)
        {
            return null;
        }

        var failures = run.WaveCounts(wave).Failures;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"wave {wave} of {run.WaveCount}: {failures} of {ran} items failed ({rate:P0}), above the {plan.MaxFailureRate:P0} threshold");
    }

    /// <summary>Every wave finished: a drain checks its gateways first, then the operation ends.</summary>
    private void Finish(OperationRun run)
    {
        if (run.Request.Drain && run.DrainReport is null)
        {
            StartDrainCheck(run);
            return;
        }

        var failures = run.Totals.Failures;
        var reason = failures > 0 ? $"{failures} of {run.ItemCount} items failed" : null;
        if (run.DrainReport is { } report && !report.Clean)
        {
            reason = (reason is null ? "" : reason + "; ") + Describe(report);
        }

        End(failures > 0 ? OperationState.Failed : OperationState.Completed, reason);
    }

    private void End(OperationState state, string? reason)
    {
        if (_ending)
        {
            return;
        }

        _ending = true;
        Persist(new OperationEnded(_id, Now, state, reason), e =>
        {
            var run = _run!;
            run.Apply(e);
            Timers.CancelAll();
            switch (state)
            {
                case OperationState.Completed:
                    OperationLog.Completed(_log, _id, run.Totals);
                    break;
                case OperationState.Failed:
                    OperationLog.Failed(_log, _id, reason, run.Totals);
                    break;
            }

            Publish();
            Context.SetReceiveTimeout(_options.FinishedIdleTimeout);
        });
    }

    private void Publish()
    {
        if (_run is not { } run)
        {
            return;
        }

        _dirty = false;
        _mediator.Tell(new Publish(FleetTopics.Operations, run.Progress(Now, _options.MaxWavesInProgress)));
        _manager.Tell(new OperationReport(run.Summary()));
    }

    // ---- timeouts and checks after a restart -----------------------------------------------------

    private void OnTick()
    {
        if (_run is not { } run || run.Ended)
        {
            return;
        }

        var now = Now;
        foreach (var (id, deadline) in _deadlines.Where(d => d.Value <= now).ToList())
        {
            _deadlines.Remove(id);
            if (run.Status(id) == ItemStatus.InFlight && !_finishing.Contains(id))
            {
                FinishItem(id, ItemStatus.TimedOut, $"no answer from the gateway within {(run.Plan.ItemTimeout + _options.AnswerGrace).TotalSeconds:0.#} s", null);
            }
        }

        foreach (var (id, verification) in _verifying.ToList())
        {
            if (verification.GiveUpAt <= now)
            {
                _verifying.Remove(id);
                FinishItem(id, ItemStatus.Failed, $"in flight when the controller stopped, and its gateway could not be checked since: {verification.LastDetail}", null);
            }
            else if (verification.NextTryAt <= now)
            {
                AskVerification(run, id, verification with { NextTryAt = now + TimeSpan.FromSeconds(1) });
            }
        }

        if (_drainCheck is { } check)
        {
            if (check.GiveUpAt <= now)
            {
                CompleteDrainCheck(run, check);
            }
            else
            {
                // peers move after the redirect was accepted (make-before-break, up to seconds later): list again
                foreach (var gateway in check.Relist)
                {
                    _gateways.Tell(new GetFreshGatewayView(gateway));
                }

                check.Relist.Clear();
            }
        }

        if (run.State == OperationState.Running && now >= _waveReadyAt)
        {
            CheckProgress();
        }
    }

    private void StartVerification(int id)
    {
        var now = Now;
        AskVerification(_run!, id, new Verification(now + _options.VerifyTimeout, now + TimeSpan.FromSeconds(1), "no answer yet"));
    }

    private void AskVerification(OperationRun run, int id, Verification verification)
    {
        _verifying[id] = verification;
        var item = run.Item(id);
        _gateways.Tell(new VerifySaCommand(item.Gateway, _id, id, SaCommand.For(run.Request.Action, item), run.Plan.ItemTimeout));
    }

    private void OnVerified(SaCommandVerified msg)
    {
        if (msg.OperationId != _id || _run is not { } run || !_verifying.TryGetValue(msg.ItemId, out var verification))
        {
            return;
        }

        var id = msg.ItemId;
        switch (msg.Effect)
        {
            case SaCommandEffect.Visible:
                _verifying.Remove(id);
                FinishItem(id, ItemStatus.Succeeded, $"in flight when the controller stopped; confirmed from the gateway's state: {msg.Detail}", null);
                break;
            case SaCommandEffect.Running:
                _verifying.Remove(id);
                _deadlines[id] = Now + run.Plan.ItemTimeout + _options.AnswerGrace;
                break;
            case SaCommandEffect.NotVisible when run.State == OperationState.Cancelled:
                _verifying.Remove(id);
                FinishItem(id, ItemStatus.Cancelled, "in flight when the controller stopped and not done; not sent again: the operation was cancelled", null);
                break;
            case SaCommandEffect.NotVisible when run.Attempts(id) >= 2:
                _verifying.Remove(id);
                FinishItem(id, ItemStatus.Failed, $"in flight at two controller stops and still not done ({msg.Detail}); not sent a third time", null);
                break;
            case SaCommandEffect.NotVisible:
                _verifying.Remove(id);
                _finishing.Add(id); // keeps the wave open until it is sent again
                PersistAsync(new OperationItemsDispatched(_id, Now, [id]), e =>
                {
                    run.Apply(e);
                    _finishing.Remove(id);
                    Send(run, id);
                });
                break;
            default:
                _verifying[id] = verification with { LastDetail = msg.Detail };
                break;
        }
    }

    // ---- drain check --------------------------------------------------------------------------------

    private void StartDrainCheck(OperationRun run)
    {
        if (_drainCheck is not null)
        {
            return;
        }

        _drainCheck = new DrainCheck(new HashSet<string>(run.Started.Gateways, StringComparer.OrdinalIgnoreCase), [], [], AcceptedRedirects(run),
            Now + _options.DrainCheckTimeout);
        foreach (var gateway in run.Started.Gateways)
        {
            _gateways.Tell(new GetFreshGatewayView(gateway));
        }

        if (run.Started.Gateways.Count == 0)
        {
            CompleteDrainCheck(run, _drainCheck);
        }
    }

    private void OnDrainView(GatewayView view)
    {
        if (_drainCheck is not { } check || _run is not { } run || !check.Waiting.Contains(view.Status.Gateway))
        {
            return;
        }

        check.Views[view.Status.Gateway] = view;
        if (view.Status.State == GatewayConnectionState.Connected
            && check.Accepted.TryGetValue(view.Status.Gateway, out var accepted) && view.Sas.Any(sa => accepted.Contains(sa.Key)))
        {
            // a redirect that charon accepted has not taken effect yet: the peer re-establishes with the target first,
            // then deletes its SA here; look again on the next tick until it has, or the check's time is up
            check.Relist.Add(view.Status.Gateway);
            return;
        }

        check.Waiting.Remove(view.Status.Gateway);
        if (check.Waiting.Count == 0)
        {
            CompleteDrainCheck(run, check);
        }
    }

    private void CompleteDrainCheck(OperationRun run, DrainCheck check)
    {
        _drainCheck = null;
        // a gateway that answered (but still held moving SAs at the deadline) is reported by its last listing, not as unanswered
        var report = DrainChecker.Report(run, check.Views, check.Waiting.Where(g => !check.Views.ContainsKey(g)), Now, _options.DrainCheckTimeout);
        _finishing.Add(-1); // not quiet until recorded
        PersistAsync(new OperationDrainChecked(_id, Now, report), e =>
        {
            run.Apply(e);
            _finishing.Remove(-1);
            var gateways = string.Join(", ", run.Started.Gateways);
            if (report.Clean)
            {
                OperationLog.DrainConfirmed(_log, _id, gateways);
            }
            else
            {
                OperationLog.DrainIncomplete(_log, _id, report.Remaining.Count, gateways, report.Unconfirmed.Count,
                    report.Remaining.Select(r => $"{r.Gateway} {r.Connection}[{r.IkeId}]: {r.Reason}").Concat(report.Unconfirmed).First());
            }

            SchedulePump();
        });
    }

    private static string Describe(DrainReport report) =>
        (report.Remaining.Count > 0 ? $"{report.Remaining.Count} SAs remain on the drained gateways" : "")
        + (report.Remaining.Count > 0 && report.Unconfirmed.Count > 0 ? "; " : "")
        + (report.Unconfirmed.Count > 0 ? $"{report.Unconfirmed.Count} gateways could not be checked" : "");

    // ---- steering -----------------------------------------------------------------------------------

    private void OnPause(PauseOperation msg)
    {
        if (Refuse(msg.User, OperationState.Running) is { } refusal)
        {
            Sender.Tell(refusal);
            return;
        }

        var sender = Sender;
        Persist(new OperationPaused(_id, Now, msg.User), e =>
        {
            _run!.Apply(e);
            OperationLog.Paused(_log, _id, msg.User);
            sender.Tell(new OperationControlResult.Done(_run.Summary()));
            Publish();
        });
    }

    private void OnResume(ResumeOperation msg)
    {
        if (Refuse(msg.User, OperationState.Paused, OperationState.Halted) is { } refusal)
        {
            Sender.Tell(refusal);
            return;
        }

        var sender = Sender;
        var halted = _run!.State == OperationState.Halted;
        Persist(new OperationResumed(_id, Now, msg.User), e =>
        {
            _run.Apply(e);
            if (halted)
            {
                _waveReadyAt = Now; // the operator looked at the failures and decided: the next wave goes now
            }

            OperationLog.Resumed(_log, _id, msg.User);
            sender.Tell(new OperationControlResult.Done(_run.Summary()));
            Publish();
            SchedulePump();
        });
    }

    private void OnCancel(CancelOperation msg)
    {
        if (Refuse(msg.User, OperationState.Running, OperationState.Paused, OperationState.Halted) is { } refusal)
        {
            Sender.Tell(refusal);
            return;
        }

        var sender = Sender;
        var pending = _run!.Totals.Pending;
        Persist(new OperationCancelled(_id, Now, msg.User), e =>
        {
            _run.Apply(e);
            _queues.Clear();
            _queuedWave = 0;
            OperationLog.Cancelled(_log, _id, msg.User, pending);
            sender.Tell(new OperationControlResult.Done(_run.Summary()));
            Publish();
            SchedulePump();
        });
    }

    private OperationControlResult? Refuse(string user, params OperationState[] allowed)
    {
        if (_run is null)
        {
            return new OperationControlResult.NotFound(_id);
        }

        if (string.IsNullOrWhiteSpace(user))
        {
            return new OperationControlResult.Refused(_id, _run.State, "A user is required.");
        }

        if (_ending || !allowed.Contains(_run.State))
        {
            var state = _ending && !_run.State.IsFinal() ? "finishing" : _run.State.ToString().ToLowerInvariant();
            return new OperationControlResult.Refused(_id, _run.State, $"Operation {_id} is {state}.");
        }

        return null;
    }

    // ---- messages to self ---------------------------------------------------------------------------

    private sealed record Verification(DateTimeOffset GiveUpAt, DateTimeOffset NextTryAt, string LastDetail);

    private sealed record DrainCheck(HashSet<string> Waiting, Dictionary<string, GatewayView> Views, HashSet<string> Relist,
        Dictionary<string, HashSet<string>> Accepted, DateTimeOffset GiveUpAt);

    /// <summary>Per drained gateway, the IKE_SAs whose redirect it accepted (their items succeeded): worked out once when the
    /// check starts, not for every listing of every gateway.</summary>
    private static Dictionary<string, HashSet<string>> AcceptedRedirects(OperationRun run) =>
        Enumerable.Range(0, run.ItemCount)
            .Where(i => run.Status(i) == ItemStatus.Succeeded && run.Item(i).IkeKey is not null)
            .GroupBy(i => run.Item(i).Gateway, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(i => run.Item(i).IkeKey!).ToHashSet(StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);

    private sealed record ResumeAfterRecovery
    {
        public static readonly ResumeAfterRecovery Instance = new();
    }

    private sealed record Pump
    {
        public static readonly Pump Instance = new();
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record ProgressTick
    {
        public static readonly ProgressTick Instance = new();
    }
}
