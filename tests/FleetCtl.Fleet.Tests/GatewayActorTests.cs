using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit.Xunit2;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.State;
using FleetCtl.Vici;
using Microsoft.Extensions.Logging.Abstractions;
using static FleetCtl.Fleet.Tests.SaMessages;

namespace FleetCtl.Fleet.Tests;

public sealed class GatewayActorTests : TestKit
{
    private const string Config = """
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    private static readonly GatewayOptions Fast = new()
    {
        BackoffMin = TimeSpan.FromMilliseconds(50),
        BackoffMax = TimeSpan.FromMilliseconds(400),
        ResyncTimeout = TimeSpan.FromSeconds(2),
        RefreshInterval = TimeSpan.Zero,
    };

    public GatewayActorTests() : base(Config) { }

    private IActorRef Start(string name, string uri, IActorRef bus, GatewayOptions? options = null) =>
        Sys.ActorOf(GatewayActor.Props(name, uri, new ViciGatewayConnector(new ViciClientOptions { CommandTimeout = TimeSpan.FromSeconds(2) }),
            bus, options ?? Fast, NullLogger.Instance), name);

    [Fact]
    public async Task Connects_resyncs_and_follows_live_events()
    {
        await using var gw = new FakeGateway();
        gw.SetSas(("a", Ike(1, "1111111111111111", ("net", 1, "c0000001"))), ("b", Ike(2, "2222222222222222")));
        gw.Start();
        var bus = new FleetCtl.Vici.Tests.Probe(CreateTestProbe());
        var actor = Start("gw-001", gw.Uri, bus.Ref);

        var resync = bus.SaChanges(2);
        Assert.All(resync, c => Assert.Equal(SaChangeCause.Resync, c.Cause));
        Assert.Equal(["a", "b"], resync.OfType<IkeSaUp>().Select(u => u.Sa.Name).Order());
        var status = bus.StatusWhere(s => s.State == GatewayConnectionState.Connected);
        Assert.Equal("5.9.8", status.DaemonVersion);
        Assert.True(status.AlertsFromLogs);
        Assert.Contains("alert", status.UnsupportedEvents);

        // a live child-up with an event-specific section name
        var up = new ViciMessage().Set("up", true);
        var ike = Ike(2, "2222222222222222");
        ike.Set("child-sas", new ViciMessage().Set("lan-77", Child("lan", 77, "c0000077")));
        await gw.PublishAsync("child-updown", up.Set("b", ike));
        var live = Assert.IsType<ChildSaUp>(Assert.Single(bus.SaChanges(1)));
        Assert.Equal((SaChangeCause.Event, "lan", "b"), (live.Cause, live.Child.Name, live.IkeName));

        var view = await actor.Ask<GatewayView>(new GetGatewayView("gw-001"), TimeSpan.FromSeconds(3));
        Assert.Equal((2, 2), (view.Status.IkeSas, view.Status.ChildSas));
        Assert.Equal(GatewayConnectionState.Connected, view.Status.State);
    }

    [Fact]
    public async Task A_restart_with_a_changed_sa_set_converges_with_exactly_the_right_changes()
    {
        await using var gw = new FakeGateway();
        gw.SetSas(("a", Ike(1, "1111111111111111", ("net", 1, "c0000001"), ("voip", 2, "c0000002"))), ("b", Ike(2, "2222222222222222")));
        gw.Start();
        var bus = new FleetCtl.Vici.Tests.Probe(CreateTestProbe());
        Start("gw-002", gw.Uri, bus.Ref);
        bus.SaChanges(2);
        bus.StatusWhere(s => s.State == GatewayConnectionState.Connected);

        await gw.StopAsync();
        bus.StatusWhere(s => s.State == GatewayConnectionState.Unreachable);
        gw.SetSas(("a", Ike(1, "1111111111111111", ("net", 1, "c0000001"), ("dmz", 3, "c0000003"))), ("c", Ike(3, "3333333333333333")));
        gw.Start();

        var changes = bus.SaChanges(4);
        Assert.Equal(["child-down voip", "child-up dmz", "ike-down b", "ike-up c"], changes.Select(Describe).Order());
        Assert.All(changes, c => Assert.Equal(SaChangeCause.Resync, c.Cause));
        bus.StatusWhere(s => s.State == GatewayConnectionState.Connected);
        bus.ExpectNoSaChange(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Events_during_resync_are_neither_lost_nor_doubled()
    {
        await using var gw = new FakeGateway();
        gw.SetSas(("a", Ike(1, "1111111111111111")), ("b", Ike(2, "2222222222222222")));
        gw.DuringListing = async (i, _) =>
        {
            if (i == 0)
            {
                // a is already listed and goes down; c comes up and is not in the listing; b comes up (listed later)
                await gw.PublishAsync("ike-updown", new ViciMessage().Set("a", Ike(1, "1111111111111111")));
                await gw.PublishAsync("ike-updown", new ViciMessage().Set("up", true).Set("c", Ike(3, "3333333333333333")));
                await gw.PublishAsync("ike-updown", new ViciMessage().Set("up", true).Set("b", Ike(2, "2222222222222222")));
            }
        };
        gw.Start();
        var bus = new FleetCtl.Vici.Tests.Probe(CreateTestProbe());
        var actor = Start("gw-003", gw.Uri, bus.Ref);

        var changes = bus.SaChanges(4);
        Assert.Equal(["ike-down a", "ike-up a", "ike-up b", "ike-up c"], changes.Select(Describe).Order());
        bus.ExpectNoSaChange(TimeSpan.FromMilliseconds(300));
        var view = await actor.Ask<GatewayView>(new GetGatewayView("gw-003"), TimeSpan.FromSeconds(3));
        Assert.Equal(["b", "c"], view.Sas.Select(s => s.Name));
    }

    [Fact]
    public async Task An_unreachable_gateway_is_retried_with_backoff_until_it_appears()
    {
        await using var gw = new FakeGateway(); // not started: no socket yet
        gw.SetSas(("a", Ike(1, "1111111111111111")));
        var bus = new FleetCtl.Vici.Tests.Probe(CreateTestProbe());
        Start("gw-004", gw.Uri, bus.Ref);

        var first = bus.StatusWhere(s => s.State == GatewayConnectionState.Unreachable);
        Assert.Contains(gw.SocketPath, first.LastError, StringComparison.Ordinal);
        Assert.NotNull(first.UnreachableSince);
        var later = bus.StatusWhere(s => s.State == GatewayConnectionState.Unreachable && s.FailedAttempts >= 3);
        Assert.Equal(first.UnreachableSince, later.UnreachableSince);

        gw.Start();
        bus.StatusWhere(s => s.State == GatewayConnectionState.Connected);
        Assert.IsType<IkeSaUp>(Assert.Single(bus.SaChanges(1)));
    }

    [Fact]
    public async Task A_frame_cut_mid_way_ends_in_reconnect_and_a_correct_state()
    {
        await using var gw = new FakeGateway();
        gw.SetSas(("a", Ike(1, "1111111111111111")));
        gw.CutNextListing = true;
        gw.Start();
        var bus = new FleetCtl.Vici.Tests.Probe(CreateTestProbe());
        Start("gw-005", gw.Uri, bus.Ref);

        var failed = bus.StatusWhere(s => s.State == GatewayConnectionState.Unreachable);
        Assert.NotNull(failed.LastError);
        bus.StatusWhere(s => s.State == GatewayConnectionState.Connected);
        Assert.Equal("a", Assert.IsType<IkeSaUp>(Assert.Single(bus.SaChanges(1))).Sa.Name);
    }

    [Fact]
    public async Task A_stalled_listing_times_out_and_the_actor_keeps_answering()
    {
        await using var gw = new FakeGateway();
        gw.SetSas(("a", Ike(1, "1111111111111111")));
        gw.Stall = new TaskCompletionSource();
        gw.Start();
        var bus = new FleetCtl.Vici.Tests.Probe(CreateTestProbe());
        var actor = Start("gw-006", gw.Uri, bus.Ref);

        // the actor answers queries while its gateway is stuck
        var view = await actor.Ask<GatewayView>(new GetGatewayView("gw-006"), TimeSpan.FromSeconds(1));
        Assert.Equal(GatewayConnectionState.Connecting, view.Status.State);
        var stuck = bus.StatusWhere(s => s.State == GatewayConnectionState.Unreachable);
        Assert.NotNull(stuck.LastError);

        gw.Stall.SetResult();
        gw.Stall = null;
        bus.StatusWhere(s => s.State == GatewayConnectionState.Connected);
    }

    [Fact]
    public async Task After_a_controller_restart_only_what_changed_meanwhile_is_reported()
    {
        await using var gw = new FakeGateway();
        gw.SetSas(("a", Ike(1, "1111111111111111")), ("b", Ike(2, "2222222222222222")));
        gw.Start();
        var bus = new FleetCtl.Vici.Tests.Probe(CreateTestProbe());
        var actor = Start("gw-007", gw.Uri, bus.Ref);
        bus.SaChanges(2);
        bus.StatusWhere(s => s.State == GatewayConnectionState.Connected);
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);

        gw.SetSas(("b", Ike(2, "2222222222222222")), ("c", Ike(3, "3333333333333333")));
        var bus2 = new FleetCtl.Vici.Tests.Probe(CreateTestProbe());
        Start("gw-007", gw.Uri, bus2.Ref); // same persistence id: recovers a and b from the journal

        Assert.Equal(["ike-down a", "ike-up c"], bus2.SaChanges(2).Select(Describe).Order());
        bus2.ExpectNoSaChange(TimeSpan.FromMilliseconds(300));
    }

    private static string Describe(SaChange c) => c switch
    {
        IkeSaUp u => $"ike-up {u.Sa.Name}",
        IkeSaDown d => $"ike-down {d.Sa.Name}",
        ChildSaUp u => $"child-up {u.Child.Name}",
        ChildSaDown d => $"child-down {d.Child.Name}",
        _ => c.Kind,
    };
}
