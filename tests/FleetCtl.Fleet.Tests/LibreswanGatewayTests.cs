using Akka.Actor;
using Akka.TestKit.Xunit2;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Operations;
using FleetCtl.Libreswan;
using Microsoft.Extensions.Logging.Abstractions;

namespace FleetCtl.Fleet.Tests;

/// <summary>
/// A libreswan gateway in the fleet, on real pluto 4.10 output recorded in the lab (tests/FleetCtl.Libreswan.Tests/Recorded):
/// the status becomes the same SAs and connections as a strongSwan gateway's, the actor polls it, and operations run whack.
/// The real pluto is in tests/FleetCtl.Integration.Tests/LibreswanFleetRealPlutoTests.
/// </summary>
public sealed class LibreswanGatewayTests : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public LibreswanGatewayTests() : base("""
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """)
    {
    }

    private static string Recorded(string name) => File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "FleetCtl.Libreswan.Tests", "Recorded", name));

    [Fact]
    public void Pluto_status_maps_to_an_established_ike_sa_with_its_connection_and_version()
    {
        var text = Recorded("pluto-4.10-established-status.txt");
        var status = LibreswanStatusParser.Parse(text);
        var sa = Assert.Single(LibreswanMapping.IkeSas(status, LibreswanSas.FromStatus(status)));

        Assert.Equal(("s2s", 2L, "ESTABLISHED", 2L), (sa.Name, sa.UniqueId!.Value, sa.State, sa.Version!.Value));
        Assert.Equal("10.98.0.1", sa.RemoteHost);
        Assert.Equal("10.98.0.2", sa.LocalHost);
        Assert.Equal("@gw1.lab", sa.RemoteId);
        var conn = Assert.Single(LibreswanMapping.Connections(status));
        Assert.Equal(("s2s", "IKEv2"), (conn.Name, conn.Version));
        Assert.Equal(["10.12.0.0/24"], conn.Children[0].LocalTs);
        Assert.Equal(["10.11.0.0/24"], conn.Children[0].RemoteTs);

        var daemon = LibreswanMapping.Daemon(text);
        Assert.Equal(("pluto", "4.10", Inventory.GatewayKind.Libreswan, false, false), (daemon.Daemon, daemon.Version, daemon.Kind, daemon.HasNativeAlerts, daemon.AlertsFromLogs));
    }

    [Fact]
    public async Task The_actor_polls_a_libreswan_gateway_and_terminate_and_initiate_run_whack_with_the_states_serial()
    {
        var runner = new ScriptedPluto(Recorded("pluto-4.10-established-status.txt"));
        var connector = new GatewayConnectors(new ViciGatewayConnector(), new LibreswanGatewayConnector(TimeSpan.FromMilliseconds(100), runner));
        var actor = Sys.ActorOf(GatewayActor.Props("lw-1", LibreswanGatewayConnector.AddressFor("/opt/libreswan/whack --ctlsocket /run/pluto.ctl"), connector,
            CreateTestProbe().Ref, OperationsHost.FastGateways, NullLogger.Instance));
        Task<GatewayView> View() => actor.Ask<GatewayView>(new GetGatewayView("lw-1"), Wait);

        await Poll.UntilAsync(async () => (await View()).Sas.Count == 1, "the established IKE SA");
        var view = await View();
        Assert.Equal((Inventory.GatewayKind.Libreswan, GatewayConnectionState.Connected, "4.10", false), (view.Status.Kind, view.Status.State, view.Status.DaemonVersion, view.Status.AlertsFromLogs));
        var sa = view.Sas[0];

        // terminate: whack --deletestate with the IKE SA's serial; pluto's next status has no SA and the poll notices
        runner.After("--deletestate", Recorded("pluto-4.10-deleted-status.txt"));
        var probe = CreateTestProbe();
        var item = new OperationItem { Id = 0, Gateway = "lw-1", Wave = 1, Connection = sa.Name, IkeKey = sa.Key, IkeId = sa.UniqueId };
        actor.Tell(new RunSaCommand("lw-1", 1, 0, SaCommand.For(OperationAction.Terminate(SaLevel.Ike), item), TimeSpan.FromSeconds(5)), probe.Ref);
        Assert.Equal(ItemStatus.Succeeded, probe.ExpectMsg<SaCommandDone>(Wait).Status);
        Assert.Contains(runner.Calls, c => c.SequenceEqual(["/opt/libreswan/whack", "--ctlsocket", "/run/pluto.ctl", "--deletestate", "2"]));
        await Poll.UntilAsync(async () => (await View()).Sas.Count == 0, "the SA gone at the next poll");

        // initiate: whack --name s2s --initiate --asynchronous; the SA is back at the next poll
        runner.After("--initiate", Recorded("pluto-4.10-up-status.txt"));
        var up = new OperationItem { Id = 1, Gateway = "lw-1", Wave = 1, Connection = "s2s" };
        actor.Tell(new RunSaCommand("lw-1", 1, 1, SaCommand.For(OperationAction.Initiate("s2s"), up), TimeSpan.FromSeconds(5)), probe.Ref);
        Assert.Equal(ItemStatus.Succeeded, probe.ExpectMsg<SaCommandDone>(Wait).Status);
        Assert.Contains(runner.Calls, c => c.Contains("--initiate") && c.Contains("s2s"));
        await Poll.UntilAsync(async () => (await View()).Sas.Any(s => s.State == "ESTABLISHED"), "the SA back after initiate");

        // whack refusing is an answer with its words, like charon's errmsg
        runner.Fail("--deletestate", 1, "033 no such state");
        var gone = (await View()).Sas.First(s => s.State == "ESTABLISHED");
        var again = item with { IkeKey = gone.Key, IkeId = gone.UniqueId };
        actor.Tell(new RunSaCommand("lw-1", 1, 2, SaCommand.For(OperationAction.Terminate(SaLevel.Ike), again), TimeSpan.FromSeconds(5)), probe.Ref);
        var refused = probe.ExpectMsg<SaCommandDone>(Wait);
        Assert.Equal(ItemStatus.Failed, refused.Status);
        Assert.Contains("no such state", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_libreswan_gateway_is_unreachable_with_whacks_error()
    {
        var runner = new ScriptedPluto("") { Down = "whack: Pluto is not running (no \"/run/pluto.ctl\"): No such file or directory" };
        var connector = new LibreswanGatewayConnector(TimeSpan.FromMilliseconds(100), runner);
        var actor = Sys.ActorOf(GatewayActor.Props("lw-2", LibreswanGatewayConnector.AddressFor("ipsec"), connector, CreateTestProbe().Ref,
            OperationsHost.FastGateways, NullLogger.Instance));
        await Poll.UntilAsync(async () => (await actor.Ask<GatewayView>(new GetGatewayView("lw-2"), Wait)).Status.State == GatewayConnectionState.Unreachable,
            "unreachable");
        var status = (await actor.Ask<GatewayView>(new GetGatewayView("lw-2"), Wait)).Status;
        Assert.Contains("Pluto is not running", status.LastError, StringComparison.Ordinal);
    }

    /// <summary>A stand-in for whack on a pluto: answers status with the current recording, switches recordings after a command.</summary>
    private sealed class ScriptedPluto(string status) : ICommandRunner
    {
        private readonly Dictionary<string, string> _next = [];
        private readonly Dictionary<string, (int Exit, string Error)> _fail = [];
        private string _status = status;

        public List<IReadOnlyList<string>> Calls { get; } = [];

        public string? Down { get; init; }

        public void After(string option, string nextStatus)
        {
            lock (_next)
            {
                _next[option] = nextStatus;
            }
        }

        public void Fail(string option, int exit, string error)
        {
            lock (_next)
            {
                _fail[option] = (exit, error);
            }
        }

        public Task<CommandResult> RunAsync(IReadOnlyList<string> argv, CommandOptions options, CancellationToken cancellationToken = default)
        {
            lock (_next)
            {
                Calls.Add(argv);
                if (Down is { } down)
                {
                    return Task.FromResult(new CommandResult(argv, 1, "", down, false, TimeSpan.Zero));
                }

                if (argv.Contains("--status") || argv.Contains("status"))
                {
                    return Task.FromResult(new CommandResult(argv, 0, _status, "", false, TimeSpan.Zero));
                }

                if (argv.Contains("--trafficstatus") || argv.Contains("trafficstatus"))
                {
                    return Task.FromResult(new CommandResult(argv, 0, "", "", false, TimeSpan.Zero));
                }

                if (_fail.FirstOrDefault(f => argv.Contains(f.Key)) is { Key: not null } failure)
                {
                    return Task.FromResult(new CommandResult(argv, failure.Value.Exit, failure.Value.Error, "", false, TimeSpan.Zero));
                }

                if (_next.FirstOrDefault(n => argv.Contains(n.Key)) is { Key: not null } next)
                {
                    _status = next.Value;
                }

                return Task.FromResult(new CommandResult(argv, 0, "", "", false, TimeSpan.Zero));
            }
        }
    }

    private static string RepositoryRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "FleetCtl.sln")))
        {
            d = d.Parent;
        }

        return d?.FullName ?? throw new InvalidOperationException("FleetCtl.sln not found above " + AppContext.BaseDirectory);
    }
}
