using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using FleetCtl.Fleet;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.State;

namespace FleetCtl.LoadDriver;

/// <summary>Stands where the DistributedPubSub mediator stands: counts what the gateway actors publish and how late.</summary>
internal sealed class MetricsBus : ReceiveActor
{
    private readonly Metrics _metrics;

    public MetricsBus(Metrics metrics)
    {
        _metrics = metrics;
        Receive<Publish>(p =>
        {
            switch (p.Message)
            {
                case SaChange change:
                    _metrics.OnChange(change);
                    break;
                case GatewayStatus status:
                    _metrics.OnStatus(status);
                    break;
                case AlertRaised alert:
                    _metrics.OnAlert(alert);
                    break;
            }
        });
    }
}

internal sealed class Metrics
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _synced = [];
    private readonly HashSet<string> _firstConnect = [];
    private readonly List<double> _latencies = [];
    private long _eventChanges;
    private long _resyncChanges;
    private long _published;

    /// <summary>Everything the actors published that they also persist (SA changes and connectivity changes), never reset.</summary>
    public long TotalPublished => Interlocked.Read(ref _published);

    private long _nativeAlerts;
    private long _derivedAlerts;

    /// <summary>Alerts raised (native: the daemon's alert event; derived: from its log lines), each journalled by its gateway.</summary>
    public (long Native, long Derived) Alerts => (Interlocked.Read(ref _nativeAlerts), Interlocked.Read(ref _derivedAlerts));

    public string? FirstDerived { get; private set; }

    public void OnAlert(AlertRaised alert)
    {
        if (alert.Derived)
        {
            FirstDerived ??= $"{alert.AlertType}: {alert.Description}";
            Interlocked.Increment(ref _derivedAlerts);
        }
        else
        {
            Interlocked.Increment(ref _nativeAlerts);
        }
    }

    public int Synced
    {
        get
        {
            lock (_gate)
            {
                return _synced.Count;
            }
        }
    }

    public long EventChanges => Interlocked.Read(ref _eventChanges);

    public long ResyncChanges => Interlocked.Read(ref _resyncChanges);

    public void OnChange(SaChange change)
    {
        Interlocked.Increment(ref _published);
        if (change.Cause == SaChangeCause.Event)
        {
            Interlocked.Increment(ref _eventChanges);
            var ms = (DateTimeOffset.UtcNow - change.At).TotalMilliseconds;
            lock (_gate)
            {
                _latencies.Add(ms);
            }
        }
        else
        {
            Interlocked.Increment(ref _resyncChanges);
        }
    }

    public void OnStatus(GatewayStatus status)
    {
        if (status.State == GatewayConnectionState.Connected && status.LastResyncAt is not null)
        {
            lock (_gate)
            {
                if (_synced.Add(status.Gateway) && _firstConnect.Add(status.Gateway))
                {
                    Interlocked.Increment(ref _published); // the actor persisted a 'connected' connectivity change
                }
            }
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _synced.Clear();
            _latencies.Clear();
            Interlocked.Exchange(ref _eventChanges, 0);
            Interlocked.Exchange(ref _resyncChanges, 0);
        }
    }

    public (double P50, double P99, int Samples) Latency()
    {
        lock (_gate)
        {
            if (_latencies.Count == 0)
            {
                return (0, 0, 0);
            }

            var sorted = _latencies.Order().ToArray();
            return (sorted[sorted.Length / 2], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))], sorted.Length);
        }
    }
}
