using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;

namespace FleetCtl.Fleet.Telemetry;

/// <summary>
/// Sampled time series for charts, in memory only: it <b>starts empty at each controller start</b> and holds at most
/// <see cref="FleetTimelineOptions.Retention"/> of fleet points (every <see cref="FleetTimelineOptions.SampleInterval"/>)
/// and per-gateway points (every <see cref="FleetTimelineOptions.GatewaySampleInterval"/>), plus per-second counts of
/// bus events for <see cref="FleetTimelineOptions.RateRetention"/>, all in fixed-size rings. Points come from
/// <see cref="FleetDirectory"/>'s statuses (<see cref="Sample(DateTimeOffset)"/>) and from <see cref="FleetTimelineActor"/>,
/// which follows the bus and drives the sampling. Thread-safe: written by that actor, read from any thread.
/// </summary>
public sealed class FleetTimeline
{
    private readonly FleetDirectory _directory;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    private readonly FleetPoint[] _fleet;
    private int _fleetNext;
    private int _fleetCount;

    // gateway points: one ring of sample times, and per gateway one ring of counts in the same slots
    private readonly long[] _gatewayTimes;
    private readonly Dictionary<string, Counts[]> _gateways = new(StringComparer.Ordinal);
    private int _gatewayNext;
    private int _gatewayCount;
    private DateTimeOffset? _lastGatewaySample;

    // event rates: one bucket per second, tagged with its second so a stale bucket reads as empty
    private readonly long[] _rateSeconds;
    private readonly int[] _saChanges;
    private readonly int[] _alerts;

    public FleetTimeline(FleetDirectory directory, FleetTimelineOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        options ??= new FleetTimelineOptions();
        options.Validate();
        _directory = directory;
        Options = options;
        _time = time ?? TimeProvider.System;
        _fleet = new FleetPoint[Slots(options.Retention, options.SampleInterval)];
        _gatewayTimes = new long[Slots(options.Retention, options.GatewaySampleInterval)];
        var seconds = (int)Math.Ceiling(options.RateRetention.TotalSeconds);
        _rateSeconds = new long[seconds];
        Array.Fill(_rateSeconds, long.MinValue);
        _saChanges = new int[seconds];
        _alerts = new int[seconds];
    }

    public FleetTimelineOptions Options { get; }

    /// <summary>The clock the timeline reads "now" from.</summary>
    public TimeProvider Time => _time;

    /// <summary>Samples the fleet now (see <see cref="Sample(DateTimeOffset)"/>).</summary>
    public void Sample() => Sample(_time.GetUtcNow());

    /// <summary>
    /// Records a fleet point at <paramref name="now"/>, and per-gateway points when
    /// <see cref="FleetTimelineOptions.GatewaySampleInterval"/> has passed since the last ones (within half a sample interval).
    /// </summary>
    public void Sample(DateTimeOffset now)
    {
        var statuses = _directory.All;
        int connected = 0, unreachable = 0, ikes = 0, children = 0, down = 0;
        foreach (var status in statuses)
        {
            connected += status.State == GatewayConnectionState.Connected ? 1 : 0;
            unreachable += status.State == GatewayConnectionState.Unreachable ? 1 : 0;
            ikes += status.IkeSas;
            children += status.ChildSas;
            down += status.TunnelsDown;
        }

        lock (_gate)
        {
            _fleet[_fleetNext] = new FleetPoint(now, connected, unreachable, statuses.Count, ikes, children, down);
            _fleetNext = (_fleetNext + 1) % _fleet.Length;
            _fleetCount = Math.Min(_fleetCount + 1, _fleet.Length);

            if (_lastGatewaySample is { } last && now < last + Options.GatewaySampleInterval - Options.SampleInterval / 2)
            {
                return;
            }

            _lastGatewaySample = now;
            var slot = _gatewayNext;
            _gatewayTimes[slot] = now.UtcTicks;
            foreach (var series in _gateways.Values)
            {
                series[slot] = Counts.Missing; // a gateway gone from the directory has no point here
            }

            foreach (var status in statuses)
            {
                if (!_gateways.TryGetValue(status.Gateway, out var series))
                {
                    series = new Counts[_gatewayTimes.Length];
                    Array.Fill(series, Counts.Missing);
                    _gateways[status.Gateway] = series;
                }

                series[slot] = new Counts(status.IkeSas, status.ChildSas);
            }

            _gatewayNext = (slot + 1) % _gatewayTimes.Length;
            _gatewayCount = Math.Min(_gatewayCount + 1, _gatewayTimes.Length);
        }
    }

    /// <summary>Counts an SA change that arrived now.</summary>
    public void CountSaChange() => CountSaChange(_time.GetUtcNow());

    /// <summary>Counts an SA change in the second of <paramref name="at"/>.</summary>
    public void CountSaChange(DateTimeOffset at) => Count(at, saChange: true);

    /// <summary>Counts an alert that arrived now.</summary>
    public void CountAlert() => CountAlert(_time.GetUtcNow());

    /// <summary>Counts an alert in the second of <paramref name="at"/>.</summary>
    public void CountAlert(DateTimeOffset at) => Count(at, saChange: false);

    /// <summary>Fleet points at or after <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<FleetPoint> Fleet(DateTimeOffset since)
    {
        lock (_gate)
        {
            var points = new List<FleetPoint>();
            for (var i = 0; i < _fleetCount; i++)
            {
                var point = _fleet[(_fleetNext - _fleetCount + i + _fleet.Length) % _fleet.Length];
                if (point.At >= since)
                {
                    points.Add(point);
                }
            }

            return points;
        }
    }

    /// <summary>One gateway's points at or after <paramref name="since"/>, oldest first; empty for a gateway never sampled.</summary>
    public IReadOnlyList<GatewayPoint> Gateway(string name, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            if (!_gateways.TryGetValue(name, out var series))
            {
                return [];
            }

            var points = new List<GatewayPoint>();
            for (var i = 0; i < _gatewayCount; i++)
            {
                var slot = (_gatewayNext - _gatewayCount + i + _gatewayTimes.Length) % _gatewayTimes.Length;
                var at = new DateTimeOffset(_gatewayTimes[slot], TimeSpan.Zero);
                if (at >= since && series[slot].IkeSas >= 0)
                {
                    points.Add(new GatewayPoint(at, series[slot].IkeSas, series[slot].ChildSas));
                }
            }

            return points;
        }
    }

    /// <summary>
    /// Events per second for every complete second that starts at or after <paramref name="since"/> and lies within
    /// <see cref="FleetTimelineOptions.RateRetention"/> of now, oldest first; seconds without events are zeros. The current,
    /// incomplete second is left out.
    /// </summary>
    public IReadOnlyList<RatePoint> EventRates(DateTimeOffset since)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var first = Math.Max(CeilingSeconds(since), now - _rateSeconds.Length + 1);
        lock (_gate)
        {
            var points = new List<RatePoint>((int)Math.Max(0, now - first));
            for (var second = first; second < now; second++)
            {
                var i = Bucket(second);
                points.Add(_rateSeconds[i] == second
                    ? new RatePoint(DateTimeOffset.FromUnixTimeSeconds(second), _saChanges[i], _alerts[i])
                    : new RatePoint(DateTimeOffset.FromUnixTimeSeconds(second), 0, 0));
            }

            return points;
        }
    }

    private void Count(DateTimeOffset at, bool saChange)
    {
        var second = at.ToUnixTimeSeconds();
        var i = Bucket(second);
        lock (_gate)
        {
            if (_rateSeconds[i] != second)
            {
                if (_rateSeconds[i] > second)
                {
                    return; // older than what the bucket holds now: out of the window
                }

                _rateSeconds[i] = second;
                _saChanges[i] = 0;
                _alerts[i] = 0;
            }

            if (saChange)
            {
                _saChanges[i]++;
            }
            else
            {
                _alerts[i]++;
            }
        }
    }

    private int Bucket(long second) => (int)(((second % _rateSeconds.Length) + _rateSeconds.Length) % _rateSeconds.Length);

    private static long CeilingSeconds(DateTimeOffset at)
    {
        var seconds = at.ToUnixTimeSeconds();
        return DateTimeOffset.FromUnixTimeSeconds(seconds) < at ? seconds + 1 : seconds;
    }

    private static int Slots(TimeSpan retention, TimeSpan interval) => (int)Math.Ceiling(retention / interval) + 1;

    /// <summary>A gateway's counts in one slot; <see cref="Missing"/> when it had no status then.</summary>
    private readonly record struct Counts(int IkeSas, int ChildSas)
    {
        public static readonly Counts Missing = new(-1, -1);
    }
}
