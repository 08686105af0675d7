using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using FleetCtl.Fleet;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.State;
using FleetCtl.Integration.Tests.Lab;
using FleetCtl.Vici;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace FleetCtl.Integration.Tests;

/// <summary>The fleet's gateway actor watching a real strongSwan 5.9.8 charon in a network namespace.</summary>
public sealed class GatewayActorRealCharonTests(ITestOutputHelper log) : TestKit("""
    akka.loglevel = WARNING
    akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
    akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
    """)
{
    private readonly ITestOutputHelper output = log;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static readonly GatewayOptions Options = new()
    {
        BackoffMin = TimeSpan.FromMilliseconds(100),
        BackoffMax = TimeSpan.FromSeconds(1),
        ResyncTimeout = TimeSpan.FromSeconds(5),
        RefreshInterval = TimeSpan.Zero,
    };

    [CharonLabFact]
    public async Task Sees_a_real_sa_come_up_and_go_down_and_survives_a_daemon_kill()
    {
        await using var lab = await LabPeers.StartAsync(output.WriteLine);
        var (gw1, gw2) = (lab[1], lab[2]);
        var bus = CreateTestProbe();
        var actor = Sys.ActorOf(GatewayActor.Props(gw1.Name, gw1.ViciUri, new ViciGatewayConnector(), bus.Ref, Options, NullLogger.Instance));

        var connected = Status(bus, s => s.State == GatewayConnectionState.Connected);
        Assert.Equal("5.9.8", connected.DaemonVersion);
        Assert.True(connected.AlertsFromLogs); // 5.9.8 has no alert event
        var idle = await View(actor, gw1.Name);
        Assert.Empty(idle.Sas);
        output.WriteLine("connections: " + string.Join("; ", idle.Connections.Select(c => $"{c.Name}[{string.Join(",", c.Children.Select(ch => ch.Name))}]")));
        Assert.Contains(idle.DownTunnels, t => t.Connection == "s2s" && t.Child == "net"); // configured, not established

        // the peer brings the tunnel up: the actor sees it from gw1's events
        (await gw2.SwanctlAsync("--initiate", "--child", "net", "--ike", "s2s", "--timeout", "15")).EnsureSuccess();
        var ikeUp = Change<IkeSaUp>(bus);
        Assert.Equal((SaChangeCause.Event, "s2s", "10.99.0.2", "gw2.lab"), (ikeUp.Cause, ikeUp.Sa.Name, ikeUp.Sa.RemoteHost, ikeUp.Sa.RemoteId));
        var childUp = Change<ChildSaUp>(bus);
        Assert.Equal("net", childUp.Child.Name);
        Assert.Equal(["10.11.0.0/24"], childUp.Child.LocalTs);
        var up = await View(actor, gw1.Name);
        Assert.Empty(up.DownTunnels);
        Assert.Equal((1, 1), (up.Status.IkeSas, up.Status.ChildSas));

        // and down again
        (await gw2.SwanctlAsync("--terminate", "--ike", "s2s", "--timeout", "15")).EnsureSuccess();
        var down = Change<IkeSaDown>(bus);
        Assert.Equal((SaChangeCause.Event, ikeUp.Sa.Key), (down.Cause, down.Sa.Key));
        Assert.Empty((await View(actor, gw1.Name)).Sas);

        // up once more, then kill -9 the daemon: the gateway turns unreachable
        (await gw2.SwanctlAsync("--initiate", "--child", "net", "--ike", "s2s", "--timeout", "15")).EnsureSuccess();
        var held = Change<IkeSaUp>(bus);
        await gw1.KillAsync();
        var lost = Status(bus, s => s.State == GatewayConnectionState.Unreachable);
        Assert.NotNull(lost.LastError);
        output.WriteLine("after kill -9: " + lost.LastError);

        // a new charon knows nothing of the old SA: on reconnect the actor resyncs to that truth
        await gw1.RestartAsync();
        await gw1.LoadAllAsync();
        // the resync's changes are published before the Connected status: collect both
        IkeSaDown? gone = null;
        var reconnected = false;
        var deadline = DateTime.UtcNow + Wait;
        while (gone is null || !reconnected)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"after restart: down={gone is not null} connected={reconnected}");
            switch (bus.ReceiveOne(left))
            {
                case Publish { Message: IkeSaDown d }:
                    gone = d;
                    break;
                case Publish { Message: GatewayStatus { State: GatewayConnectionState.Connected } }:
                    reconnected = true;
                    break;
            }
        }

        Assert.Equal((SaChangeCause.Resync, held.Sa.Key), (gone.Cause, gone.Sa.Key));
        var truth = new List<string>();
        await using (var vici = await ViciClient.ConnectAsync(gw1.ViciUri))
        {
            await foreach (var m in vici.StreamAsync("list-sas", "list-sa"))
            {
                truth.AddRange(m.SectionNames);
            }
        }

        var after = await View(actor, gw1.Name);
        Assert.Equal(truth.Count, after.Sas.Count);
    }

    private static Task<GatewayView> View(IActorRef actor, string name) => actor.Ask<GatewayView>(new GetGatewayView(name), TimeSpan.FromSeconds(5));

    private static T Change<T>(TestProbe bus) where T : SaChange
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"no {typeof(T).Name} within {Wait}");
            if (bus.ReceiveOne(left) is Publish { Message: T change })
            {
                return change;
            }
        }
    }

    private static GatewayStatus Status(TestProbe bus, Func<GatewayStatus, bool> predicate)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"no matching gateway status within {Wait}");
            if (bus.ReceiveOne(left) is Publish { Message: GatewayStatus status } && predicate(status))
            {
                return status;
            }
        }
    }
}
