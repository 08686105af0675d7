using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using FleetCtl.Fleet.Alerts;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Persistence;
using Xunit.Abstractions;
using static FleetCtl.Fleet.Tests.AlertBookTests;

namespace FleetCtl.Fleet.Tests;

/// <summary>The alert book on the real journal: a new actor system on the same SQLite file (or PostgreSQL database) has the same book.</summary>
public sealed class AlertBookSqliteTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan s_ask = TimeSpan.FromSeconds(10);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fleetctl-alerts-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public Task The_book_survives_a_restart_of_the_controller() =>
        BookSurvivesRestartAsync(new FleetPersistenceOptions { Provider = "sqlite", SqlitePath = Path.Combine(_dir, "fleetctl.db") }, output);

    /// <summary>The story on any journal: <see cref="PersistencePostgresTests"/> runs it on a real PostgreSQL.</summary>
    internal static async Task BookSurvivesRestartAsync(FleetPersistenceOptions persistence, ITestOutputHelper output)
    {
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(FleetPersistenceConfig.Build(persistence));
        var options = new AlertBookOptions { SnapshotEvery = 4 };
        var clock = new ManualClock(T0.AddHours(1));
        IReadOnlyList<FleetAlert> before;

        using (var kit = new TestKit(config, "fleet", output))
        {
            var book = kit.Sys.ActorOf(AlertBookActor.Props(kit.CreateTestProbe().Ref, options, clock));
            book.Tell(Raised("gw-1", "proposal-mismatch-ike", "s2s", T0));
            book.Tell(Raised("gw-1", "proposal-mismatch-ike", "s2s", T0.AddMinutes(1)));
            book.Tell(Raised("gw-2", "cert-expired", "dmz", T0.AddMinutes(2)));
            book.Tell(Status("gw-3", GatewayConnectionState.Unreachable, T0.AddMinutes(3), "connection refused"));
            book.Tell(Raised("gw-2", "ts-mismatch", null, T0.AddMinutes(4)));
            Assert.IsType<AcknowledgeResult.Acknowledged>(await book.Ask<AcknowledgeResult>(new AcknowledgeAlert(2, "alice", "renewing"), s_ask));
            book.Tell(Status("gw-3", GatewayConnectionState.Connected, T0.AddMinutes(5)));
            // answered after every write above (a persisting actor stashes what comes meanwhile)
            before = (await book.Ask<AlertPage>(new ListAlerts(new AlertQuery()), s_ask)).Items;
            Assert.Equal(4, before.Count);
            kit.Shutdown(TimeSpan.FromSeconds(20), verifySystemShutdown: true);
        }

        using (var kit = new TestKit(config, "fleet", output))
        {
            var bus = kit.CreateTestProbe();
            var book = kit.Sys.ActorOf(AlertBookActor.Props(bus.Ref, options, clock));
            var after = (await book.Ask<AlertPage>(new ListAlerts(new AlertQuery()), s_ask)).Items;
            Assert.Equal(before, after);
            Assert.Equal(("alice", "renewing"), (after.Single(a => a.Id == 2).AcknowledgedBy, after.Single(a => a.Id == 2).Comment));
            Assert.Equal(AlertState.Resolved, after.Single(a => a.AlertType == FleetAlertTypes.GatewayUnreachable).State);

            // the open alert still absorbs repeats; new alerts continue the ids
            book.Tell(Raised("gw-1", "proposal-mismatch-ike", "s2s", T0.AddMinutes(6)));
            book.Tell(Raised("gw-9", "vip-failure", null, T0.AddMinutes(7)));
            var page = await book.Ask<AlertPage>(new ListAlerts(new AlertQuery { Limit = 2 }), s_ask);
            Assert.Equal([(5L, 1), (1L, 3)], page.Items.Select(a => (a.Id, a.Count)));
            bus.FishForMessage<Publish>(p => p.Message is AlertChanged { Alert.Id: 5 });
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
