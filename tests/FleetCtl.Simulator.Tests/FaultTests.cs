using FleetCtl.Vici;

namespace FleetCtl.Simulator.Tests;

/// <summary>Injected faults as the real client experiences them.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task A_cut_response_makes_the_client_lose_the_connection_mid_frame()
    {
        await using var h = Harness.Start(sas: 5);
        await using var client = await h.ConnectAsync();
        h.Gateway.CutNextResponse();

        var e = await Assert.ThrowsAsync<ViciConnectionLostException>(() => client.CallAsync("version"));
        Assert.Contains("middle of a frame", e.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);

        // the fault was one-shot and the gateway goes on
        await using var again = await h.ConnectAsync();
        Assert.Equal("charon", (await again.CallAsync("version")).GetString("daemon"));
    }

    [Fact]
    public async Task A_cut_list_sas_response_fails_the_stream()
    {
        await using var h = Harness.Start(sas: 5);
        await using var client = await h.ConnectAsync();
        h.Gateway.CutNextResponse();
        await Assert.ThrowsAsync<ViciConnectionLostException>(() => client.ListSasAsync());
    }

    [Fact]
    public async Task Cutting_a_frame_on_idle_connections_ends_them_mid_frame()
    {
        await using var h = Harness.Start(sas: 5);
        await using var client = await h.ConnectAsync();
        await using var other = await h.ConnectAsync();
        await client.RegisterAsync("log");
        await h.Gateway.CutFrameAsync();

        var lost = await Assert.ThrowsAsync<ViciConnectionLostException>(() => client.Completion.WaitAsync(Vici.Wait));
        Assert.Contains("middle of a frame", lost.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ViciConnectionLostException>(() => other.CallAsync("version"));
        Assert.Equal(0, h.Gateway.ClientCount);
    }

    [Fact]
    public async Task A_stall_times_the_client_out_until_released()
    {
        await using var h = Harness.Start(sas: 5);
        await using var client = await h.ConnectAsync();
        using (h.Gateway.StallResponses())
        {
            var e = await Assert.ThrowsAsync<ViciTimeoutException>(() => client.CallAsync("version", timeout: TimeSpan.FromMilliseconds(300)));
            Assert.False(e.ConnectionClosed);
        }

        // released: the late answer to the abandoned request is discarded, and the connection goes on
        Assert.Equal("charon", (await client.CallAsync("version")).GetString("daemon"));
        Assert.Equal(5, (await client.ListSasAsync()).Count);
    }

    [Fact]
    public async Task A_timed_stall_releases_itself()
    {
        await using var h = Harness.Start();
        await using var client = await h.ConnectAsync();
        h.Gateway.StallResponses(TimeSpan.FromMilliseconds(400));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await client.CallAsync("version");
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(350), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task Dropping_connections_closes_every_client_and_new_ones_are_served()
    {
        await using var h = Harness.Start(sas: 3);
        var clients = new[] { await h.ConnectAsync(), await h.ConnectAsync(), await h.ConnectAsync() };
        await clients[0].CallAsync("version");
        await h.Gateway.DropConnectionsAsync();

        foreach (var c in clients)
        {
            await Assert.ThrowsAsync<ViciConnectionLostException>(() => c.Completion.WaitAsync(Vici.Wait));
            await c.DisposeAsync();
        }

        await using var fresh = await h.ConnectAsync();
        Assert.Equal(3, (await fresh.ListSasAsync()).Count);
    }

    [Fact]
    public async Task A_restart_closes_connections_and_comes_back_on_the_same_socket_with_a_changed_sa_set()
    {
        await using var h = Harness.Start(sas: 20, version: "5.9.8");
        var uri = h.Uri;
        await using var client = await h.ConnectAsync();
        var before = (await client.ListSasAsync()).Select(m => (uint)m.Ike().GetInt64("uniqueid")!.Value).ToHashSet();

        var result = await h.Gateway.RestartAsync(new RestartOptions
        {
            RemoveFraction = 0.25, RekeyFraction = 0.2, AddCount = 3, Downtime = TimeSpan.FromMilliseconds(200), Version = "6.0.3",
        });

        await Assert.ThrowsAsync<ViciConnectionLostException>(() => client.Completion.WaitAsync(Vici.Wait));
        Assert.Equal(5, result.Removed.Count);
        Assert.Equal(3, result.Added.Count);
        Assert.Equal(3, result.Rekeyed.Count);
        Assert.Equal(18, result.IkeSaCount);
        Assert.Equal(uri, h.Gateway.Uri);

        await using var again = await ViciClient.ConnectAsync(uri);
        var after = (await again.ListSasAsync()).Select(m => (uint)m.Ike().GetInt64("uniqueid")!.Value).ToHashSet();
        Assert.Equal(18, after.Count);
        Assert.All(result.Removed, id => Assert.DoesNotContain(id, after));
        Assert.All(result.Added, id => Assert.Contains(id, after));
        Assert.All(result.Rekeyed, p => Assert.DoesNotContain(p.Key, after));
        Assert.All(result.Rekeyed, p => Assert.Contains(p.Value, after));
        Assert.Equal(12, before.Intersect(after).Count()); // 20 - 5 removed - 3 rekeyed keep their ids
        Assert.Equal("6.0.3", (await again.CallAsync("version")).GetString("version"));
        await again.RegisterAsync("alert"); // the upgrade brought the alert event
    }

    [Fact]
    public async Task A_tcp_gateway_restarts_on_the_same_port()
    {
        await using var gateway = new SimulatedGateway(new GatewayOptions { SaCount = 4, ListenUri = "tcp://127.0.0.1:0" });
        var uri = gateway.Start();
        await gateway.RestartAsync(new RestartOptions { RemoveFraction = 0, RekeyFraction = 1 });
        Assert.Equal(uri, gateway.Uri);
        await using var client = await ViciClient.ConnectAsync(uri);
        Assert.Equal(4, (await client.ListSasAsync()).Count);
    }
}
