using FleetCtl.Web.Dashboard;
using Microsoft.Extensions.Time.Testing;

namespace FleetCtl.Web.Tests.Components;

public sealed class RefreshThrottleTests
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(500);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 3, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_request_after_a_quiet_period_runs_at_once_and_a_burst_after_it_runs_once_an_interval_later()
    {
        var runs = 0;
        using var throttle = new RefreshThrottle(_time, s_interval, () => { runs++; return Task.CompletedTask; });

        throttle.Request();
        Assert.Equal(1, runs);

        for (var i = 0; i < 1000; i++)
        {
            throttle.Request();
        }

        _time.Advance(s_interval - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, runs);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, runs);

        _time.Advance(TimeSpan.FromSeconds(10)); // nothing asked: nothing runs
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task Never_runs_twice_at_once_and_a_request_during_a_run_gets_one_more_run()
    {
        var running = 0;
        var overlapped = false;
        var runs = 0;
        var gate = new TaskCompletionSource();
        using var throttle = new RefreshThrottle(_time, s_interval, async () =>
        {
            overlapped |= Interlocked.Increment(ref running) > 1;
            runs++;
            if (runs == 1)
            {
                await gate.Task;
            }

            Interlocked.Decrement(ref running);
        });

        throttle.Request();             // run 1 starts and hangs
        throttle.Request();             // asked during run 1
        throttle.Request();
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, runs);          // not while run 1 is still going

        gate.SetResult();
        await Task.Yield();
        _time.Advance(s_interval);
        for (var i = 0; i < 1000 && runs < 2; i++) // the continuation of run 1 comes back through the test's synchronization context
        {
            await Task.Delay(10);
            _time.Advance(s_interval);
        }

        Assert.Equal(2, runs);          // the requests during run 1 were served by exactly one more run
        Assert.False(overlapped);
    }

    [Fact]
    public void A_failing_refresh_does_not_stop_later_ones()
    {
        var runs = 0;
        using var throttle = new RefreshThrottle(_time, s_interval, () =>
        {
            runs++;
            throw new InvalidOperationException("circuit gone");
        });

        throttle.Request();
        _time.Advance(s_interval);
        throttle.Request();
        _time.Advance(s_interval);

        Assert.Equal(2, runs);
    }

    [Fact]
    public void Nothing_runs_after_dispose()
    {
        var runs = 0;
        var throttle = new RefreshThrottle(_time, s_interval, () => { runs++; return Task.CompletedTask; });
        throttle.Request();
        throttle.Request();
        throttle.Dispose();

        _time.Advance(TimeSpan.FromSeconds(5));
        throttle.Request();
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(1, runs);
    }
}
