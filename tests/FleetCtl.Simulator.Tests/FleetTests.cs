using System.Text.Json;
using FleetCtl.Vici;

namespace FleetCtl.Simulator.Tests;

/// <summary>Fleets: start-up, inventory, redirects between members (a drain end to end), the churn loop, and scale.</summary>
public sealed class FleetTests
{
    [Fact]
    public async Task A_fleet_starts_n_gateways_of_m_sas_on_their_own_sockets_and_writes_an_inventory()
    {
        await using var fleet = new SimulatedFleet(new FleetOptions { Gateways = 4, SasPerGateway = 6, Versions = ["5.9.8", "6.0.3"] });
        await fleet.StartAsync();

        Assert.Equal(["gw-001", "gw-002", "gw-003", "gw-004"], fleet.Gateways.Select(g => g.Name));
        Assert.Equal(4, fleet.Gateways.Select(g => g.Uri).Distinct().Count());
        Assert.All(fleet.Gateways, g => Assert.True(File.Exists(new Uri(g.Uri!).AbsolutePath), $"{g.Uri} exists"));
        var summary = fleet.GetSummary();
        Assert.Equal(new FleetSummary(4, 4, 24, fleet.Gateways.Sum(g => g.ChildSaCount), 0, 0), summary);

        foreach (var g in fleet.Gateways)
        {
            await using var client = await ViciClient.ConnectAsync(g.Uri!);
            Assert.Equal(g.Version, (await client.CallAsync("version")).GetString("version"));
            Assert.Equal(6, (await client.ListSasAsync()).Count);
        }

        Assert.Equal("6.0.3", fleet["gw-002"].Version);
        Assert.True(fleet.TryGetGateway(fleet["gw-003"].Address, out var byAddress));
        Assert.Same(fleet["gw-003"], byAddress);

        using var inventory = JsonDocument.Parse(File.ReadAllText(fleet.WriteInventory()));
        var entries = inventory.RootElement.GetProperty("gateways").EnumerateArray().ToList();
        Assert.Equal(4, entries.Count);
        Assert.Equal("gw-001", entries[0].GetProperty("name").GetString());
        Assert.Equal(fleet["gw-001"].Uri, entries[0].GetProperty("uri").GetString());
        var tags = entries[0].GetProperty("tags");
        Assert.False(string.IsNullOrEmpty(tags.GetProperty("site").GetString()));
        Assert.False(string.IsNullOrEmpty(tags.GetProperty("region").GetString()));
        Assert.False(string.IsNullOrEmpty(tags.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task A_tcp_fleet_listens_on_loopback_ports()
    {
        await using var fleet = new SimulatedFleet(new FleetOptions { Gateways = 2, SasPerGateway = 2, UseTcp = true });
        await fleet.StartAsync();
        Assert.All(fleet.Gateways, g => Assert.StartsWith("tcp://127.0.0.1:", g.Uri, StringComparison.Ordinal));
        await using var client = await ViciClient.ConnectAsync(fleet[1].Uri!);
        Assert.Equal(2, (await client.ListSasAsync()).Count);
    }

    [Fact]
    public async Task Redirect_moves_an_sa_from_gateway_a_to_gateway_b_with_events_on_both()
    {
        await using var fleet = new SimulatedFleet(new FleetOptions { Gateways = 2, SasPerGateway = 5 });
        await fleet.StartAsync();
        var (a, b) = (fleet[0], fleet[1]);
        await using var ca = await ViciClient.ConnectAsync(a.Uri!);
        await using var cb = await ViciClient.ConnectAsync(b.Uri!);
        await ca.RegisterAllAsync(["ike-updown", "child-updown"]);
        await cb.RegisterAllAsync(["ike-updown", "child-updown"]);
        var moving = a.GetIkeSas().First(s => s.Version == 2);

        var response = await ca.CallAsync("redirect", new ViciMessage().Set("ike-id", moving.UniqueId).Set("gateway", b.Address));
        Assert.Equal(1, response.GetInt32("matches"));

        var down = ca.Drain();
        Assert.Equal([.. Enumerable.Repeat("child-updown", moving.Children.Count), "ike-updown"], down.Select(e => e.Name));
        Assert.All(down, e => Assert.False(e.Message.IsYes("up")));
        var up = await cb.ReadUntilAsync(events => events.Count == 1 + moving.Children.Count);
        Assert.Equal(["ike-updown", .. Enumerable.Repeat("child-updown", moving.Children.Count)], up.Select(e => e.Name));
        Assert.All(up, e => Assert.True(e.Message.IsYes("up")));
        var arrived = up[0].Message.Ike();
        Assert.Equal(moving.RemoteId, arrived.GetString("remote-id"));
        Assert.Equal(moving.RemoteHost, arrived.GetString("remote-host"));
        Assert.Equal(b.Address, arrived.GetString("local-host"));
        Assert.Equal(b.LocalId, arrived.GetString("local-id"));

        Assert.DoesNotContain(await ca.ListSasAsync(), m => m.Ike().GetString("remote-id") == moving.RemoteId && m.IkeName() == moving.Name);
        var onB = (await cb.ListSasAsync()).Where(m => m.IkeName() == moving.Name && m.Ike().GetString("remote-id") == moving.RemoteId).ToList();
        Assert.Single(onB);
        Assert.Equal(moving.Children.Select(c => c.Name).Order(), onB[0].Ike().Children().Select(c => c.GetString("name")).Order());
        Assert.Equal(4, a.IkeSaCount);
        Assert.Equal(6, b.IkeSaCount);
        Assert.Contains(moving.Name, b.GetConnectionNames()); // the peer's connection is loaded where it landed
    }

    [Fact]
    public async Task Draining_a_gateway_by_peer_id_wildcard_moves_every_ikev2_sa()
    {
        await using var fleet = new SimulatedFleet(new FleetOptions { Gateways = 3, SasPerGateway = 20 });
        await fleet.StartAsync();
        var (a, b) = (fleet[0], fleet[2]);
        var ikev2 = a.GetIkeSas().Count(s => s.Version == 2);
        var ikev1 = a.GetIkeSas().Count - ikev2;
        await using var client = await ViciClient.ConnectAsync(a.Uri!);

        var response = await client.CallAsync("redirect", new ViciMessage().Set("peer-id", "*").Set("gateway", b.LocalId));
        Assert.Equal(ikev2, response.GetInt32("matches"));
        Assert.Equal(ikev1, a.IkeSaCount); // IKEv1 cannot be redirected
        Assert.Equal(20 + ikev2, b.IkeSaCount);
        Assert.Equal(20, fleet[1].IkeSaCount);
        Assert.Equal(60, fleet.GetSummary().IkeSas);
    }

    [Fact]
    public async Task Redirect_selects_by_peer_ip_subnet_and_by_ike_name()
    {
        await using var fleet = new SimulatedFleet(new FleetOptions { Gateways = 2, SasPerGateway = 20 });
        await fleet.StartAsync();
        var a = fleet[0];
        var sites = a.GetIkeSas().Where(s => s.RemoteHost.StartsWith("203.0.113.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(sites);
        await using var client = await ViciClient.ConnectAsync(a.Uri!);

        var bySubnet = await client.CallAsync("redirect", new ViciMessage().Set("peer-ip", "203.0.113.0/24").Set("gateway", fleet[1].Address));
        Assert.Equal(sites.Count, bySubnet.GetInt32("matches"));

        var rw = a.GetIkeSas().Count(s => s.Name == "rw-eap");
        if (rw > 0)
        {
            var byName = await client.CallAsync("redirect", new ViciMessage().Set("ike", "rw-eap").Set("gateway", fleet[1].Address));
            Assert.Equal(rw, byName.GetInt32("matches"));
        }

        Assert.Equal(40, fleet.GetSummary().IkeSas);
    }

    [Fact]
    public async Task Redirect_needs_a_target_gateway_and_a_selector_and_a_match()
    {
        await using var h = Harness.Start(sas: 3);
        await using var client = await h.ConnectAsync();
        var noGateway = await Assert.ThrowsAsync<ViciCommandFailedException>(() => client.CallAsync("redirect", new ViciMessage().Set("ike-id", 1)));
        Assert.Equal("missing target gateway", noGateway.ErrorMessage);
        var noSelector = await Assert.ThrowsAsync<ViciCommandFailedException>(() => client.CallAsync("redirect", new ViciMessage().Set("gateway", "192.0.2.9")));
        Assert.Equal("missing redirect selector", noSelector.ErrorMessage);
        var badIp = await Assert.ThrowsAsync<ViciCommandFailedException>(() => client.CallAsync("redirect", new ViciMessage().Set("peer-ip", "not-an-ip").Set("gateway", "192.0.2.9")));
        Assert.Equal("invalid peer IP selector", badIp.ErrorMessage);
        var noMatch = await Assert.ThrowsAsync<ViciCommandFailedException>(() => client.CallAsync("redirect", new ViciMessage().Set("peer-id", "nobody@example.org").Set("gateway", "192.0.2.9")));
        Assert.Equal("no matching SAs to redirect found", noMatch.ErrorMessage);
        Assert.Equal(0, noMatch.Response.GetInt32("matches"));
    }

    [Fact]
    public async Task The_fleet_churn_loop_raises_events_at_about_the_configured_rate()
    {
        await using var fleet = new SimulatedFleet(new FleetOptions { Gateways = 5, SasPerGateway = 10, EventRate = 200, Versions = ["6.0.3"] });
        await fleet.StartAsync();
        await using var client = await ViciClient.ConnectAsync(fleet[0].Uri!);
        await client.RegisterAllAsync(["ike-updown", "child-updown", "ike-rekey", "child-rekey", "ike-update", "log", "alert"]);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var raised = fleet.GetSummary().EventsRaised;
        Assert.InRange(raised, 100, 450); // ~300 expected; generous for a busy machine
        await client.ReadUntilAsync(events => events.Count >= 10); // gw-001's share reaches its client
        Assert.InRange(fleet.GetSummary().IkeSas, 45, 55);
    }

    [Fact]
    public async Task A_thousand_gateways_of_a_hundred_sas_fit_in_one_process()
    {
        // how fast and how small is the load driver's business (docs/benchmarks.md); here: it holds them and answers
        await using var fleet = new SimulatedFleet(new FleetOptions { Gateways = 1000, SasPerGateway = 100, EventRate = 500 });
        await fleet.StartAsync();

        // the churn starts at once and keeps each gateway near its target, so the total is 100,000 give or take a few flaps
        Assert.InRange(fleet.GetSummary().IkeSas, 99_900, 100_100);
        Assert.Equal("gw-1000", fleet[999].Name);
        await using var client = await ViciClient.ConnectAsync(fleet[736].Uri!);
        Assert.InRange((await client.ListSasAsync()).Count, 99, 101);
        var ids = (await client.ListSasAsync()).Select(m => m.Ike().GetString("remote-id")).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
