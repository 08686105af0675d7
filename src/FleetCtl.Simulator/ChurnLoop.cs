using System.Diagnostics;

namespace FleetCtl.Simulator;

/// <summary>
/// Drives background churn for a set of gateways at a steady rate of events (not steps: a step that takes an IKE_SA
/// down raises several): one task and one timer however many gateways and SAs there are. Each step picks a gateway
/// and a kind of event from a seeded random source. When the gateways cannot keep up, the backlog beyond one second
/// is dropped rather than burst.
/// </summary>
internal sealed class ChurnLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly IReadOnlyList<SimulatedGateway> _gateways;
    private readonly double _rate;
    private readonly Random _rng;
    private readonly Action<Exception>? _onError;
    private Task _run = Task.CompletedTask;
    private long _steps;

    private ChurnLoop(IReadOnlyList<SimulatedGateway> gateways, double rate, int seed, Action<Exception>? onError)
    {
        _gateways = gateways;
        _rate = rate;
        _rng = new Random(seed);
        _onError = onError;
    }

    public static ChurnLoop Start(IReadOnlyList<SimulatedGateway> gateways, double eventsPerSecond, int seed, Action<Exception>? onError = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eventsPerSecond);
        var loop = new ChurnLoop(gateways, eventsPerSecond, seed, onError);
        loop._run = Task.Run(loop.RunAsync);
        return loop;
    }

    /// <summary>Churn steps run so far.</summary>
    public long Steps => Interlocked.Read(ref _steps);

    private async Task RunAsync()
    {
        if (_gateways.Count == 0)
        {
            return;
        }

        var ct = _stop.Token;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(1000.0 / _rate, 10, 250));
        using var timer = new PeriodicTimer(period);
        var clock = Stopwatch.StartNew();
        long done = 0;
        var burst = (long)Math.Ceiling(_rate);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                var due = (long)(clock.Elapsed.TotalSeconds * _rate) - done;
                if (due > burst)
                {
                    done += due - burst;
                    due = burst;
                }

                while (due > 0)
                {
                    var gateway = _gateways[_rng.Next(_gateways.Count)];
                    var raised = 1;
                    try
                    {
                        raised = Math.Max(1, await gateway.ChurnOnceAsync(_rng, ct).ConfigureAwait(false));
                    }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        _onError?.Invoke(e);
                    }

                    done += raised;
                    due -= raised;
                    Interlocked.Increment(ref _steps);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        _stop.Dispose();
    }
}
