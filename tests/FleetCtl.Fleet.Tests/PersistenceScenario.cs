using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Persistence;
using FleetCtl.Fleet.State;
using FleetCtl.Vici;
using FleetCtl.Vici.Tests;
using Microsoft.Extensions.Logging.Abstractions;
using static FleetCtl.Fleet.Tests.SaMessages;

namespace FleetCtl.Fleet.Tests;

/// <summary>A clock the test moves by hand: the events' <c>At</c>.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// The same story against any database: real gateway actors write history; the actor system goes away; a new one
/// on the same database still has the history (queryable by gateway, time and kind) and a restarted gateway actor
/// recovers its state and reports only what changed meanwhile.
/// </summary>
internal static class PersistenceScenario
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddHours(1);
    private static readonly DateTimeOffset T2 = T0.AddHours(2);
    private static readonly DateTimeOffset T3 = T0.AddHours(3);

    private static readonly GatewayOptions Fast = new()
    {
        BackoffMin = TimeSpan.FromMilliseconds(50),
        BackoffMax = TimeSpan.FromMilliseconds(400),
        ResyncTimeout = TimeSpan.FromSeconds(5),
        RefreshInterval = TimeSpan.Zero,
    };

    public static async Task RunAsync(FleetPersistenceOptions options, ITestOutputHelper output)
    {
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(FleetPersistenceConfig.Build(options));
        var clock = new ManualClock(T0);
        await using var gw1 = new FakeGateway();
        await using var gw2 = new FakeGateway();
        gw1.SetSas(("a", Ike(1, "1111111111111111", ("net", 1, "c0000001"))), ("b", Ike(2, "2222222222222222")));
        gw2.SetSas(("x", Ike(7, "7777777777777777")));
        gw1.Start();
        gw2.Start();

        // ---- first life: history is written
        using (var kit = new TestKit(config, "fleet", output))
        {
            var bus1 = new Probe(kit.CreateTestProbe());
            Start(kit.Sys, "gw-101", gw1.Uri, bus1.Ref, clock);
            bus1.SaChanges(2);
            bus1.StatusWhere(s => s.State == GatewayConnectionState.Connected);

            clock.Now = T1;
            var bus2 = new Probe(kit.CreateTestProbe());
            Start(kit.Sys, "gw-102", gw2.Uri, bus2.Ref, clock);
            bus2.SaChanges(1);
            bus2.StatusWhere(s => s.State == GatewayConnectionState.Connected);
            clock.Now = T2;
            await gw2.PublishAsync("ike-updown", new ViciMessage().Set("x", Ike(7, "7777777777777777")));
            Assert.IsType<IkeSaDown>(Assert.Single(bus2.SaChanges(1)));

            // writes are asynchronous: wait until all six are readable
            var history = new HistoryQuery(kit.Sys);
            await Eventually(async () => Assert.Equal(6, (await history.QueryAsync(new HistoryFilter())).Total));
            kit.Shutdown(TimeSpan.FromSeconds(20), verifySystemShutdown: true);
        }

        gw1.SetSas(("b", Ike(2, "2222222222222222")), ("c", Ike(3, "3333333333333333")));

        // ---- second life: a new actor system on the same database
        using (var kit = new TestKit(config, "fleet", output))
        {
            var history = new HistoryQuery(kit.Sys);

            var all = await history.QueryAsync(new HistoryFilter());
            Assert.Equal(6, all.Total);
            Assert.Equal(["gw-102 ike-down", "gw-102 connectivity", "gw-102 ike-up", "gw-101 connectivity", "gw-101 ike-up", "gw-101 ike-up"],
                all.Entries.Select(e => $"{e.Gateway} {e.Kind}"));
            Assert.Equal(T2, all.Entries[0].At);
            Assert.Contains("IKE_SA down: x#7", all.Entries[0].Summary, StringComparison.Ordinal);
            Assert.Equal("x", Assert.IsType<IkeSaDown>(all.Entries[0].Event).Sa.Name);

            var oldest = await history.QueryAsync(new HistoryFilter { NewestFirst = false });
            Assert.Equal(all.Entries.Select(Key).Reverse(), oldest.Entries.Select(Key));

            // by gateway
            var gw101 = await history.QueryAsync(new HistoryFilter { Gateway = "gw-101", NewestFirst = false });
            Assert.Equal(["ike-up", "ike-up", "connectivity"], gw101.Entries.Select(e => e.Kind));
            Assert.Equal([1L, 2L, 3L], gw101.Entries.Select(e => e.SequenceNr));
            Assert.Equal(["a", "b"], gw101.Entries.Take(2).Select(e => ((IkeSaUp)e.Event).Sa.Name).Order());
            Assert.Equal("net", Assert.Single(gw101.Entries.Select(e => e.Event).OfType<IkeSaUp>().Single(u => u.Sa.Name == "a").Sa.Children).Name);
            Assert.Equal(0, (await history.QueryAsync(new HistoryFilter { Gateway = "gw-999" })).Total);

            // by kind, fleet-wide (tags)
            Assert.Equal(3, (await history.QueryAsync(new HistoryFilter { Kinds = ["ike-up"] })).Total);
            Assert.Equal(4, (await history.QueryAsync(new HistoryFilter { Kinds = ["sa"] })).Total);
            Assert.Equal(4, (await history.QueryAsync(new HistoryFilter { Kinds = ["sa", "ike-up"] })).Total);
            Assert.Equal(["gw-101", "gw-102"],
                (await history.QueryAsync(new HistoryFilter { Kinds = ["connectivity"] })).Entries.Select(e => e.Gateway).Order());
            Assert.Equal(3, (await history.QueryAsync(new HistoryFilter { Kinds = ["ike-down", "connectivity"] })).Total);
            Assert.Equal(0, (await history.QueryAsync(new HistoryFilter { Kinds = ["alert"] })).Total);

            // by gateway and kind
            Assert.Equal("ike-down", Assert.Single((await history.QueryAsync(new HistoryFilter { Gateway = "gw-102", Kinds = ["ike-down"] })).Entries).Kind);

            // by SA: IKE_SA name or unique id (and the CHILD_SAs it carries), CHILD_SA name or unique id
            Assert.Equal(["ike-down", "ike-up"], (await history.QueryAsync(new HistoryFilter { Sa = "X" })).Entries.Select(e => e.Kind));
            Assert.Equal(2, (await history.QueryAsync(new HistoryFilter { Sa = "7" })).Total);
            Assert.Equal("a", ((IkeSaUp)Assert.Single((await history.QueryAsync(new HistoryFilter { Sa = "net" })).Entries).Event).Sa.Name);
            Assert.Equal("b", ((IkeSaUp)Assert.Single((await history.QueryAsync(new HistoryFilter { Gateway = "gw-101", Sa = "2" })).Entries).Event).Sa.Name);
            Assert.Equal(0, (await history.QueryAsync(new HistoryFilter { Gateway = "gw-101", Sa = "x" })).Total);
            Assert.Equal(0, (await history.QueryAsync(new HistoryFilter { Sa = "x", Kinds = ["connectivity"] })).Total);

            // by time (the events' own At; From inclusive, To exclusive)
            Assert.Equal(3, (await history.QueryAsync(new HistoryFilter { From = T1 })).Total);
            Assert.Equal(["connectivity", "ike-up"], (await history.QueryAsync(new HistoryFilter { From = T1, To = T2 })).Entries
                .Select(e => e.Kind).Order(StringComparer.Ordinal));
            Assert.Equal(3, (await history.QueryAsync(new HistoryFilter { To = T1 })).Total);

            // paging
            var page = await history.QueryAsync(new HistoryFilter { Offset = 1, Limit = 2 });
            Assert.Equal(6, page.Total);
            Assert.Equal(all.Entries.Skip(1).Take(2).Select(Key), page.Entries.Select(Key));
            Assert.Empty((await history.QueryAsync(new HistoryFilter { Offset = 6 })).Entries);

            // a restarted gateway actor recovers a and b and reports only what changed meanwhile
            clock.Now = T3;
            var bus = new Probe(kit.CreateTestProbe());
            var actor = Start(kit.Sys, "gw-101", gw1.Uri, bus.Ref, clock);
            Assert.Equal(["ike-down a", "ike-up c"], bus.SaChanges(2).Select(Describe).Order());
            bus.ExpectNoSaChange(TimeSpan.FromMilliseconds(300));
            var view = await actor.Ask<GatewayView>(new GetGatewayView("gw-101"), TimeSpan.FromSeconds(5));
            Assert.Equal(["b", "c"], view.Sas.Select(s => s.Name));

            await Eventually(async () =>
            {
                var later = await history.QueryAsync(new HistoryFilter { Gateway = "gw-101", From = T3, NewestFirst = false });
                Assert.Equal(["connectivity", "ike-down", "ike-up"], later.Entries.Select(e => e.Kind).Order(StringComparer.Ordinal));
            });
        }
    }

    private static (string, long) Key(HistoryEntry e) => (e.Gateway, e.SequenceNr);

    private static string Describe(SaChange c) => c switch
    {
        IkeSaUp u => $"ike-up {u.Sa.Name}",
        IkeSaDown d => $"ike-down {d.Sa.Name}",
        _ => c.Kind,
    };

    private static IActorRef Start(ActorSystem sys, string name, string uri, IActorRef bus, TimeProvider clock) =>
        sys.ActorOf(GatewayActor.Props(name, uri, new ViciGatewayConnector(new ViciClientOptions { CommandTimeout = TimeSpan.FromSeconds(5) }),
            bus, Fast, NullLogger.Instance, clock), name);

    private static async Task Eventually(Func<Task> assertion)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
