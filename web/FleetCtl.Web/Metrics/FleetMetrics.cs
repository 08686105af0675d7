using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using FleetCtl.Fleet;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;
using FleetCtl.Fleet.State;
using Prometheus;

namespace FleetCtl.Web.Metrics;

/// <summary>How <c>/metrics</c> gathers per-SA series (<c>Fleet:Metrics</c>).</summary>
public sealed class FleetMetricsOptions
{
    /// <summary>Export <c>ipsec_ike_sa_*</c> / <c>ipsec_child_sa_*</c> (asks every connected gateway for its view at scrape time).</summary>
    public bool PerSa { get; set; } = true;

    /// <summary>At most this many gateway views asked at once during a scrape.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>The whole per-SA collection of one scrape gives up after this long; gateways not answered by then export no SA series.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// The server's Prometheus metrics (docs/metrics.md). Fleet-wide gauges come from <see cref="FleetDirectory"/>, per-SA
/// gauges from the gateways' views at scrape time, counters from the bus (<see cref="FleetMetricsActor"/>). Its own
/// registry, so two servers in one process (tests) do not share series. Labels carry names, ids and addresses only, never secrets.
/// </summary>
public sealed class FleetMetrics : IDisposable
{
    private static readonly string[] s_ikeLabels =
        ["gateway", "name", "uid", "version", "local_host", "local_id", "remote_host", "remote_id", "remote_identity", "vips"];
    private static readonly string[] s_childLabels =
        ["gateway", "ike_sa_name", "ike_sa_uid", "name", "uid", "mode", "protocol", "local_ts", "remote_ts"];

    // ipsec_exporter's numbering (its README): the strongSwan enum order
    private static readonly string[] s_ikeStates = ["CREATED", "CONNECTING", "ESTABLISHED", "PASSIVE", "REKEYING", "REKEYED", "DELETING", "DESTROYING"];
    private static readonly string[] s_childStates =
        ["CREATED", "ROUTED", "INSTALLING", "INSTALLED", "UPDATING", "REKEYING", "REKEYED", "RETRYING", "DELETING", "DELETED", "DESTROYING"];

    private readonly FleetDirectory _directory;
    private readonly IFleetQueries _queries;
    private readonly FleetMetricsOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _applyGate = new(1, 1);
    private readonly Dictionary<string, DateTimeOffset> _lastResyncSeen = new(StringComparer.Ordinal);
    private HashSet<LabelKey> _ikeSeries = [];
    private HashSet<LabelKey> _childSeries = [];

    private readonly Gauge _gateways;
    private readonly Gauge _gatewayUp;
    private readonly Gauge _ipsecUp;
    private readonly Gauge _ikeSas;
    private readonly Gauge _ipsecIkeSas;
    private readonly Gauge _childSas;
    private readonly Gauge _tunnelsDown;
    private readonly Gauge _lastResync;
    private readonly Histogram _resyncDuration;
    private readonly Counter _saChanges;
    private readonly Counter _alerts;
    private readonly Gauge _ikeState;
    private readonly Gauge _ikeEstablished;
    private readonly Gauge _childState;
    private readonly Gauge _childBytesIn;
    private readonly Gauge _childBytesOut;
    private readonly Gauge _childPacketsIn;
    private readonly Gauge _childPacketsOut;
    private readonly Gauge _childInstalled;
    private readonly Counter _viewErrors;
    private readonly Histogram _collectDuration;
    private readonly Histogram _journalWrite;
    private readonly Gauge _journalPending;
    private readonly System.Diagnostics.Metrics.MeterListener _listener = new();

    public FleetMetrics(FleetDirectory directory, IFleetQueries queries, FleetMetricsOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(queries);
        _directory = directory;
        _queries = queries;
        _options = options ?? new FleetMetricsOptions();
        _time = time ?? TimeProvider.System;
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var f = Prometheus.Metrics.WithCustomRegistry(Registry);

        _gateways = f.CreateGauge("fleetctl_gateways", "Gateways of the inventory by connection state.", "state");
        _gatewayUp = f.CreateGauge("fleetctl_gateway_up", "1 when the controller is connected to the gateway's VICI socket, else 0.", "gateway");
        _ipsecUp = f.CreateGauge("ipsec_up", "ipsec_exporter compatible: 1 when the gateway's daemon answers (connected), else 0.", "gateway");
        _ikeSas = f.CreateGauge("fleetctl_ike_sas", "IKE_SAs the controller holds for the gateway.", "gateway");
        _ipsecIkeSas = f.CreateGauge("ipsec_ike_sas", "ipsec_exporter compatible: number of IKE SAs of the gateway (as the controller holds them).", "gateway");
        _childSas = f.CreateGauge("fleetctl_child_sas", "CHILD_SAs the controller holds for the gateway.", "gateway");
        _tunnelsDown = f.CreateGauge("fleetctl_tunnels_down", "Configured CHILD_SAs without an installed CHILD_SA.", "gateway");
        _lastResync = f.CreateGauge("fleetctl_gateway_last_resync_duration_seconds", "Duration of the gateway's last resync (list-sas + reconcile).", "gateway");
        _resyncDuration = f.CreateHistogram("fleetctl_resync_duration_seconds", "Resync durations of all gateways, observed as they complete.",
            new HistogramConfiguration { Buckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _saChanges = f.CreateCounter("fleetctl_sa_changes_total", "SA changes published on fleet.sas (rate() gives events per second).", "gateway", "kind", "cause");
        _alerts = f.CreateCounter("fleetctl_alerts_total", "Alerts published on fleet.alerts.", "gateway", "type");
        _ikeState = f.CreateGauge("ipsec_ike_sa_state",
            "IKE SA state. Created: 0, connecting: 1, established: 2, passive: 3, rekeying: 4, rekeyed: 5, deleting: 6, destroying: 7 (-1: unknown).", s_ikeLabels);
        _ikeEstablished = f.CreateGauge("ipsec_ike_sa_established_seconds", "Number of seconds since the IKE SA has been established.", s_ikeLabels);
        _childState = f.CreateGauge("ipsec_child_sa_state",
            "Child SA state. Created: 0, routed: 1, installing: 2, installed: 3, updating: 4, rekeying: 5, rekeyed: 6, retrying: 7, deleting: 8, deleted: 9, destroying: 10 (-1: unknown).",
            s_childLabels);
        _childBytesIn = f.CreateGauge("ipsec_child_sa_bytes_in", "Number of input bytes processed.", s_childLabels);
        _childBytesOut = f.CreateGauge("ipsec_child_sa_bytes_out", "Number of output bytes processed.", s_childLabels);
        _childPacketsIn = f.CreateGauge("ipsec_child_sa_packets_in", "Number of input packets processed.", s_childLabels);
        _childPacketsOut = f.CreateGauge("ipsec_child_sa_packets_out", "Number of output packets processed.", s_childLabels);
        _childInstalled = f.CreateGauge("ipsec_child_sa_installed_seconds", "Number of seconds since the child SA has been installed.", s_childLabels);
        _viewErrors = f.CreateCounter("fleetctl_metrics_view_errors_total", "Gateway views a scrape could not get in time (those gateways export no SA series that scrape).");
        _collectDuration = f.CreateHistogram("fleetctl_metrics_collect_duration_seconds", "Time a scrape spent gathering fleet metrics.",
            new HistogramConfiguration { Buckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

        _journalWrite = f.CreateHistogram("fleetctl_journal_write_seconds", "Journal write lag: from handing an SA change to the journal until it was written.",
            new HistogramConfiguration { Buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _journalPending = f.CreateGauge("fleetctl_journal_pending_events", "SA changes handed to the journal and not yet written.");

        Registry.AddBeforeCollectCallback(CollectAsync);
        _directory.Changed += OnStatusChanged;

        // the fleet core measures with System.Diagnostics.Metrics (it knows nothing of Prometheus); listen to its meter
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FleetCtl.Fleet.Telemetry.FleetMeters.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == FleetCtl.Fleet.Telemetry.FleetMeters.JournalWriteName)
            {
                _journalWrite.Observe(value);
            }
        });
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == FleetCtl.Fleet.Telemetry.FleetMeters.JournalPendingName)
            {
                _journalPending.Inc(value);
            }
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _directory.Changed -= OnStatusChanged;
    }

    /// <summary>What <c>/metrics</c> serves.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Counts one SA change (called by <see cref="FleetMetricsActor"/>).</summary>
    public void Record(SaChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        _saChanges.WithLabels(change.Gateway, change.Kind, change.Cause == SaChangeCause.Event ? "event" : "resync").Inc();
    }

    /// <summary>Counts one alert (called by <see cref="FleetMetricsActor"/>).</summary>
    public void Record(AlertRaised alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        _alerts.WithLabels(alert.Gateway, alert.AlertType).Inc();
    }

    private void OnStatusChanged(GatewayStatus status)
    {
        if (status.LastResyncDuration is not { } duration || status.LastResyncAt is not { } at)
        {
            return;
        }

        lock (_lastResyncSeen)
        {
            if (_lastResyncSeen.TryGetValue(status.Gateway, out var seen) && seen >= at)
            {
                return;
            }

            _lastResyncSeen[status.Gateway] = at;
        }

        _resyncDuration.Observe(duration.TotalSeconds);
    }

    private async Task CollectAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var statuses = _directory.All;
        var byState = Enum.GetValues<GatewayConnectionState>().ToDictionary(s => s, _ => 0);
        foreach (var s in statuses)
        {
            byState[s.State]++;
            var up = s.State == GatewayConnectionState.Connected ? 1 : 0;
            _gatewayUp.WithLabels(s.Gateway).Set(up);
            _ipsecUp.WithLabels(s.Gateway).Set(up);
            _ikeSas.WithLabels(s.Gateway).Set(s.IkeSas);
            _ipsecIkeSas.WithLabels(s.Gateway).Set(s.IkeSas);
            _childSas.WithLabels(s.Gateway).Set(s.ChildSas);
            _tunnelsDown.WithLabels(s.Gateway).Set(s.TunnelsDown);
            if (s.LastResyncDuration is { } d)
            {
                _lastResync.WithLabels(s.Gateway).Set(d.TotalSeconds);
            }
        }

        foreach (var (state, count) in byState)
        {
            _gateways.WithLabels(StateLabel(state)).Set(count);
        }

        if (_options.PerSa)
        {
            var connected = statuses.Where(s => s.State == GatewayConnectionState.Connected).Select(s => s.Gateway).ToArray();
            var views = await FetchViewsAsync(connected, cancellationToken).ConfigureAwait(false);
            await ApplySaSeriesAsync(views, cancellationToken).ConfigureAwait(false);
        }

        _collectDuration.Observe(_time.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Views of the given gateways, asked <see cref="FleetMetricsOptions.Concurrency"/> at a time, all within <see cref="FleetMetricsOptions.Timeout"/>.</summary>
    private async Task<IReadOnlyList<GatewayView>> FetchViewsAsync(IReadOnlyList<string> gateways, CancellationToken cancellationToken)
    {
        var views = new List<GatewayView>(gateways.Count);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.Timeout);
        try
        {
            await Parallel.ForEachAsync(gateways,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Concurrency), CancellationToken = budget.Token },
                async (name, ct) =>
                {
                    try
                    {
                        if (await _queries.GetGatewayViewAsync(name, ct).ConfigureAwait(false) is { } view)
                        {
                            lock (views)
                            {
                                views.Add(view);
                            }
                        }
                    }
#pragma warning disable CA1031 // one gateway that cannot answer must not fail the scrape
                    catch (Exception) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
                    {
                        // counted below as not answered
                    }
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the budget ran out: export what arrived
        }

        lock (views)
        {
            _viewErrors.Inc(gateways.Count - views.Count);
            return views.ToArray();
        }
    }

    private async Task ApplySaSeriesAsync(IReadOnlyList<GatewayView> views, CancellationToken cancellationToken)
    {
        await _applyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            var ikeSeries = new HashSet<LabelKey>();
            var childSeries = new HashSet<LabelKey>();
            foreach (var view in views)
            {
                var gateway = view.Status.Gateway;
                foreach (var ike in view.Sas)
                {
                    var ikeUid = Text(ike.UniqueId);
                    var ikeLabels = new LabelKey([
                        gateway, ike.Name, ikeUid, Text(ike.IkeVersion), ike.LocalHost ?? "", ike.LocalId ?? "", ike.RemoteHost ?? "", ike.RemoteId ?? "",
                        ike.RemoteEapId ?? ike.RemoteXauthId ?? "", string.Join(',', ike.RemoteVips)]);
                    if (ikeSeries.Add(ikeLabels))
                    {
                        _ikeState.WithLabels(ikeLabels.Values).Set(StateNumber(s_ikeStates, ike.State));
                        _ikeEstablished.WithLabels(ikeLabels.Values).Set(ike.EstablishedAt is { } e ? Math.Max(0, (now - e).TotalSeconds) : 0);
                    }

                    foreach (var child in ike.Children)
                    {
                        var childLabels = new LabelKey([
                            gateway, ike.Name, ikeUid, child.Name, Text(child.UniqueId), child.Mode ?? "", child.Protocol ?? "",
                            string.Join(',', child.LocalTs), string.Join(',', child.RemoteTs)]);
                        if (!childSeries.Add(childLabels))
                        {
                            continue;
                        }

                        var labels = childLabels.Values;
                        _childState.WithLabels(labels).Set(StateNumber(s_childStates, child.State));
                        _childBytesIn.WithLabels(labels).Set(child.BytesIn);
                        _childBytesOut.WithLabels(labels).Set(child.BytesOut);
                        _childPacketsIn.WithLabels(labels).Set(child.PacketsIn);
                        _childPacketsOut.WithLabels(labels).Set(child.PacketsOut);
                        _childInstalled.WithLabels(labels).Set(child.InstalledAt is { } i ? Math.Max(0, (now - i).TotalSeconds) : 0);
                    }
                }
            }

            // SAs gone (or gateways that did not answer this scrape) export nothing rather than a stale value
            foreach (var gone in _ikeSeries.Where(k => !ikeSeries.Contains(k)))
            {
                _ikeState.RemoveLabelled(gone.Values);
                _ikeEstablished.RemoveLabelled(gone.Values);
            }

            foreach (var gone in _childSeries.Where(k => !childSeries.Contains(k)))
            {
                foreach (var gauge in (Gauge[])[_childState, _childBytesIn, _childBytesOut, _childPacketsIn, _childPacketsOut, _childInstalled])
                {
                    gauge.RemoveLabelled(gone.Values);
                }
            }

            _ikeSeries = ikeSeries;
            _childSeries = childSeries;
        }
        finally
        {
            _applyGate.Release();
        }
    }

    private static string StateLabel(GatewayConnectionState state) => state.ToString().ToLowerInvariant();

    private static double StateNumber(string[] states, string? state) =>
        state is null ? -1 : Array.FindIndex(states, s => string.Equals(s, state, StringComparison.OrdinalIgnoreCase));

    private static string Text(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>A series' label values with value equality.</summary>
    private readonly record struct LabelKey(string[] Values)
    {
        public bool Equals(LabelKey other) => Values.AsSpan().SequenceEqual(other.Values);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var v in Values)
            {
                hash.Add(v, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}

/// <summary>Subscribes to <see cref="FleetTopics.Sas"/> and <see cref="FleetTopics.Alerts"/> through the mediator and counts into <see cref="FleetMetrics"/>.</summary>
public sealed class FleetMetricsActor : ReceiveActor
{
    private readonly IActorRef _mediator;

    public FleetMetricsActor(FleetMetrics metrics, IActorRef mediator)
    {
        _mediator = mediator;
        Receive<SaChange>(metrics.Record);
        Receive<AlertRaised>(metrics.Record);
        Receive<SubscribeAck>(_ => { });
    }

    public static Props Props(FleetMetrics metrics, IActorRef mediator) => Akka.Actor.Props.Create(() => new FleetMetricsActor(metrics, mediator));

    protected override void PreStart()
    {
        _mediator.Tell(new Subscribe(FleetTopics.Sas, Self));
        _mediator.Tell(new Subscribe(FleetTopics.Alerts, Self));
    }
}

/// <summary>Wiring of <c>/metrics</c>.</summary>
public static class FleetMetricsExtensions
{
    /// <summary>Registers <see cref="FleetMetrics"/> (options from <c>Fleet:Metrics</c>).</summary>
    public static IServiceCollection AddFleetMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection("Fleet:Metrics").Get<FleetMetricsOptions>() ?? new FleetMetricsOptions();
        services.AddSingleton(options);
        services.AddSingleton<FleetMetrics>();
        return services;
    }

    /// <summary>Starts the bus subscriber that feeds the counters (pass to <see cref="FleetHostingOptions.ConfigureAkka"/>).</summary>
    public static void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithActors((system, _) =>
        {
            var mediator = DistributedPubSub.Get(system).Mediator;
            system.ActorOf(FleetMetricsActor.Props(services.GetRequiredService<FleetMetrics>(), mediator), "fleet-metrics");
        });
    }

    /// <summary>Maps <c>/metrics</c> (Prometheus text format).</summary>
    public static IEndpointConventionBuilder MapFleetMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapMetrics("/metrics", endpoints.ServiceProvider.GetRequiredService<FleetMetrics>().Registry);
    }
}
