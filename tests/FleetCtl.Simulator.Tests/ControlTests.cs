using FleetCtl.Vici;

namespace FleetCtl.Simulator.Tests;

/// <summary>initiate, terminate and rekey through the real client, with the events they raise.</summary>
public sealed class ControlTests
{
    [Fact]
    public async Task Terminate_by_ike_id_removes_the_sa_and_emits_child_down_then_ike_down()
    {
        await using var h = Harness.Start(sas: 8);
        await using var client = await h.ConnectAsync();
        await client.RegisterAllAsync(["ike-updown", "child-updown"]);
        var victim = h.Gateway.GetIkeSas()[3];

        var response = await client.CallAsync("terminate", new ViciMessage().Set("ike-id", victim.UniqueId));
        Assert.Equal(1, response.GetInt32("matches"));
        Assert.Equal(1, response.GetInt32("terminated"));

        var events = client.Drain();
        Assert.Equal([.. Enumerable.Repeat("child-updown", victim.Children.Count), "ike-updown"], events.Select(e => e.Name));
        Assert.All(events, e => Assert.False(e.Message.IsYes("up")));
        Assert.All(events, e => Assert.Equal(victim.Name, e.Message.IkeName()));
        Assert.Equal(victim.UniqueId, (uint)events[^1].Message.Ike().GetInt64("uniqueid")!.Value);
        Assert.Null(events[^1].Message.Ike().GetSection("child-sas")); // ike-updown carries no child-sas
        Assert.Single(events[0].Message.Ike().Children());

        var listed = await client.ListSasAsync();
        Assert.Equal(7, listed.Count);
        Assert.DoesNotContain(listed, m => m.Ike().GetInt64("uniqueid") == victim.UniqueId);
        Assert.Equal(7, h.Gateway.IkeSaCount);
    }

    [Fact]
    public async Task Terminate_by_ike_name_streams_control_log_to_the_caller()
    {
        await using var h = Harness.Start(sas: 8);
        await using var client = await h.ConnectAsync();
        var victim = h.Gateway.GetIkeSas().First(s => s.Name.StartsWith("site-", StringComparison.Ordinal));
        var logs = new List<ViciMessage>();
        ViciMessage? response = null;
        await foreach (var log in client.StreamAsync("terminate", "control-log", new ViciMessage().Set("ike", victim.Name), onResponse: r => response = r))
        {
            logs.Add(log);
        }

        Assert.Equal(1, response!.GetInt32("terminated"));
        Assert.Contains(logs, l => l.GetString("msg")!.Contains($"deleting IKE_SA {victim.Name}[{victim.UniqueId}]", StringComparison.Ordinal));
        Assert.All(logs, l => Assert.Equal(victim.Name, l.GetString("ikesa-name")));
        Assert.All(logs, l => Assert.NotNull(l.GetString("group")));
        Assert.All(logs, l => Assert.NotNull(l.GetInt32("level")));
    }

    [Fact]
    public async Task Terminate_a_child_by_id_keeps_its_ike_sa()
    {
        await using var h = Harness.Start(sas: 8);
        await using var client = await h.ConnectAsync();
        await client.RegisterAsync("child-updown");
        var sa = h.Gateway.GetIkeSas()[0];
        var child = sa.Children[0];

        var response = await client.CallAsync("terminate", new ViciMessage().Set("child-id", child.UniqueId));
        Assert.Equal(1, response.GetInt32("matches"));
        var down = Assert.Single(client.Drain());
        Assert.Equal(child.Name, down.Message.Ike().Children().Single().GetString("name"));

        var after = Assert.Single(await client.ListSasAsync(new ViciMessage().Set("ike-id", sa.UniqueId)));
        Assert.DoesNotContain(after.Ike().Children(), c => c.GetInt64("uniqueid") == child.UniqueId);
    }

    [Fact]
    public async Task Terminate_without_a_match_or_selector_fails_as_charon_does()
    {
        await using var h = Harness.Start();
        await using var client = await h.ConnectAsync();
        var none = await Assert.ThrowsAsync<ViciCommandFailedException>(() => client.CallAsync("terminate", new ViciMessage().Set("ike", "nope")));
        Assert.Equal("no matching SAs to terminate found", none.ErrorMessage);
        Assert.Equal(0, none.Response.GetInt32("matches"));
        var missing = await Assert.ThrowsAsync<ViciCommandFailedException>(() => client.CallAsync("terminate"));
        Assert.Equal("missing terminate selector", missing.ErrorMessage);
    }

    [Fact]
    public async Task Initiate_brings_up_a_configured_connection_with_control_log_and_up_events()
    {
        await using var h = Harness.Start(sas: 10, down: 3);
        await using var client = await h.ConnectAsync();
        await client.RegisterAllAsync(["ike-updown", "child-updown"]);
        var up = h.Gateway.GetIkeSas().Select(s => s.Name).ToHashSet();
        var idle = h.Gateway.GetConnectionNames().First(n => n.StartsWith("site-", StringComparison.Ordinal) && !up.Contains(n));

        var logs = new List<string>();
        await foreach (var log in client.StreamAsync("initiate", "control-log", new ViciMessage().Set("child", "net").Set("ike", idle)))
        {
            logs.Add(log.GetString("msg")!);
        }

        Assert.Contains(logs, l => l.StartsWith($"IKE_SA {idle}[", StringComparison.Ordinal) && l.Contains("established", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.StartsWith("CHILD_SA net{", StringComparison.Ordinal));
        var events = client.Drain();
        Assert.Equal(["ike-updown", "child-updown"], events.Select(e => e.Name));
        Assert.All(events, e => Assert.True(e.Message.IsYes("up")));
        Assert.Equal(idle, events[0].Message.IkeName());
        Assert.True(events[0].Message.Ike().IsYes("initiator"));

        var listed = Assert.Single(await client.ListSasAsync(new ViciMessage().Set("ike", idle)));
        Assert.Equal("net", listed.Ike().Children().Single().GetString("name"));
        Assert.Equal(11, h.Gateway.IkeSaCount);
    }

    [Fact]
    public async Task Initiate_an_unknown_config_fails_with_charons_errmsg()
    {
        await using var h = Harness.Start();
        await using var client = await h.ConnectAsync();
        var e = await Assert.ThrowsAsync<ViciCommandFailedException>(() => client.CallAsync("initiate", new ViciMessage().Set("child", "nope")));
        Assert.Equal("CHILD_SA config 'nope' not found", e.ErrorMessage);
        var missing = await Assert.ThrowsAsync<ViciCommandFailedException>(() => client.CallAsync("initiate"));
        Assert.Equal("missing configuration name", missing.ErrorMessage);
    }

    [Fact]
    public async Task Rekey_a_child_gives_new_spis_and_unique_id_keeps_the_reqid_and_emits_child_rekey()
    {
        await using var h = Harness.Start(sas: 6);
        await using var client = await h.ConnectAsync();
        await client.RegisterAsync("child-rekey");
        var sa = h.Gateway.GetIkeSas()[1];
        var child = sa.Children[0];

        var response = await client.CallAsync("rekey", new ViciMessage().Set("child-id", child.UniqueId));
        Assert.Equal(1, response.GetInt32("matches"));

        var rekey = Assert.Single(client.Drain());
        Assert.Equal("child-rekey", rekey.Name);
        var pair = rekey.Message.Ike().GetSection("child-sas")!.GetSection(child.Name)!;
        var (old, @new) = (pair.GetSection("old")!, pair.GetSection("new")!);
        Assert.Equal(child.SpiIn, old.GetString("spi-in"));
        Assert.NotEqual(old.GetString("spi-in"), @new.GetString("spi-in"));
        Assert.NotEqual(old.GetString("spi-out"), @new.GetString("spi-out"));
        Assert.NotEqual(old.GetInt64("uniqueid"), @new.GetInt64("uniqueid"));
        Assert.Equal(old.GetInt64("reqid"), @new.GetInt64("reqid"));
        Assert.Equal(0, @new.GetInt64("install-time"));

        var now = h.Gateway.GetIkeSas().Single(s => s.UniqueId == sa.UniqueId).Children.Single(c => c.ReqId == child.ReqId);
        Assert.Equal(@new.GetString("spi-in"), now.SpiIn);
    }

    [Fact]
    public async Task Rekey_an_ike_sa_gives_new_spis_and_a_new_unique_id_and_emits_ike_rekey()
    {
        await using var h = Harness.Start(sas: 6);
        await using var client = await h.ConnectAsync();
        await client.RegisterAsync("ike-rekey");
        var sa = h.Gateway.GetIkeSas()[4];

        var response = await client.CallAsync("rekey", new ViciMessage().Set("ike-id", sa.UniqueId));
        Assert.Equal(1, response.GetInt32("matches"));

        var rekey = Assert.Single(client.Drain());
        Assert.Equal("ike-rekey", rekey.Name);
        Assert.Equal(sa.Name, rekey.Message.IkeName());
        var (old, @new) = (rekey.Message.Ike().GetSection("old")!, rekey.Message.Ike().GetSection("new")!);
        Assert.Equal(sa.InitiatorSpi, old.GetString("initiator-spi"));
        Assert.NotEqual(old.GetString("initiator-spi"), @new.GetString("initiator-spi"));
        Assert.NotEqual(old.GetString("responder-spi"), @new.GetString("responder-spi"));
        Assert.Equal(sa.UniqueId, (uint)old.GetInt64("uniqueid")!.Value);
        var newId = (uint)@new.GetInt64("uniqueid")!.Value;
        Assert.NotEqual(sa.UniqueId, newId);

        Assert.Empty(await client.ListSasAsync(new ViciMessage().Set("ike-id", sa.UniqueId)));
        var listed = Assert.Single(await client.ListSasAsync(new ViciMessage().Set("ike-id", newId)));
        Assert.Equal(@new.GetString("initiator-spi"), listed.Ike().GetString("initiator-spi"));
        Assert.Equal(sa.Children.Count, listed.Ike().Children().Count()); // the CHILD_SAs moved over
    }

    [Fact]
    public async Task Rekey_without_a_match_fails()
    {
        await using var h = Harness.Start();
        await using var client = await h.ConnectAsync();
        var e = await Assert.ThrowsAsync<ViciCommandFailedException>(() => client.CallAsync("rekey", new ViciMessage().Set("ike-id", 9999)));
        Assert.Equal("no matching SAs to rekey found", e.ErrorMessage);
    }

    [Fact]
    public async Task Alert_is_unknown_on_5_9_8_as_in_real_charon()
    {
        await using var h = Harness.Start(version: "5.9.8");
        await using var client = await h.ConnectAsync();
        await Assert.ThrowsAsync<ViciUnknownEventException>(() => client.RegisterAsync("alert"));
        Assert.Contains("alert", client.UnsupportedEvents);
        Assert.Empty(await client.RegisterAllAsync(["ike-updown", "child-updown", "ike-rekey", "child-rekey", "ike-update", "log"]));
    }

    [Fact]
    public async Task Alert_is_known_on_6_0_3_and_churn_raises_alerts_with_the_ike_sa()
    {
        await using var h = Harness.Start(version: "6.0.3", sas: 10);
        await using var client = await h.ConnectAsync();
        await client.RegisterAsync("alert");
        await h.Gateway.ChurnAsync(200, new Random(3));
        await client.SyncAsync();

        var alerts = client.Drain();
        Assert.NotEmpty(alerts);
        Assert.All(alerts, a => Assert.Equal("alert", a.Name));
        Assert.All(alerts, a => Assert.NotNull(a.Message.GetString("type")));
        var withSa = alerts.First(a => a.Message.GetSection("ike-sa") is not null).Message.GetSection("ike-sa")!;
        Assert.NotNull(withSa.Ike().GetInt64("uniqueid"));
    }

    [Fact]
    public async Task Churn_raises_every_kind_of_event()
    {
        await using var h = Harness.Start(sas: 10, version: "6.0.3");
        await using var client = await h.ConnectAsync();
        string[] kinds = ["ike-updown", "child-updown", "ike-rekey", "child-rekey", "ike-update", "log", "alert"];
        await client.RegisterAllAsync(kinds);
        var raised = await h.Gateway.ChurnAsync(300, new Random(11));
        await client.SyncAsync();

        var events = client.Drain();
        Assert.Equal(raised, events.Count);
        Assert.Empty(kinds.Except(events.Select(e => e.Name)));
        var update = events.First(e => e.Name == "ike-update").Message;
        Assert.NotNull(update.GetString("remote-host"));
        Assert.NotNull(update.GetInt32("remote-port"));
        Assert.NotEqual(update.GetInt32("remote-port"), update.Ike().GetInt32("remote-port")); // the section holds the old endpoint
        var log = events.First(e => e.Name == "log").Message;
        Assert.NotNull(log.GetInt32("thread"));
        Assert.NotNull(log.GetString("ikesa-name"));
        Assert.NotNull(log.GetInt64("ikesa-uniqueid"));
        Assert.InRange(h.Gateway.IkeSaCount, 9, 11); // down and up keep the count within one of its target
    }

    [Fact]
    public async Task Churn_is_deterministic_for_a_seed()
    {
        await using var a = Harness.Start(sas: 15, seed: 42);
        await using var b = Harness.Start(sas: 15, seed: 42);
        await using var c = Harness.Start(sas: 15, seed: 43);
        Assert.Equal(Fingerprint(a.Gateway), Fingerprint(b.Gateway));
        Assert.NotEqual(Fingerprint(a.Gateway), Fingerprint(c.Gateway));

        await a.Gateway.ChurnAsync(250, new Random(5));
        await b.Gateway.ChurnAsync(250, new Random(5));
        Assert.Equal(Fingerprint(a.Gateway), Fingerprint(b.Gateway));

        static string Fingerprint(SimulatedGateway g) => string.Join('\n', g.GetIkeSas().Select(s =>
            $"{s.UniqueId} {s.Name} {s.RemoteHost} {s.RemoteId} {s.InitiatorSpi} {s.ResponderSpi} " +
            string.Join(',', s.Children.Select(ch => $"{ch.Name}/{ch.UniqueId}/{ch.ReqId}/{ch.SpiIn}/{ch.SpiOut}"))));
    }
}
