using Akka.Actor;
using Akka.TestKit.Xunit2;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.State;
using FleetCtl.Simulator;
using FleetCtl.Vici;
using Microsoft.Extensions.Logging.Abstractions;
using SimOptions = FleetCtl.Simulator.GatewayOptions;

namespace FleetCtl.Fleet.Tests;

/// <summary>The gateway actor against simulated strongSwan gateways that speak real VICI over unix sockets.</summary>
public sealed class GatewayActorSimulatorTests : TestKit, IAsyncLifetime
{
    private const string Config = """
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    private static readonly Gateways.GatewayOptions Fast = new()
    {
        BackoffMin = TimeSpan.FromMilliseconds(50),
        BackoffMax = TimeSpan.FromMilliseconds(400),
        ResyncTimeout = TimeSpan.FromSeconds(3),
        RefreshInterval = TimeSpan.Zero,
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("fleetctl-sim-").FullName;
    private readonly List<SimulatedGateway> _sims = [];

    public GatewayActorSimulatorTests() : base(Config) { }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var sim in _sims)
        {
            await sim.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private SimulatedGateway Sim(string name, int sas, string version = "5.9.8")
    {
        var sim = new SimulatedGateway(new SimOptions
        {
            Name = name, Index = _sims.Count + 1, SaCount = sas, Version = version, Seed = 7 + _sims.Count,
            ListenUri = "unix://" + Path.Combine(_dir, name + ".vici"),
        });
        sim.Start();
        _sims.Add(sim);
        return sim;
    }

    private (IActorRef Actor, FleetCtl.Vici.Tests.Probe Bus) Watch(SimulatedGateway sim) => Watch(sim, out _);

    private (IActorRef Actor, FleetCtl.Vici.Tests.Probe Bus) Watch(SimulatedGateway sim, out GatewayStatus connected)
    {
        var bus = new FleetCtl.Vici.Tests.Probe(CreateTestProbe());
        var actor = Sys.ActorOf(GatewayActor.Props(sim.Name, sim.Uri!, new ViciGatewayConnector(new ViciClientOptions { CommandTimeout = TimeSpan.FromSeconds(3) }),
            bus.Ref, Fast, NullLogger.Instance));
        connected = bus.StatusWhere(s => s.State == GatewayConnectionState.Connected);
        return (actor, bus);
    }

    private static SortedSet<string> SimKeys(SimulatedGateway sim) =>
        new(sim.GetIkeSas().SelectMany(i => i.Children.Select(c => $"{i.UniqueId}:{i.InitiatorSpi}/{c.UniqueId}/{c.SpiIn}").Prepend($"{i.UniqueId}:{i.InitiatorSpi}")), StringComparer.Ordinal);

    private static SortedSet<string> ViewKeys(GatewayView view) =>
        new(view.Sas.SelectMany(i => i.Children.Select(c => $"{i.Key}/{c.Key}/{c.SpiIn}").Prepend(i.Key)), StringComparer.Ordinal);

    private async Task<GatewayView> ConvergedViewAsync(IActorRef actor, SimulatedGateway sim)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var view = await actor.Ask<GatewayView>(new GetGatewayView(sim.Name), TimeSpan.FromSeconds(3));
            if (ViewKeys(view).SetEquals(SimKeys(sim)) || DateTime.UtcNow > deadline)
            {
                return view;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task The_actor_tracks_every_sa_of_a_gateway_through_heavy_churn()
    {
        var sim = Sim("gw-churn", 40);
        var (actor, _) = Watch(sim);
        var first = await ConvergedViewAsync(actor, sim);
        Assert.Equal(SimKeys(sim), ViewKeys(first));
        Assert.Equal(sim.IkeSaCount, first.Status.IkeSas);

        // SAs go down and up, rekey, move: every change arrives as events while connected
        var events = await sim.ChurnAsync(300, new Random(42));
        Assert.True(events > 300);
        var after = await ConvergedViewAsync(actor, sim);
        Assert.Equal(SimKeys(sim), ViewKeys(after));
    }

    [Fact]
    public async Task A_daemon_restart_with_a_changed_sa_set_converges_and_reports_exactly_the_difference()
    {
        var sim = Sim("gw-restart", 30);
        var (actor, bus) = Watch(sim);
        bus.SaChanges(sim.IkeSaCount);

        var result = await sim.RestartAsync(new RestartOptions { RemoveFraction = 0.2, RekeyFraction = 0.3, AddCount = 4 });
        bus.StatusWhere(s => s.State == GatewayConnectionState.Unreachable || s.LastResyncAt is not null);
        var expected = result.Removed.Count + (2 * result.Rekeyed.Count) + result.Added.Count;
        var changes = bus.SaChanges(expected);
        Assert.Equal(result.Removed.Count + result.Rekeyed.Count, changes.OfType<IkeSaDown>().Count());
        Assert.Equal(result.Added.Count + result.Rekeyed.Count, changes.OfType<IkeSaUp>().Count());
        Assert.All(changes, c => Assert.Equal(SaChangeCause.Resync, c.Cause));
        bus.ExpectNoSaChange(TimeSpan.FromMilliseconds(500));
        Assert.Equal(SimKeys(sim), ViewKeys(await ConvergedViewAsync(actor, sim)));
    }

    [Fact]
    public async Task Cut_frames_dropped_connections_and_stalls_all_end_in_reconnect_and_the_true_state()
    {
        var sim = Sim("gw-faults", 10);
        var (actor, bus) = Watch(sim);

        await sim.CutFrameAsync();
        Assert.NotNull(bus.StatusWhere(s => s.State == GatewayConnectionState.Unreachable).LastError);
        bus.StatusWhere(s => s.State == GatewayConnectionState.Connected);

        await sim.DropConnectionsAsync();
        bus.StatusWhere(s => s.State == GatewayConnectionState.Unreachable);
        bus.StatusWhere(s => s.State == GatewayConnectionState.Connected);

        using (sim.StallResponses())
        {
            await sim.DropConnectionsAsync();
            var stuck = bus.StatusWhere(s => s.State == GatewayConnectionState.Unreachable && s.FailedAttempts >= 2);
            Assert.NotNull(stuck.LastError);
            var meanwhile = await actor.Ask<GatewayView>(new GetGatewayView(sim.Name), TimeSpan.FromSeconds(1)); // still answers
            Assert.NotEqual(GatewayConnectionState.Connected, meanwhile.Status.State);
            sim.ReleaseStall();
        }

        bus.StatusWhere(s => s.State == GatewayConnectionState.Connected);
        Assert.Equal(SimKeys(sim), ViewKeys(await ConvergedViewAsync(actor, sim)));
    }

    [Fact]
    public async Task Daemons_without_the_alert_event_are_marked_for_log_derived_alerts()
    {
        var old = Sim("gw-598", 2, "5.9.8");
        var recent = Sim("gw-603", 2, "6.0.3");
        Watch(old, out var a);
        Watch(recent, out var b);
        Assert.Equal(("5.9.8", "6.0.3"), (a.DaemonVersion, b.DaemonVersion));
        Assert.True(a.AlertsFromLogs);
        Assert.Contains("alert", a.UnsupportedEvents);
        Assert.False(b.AlertsFromLogs);
        Assert.Contains("alert", b.SupportedEvents);
        await Task.CompletedTask;
    }
}
