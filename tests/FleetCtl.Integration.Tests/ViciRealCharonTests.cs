using System.Threading.Channels;
using FleetCtl.Integration.Tests.Lab;
using FleetCtl.Vici;
using Xunit.Abstractions;

namespace FleetCtl.Integration.Tests;

/// <summary>
/// The library's raw client — <see cref="ViciClient.CallAsync"/>, <see cref="ViciClient.StreamAsync"/>,
/// <see cref="ViciClient.RegisterAsync"/>; no typed helpers, no swanctl — against real strongSwan 5.9.8 charons of a
/// <see cref="CharonLab"/> (kernel-libipsec, so every SA is UDP-encapsulated on port 4500). Every assertion about
/// charon's answers was taken from what these daemons actually send.
/// </summary>
public sealed class ViciRealCharonTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(20);

    private CharonLabOptions Options => new() { Log = output.WriteLine };

    [CharonLabFact]
    public async Task Loads_conn_and_secret_initiates_with_control_log_lists_sas_and_terminates()
    {
        await using var lab = await CharonLab.StartAsync(2, Options);
        var (gw1, gw2) = (lab[1], lab[2]);
        await using var c1 = await ViciClient.ConnectAsync(gw1.ViciUri);
        await using var c2 = await ViciClient.ConnectAsync(gw2.ViciUri);

        var version = await c2.CallAsync("version");
        Assert.Equal("charon", version.GetString("daemon"));
        Assert.Equal("5.9.8", version.GetString("version"));
        Assert.Equal("Linux", version.GetString("sysname"));

        // load-conn built by hand, spelling out the VICI tree; it must equal what the fixture generates (and writes to swanctl.conf)
        var byHand = new ViciMessage().Set("s2s", new ViciMessage()
            .Set("version", "2")
            .Set("local_addrs", new ViciList(["10.99.0.2"]))
            .Set("remote_addrs", new ViciList(["10.99.0.1", "10.99.0.0/24"]))
            .Set("proposals", new ViciList(["aes128-sha256-x25519"]))
            .Set("local", new ViciMessage().Set("auth", "psk").Set("id", "gw2.lab"))
            .Set("remote", new ViciMessage().Set("auth", "psk"))
            .Set("children", new ViciMessage().Set("net", new ViciMessage()
                .Set("local_ts", new ViciList(["10.12.0.0/24"]))
                .Set("remote_ts", new ViciList(["10.11.0.0/24"]))
                .Set("esp_proposals", new ViciList(["aes128-sha256-x25519"])))));
        Assert.True(byHand.ContentEquals(lab.S2S(gw2, gw1).ToLoadConnMessage()), "fixture's load-conn differs from the hand-built one");

        var shared = new ViciMessage().Set("id", "ike-lab").Set("type", "IKE").Set("data", CharonLab.DefaultPsk).Set("owners", new ViciList());
        Assert.True(shared.ContentEquals(lab.Secret.ToLoadSharedMessage()));

        Assert.True((await c2.CallAsync("load-shared", shared)).IsYes("success"));
        Assert.True((await c2.CallAsync("load-conn", byHand)).IsYes("success"));
        await LoadAsync(c1, lab, gw1, gw2);

        Assert.Equal(["s2s"], (await c2.CallAsync("get-conns")).GetStrings("conns"));
        Assert.Equal(["ike-lab"], (await c2.CallAsync("get-shared")).GetStrings("keys"));
        var conns = await Collect(c2.StreamAsync("list-conns", "list-conn", null, CallTimeout));
        var conn = Assert.Single(conns).GetSection("s2s")!;
        output.WriteLine("list-conn: " + conn);
        Assert.Equal(["10.99.0.2"], conn.GetStrings("local_addrs"));
        Assert.Equal(["10.99.0.1", "10.99.0.0/24"], conn.GetStrings("remote_addrs"));
        Assert.Equal("IKEv2", conn.GetString("version"));
        Assert.Equal(["10.12.0.0/24"], conn.GetSection("children")!.GetSection("net")!.GetStrings("local-ts"));

        // initiate, collecting the control-log charon streams for this command only
        ViciMessage? initiateResponse = null;
        var controlLog = await Collect(c2.StreamAsync("initiate", "control-log",
            new ViciMessage().Set("child", "net").Set("ike", "s2s").Set("timeout", 15000), CallTimeout, r => initiateResponse = r));
        Assert.True(initiateResponse!.IsYes("success"));
        var lines = controlLog.Select(m => m.GetString("msg")).ToList();
        output.WriteLine("control-log:\n  " + string.Join("\n  ", lines));
        Assert.Contains("initiating IKE_SA s2s[1] to 10.99.0.1", lines);
        Assert.Contains("remote host is behind NAT", lines); // kernel-libipsec forces UDP encapsulation
        Assert.Contains("IKE_SA s2s[1] established between 10.99.0.2[gw2.lab]...10.99.0.1[gw1.lab]", lines);
        Assert.Contains(lines, l => l!.StartsWith("CHILD_SA net{1} established with SPIs ", StringComparison.Ordinal) && l.EndsWith(" and TS 10.12.0.0/24 === 10.11.0.0/24", StringComparison.Ordinal));
        Assert.All(controlLog, m =>
        {
            Assert.NotNull(m.GetString("group"));
            Assert.NotNull(m.GetInt32("level"));
            Assert.Equal("s2s", m.GetString("ikesa-name"));
            Assert.Equal(1, m.GetInt32("ikesa-uniqueid"));
        });

        // list-sas, streamed as list-sa events, on the responder ...
        var sa1 = Assert.Single(await Collect(c1.StreamAsync("list-sas", "list-sa", null, CallTimeout)));
        var ike1 = sa1.GetSection("s2s")!;
        Assert.Equal(1, ike1.GetInt32("uniqueid"));
        Assert.Equal("2", ike1.GetString("version"));
        Assert.Equal("ESTABLISHED", ike1.GetString("state"));
        Assert.Equal(("10.99.0.1", 4500, "gw1.lab"), (ike1.GetString("local-host"), ike1.GetInt32("local-port"), ike1.GetString("local-id")));
        Assert.Equal(("10.99.0.2", 4500, "gw2.lab"), (ike1.GetString("remote-host"), ike1.GetInt32("remote-port"), ike1.GetString("remote-id")));
        Assert.Null(ike1.GetString("initiator")); // only the initiator carries initiator = yes
        Assert.True(ike1.IsYes("nat-remote"));
        Assert.True(ike1.IsYes("nat-any"));
        Assert.Equal(("AES_CBC", 128, "HMAC_SHA2_256_128", "PRF_HMAC_SHA2_256", "CURVE_25519"),
            (ike1.GetString("encr-alg"), ike1.GetInt32("encr-keysize"), ike1.GetString("integ-alg"), ike1.GetString("prf-alg"), ike1.GetString("dh-group")));
        Assert.Matches("^[0-9a-f]{16}$", ike1.GetString("initiator-spi"));
        Assert.Matches("^[0-9a-f]{16}$", ike1.GetString("responder-spi"));
        Assert.True(ike1.GetInt64("rekey-time") > 0);
        var child1 = Assert.Single(Children(ike1));
        Assert.Equal("net-1", child1.Key); // child-sas are keyed NAME-UNIQUEID
        var net1 = child1.Value;
        Assert.Equal(("net", 1, 1, "INSTALLED", "TUNNEL", "ESP"),
            (net1.GetString("name"), net1.GetInt32("uniqueid"), net1.GetInt32("reqid"), net1.GetString("state"), net1.GetString("mode"), net1.GetString("protocol")));
        Assert.True(net1.IsYes("encap"));
        Assert.Equal(["10.11.0.0/24"], net1.GetStrings("local-ts"));
        Assert.Equal(["10.12.0.0/24"], net1.GetStrings("remote-ts"));
        Assert.Equal(0UL, net1.GetUInt64("bytes-in"));

        // ... and on the initiator, where the SPIs mirror the responder's
        var ike2 = Assert.Single(await Collect(c2.StreamAsync("list-sas", "list-sa", new ViciMessage().Set("ike", "s2s"), CallTimeout))).GetSection("s2s")!;
        Assert.True(ike2.IsYes("initiator"));
        Assert.Equal(ike1.GetString("initiator-spi"), ike2.GetString("initiator-spi"));
        var net2 = Assert.Single(Children(ike2)).Value;
        Assert.Equal(net1.GetString("spi-in"), net2.GetString("spi-out"));
        Assert.Equal(net1.GetString("spi-out"), net2.GetString("spi-in"));

        // terminate, again with its control-log
        ViciMessage? terminateResponse = null;
        var terminateLog = await Collect(c2.StreamAsync("terminate", "control-log", new ViciMessage().Set("ike", "s2s").Set("timeout", 15000), CallTimeout,
            r => terminateResponse = r));
        Assert.True(terminateResponse!.IsYes("success"));
        Assert.Equal(1, terminateResponse.GetInt32("matches"));
        Assert.Equal(1, terminateResponse.GetInt32("terminated"));
        Assert.Contains("deleting IKE_SA s2s[1] between 10.99.0.2[gw2.lab]...10.99.0.1[gw1.lab]", terminateLog.Select(m => m.GetString("msg")));
        Assert.Contains("IKE_SA deleted", terminateLog.Select(m => m.GetString("msg")));
        Assert.Empty(await Collect(c2.StreamAsync("list-sas", "list-sa", null, CallTimeout)));
        await Eventually(async () => Assert.Empty(await Collect(c1.StreamAsync("list-sas", "list-sa", null, CallTimeout))));

        // nothing left to terminate: success = no with charon's errmsg, and the client carries on
        var none = await Assert.ThrowsAsync<ViciCommandFailedException>(() => c2.CallAsync("terminate", new ViciMessage().Set("ike", "s2s").Set("timeout", 1000)));
        Assert.Equal("no matching SAs to terminate found", none.ErrorMessage);
        Assert.Equal(0, none.Response.GetInt32("matches"));
        Assert.True(c2.IsConnected);
    }

    [CharonLabFact]
    public async Task Reports_ike_updown_child_updown_and_log_events()
    {
        await using var lab = await CharonLab.StartAsync(2, Options);
        var (gw1, gw2) = (lab[1], lab[2]);
        await using var c1 = await ViciClient.ConnectAsync(gw1.ViciUri);
        await using var c2 = await ViciClient.ConnectAsync(gw2.ViciUri);
        await LoadAsync(c1, lab, gw1, gw2);
        await LoadAsync(c2, lab, gw2, gw1);
        var e1 = new ViciEventRecorder(c1, "gw1", output.WriteLine);
        var e2 = new ViciEventRecorder(c2, "gw2", output.WriteLine);
        await c1.RegisterAsync("ike-updown");
        await c1.RegisterAsync("child-updown");
        await c2.RegisterAsync("ike-updown");
        await c2.RegisterAsync("child-updown");
        await c2.RegisterAsync("log");
        Assert.Equal(["child-updown", "ike-updown", "log"], c2.RegisteredEvents.Order());

        // a plain call (no control-log stream): the progress shows up as log events instead
        Assert.True((await c2.CallAsync("initiate", new ViciMessage().Set("child", "net").Set("ike", "s2s").Set("timeout", 15000), CallTimeout)).IsYes("success"));

        var up1 = await e1.WaitForAsync("ike-updown", m => m.IsYes("up"));
        var sa1 = up1.Message.GetSection("s2s")!;
        Assert.Equal(("ESTABLISHED", "10.99.0.2", "gw2.lab"), (sa1.GetString("state"), sa1.GetString("remote-host"), sa1.GetString("remote-id")));
        Assert.Null(sa1.GetString("initiator"));
        var childUp1 = await e1.WaitForAsync("child-updown", m => m.IsYes("up"));
        var (childKey, child) = Assert.Single(Children(childUp1.Message.GetSection("s2s")!));
        Assert.Equal("net-1", childKey);
        Assert.Equal(("net", "INSTALLED"), (child.GetString("name"), child.GetString("state")));
        Assert.Equal(["10.11.0.0/24"], child.GetStrings("local-ts"));

        var up2 = await e2.WaitForAsync("ike-updown", m => m.IsYes("up"));
        Assert.True(up2.Message.GetSection("s2s")!.IsYes("initiator"));
        await e2.WaitForAsync("child-updown", m => m.IsYes("up"));

        // log events: every log line of level <= 1, with the IKE_SA it belongs to when there is one
        var vici = await e2.WaitForAsync("log", m => m.GetString("msg") == "vici initiate CHILD_SA 'net'");
        Assert.Equal("CFG", vici.Message.GetString("group"));
        Assert.Null(vici.Message.GetString("ikesa-name"));
        var established = await e2.WaitForAsync("log", m => m.GetString("msg") == "IKE_SA s2s[1] established between 10.99.0.2[gw2.lab]...10.99.0.1[gw1.lab]");
        Assert.Equal(("IKE", 0, "s2s", 1), (established.Message.GetString("group"), established.Message.GetInt32("level"),
            established.Message.GetString("ikesa-name"), established.Message.GetInt32("ikesa-uniqueid")));
        Assert.NotNull(established.Message.GetInt32("thread"));
        Assert.All(e2.Events.Where(e => e.Name == "log"), e => Assert.True(e.Message.GetInt32("level") <= 1));

        // unregistered, the log stream stops: nothing arrives after UnregisterAsync returns, even while charon is busy
        await c2.UnregisterAsync("log");
        var logCount = e2.Events.Count(e => e.Name == "log");

        // closing only the child: child-updown without 'up' on both sides, the IKE_SA stays
        var mark1 = e1.Count;
        var mark2 = e2.Count;
        Assert.True((await c2.CallAsync("terminate", new ViciMessage().Set("child", "net").Set("timeout", 15000), CallTimeout)).IsYes("success"));
        var childDown1 = await e1.WaitForAsync("child-updown", m => !m.ContainsKey("up"), mark1);
        Assert.Equal("net-1", Assert.Single(Children(childDown1.Message.GetSection("s2s")!)).Key);
        await e2.WaitForAsync("child-updown", m => !m.ContainsKey("up"), mark2);
        Assert.DoesNotContain(e1.Events.Skip(mark1), e => e.Name == "ike-updown");

        // and the IKE_SA: ike-updown without 'up', state DELETING
        Assert.True((await c2.CallAsync("terminate", new ViciMessage().Set("ike", "s2s").Set("timeout", 15000), CallTimeout)).IsYes("success"));
        var down1 = await e1.WaitForAsync("ike-updown", m => !m.ContainsKey("up"), mark1);
        Assert.Equal("DELETING", down1.Message.GetSection("s2s")!.GetString("state"));
        var down2 = await e2.WaitForAsync("ike-updown", m => !m.ContainsKey("up"), mark2);
        Assert.Equal("DELETING", down2.Message.GetSection("s2s")!.GetString("state"));
        Assert.Equal(logCount, e2.Events.Count(e => e.Name == "log"));
        Assert.Equal(0, c1.DroppedEvents);
    }

    [CharonLabFact]
    public async Task Rekeys_child_and_ike_sas_and_reports_child_rekey_and_ike_rekey()
    {
        await using var lab = await CharonLab.StartAsync(2, Options);
        var (gw1, gw2) = (lab[1], lab[2]);
        await using var c1 = await ViciClient.ConnectAsync(gw1.ViciUri);
        await using var c2 = await ViciClient.ConnectAsync(gw2.ViciUri);
        await LoadAsync(c1, lab, gw1, gw2);
        await LoadAsync(c2, lab, gw2, gw1);
        await c2.CallAsync("initiate", new ViciMessage().Set("child", "net").Set("ike", "s2s").Set("timeout", 15000), CallTimeout);
        var e1 = new ViciEventRecorder(c1, "gw1", output.WriteLine);
        var e2 = new ViciEventRecorder(c2, "gw2", output.WriteLine);
        foreach (var c in new[] { c1, c2 })
        {
            await c.RegisterAsync("child-rekey");
            await c.RegisterAsync("ike-rekey");
        }

        // rekey only queues the exchange: success with the number of matching SAs, the outcome comes as events
        var rekeyChild = await c2.CallAsync("rekey", new ViciMessage().Set("child", "net"));
        Assert.Equal(1, rekeyChild.GetInt32("matches"));
        foreach (var (events, initiator) in new[] { (e2, true), (e1, false) })
        {
            var ev = await events.WaitForAsync("child-rekey");
            var sa = ev.Message.GetSection("s2s")!;
            Assert.Equal(initiator, sa.IsYes("initiator"));
            Assert.Equal(1, sa.GetInt32("uniqueid")); // same IKE_SA
            var pair = sa.GetSection("child-sas")!.GetSection("net")!; // keyed by the child's name here, holding old and new
            var (old, @new) = (pair.GetSection("old")!, pair.GetSection("new")!);
            Assert.Equal(("REKEYED", 1), (old.GetString("state"), old.GetInt32("uniqueid")));
            Assert.Equal(("INSTALLED", 2), (@new.GetString("state"), @new.GetInt32("uniqueid")));
            Assert.Equal(old.GetInt32("reqid"), @new.GetInt32("reqid"));
            Assert.NotEqual(old.GetString("spi-in"), @new.GetString("spi-in"));
            Assert.Equal("CURVE_25519", @new.GetString("dh-group")); // the ESP proposal has PFS
            Assert.Equal(old.GetStrings("local-ts"), @new.GetStrings("local-ts"));
        }

        var rekeyIke = await c2.CallAsync("rekey", new ViciMessage().Set("ike", "s2s"));
        Assert.Equal(1, rekeyIke.GetInt32("matches"));
        // the old IKE_SA's state in the event differs by side: REKEYING on the initiator, still ESTABLISHED on the responder
        foreach (var (events, oldState) in new[] { (e2, "REKEYING"), (e1, "ESTABLISHED") })
        {
            var ev = await events.WaitForAsync("ike-rekey");
            var pair = ev.Message.GetSection("s2s")!;
            var (old, @new) = (pair.GetSection("old")!, pair.GetSection("new")!);
            Assert.Equal((oldState, 1), (old.GetString("state"), old.GetInt32("uniqueid")));
            Assert.Equal(("ESTABLISHED", 2), (@new.GetString("state"), @new.GetInt32("uniqueid")));
            Assert.NotEqual(old.GetString("initiator-spi"), @new.GetString("initiator-spi"));
            Assert.Equal(old.GetString("remote-id"), @new.GetString("remote-id"));
        }

        // the rekeyed IKE_SA has a new unique id and took the CHILD_SA along; the rekeyed-away child may linger as DELETED
        await Eventually(async () =>
        {
            var ike = Assert.Single(await Collect(c2.StreamAsync("list-sas", "list-sa", null, CallTimeout))).GetSection("s2s")!;
            Assert.Equal(2, ike.GetInt32("uniqueid"));
            Assert.Equal("ESTABLISHED", ike.GetString("state"));
            var installed = Assert.Single(Children(ike), c => c.Value.GetString("state") == "INSTALLED");
            Assert.Equal("net-2", installed.Key);
        });
        Assert.DoesNotContain(e2.Events, e => e.Name is "ike-updown" or "child-updown"); // not registered: a rekey does not leak them
    }

    /// <summary>
    /// redirect (RFC 5685) with the <c>gateway</c> key. What charon 5.9.8 does, seen from the three daemons' events:
    /// gw1 answers <c>success = yes, matches = 1</c> as soon as it has queued the REDIRECT notify. gw2 then builds a
    /// new IKE_SA to gw3 first (ike-updown up: new unique id, remote-host 10.99.0.3, tasks-queued [IKE_REAUTH_COMPLETE];
    /// child-updown up for net with TS narrowed to gw3's subnet), and only afterwards deletes the old one to gw1
    /// (ike-updown without up, state DELETING, remote-host 10.99.0.1) — make-before-break. gw3 sees an ordinary
    /// responder ike-updown up from 10.99.0.2 (its log: "client got redirected from 10.99.0.1"); gw1 sees its SA with
    /// gw2 go down (DELETE from gw2) while its SA with gw3 stays. Without <c>gateway</c>: "missing target gateway".
    /// Occasionally the move takes ~4 s (a lost-in-charon IKE_SA_INIT response and a retransmit; see the swanctl redirect
    /// test in Lab/SwanctlLabTests.cs), which the 15 s event waits allow for.
    /// </summary>
    [CharonLabFact]
    public async Task Redirect_with_gateway_moves_the_peer_to_a_third_gateway()
    {
        await using var lab = await CharonLab.StartAsync(3, Options);
        var (gw1, gw2, gw3) = (lab[1], lab[2], lab[3]);
        await using var c1 = await ViciClient.ConnectAsync(gw1.ViciUri);
        await using var c2 = await ViciClient.ConnectAsync(gw2.ViciUri);
        await using var c3 = await ViciClient.ConnectAsync(gw3.ViciUri);
        await LoadAsync(c1, lab, gw1, gw2);
        await LoadAsync(c2, lab, gw2, gw1);
        await LoadAsync(c3, lab, gw3, gw1);
        var initiate = new ViciMessage().Set("child", "net").Set("ike", "s2s").Set("timeout", 15000);
        await c2.CallAsync("initiate", initiate, CallTimeout); // gw1 <-> gw2
        await c3.CallAsync("initiate", initiate, CallTimeout); // gw1 <-> gw3
        var (e1, e2, e3) = (new ViciEventRecorder(c1, "gw1", output.WriteLine), new ViciEventRecorder(c2, "gw2", output.WriteLine), new ViciEventRecorder(c3, "gw3", output.WriteLine));
        foreach (var c in new[] { c1, c2, c3 })
        {
            await c.RegisterAsync("ike-updown");
            await c.RegisterAsync("child-updown");
        }

        var missing = await Assert.ThrowsAsync<ViciCommandFailedException>(() => c1.CallAsync("redirect", new ViciMessage().Set("ike", "s2s")));
        Assert.Equal("missing target gateway", missing.ErrorMessage);
        var noMatch = await Assert.ThrowsAsync<ViciCommandFailedException>(() =>
            c1.CallAsync("redirect", new ViciMessage().Set("ike", "nope").Set("gateway", gw3.OuterAddress)));
        Assert.Equal("no matching SAs to redirect found", noMatch.ErrorMessage);

        // gw1 holds two s2s IKE_SAs; peer-ip picks gw2's
        var redirect = await c1.CallAsync("redirect", new ViciMessage().Set("ike", "s2s").Set("peer-ip", gw2.OuterAddress).Set("gateway", gw3.OuterAddress));
        Assert.Equal(1, redirect.GetInt32("matches"));

        var newUp = await e2.WaitForAsync("ike-updown", m => m.IsYes("up"));
        var newSa = newUp.Message.GetSection("s2s")!;
        Assert.Equal(("10.99.0.3", "gw3.lab", "ESTABLISHED"), (newSa.GetString("remote-host"), newSa.GetString("remote-id"), newSa.GetString("state")));
        Assert.Equal(2, newSa.GetInt32("uniqueid"));
        Assert.Contains("IKE_REAUTH_COMPLETE", newSa.GetStrings("tasks-queued"));
        var childUp = await e2.WaitForAsync("child-updown", m => m.IsYes("up"));
        Assert.Equal(["10.13.0.0/24"], Assert.Single(Children(childUp.Message.GetSection("s2s")!)).Value.GetStrings("remote-ts"));
        var oldDown = await e2.WaitForAsync("ike-updown", m => !m.ContainsKey("up"));
        var oldSa = oldDown.Message.GetSection("s2s")!;
        Assert.Equal(("10.99.0.1", 1, "DELETING"), (oldSa.GetString("remote-host"), oldSa.GetInt32("uniqueid"), oldSa.GetString("state")));
        Assert.True(e2.Events.ToList().IndexOf(newUp) < e2.Events.ToList().IndexOf(oldDown), "make-before-break: the new SA comes up before the old goes down");

        var gw3Up = await e3.WaitForAsync("ike-updown", m => m.IsYes("up"));
        Assert.Equal("10.99.0.2", gw3Up.Message.GetSection("s2s")!.GetString("remote-host"));
        Assert.Null(gw3Up.Message.GetSection("s2s")!.GetString("initiator"));
        await gw3.WaitForLogAsync("client got redirected from 10.99.0.1");

        var gw1Down = await e1.WaitForAsync("ike-updown", m => !m.ContainsKey("up"));
        Assert.Equal("10.99.0.2", gw1Down.Message.GetSection("s2s")!.GetString("remote-host"));

        await Eventually(async () =>
        {
            var sas1 = await Collect(c1.StreamAsync("list-sas", "list-sa", null, CallTimeout));
            Assert.Equal(["gw3.lab"], sas1.Select(m => m.GetSection("s2s")!.GetString("remote-id")));
            var sas2 = await Collect(c2.StreamAsync("list-sas", "list-sa", null, CallTimeout));
            Assert.Equal(["10.99.0.3"], sas2.Select(m => m.GetSection("s2s")!.GetString("remote-host")));
            var sas3 = await Collect(c3.StreamAsync("list-sas", "list-sa", null, CallTimeout));
            Assert.Equal(["gw1.lab", "gw2.lab"], sas3.Select(m => m.GetSection("s2s")!.GetString("remote-id")).Order());
        });
    }

    [CharonLabFact]
    public async Task Registering_alert_on_5_9_8_reports_an_unknown_event_and_the_client_stays_usable()
    {
        await using var lab = await CharonLab.StartAsync(1, Options);
        await using var client = await ViciClient.ConnectAsync(lab[1].ViciUri);

        var unknown = await Assert.ThrowsAsync<ViciUnknownEventException>(() => client.RegisterAsync("alert"));
        Assert.Equal("alert", unknown.EventName);
        Assert.True(client.IsConnected);
        Assert.Contains("alert", client.UnsupportedEvents);
        Assert.DoesNotContain("alert", client.RegisteredEvents);
        Assert.False(await client.TryRegisterAsync("alert"));

        // an unknown command is CMD_UNKNOWN, also not fatal
        await Assert.ThrowsAsync<ViciUnknownCommandException>(() => client.CallAsync("no-such-command"));

        Assert.Equal("5.9.8", (await client.CallAsync("version")).GetString("version"));
        await client.RegisterAsync("ike-updown");
        Assert.Equal(["ike-updown"], client.RegisteredEvents);
        Assert.False(client.Completion.IsCompleted);
    }

    [CharonLabFact]
    public async Task Unload_conn_removes_the_connection_and_bad_load_conns_are_refused()
    {
        await using var lab = await CharonLab.StartAsync(2, Options);
        await using var client = await ViciClient.ConnectAsync(lab[1].ViciUri);
        await LoadAsync(client, lab, lab[1], lab[2]);
        Assert.Equal(["s2s"], (await client.CallAsync("get-conns")).GetStrings("conns"));

        Assert.True((await client.CallAsync("unload-conn", new ViciMessage().Set("name", "s2s"))).IsYes("success"));
        Assert.Empty((await client.CallAsync("get-conns")).GetStrings("conns"));
        Assert.Empty(await Collect(client.StreamAsync("list-conns", "list-conn", null, CallTimeout)));

        var again = await Assert.ThrowsAsync<ViciCommandFailedException>(() => client.CallAsync("unload-conn", new ViciMessage().Set("name", "s2s")));
        Assert.Equal("unload: connection 's2s' not found", again.ErrorMessage);
        var initiate = await Assert.ThrowsAsync<ViciCommandFailedException>(() =>
            client.CallAsync("initiate", new ViciMessage().Set("child", "net").Set("ike", "s2s").Set("timeout", 1000)));
        Assert.Equal("CHILD_SA config 'net' not found", initiate.ErrorMessage);

        // list options must be lists: a key/value is an unknown option to charon
        var kv = await Assert.ThrowsAsync<ViciCommandFailedException>(() =>
            client.CallAsync("load-conn", new ViciMessage().Set("bad", new ViciMessage().Set("local_addrs", "10.99.0.1"))));
        Assert.Equal("unknown option: local_addrs, config discarded", kv.ErrorMessage);
        var proposal = await Assert.ThrowsAsync<ViciCommandFailedException>(() =>
            client.CallAsync("load-conn", new ViciMessage().Set("bad", new ViciMessage().Set("proposals", new ViciList(["nonsense-alg"])))));
        Assert.Equal("invalid value for: proposals, config discarded", proposal.ErrorMessage);
        Assert.Empty((await client.CallAsync("get-conns")).GetStrings("conns"));
        Assert.True(client.IsConnected);
    }

    [CharonLabFact]
    public async Task Kill_9_of_charon_fails_the_pending_call_and_the_completion_with_connection_lost()
    {
        await using var lab = await CharonLab.StartAsync(1, Options);
        var gw = lab[1];
        await using var client = await ViciClient.ConnectAsync(gw.ViciUri);
        await using var idle = await ViciClient.ConnectAsync(gw.ViciUri);
        var events = new ViciEventRecorder(client, "gw1", output.WriteLine);
        await client.RegisterAsync("ike-updown");

        // a peer that never answers (no such host on the lab subnet) and timeout = 0: charon keeps the initiate pending
        // while it retransmits IKE_SA_INIT
        var nowhere = lab.S2S(gw, gw) with { Name = "nowhere", RemoteAddrs = ["10.99.0.200"] };
        await client.CallAsync("load-shared", lab.Secret.ToLoadSharedMessage());
        await client.CallAsync("load-conn", nowhere.ToLoadConnMessage());
        var mark = gw.LogMark();
        var pending = client.CallAsync("initiate", new ViciMessage().Set("child", "net").Set("ike", "nowhere").Set("timeout", 0), TimeSpan.FromSeconds(60));
        await gw.WaitForLogAsync("initiating IKE_SA nowhere[1] to 10.99.0.200", mark);
        Assert.False(pending.IsCompleted);

        await gw.KillAsync();

        var lost = await Assert.ThrowsAsync<ViciConnectionLostException>(() => pending.WaitAsync(TimeSpan.FromSeconds(10)));
        output.WriteLine("pending call: " + lost.Message);
        await Assert.ThrowsAsync<ViciConnectionLostException>(() => client.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAsync<ViciConnectionLostException>(() => idle.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(client.IsConnected);
        await Assert.ThrowsAsync<ViciConnectionLostException>(() => client.CallAsync("version"));
        // the event channel completes with the same reason: ReadAsync wraps it in a ChannelClosedException, while
        // ReadAllAsync/WaitToReadAsync rethrow it as is
        var closed = await Assert.ThrowsAsync<ChannelClosedException>(() => client.Events.ReadAsync().AsTask());
        Assert.IsType<ViciConnectionLostException>(closed.InnerException);
        await events.Pump.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.IsType<ViciConnectionLostException>(events.EndedWith);

        // a restarted charon takes new connections (its configuration is gone)
        await gw.RestartAsync();
        await using var again = await ViciClient.ConnectAsync(gw.ViciUri);
        Assert.Equal("5.9.8", (await again.CallAsync("version")).GetString("version"));
        Assert.Empty((await again.CallAsync("get-conns")).GetStrings("conns"));
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static async Task LoadAsync(ViciClient client, CharonLab lab, CharonGateway gw, CharonGateway peer)
    {
        Assert.True((await client.CallAsync("load-shared", lab.Secret.ToLoadSharedMessage())).IsYes("success"));
        Assert.True((await client.CallAsync("load-conn", lab.S2S(gw, peer).ToLoadConnMessage())).IsYes("success"));
    }

    private static async Task<List<ViciMessage>> Collect(IAsyncEnumerable<ViciMessage> stream)
    {
        var list = new List<ViciMessage>();
        await foreach (var m in stream)
        {
            list.Add(m);
        }

        return list;
    }

    private static IEnumerable<(string Key, ViciMessage Value)> Children(ViciMessage ikeSa) =>
        ikeSa.GetSection("child-sas") is { } children
            ? children.Entries.ToArray().Where(e => e.Section is not null).Select(e => (e.Key, e.Section!))
            : [];

    /// <summary>Retries an assertion for a few seconds: the peer's side of an exchange settles a moment after ours.</summary>
    private static async Task Eventually(Func<Task> assertion, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
