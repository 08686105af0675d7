namespace FleetCtl.Web.Dashboard;

/// <summary>
/// Coalesces refresh requests: however many arrive, <c>refresh</c> runs at most once per interval and never twice at
/// once, and a request that arrives while it runs is served by one more run afterwards. A request after a quiet
/// period is served at once. <see cref="Request"/> only flips a flag and arms a timer, so it is safe to call from an
/// actor's thread (FleetDirectory.Changed) at any rate.
/// </summary>
public sealed class RefreshThrottle : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly Func<Task> _refresh;
    private readonly ITimer _timer;
    private int _pending;   // a request not yet served by a run
    private int _busy;      // a run is scheduled or running
    private long _lastRun;  // timestamp of the end of the last run
    private volatile bool _disposed;

    public RefreshThrottle(TimeProvider time, TimeSpan interval, Func<Task> refresh)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(refresh);
        _time = time;
        _interval = interval;
        _refresh = refresh;
        _lastRun = time.GetTimestamp() - (long)(interval.TotalSeconds * time.TimestampFrequency) - 1;
        _timer = time.CreateTimer(_ => _ = RunAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>How many times <c>refresh</c> has run (for tests and diagnostics).</summary>
    public int Runs { get; private set; }

    /// <summary>Asks for a refresh; cheap and thread-safe.</summary>
    public void Request()
    {
        Volatile.Write(ref _pending, 1);
        if (!_disposed && Interlocked.CompareExchange(ref _busy, 1, 0) == 0)
        {
            Schedule();
        }
    }

    private void Schedule()
    {
        var due = _interval - _time.GetElapsedTime(Volatile.Read(ref _lastRun));
        try
        {
            _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // disposed between the check and here: nothing more to refresh
        }
    }

    private async Task RunAsync()
    {
        if (_disposed)
        {
            return;
        }

        // requests from here on are served by a later run: this one reads the state after this point
        Volatile.Write(ref _pending, 0);
        try
        {
            Runs++;
            await _refresh().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a failed refresh (page gone, circuit closed) must not stop later ones or crash the timer thread
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            Volatile.Write(ref _lastRun, _time.GetTimestamp());
            Volatile.Write(ref _busy, 0);
            if (Volatile.Read(ref _pending) == 1 && !_disposed && Interlocked.CompareExchange(ref _busy, 1, 0) == 0)
            {
                Schedule();
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
    }
}
