using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit.Xunit2;
using FleetCtl.Fleet.Diagnosis;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Tests.Diagnosis;
using FleetCtl.Simulator;
using FleetCtl.Vici;
using Microsoft.Extensions.Logging.Abstractions;
using SimOptions = FleetCtl.Simulator.GatewayOptions;

namespace FleetCtl.Fleet.Tests;

/// <summary>
/// The gateway actor's log capture: a simulated gateway replays the lines a real 5.9.8 charon logged for an IKE proposal
/// mismatch (Diagnosis/Recorded); the actor keeps them in its ring and, on 5.9.8 (no alert event), derives the alert.
/// </summary>
public sealed class GatewayActorLogTests : TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _dir = Directory.CreateTempSubdirectory("fleetctl-log-").FullName;
    private readonly List<SimulatedGateway> _sims = [];

    public GatewayActorLogTests() : base("""
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """)
    {
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var sim in _sims)
        {
            await sim.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(SimulatedGateway Sim, IActorRef Actor, Akka.TestKit.TestProbe Bus)> StartAsync(string version, Gateways.GatewayOptions? options = null,
        int sas = 0)
    {
        var sim = new SimulatedGateway(new SimOptions
        {
            Name = "gw-" + version.Replace('.', '-'), Index = _sims.Count, SaCount = sas, Seed = 3, Version = version,
            ListenUri = "unix://" + Path.Combine(_dir, $"gw{_sims.Count}.vici"),
        });
        _sims.Add(sim);
        sim.Start();
        var bus = CreateTestProbe();
        var actor = Sys.ActorOf(GatewayActor.Props(sim.Name, sim.Uri!, new ViciGatewayConnector(new ViciClientOptions { CommandTimeout = TimeSpan.FromSeconds(5) }),
            bus.Ref, options ?? OperationsHost.FastGateways, NullLogger.Instance));
        await Poll.UntilAsync(async () => (await actor.Ask<GatewayView>(new GetGatewayView(sim.Name), Wait)).Status is { State: GatewayConnectionState.Connected, LastResyncAt: not null },
            "connected");
        return (sim, actor, bus);
    }

    private static async Task ReplayAsync(SimulatedGateway sim, string recording)
    {
        foreach (var line in Recordings.Load(recording, Recordings.Responder))
        {
            await sim.WriteLogAsync(line.Group, line.Level, line.IkeSaName, line.Message, (uint?)line.IkeSaUniqueId);
        }
    }

    /// <summary>Alerts published within the next 500 ms (other bus traffic, such as status updates, is ignored).</summary>
    private static List<AlertRaised> MoreAlerts(Akka.TestKit.TestProbe bus) =>
        [.. bus.ReceiveWhile(TimeSpan.FromMilliseconds(500), m => m, int.MaxValue).OfType<Publish>().Select(p => p.Message).OfType<AlertRaised>()];

    [Fact]
    public async Task On_5_9_8_the_lines_are_kept_and_a_proposal_mismatch_raises_one_derived_alert()
    {
        var (sim, actor, bus) = await StartAsync("5.9.8");
        await ReplayAsync(sim, "ike-proposal-mismatch");

        var alert = (AlertRaised)((Publish)bus.FishForMessage(m => m is Publish { Message: AlertRaised }, Wait)).Message;
        Assert.Equal(("proposal-mismatch-ike", true, sim.Name), (alert.AlertType, alert.Derived, alert.Gateway));
        Assert.Null(alert.Connection); // charon had not named the IKE_SA yet: "(unnamed)"
        Assert.Equal("received proposals unacceptable", alert.Description);
        Assert.Empty(MoreAlerts(bus)); // one alert, not one per line

        var log = await actor.Ask<GatewayLogLines>(new GetGatewayLog(sim.Name), Wait);
        Assert.Contains(log.Lines, l => l.Message.StartsWith("configured proposals: IKE:AES_CBC_128", StringComparison.Ordinal));
        Assert.Equal(Recordings.Load("ike-proposal-mismatch", Recordings.Responder).Count, log.Lines.Count(l => l.IkeSaName == "(unnamed)"));
    }

    [Fact]
    public async Task A_derived_alert_about_a_known_ike_sa_names_its_peer_from_the_gateways_state()
    {
        var (sim, _, bus) = await StartAsync("5.9.8", sas: 3);
        var sa = sim.GetIkeSas().First(s => s.Version == 2);
        await sim.WriteLogAsync("IKE", 1, sa.Name, "giving up after 5 retransmits", sa.UniqueId); // charon's words carry no address

        var alert = (AlertRaised)((Publish)bus.FishForMessage(m => m is Publish { Message: AlertRaised }, Wait)).Message;
        Assert.Equal(("retransmit-send-timeout", true), (alert.AlertType, alert.Derived));
        Assert.Equal((sa.Name, sa.RemoteHost, sa.RemoteId), (alert.Connection, alert.RemoteHost, alert.RemoteId));
    }

    [Fact]
    public async Task On_6_0_3_the_native_alert_event_is_used_and_nothing_is_derived_twice()
    {
        var (sim, actor, bus) = await StartAsync("6.0.3");
        await ReplayAsync(sim, "ike-proposal-mismatch");
        await sim.RaiseAlertAsync("proposal-mismatch-ike");

        var alert = (AlertRaised)((Publish)bus.FishForMessage(m => m is Publish { Message: AlertRaised }, Wait)).Message;
        Assert.False(alert.Derived);
        Assert.Empty(MoreAlerts(bus));
        Assert.NotEmpty((await actor.Ask<GatewayLogLines>(new GetGatewayLog(sim.Name), Wait)).Lines);
    }

    [Fact]
    public async Task The_ring_keeps_the_newest_lines_within_its_caps_and_never_a_secret()
    {
        var (sim, actor, _) = await StartAsync("5.9.8", OperationsHost.FastGateways with { LogRingLines = 5 });
        for (var i = 0; i < 8; i++)
        {
            await sim.WriteLogAsync("IKE", 1, "s2s", $"line {i}");
        }

        await sim.WriteLogAsync("IKE", 1, "s2s", "Sk_ei secret 01 02 03 04");
        await Poll.UntilAsync(async () => (await actor.Ask<GatewayLogLines>(new GetGatewayLog(sim.Name), Wait)).Redacted == 1, "the secret refused");
        var log = await actor.Ask<GatewayLogLines>(new GetGatewayLog(sim.Name), Wait);
        Assert.Equal(["line 3", "line 4", "line 5", "line 6", "line 7"], log.Lines.Select(l => l.Message));
        Assert.Equal(3, log.Dropped);
    }

    [Fact]
    public void The_ring_caps_bytes_and_cuts_overlong_lines()
    {
        var ring = new GatewayLogRing(maxLines: 1000, maxBytes: 4096);
        var t = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < 100; i++)
        {
            ring.Add(new GatewayLogLine(t, "IKE", 1, "s2s", 1, new string('x', 100) + i));
        }

        Assert.True(ring.Bytes <= 4096, $"{ring.Bytes} bytes held");
        Assert.EndsWith("99", ring.Snapshot()[^1].Message, StringComparison.Ordinal);
        var cut = ring.Add(new GatewayLogLine(t, "IKE", 1, "s2s", 1, new string('y', 10_000)))!;
        Assert.Equal(GatewayLogRing.MaxMessageLength + 1, cut.Message.Length);
        Assert.Single(ring.Snapshot()); // one long line fills the byte cap by itself
    }
}
