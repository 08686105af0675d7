using System.Runtime.CompilerServices;
using FleetCtl.Vici.Commands;
using FleetCtl.Vici.Events;
using Xunit;

namespace FleetCtl.Vici.Tests;

public sealed class TypedStreamingTests
{
    private sealed class Collect<T> : IProgress<T>
    {
        public List<T> Items { get; } = [];
        public void Report(T value) => Items.Add(value);
    }

    /// <summary>Plays what a client's StreamAsync does: yields the streamed events, then hands over the response.</summary>
    private static async IAsyncEnumerable<ViciMessage> Stream(Action<ViciMessage> onResponse, ViciMessage? response, params ViciMessage[] events)
    {
        foreach (var e in events)
        {
            await Task.Yield();
            yield return e;
        }

        if (response is not null)
        {
            onResponse(response);
        }
    }

    [Fact]
    public async Task Control_log_lines_are_reported_in_order_and_kept()
    {
        var progress = new Collect<ControlLogEvent>();
        var lines = new[]
        {
            CharonSamples.ControlLog("initiating IKE_SA s2s[3] to 203.0.113.42"),
            CharonSamples.ControlLog("IKE_SA s2s[3] established"),
            CharonSamples.ControlLog("CHILD_SA net{7} established"),
        };

        var (response, log) = await ViciStreaming.RunWithControlLogAsync("initiate",
            onResponse => Stream(onResponse, new ViciMessage().Set("success", "yes"), lines), progress, CancellationToken.None);

        Assert.True(response.IsYes("success"));
        Assert.Equal(["initiating IKE_SA s2s[3] to 203.0.113.42", "IKE_SA s2s[3] established", "CHILD_SA net{7} established"],
            log.Select(l => l.Message));
        Assert.Equal(log, progress.Items);
        Assert.All(log, l => Assert.NotEqual(default, l.ReceivedAt));
    }

    [Fact]
    public async Task A_failed_response_throws_with_the_errmsg_after_reporting_the_lines()
    {
        var progress = new Collect<ControlLogEvent>();
        var response = new ViciMessage().Set("success", "no").Set("errmsg", "establishing CHILD_SA 'net' failed");

        var e = await Assert.ThrowsAsync<ViciCommandFailedException>(() => ViciStreaming.RunWithControlLogAsync("initiate",
            onResponse => Stream(onResponse, response, CharonSamples.ControlLog("received NO_PROPOSAL_CHOSEN notify error")),
            progress, CancellationToken.None));

        Assert.Equal("initiate", e.Command);
        Assert.Equal("establishing CHILD_SA 'net' failed", e.ErrorMessage);
        Assert.Same(response, e.Response);
        Assert.Equal("received NO_PROPOSAL_CHOSEN notify error", Assert.Single(progress.Items).Message);
    }

    [Fact]
    public async Task Works_without_a_progress_and_without_lines()
    {
        var (_, log) = await ViciStreaming.RunWithControlLogAsync("terminate",
            onResponse => Stream(onResponse, new ViciMessage().Set("success", "yes").Set("matches", 1L).Set("terminated", 1L)),
            null, CancellationToken.None);

        Assert.Empty(log);
    }

    [Fact]
    public async Task A_stream_that_ends_without_a_response_is_an_error()
    {
        await Assert.ThrowsAsync<ViciException>(() => ViciStreaming.RunWithControlLogAsync("initiate",
            onResponse => Stream(onResponse, null, CharonSamples.ControlLog()), null, CancellationToken.None));
    }

    [Fact]
    public async Task Cancellation_stops_the_drain()
    {
        using var cts = new CancellationTokenSource();

        static async IAsyncEnumerable<ViciMessage> Endless([EnumeratorCancellation] CancellationToken ct = default)
        {
            while (true)
            {
                await Task.Delay(1, ct);
                yield return CharonSamples.ControlLog();
            }
        }

        var run = ViciStreaming.RunWithControlLogAsync("initiate", _ => Endless(), new ProgressThatCancels(cts), cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    private sealed class ProgressThatCancels(CancellationTokenSource cts) : IProgress<ControlLogEvent>
    {
        public void Report(ControlLogEvent value) => cts.Cancel();
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(null, 0L, null)]
    [InlineData(null, -1L, null)]
    [InlineData(null, 15000L, 25000.0)]
    [InlineData(3000.0, 15000L, 3000.0)]
    public void The_client_timeout_outlasts_the_daemon_timeout(double? explicitMs, long? daemonMs, double? expectedMs)
    {
        var timeout = ViciStreaming.ClientTimeout(explicitMs is null ? null : TimeSpan.FromMilliseconds(explicitMs.Value), daemonMs);

        Assert.Equal(expectedMs, timeout?.TotalMilliseconds);
    }
}
