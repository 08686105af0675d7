using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Persistence;
using FleetCtl.Fleet.Diagnosis;
using FleetCtl.Fleet.Operations;
using FleetCtl.Fleet.State;
using FleetCtl.Vici;
using FleetCtl.Vici.Events;
using Microsoft.Extensions.Logging;

namespace FleetCtl.Fleet.Gateways;

/// <summary>
/// Owns one gateway: its VICI session, its live SAs and their history. Connect → register events → list → reconcile
/// with what it held → follow events; on any failure, reconnect with capped exponential backoff and jitter.
/// All I/O runs outside the actor and comes back as messages (PipeTo); the actor never blocks and never waits on
/// subscribers. SA changes are persisted (asynchronously, batched by the journal) and snapshotted, so a restarted or
/// failed-over actor reconciles against the true last state and reports what changed while nobody watched.
/// </summary>
public sealed class GatewayActor : ReceivePersistentActor, IWithTimers
{
    private const string RefreshTimer = "refresh";
    private const string StableTimer = "stable";
    private const string StatusTimer = "status";
    private const string ReconnectTimer = "reconnect";

    private readonly string _gateway;
    private readonly string _uri;
    private readonly IGatewayConnector _connector;
    private readonly IActorRef _bus;
    private readonly GatewayOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly bool _stampWithArrival;
    private readonly GatewaySaState _state;
    private readonly GatewayLogRing _logRing;
    private readonly List<ViciTypedEvent> _buffered = [];
    private readonly Random _random = new();
    private IReadOnlyList<ConfiguredConnection> _connections = [];
    private GatewayStatus _status;
    private IGatewaySession? _session;
    private CancellationTokenSource? _sessionCts;
    private int _generation;
    private bool _syncInFlight;
    private string _resyncReason = "after connect";
    private bool _statusDirty;
    private DateTimeOffset _statusPublishedAt;
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(1);
    private long _dropped;
    private int _sinceSnapshot;

    /// <summary>Operation items running on the session, by operation and item.</summary>
    private readonly Dictionary<(long Operation, int Item), RunningCommand> _running = [];

    /// <summary>Who asked for a fresh view and waits for the next listing to start.</summary>
    private readonly List<IActorRef> _freshWaiters = [];

    /// <summary>Who waits for the listing in flight to end.</summary>
    private readonly List<IActorRef> _syncWaiters = [];

    public GatewayActor(string gateway, string uri, IGatewayConnector connector, IActorRef bus, GatewayOptions options, ILogger logger, TimeProvider? time = null)
    {
        _gateway = gateway;
        _uri = uri;
        _connector = connector;
        _bus = bus;
        _options = options;
        _log = logger;
        _time = time ?? TimeProvider.System;
        _stampWithArrival = time is null;
        _state = new GatewaySaState(gateway);
        _logRing = new GatewayLogRing(options.LogRingLines, options.LogRingBytes);
        var libreswan = LibreswanGatewayConnector.IsLibreswan(uri);
        _status = new GatewayStatus
        {
            Gateway = gateway,
            Uri = libreswan ? uri[LibreswanGatewayConnector.Scheme.Length..] : uri,
            Kind = libreswan ? Inventory.GatewayKind.Libreswan : Inventory.GatewayKind.StrongSwan,
            State = GatewayConnectionState.Connecting, Since = Now,
        };

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is GatewaySnapshot snapshot)
            {
                _state.Restore(snapshot.Sas);
                _connections = snapshot.Connections;
            }
        });
        Recover<SaChange>(change => _state.Apply(change));
        Recover<GatewayConnectivityChanged>(_ => { });
        Recover<AlertRaised>(_ => { });

        Command<Connect>(OnConnect);
        Command<Synced>(OnSynced);
        Command<SessionFailed>(msg => OnSessionFailed(msg.Generation, msg.Error));
        Command<EventArrived>(OnEvent);
        Command<EventsDropped>(OnDropped);
        Command<RefreshTick>(tick => StartResync(tick.Polling ? "poll" : "periodic refresh"));
        Command<ResyncGateway>(_ => StartResync("requested"));
        Command<StableTick>(msg =>
        {
            if (msg.Generation == _generation && _status.State == GatewayConnectionState.Connected)
            {
                _status = _status with { FailedAttempts = 0 };
            }
        });
        Command<PublishStatusTick>(_ => PublishStatusIfDirty());
        Command<GetGatewayView>(_ => Sender.Tell(View()));
        Command<GetGatewayLog>(_ => Sender.Tell(new GatewayLogLines(_gateway, _logRing.Snapshot(), _logRing.Dropped, _logRing.Redacted)));
        Command<GetFreshGatewayView>(_ => OnFreshView());
        Command<RunSaCommand>(OnRunSaCommand);
        Command<SaCommandFinished>(OnSaCommandFinished);
        Command<VerifySaCommand>(OnVerifySaCommand);
        Command<WakeGateway>(_ => { });
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => GatewayLog.SnapshotFailed(_log, _gateway, f.Cause));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId => PersistenceIdFor(_gateway);

    public static string PersistenceIdFor(string gateway) => "gateway-" + gateway;

    public static Props Props(string gateway, string uri, IGatewayConnector connector, IActorRef bus, GatewayOptions options, ILogger logger, TimeProvider? time = null) =>
        Akka.Actor.Props.Create(() => new GatewayActor(gateway, uri, connector, bus, options, logger, time));

    /// <summary>
    /// The actor as it runs in the fleet: under a backoff supervisor that starts it again whenever it stops — Akka stops
    /// a persistent actor whose journal write fails (e.g. a database overloaded or gone). Started again, it recovers
    /// from the journal and resyncs with its gateway, so its state converges and the gateway stays watched.
    /// Messages to the supervisor reach the actor with their sender.
    /// </summary>
    public static Props SupervisedProps(string gateway, string uri, IGatewayConnector connector, IActorRef bus, GatewayOptions options, ILogger logger,
        TimeProvider? time = null) =>
        Akka.Pattern.BackoffSupervisor.Props(Akka.Pattern.Backoff.OnStop(
            Props(gateway, uri, connector, bus, options, logger, time), "gateway", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2, maxNrOfRetries: -1));

    private DateTimeOffset Now => _time.GetUtcNow();

    protected override void OnReplaySuccess()
    {
        base.OnReplaySuccess();
        Self.Tell(new Connect(_generation));
        Timers.StartPeriodicTimer(StatusTimer, PublishStatusTick.Instance, StatusInterval);
    }

    protected override void PostStop()
    {
        CloseSession();
        base.PostStop();
    }

    // ---- connection lifecycle ------------------------------------------------------------------

    private void OnConnect(Connect msg)
    {
        if (msg.Generation != _generation)
        {
            return;
        }

        SetState(GatewayConnectionState.Connecting);
        GatewayLog.Connecting(_log, _gateway, _uri, _status.FailedAttempts);
        var cts = new CancellationTokenSource(_options.ResyncTimeout);
        _sessionCts = cts;
        _syncInFlight = true;
        var generation = _generation;
        ConnectAndSyncAsync(_connector, _gateway, _uri, _options.ResyncTimeout, cts.Token)
            .PipeTo(Self, success: r => new Synced(generation, r.Session, r.Sync, Initial: true), failure: e => new SessionFailed(generation, e));
    }

    private static async Task<(IGatewaySession Session, GatewaySync Sync)> ConnectAndSyncAsync(
        IGatewayConnector connector, string gateway, string uri, TimeSpan deadline, CancellationToken ct)
    {
        var session = await connector.ConnectAsync(gateway, uri, ct).ConfigureAwait(false);
        try
        {
            var sync = await session.SyncAsync(deadline, ct).ConfigureAwait(false);
            return (session, sync);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void OnSynced(Synced msg)
    {
        if (msg.Generation != _generation)
        {
            if (msg.Initial)
            {
                _ = msg.Session.DisposeAsync().AsTask(); // a session nobody wants any more
            }

            return;
        }

        var now = Now;
        var wasConnected = _status.State == GatewayConnectionState.Connected;
        if (msg.Initial)
        {
            _session = msg.Session;
            _sessionCts?.Dispose();
            _sessionCts = new CancellationTokenSource();
            var daemon = msg.Session.Daemon;
            _status = _status with
            {
                DaemonVersion = daemon.Version,
                SupportedEvents = daemon.SupportedEvents,
                UnsupportedEvents = daemon.UnsupportedEvents,
                AlertsFromLogs = daemon.AlertsFromLogs,
                UnreachableSince = null,
                LastError = null,
                NextAttemptAt = null,
            };
            GatewayLog.Connected(_log, _gateway, daemon.Version, string.Join(',', daemon.SupportedEvents));
            if (daemon.AlertsFromLogs)
            {
                GatewayLog.AlertEventUnsupported(_log, _gateway, daemon.Version);
            }
        }

        var firstEver = _status.LastResyncAt is null && LastSequenceNr == 0;
        var changes = _state.Reconcile(msg.Sync.Sas, now);
        _connections = msg.Sync.Connections;
        _status = _status with { LastResyncAt = now, LastResyncDuration = msg.Sync.Duration };
        GatewayLog.ResyncCompleted(_log, _gateway, msg.Initial ? "after connect" : _resyncReason, msg.Sync.Duration.TotalMilliseconds, _state.IkeCount, _state.ChildCount);
        if (changes.Count > 0 && !firstEver)
        {
            GatewayLog.ResyncDifferences(_log, _gateway, changes.Count);
        }

        Record(changes);
        if (changes.Count > 0)
        {
            SaveSnapshot(new GatewaySnapshot(_state.Snapshot(), _connections));
            _sinceSnapshot = 0;
        }

        // events that arrived while the listing ran are applied after it: each is then either already reflected
        // (a no-op, thanks to idempotent application) or newer than the listing
        _syncInFlight = false;
        foreach (var ev in _buffered)
        {
            Handle(ev);
        }

        _buffered.Clear();

        if (msg.Initial)
        {
            SetState(GatewayConnectionState.Connected);
            if (!wasConnected)
            {
                PersistConnectivity(GatewayConnectionState.Connected, null);
            }

            StartPump(msg.Session, _generation, _sessionCts!.Token);
            Timers.StartSingleTimer(StableTimer, new StableTick(_generation), _options.StableAfter);
            var refresh = msg.Session.PollInterval ?? _options.RefreshInterval;
            if (refresh > TimeSpan.Zero)
            {
                Timers.StartPeriodicTimer(RefreshTimer, msg.Session.PollInterval is null ? RefreshTick.Instance : RefreshTick.Poll, refresh);
            }
        }

        AnswerWaiters(_syncWaiters);
        if (_freshWaiters.Count > 0)
        {
            StartResync("requested by an operation");
        }
    }

    private void StartResync(string why)
    {
        if (_session is null || _syncInFlight || _status.State != GatewayConnectionState.Connected)
        {
            return;
        }

        _syncInFlight = true;
        _resyncReason = why;
        _syncWaiters.AddRange(_freshWaiters);
        _freshWaiters.Clear();
        var generation = _generation;
        var session = _session;
        session.SyncAsync(_options.ResyncTimeout, _sessionCts!.Token)
            .PipeTo(Self, success: s => new Synced(generation, session, s, Initial: false), failure: e => new SessionFailed(generation, e));
    }

    private void OnSessionFailed(int generation, Exception error)
    {
        if (generation != _generation)
        {
            return;
        }

        var wasConnected = _status.State == GatewayConnectionState.Connected;
        CloseSession();
        _generation++;
        AnswerWaiters(_syncWaiters);
        AnswerWaiters(_freshWaiters);
        _syncInFlight = false;
        _buffered.Clear();
        Timers.Cancel(RefreshTimer);
        Timers.Cancel(StableTimer);
        var attempts = _status.FailedAttempts + 1;
        var delay = ReconnectBackoff.Delay(attempts - 1, _options.BackoffMin, _options.BackoffMax, _random);
        var now = Now;
        var reason = Describe(error);
        _status = _status with
        {
            FailedAttempts = attempts,
            LastError = reason,
            UnreachableSince = _status.UnreachableSince ?? now,
            NextAttemptAt = now + delay,
        };
        SetState(GatewayConnectionState.Unreachable);
        if (wasConnected)
        {
            GatewayLog.ConnectionLost(_log, _gateway, reason);
            PersistConnectivity(GatewayConnectionState.Unreachable, reason);
        }

        if (error is OperationCanceledException or ViciTimeoutException)
        {
            GatewayLog.ResyncTimedOut(_log, _gateway, _options.ResyncTimeout.TotalMilliseconds);
        }

        GatewayLog.Unreachable(_log, _gateway, reason, attempts, delay.TotalMilliseconds);
        Timers.StartSingleTimer(ReconnectTimer, new Connect(_generation), delay);
    }

    private void StartPump(IGatewaySession session, int generation, CancellationToken ct)
    {
        var self = Self;
        _ = Task.Run(async () =>
        {
            Exception? error = null;
            try
            {
                long dropped = 0;
                await foreach (var ev in session.ReadEventsAsync(ct).ConfigureAwait(false))
                {
                    self.Tell(new EventArrived(generation, ev));
                    var now = session.DroppedEvents;
                    if (now != dropped)
                    {
                        dropped = now;
                        self.Tell(new EventsDropped(generation, now));
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                error = e;
            }

            self.Tell(new SessionFailed(generation, error ?? new InvalidOperationException("the event stream ended")));
        }, CancellationToken.None);
    }

    private void CloseSession()
    {
        var cts = _sessionCts;
        var session = _session;
        _sessionCts = null;
        _session = null;
        if (cts is not null)
        {
            cts.Cancel();
            cts.Dispose();
        }

        if (session is not null)
        {
            _ = session.DisposeAsync().AsTask();
        }
    }

    // ---- events ------------------------------------------------------------------------------

    private void OnEvent(EventArrived msg)
    {
        if (msg.Generation != _generation)
        {
            return;
        }

        if (_syncInFlight)
        {
            _buffered.Add(msg.Event);
            return;
        }

        Handle(msg.Event);
    }

    private void Handle(ViciTypedEvent ev)
    {
        if (ev is AlertEvent alert)
        {
            var raised = new AlertRaised(_gateway, Now, alert.RawType, alert.Sa?.Name, alert.Sa?.RemoteHost, alert.Sa?.RemoteId, alert.Description, Derived: false);
            _bus.Tell(new Publish(FleetTopics.Alerts, raised));
            PersistAsync(raised, _ => { });
            return;
        }

        if (ev is LogEvent log)
        {
            OnLogLine(GatewayLogLine.From(log, _stampWithArrival && ev.ReceivedAt != default ? ev.ReceivedAt : Now));
            return;
        }

        // on the system clock a change is stamped with when its event came off the socket (the most precise moment,
        // and what makes event-to-bus latency measurable); an injected clock (tests) is the authority instead
        Record(_state.Apply(ev, _stampWithArrival && ev.ReceivedAt != default ? ev.ReceivedAt : Now));
    }

    /// <summary>
    /// Keeps the line (redacted) for diagnosis; on a daemon without the <c>alert</c> event (strongSwan before 6.0.3) also
    /// derives the alert charon 6 would have raised, marked as derived. A daemon with the event raises its own, so nothing is
    /// derived there and nothing is counted twice.
    /// </summary>
    private void OnLogLine(GatewayLogLine line)
    {
        if (_options.LogRingLines <= 0 || line.Level > _options.LogMaxLevel || _logRing.Add(line) is not { } kept || !_status.AlertsFromLogs)
        {
            return;
        }

        if (LogAlertDeriver.Derive(kept) is not { } derived)
        {
            return;
        }

        var a = derived.Attributes;
        var connection = a.GetValueOrDefault("ike") ?? kept.IkeSaName;
        // the line often names only its IKE_SA; the actor knows that SA's peer (e.g. a DPD that timed out on an established SA)
        var sa = kept.IkeSaUniqueId is { } uid ? _state.IkeSas.FirstOrDefault(s => s.UniqueId == uid && (connection is null || s.Name == connection)) : null;
        var raised = new AlertRaised(_gateway, kept.Time, derived.WireName, connection is "(unnamed)" ? sa?.Name : connection ?? sa?.Name,
            a.GetValueOrDefault("remoteHost") ?? sa?.RemoteHost, a.GetValueOrDefault("remoteId") ?? sa?.RemoteId, kept.Message, Derived: true);
        _bus.Tell(new Publish(FleetTopics.Alerts, raised));
        PersistAsync(raised, _ => { });
    }

    private void OnDropped(EventsDropped msg)
    {
        if (msg.Generation != _generation || msg.Total == _dropped)
        {
            return;
        }

        GatewayLog.EventsDropped(_log, _gateway, msg.Total - _dropped);
        _dropped = msg.Total;
        StartResync("events were dropped");
    }

    private void Record(IReadOnlyList<SaChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        foreach (var change in changes)
        {
            _bus.Tell(new Publish(FleetTopics.Sas, change));
            GatewayLog.SaChanged(_log, _gateway, change);
        }

        // the journal's write lag, per change: handed over now, confirmed in the callback
        var handedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        Telemetry.FleetMeters.JournalPending.Add(changes.Count);
        PersistAllAsync(changes, _ =>
        {
            Telemetry.FleetMeters.JournalPending.Add(-1);
            Telemetry.FleetMeters.JournalWrite.Record(System.Diagnostics.Stopwatch.GetElapsedTime(handedAt).TotalSeconds);
        });
        _sinceSnapshot += changes.Count;
        if (_sinceSnapshot >= _options.SnapshotEvery)
        {
            SaveSnapshot(new GatewaySnapshot(_state.Snapshot(), _connections));
            _sinceSnapshot = 0;
        }

        // counts are derived when the status is next published or viewed: now if none went out within the last
        // interval (a quiet gateway's change shows at once), else on the next tick (a busy one publishes once per interval)
        _statusDirty = true;
        if (Now - _statusPublishedAt >= StatusInterval)
        {
            PublishStatusIfDirty();
        }
    }

    // ---- status ------------------------------------------------------------------------------

    private void SetState(GatewayConnectionState state)
    {
        if (_status.State != state)
        {
            _status = _status with { State = state, Since = Now };
        }

        PublishStatus();
    }

    private void PublishStatusIfDirty()
    {
        if (_statusDirty)
        {
            PublishStatus();
        }
    }

    private void PublishStatus()
    {
        _bus.Tell(new Publish(FleetTopics.Gateways, CurrentStatus(DownTunnels())));
        _statusDirty = false;
        _statusPublishedAt = Now;
    }

    private void PersistConnectivity(GatewayConnectionState state, string? error) =>
        PersistAsync(new GatewayConnectivityChanged(_gateway, Now, state, error, _status.DaemonVersion), _ => { });

    private GatewayView View()
    {
        var down = DownTunnels();
        return new GatewayView(CurrentStatus(down), _state.Snapshot(), _connections, down);
    }

    /// <summary>The status with what is derived from the state (SA counts, tunnels down) filled in: the one place they are counted.</summary>
    private GatewayStatus CurrentStatus(List<DownTunnel> down) =>
        _status with { IkeSas = _state.IkeCount, ChildSas = _state.ChildCount, TunnelsDown = down.Count };

    private List<DownTunnel> DownTunnels()
    {
        var down = new List<DownTunnel>();
        if (_connections.Count == 0)
        {
            return down;
        }

        var installed = new HashSet<(string, string)>();
        foreach (var ike in _state.IkeSas)
        {
            foreach (var child in ike.Children)
            {
                if (string.Equals(child.State, "INSTALLED", StringComparison.Ordinal))
                {
                    installed.Add((ike.Name, child.Name));
                }
            }
        }

        foreach (var conn in _connections)
        {
            foreach (var child in conn.Children)
            {
                if (!installed.Contains((conn.Name, child.Name)))
                {
                    down.Add(new DownTunnel(conn.Name, child.Name, child.LocalTs, child.RemoteTs));
                }
            }
        }

        return down;
    }

    // ---- operation items -----------------------------------------------------------------------

    private void OnFreshView()
    {
        if (_session is null || _status.State != GatewayConnectionState.Connected)
        {
            Sender.Tell(View());
            return;
        }

        _freshWaiters.Add(Sender);
        StartResync("requested by an operation");
    }

    private void AnswerWaiters(List<IActorRef> waiters)
    {
        if (waiters.Count == 0)
        {
            return;
        }

        var view = View();
        foreach (var waiter in waiters)
        {
            waiter.Tell(view);
        }

        waiters.Clear();
    }

    private void OnRunSaCommand(RunSaCommand msg)
    {
        var key = (msg.OperationId, msg.ItemId);
        if (_running.TryGetValue(key, out var running))
        {
            running.ReplyTo = Sender; // the operation restarted and sent it again: answer the new one, run it once
            return;
        }

        if (_session is not { } session || _status.State != GatewayConnectionState.Connected)
        {
            Sender.Tell(new SaCommandDone(msg.OperationId, msg.ItemId, ItemStatus.Failed, $"gateway not connected ({NotConnected()})", TimeSpan.Zero));
            return;
        }

        if (Missing(msg.Command) is { } gone)
        {
            Sender.Tell(new SaCommandDone(msg.OperationId, msg.ItemId, ItemStatus.Gone, gone, TimeSpan.Zero));
            return;
        }

        _running[key] = new RunningCommand(Sender, msg.Command, msg.Timeout, System.Diagnostics.Stopwatch.GetTimestamp(), _generation);
        RunAsync(session, msg.Command, msg.Timeout, _sessionCts!.Token)
            .PipeTo(Self, success: answer => new SaCommandFinished(key, answer, null), failure: e => new SaCommandFinished(key, null, e));
    }

    private static async Task<SaCommandAnswer> RunAsync(IGatewaySession session, SaCommand command, TimeSpan timeout, CancellationToken sessionToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(sessionToken);
        cts.CancelAfter(timeout);
        return await session.ExecuteAsync(command, timeout, cts.Token).ConfigureAwait(false);
    }

    private void OnSaCommandFinished(SaCommandFinished msg)
    {
        if (!_running.Remove(msg.Key, out var running))
        {
            return;
        }

        var duration = System.Diagnostics.Stopwatch.GetElapsedTime(running.StartedAt);
        var error = msg.Error is AggregateException { InnerException: { } inner } ? inner : msg.Error;
        var (status, message) = (msg.Answer, error) switch
        {
            ({ Success: true } a, _) => (ItemStatus.Succeeded, a.Matches is { } m ? $"success, matches {m}" : "success"),
            ({ } a, _) => (ItemStatus.Failed, a.ErrorMessage ?? $"{running.Command.Verb} failed without an errmsg"),
            _ when running.Generation != _generation => (ItemStatus.Failed,
                "the connection to the gateway was lost while the command ran (it may or may not have been carried out)"),
            (_, OperationCanceledException or ViciTimeoutException) => (ItemStatus.TimedOut, $"no answer within {running.Timeout.TotalSeconds:0.#} s"),
            (_, { } e) => (ItemStatus.Failed, Describe(e)),
            _ => (ItemStatus.Failed, "no answer"),
        };
        if (status != ItemStatus.Succeeded)
        {
            GatewayLog.CommandFailed(_log, _gateway, running.Command.ToString(), message, duration.TotalMilliseconds, msg.Key.Operation);
        }

        running.ReplyTo.Tell(new SaCommandDone(msg.Key.Operation, msg.Key.Item, status, message, duration));
    }

    private void OnVerifySaCommand(VerifySaCommand msg)
    {
        if (_running.TryGetValue((msg.OperationId, msg.ItemId), out var running))
        {
            running.ReplyTo = Sender;
            Sender.Tell(new SaCommandVerified(msg.OperationId, msg.ItemId, SaCommandEffect.Running, "still running on the gateway's session"));
            return;
        }

        if (_status.State != GatewayConnectionState.Connected || _status.LastResyncAt is null)
        {
            Sender.Tell(new SaCommandVerified(msg.OperationId, msg.ItemId, SaCommandEffect.Unknown, $"gateway not connected ({NotConnected()})"));
            return;
        }

        var command = msg.Command;
        if (command.Kind == SaCommandKind.Initiate)
        {
            var up = _state.IkeSas.Any(s => s.Name == command.Connection
                && (command.Child is null || s.Children.Any(c => c.Name == command.Child && c.State == "INSTALLED")));
            Sender.Tell(new SaCommandVerified(msg.OperationId, msg.ItemId, up ? SaCommandEffect.Visible : SaCommandEffect.NotVisible,
                up ? $"{command.Connection} is up" : $"{command.Connection} is not up"));
            return;
        }

        Sender.Tell(Missing(command) is { } gone
            ? new SaCommandVerified(msg.OperationId, msg.ItemId, SaCommandEffect.Visible, gone)
            : new SaCommandVerified(msg.OperationId, msg.ItemId, SaCommandEffect.NotVisible, "the SA is still up"));
    }

    /// <summary>Why the command's SA is not there any more (by key: a unique id reused after a daemon restart is another SA), or null.</summary>
    private string? Missing(SaCommand command)
    {
        if (command.Kind == SaCommandKind.Initiate || command.IkeKey is null)
        {
            return null;
        }

        if (!_state.TryGet(command.IkeKey, out var ike))
        {
            return $"IKE_SA #{command.IkeId} is no longer up (closed, moved or rekeyed)";
        }

        if (command.ChildKey is not null && ike.Children.All(c => c.Key != command.ChildKey))
        {
            return $"CHILD_SA #{command.ChildId} is no longer up (closed or rekeyed)";
        }

        return null;
    }

    private string NotConnected() => _status.LastError is { } error ? $"{_status.State}: {error}" : _status.State.ToString();

    private static string Describe(Exception e) => e switch
    {
        AggregateException { InnerException: { } inner } => Describe(inner),
        OperationCanceledException => "connect and resync did not finish in time",
        _ => e.Message,
    };

    // ---- messages to self --------------------------------------------------------------------

    private sealed record Connect(int Generation);

    private sealed record Synced(int Generation, IGatewaySession Session, GatewaySync Sync, bool Initial);

    private sealed record SessionFailed(int Generation, Exception Error);

    private sealed record EventArrived(int Generation, ViciTypedEvent Event);

    private sealed record EventsDropped(int Generation, long Total);

    private sealed record StableTick(int Generation);

    private sealed record SaCommandFinished((long Operation, int Item) Key, SaCommandAnswer? Answer, Exception? Error);

    private sealed class RunningCommand(IActorRef replyTo, SaCommand command, TimeSpan timeout, long startedAt, int generation)
    {
        public int Generation { get; } = generation;

        public IActorRef ReplyTo { get; set; } = replyTo;

        public SaCommand Command { get; } = command;

        public TimeSpan Timeout { get; } = timeout;

        public long StartedAt { get; } = startedAt;
    }

    /// <summary>Time to relist: the periodic refresh of an event-pushing gateway, or the poll of one that pushes nothing.</summary>
    private sealed record RefreshTick(bool Polling)
    {
        public static readonly RefreshTick Instance = new(false);
        public static readonly RefreshTick Poll = new(true);
    }

    private sealed record PublishStatusTick
    {
        public static readonly PublishStatusTick Instance = new();
    }
}
