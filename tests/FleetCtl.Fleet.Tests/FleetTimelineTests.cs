using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit.Xunit2;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.State;
using FleetCtl.Fleet.Telemetry;

namespace FleetCtl.Fleet.Tests;

public sealed class FleetTimelineTests : TestKit
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(T0);

    public FleetTimelineTests() : base("akka.loglevel = WARNING") { }

    private static FleetDirectory Directory(params string[] gateways) =>
        new(FleetInventory.Create([.. gateways.Select(g => new GatewayDefinition { Name = g, Uri = $"unix:///run/{g}.vici" })]));

    private static GatewayStatus Status(string gateway, GatewayConnectionState state, int ikes = 0, int children = 0, int down = 0) => new()
    {
        Gateway = gateway, Uri = $"unix:///run/{gateway}.vici", State = state, IkeSas = ikes, ChildSas = children, TunnelsDown = down,
    };

    [Fact]
    public void Fleet_points_sum_the_directory_statuses()
    {
        var directory = Directory("a", "b", "c");
        var timeline = new FleetTimeline(directory, time: _clock);
        Assert.Empty(timeline.Fleet(DateTimeOffset.MinValue)); // starts empty

        timeline.Sample(T0);
        directory.Update(Status("a", GatewayConnectionState.Connected, ikes: 3, children: 5, down: 1));
        directory.Update(Status("b", GatewayConnectionState.Connected, ikes: 2, children: 2));
        directory.Update(Status("c", GatewayConnectionState.Unreachable, ikes: 1, children: 1));
        timeline.Sample(T0.AddSeconds(5));

        Assert.Equal(
            [new FleetPoint(T0, 0, 0, 3, 0, 0, 0), new FleetPoint(T0.AddSeconds(5), 2, 1, 3, 6, 8, 1)],
            timeline.Fleet(DateTimeOffset.MinValue));
        Assert.Equal([T0.AddSeconds(5)], timeline.Fleet(T0.AddSeconds(1)).Select(p => p.At));
        Assert.Empty(timeline.Fleet(T0.AddSeconds(6)));
    }

    [Fact]
    public void Points_older_than_the_retention_are_overwritten()
    {
        var options = new FleetTimelineOptions { Retention = TimeSpan.FromMinutes(1), SampleInterval = TimeSpan.FromSeconds(5), GatewaySampleInterval = TimeSpan.FromSeconds(20) };
        var timeline = new FleetTimeline(Directory("a"), options, _clock);
        for (var i = 0; i <= 100; i++)
        {
            timeline.Sample(T0.AddSeconds(5 * i));
        }

        var last = T0.AddSeconds(500);
        var fleet = timeline.Fleet(DateTimeOffset.MinValue);
        Assert.Equal(Enumerable.Range(0, 13).Select(i => last.AddSeconds(-60 + (5 * i))), fleet.Select(p => p.At));
        var gateway = timeline.Gateway("a", DateTimeOffset.MinValue);
        Assert.Equal(Enumerable.Range(0, 4).Select(i => last.AddSeconds(-60 + (20 * i))), gateway.Select(p => p.At));
    }

    [Fact]
    public void Gateways_are_sampled_at_the_coarser_interval_and_only_while_the_directory_has_them()
    {
        var directory = Directory("a");
        var timeline = new FleetTimeline(directory, new FleetTimelineOptions(), _clock);
        for (var s = 0; s <= 180; s += 5)
        {
            if (s == 65)
            {
                directory.Update(Status("late", GatewayConnectionState.Connected, ikes: 7, children: 9));
            }

            directory.Update(Status("a", GatewayConnectionState.Connected, ikes: s, children: s * 2));
            timeline.Sample(T0.AddSeconds(s).AddMilliseconds(s % 10 == 0 ? 3 : -3)); // timer jitter
        }

        Assert.Equal(37, timeline.Fleet(DateTimeOffset.MinValue).Count);
        Assert.Equal([0, 60, 120, 180], timeline.Gateway("a", DateTimeOffset.MinValue).Select(p => p.IkeSas));
        Assert.Equal([120, 240, 360], timeline.Gateway("a", T0.AddSeconds(30)).Select(p => p.ChildSas));
        Assert.Equal([new GatewayPoint(T0.AddSeconds(120).AddMilliseconds(3), 7, 9), new GatewayPoint(T0.AddSeconds(180).AddMilliseconds(3), 7, 9)],
            timeline.Gateway("late", DateTimeOffset.MinValue));
        Assert.Empty(timeline.Gateway("nobody", DateTimeOffset.MinValue));
    }

    [Fact]
    public void Event_rates_count_per_complete_second_and_forget_after_the_rate_retention()
    {
        var timeline = new FleetTimeline(Directory("a"), new FleetTimelineOptions(), _clock);
        timeline.CountSaChange(T0.AddMilliseconds(100));
        timeline.CountSaChange(T0.AddMilliseconds(900));
        timeline.CountSaChange(T0.AddSeconds(1));
        timeline.CountAlert(T0.AddSeconds(1.5));
        timeline.CountAlert(T0.AddSeconds(3.5)); // the current second: not complete yet
        _clock.Now = T0.AddSeconds(3.2);

        Assert.Equal(
            [new RatePoint(T0, 2, 0), new RatePoint(T0.AddSeconds(1), 1, 1), new RatePoint(T0.AddSeconds(2), 0, 0)],
            timeline.EventRates(T0));
        Assert.Equal([T0.AddSeconds(1), T0.AddSeconds(2)], timeline.EventRates(T0.AddMilliseconds(1)).Select(p => p.At));

        _clock.Now = T0.AddHours(2);
        var rates = timeline.EventRates(T0);
        Assert.Equal(3599, rates.Count);
        Assert.Equal(T0.AddHours(1).AddSeconds(1), rates[0].At);
        Assert.All(rates, r => Assert.Equal((0, 0), (r.SaChanges, r.Alerts)));

        // a count older than the hour a bucket now holds is ignored
        timeline.CountAlert(T0.AddHours(2).AddSeconds(-1));
        timeline.CountAlert(T0.AddHours(1).AddSeconds(-1));
        Assert.Equal(1, timeline.EventRates(T0).Sum(r => r.Alerts));
    }

    [Fact]
    public void Unusable_options_are_refused_before_anything_is_allocated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FleetTimeline(Directory("a"), new FleetTimelineOptions { SampleInterval = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FleetTimeline(Directory("a"), new FleetTimelineOptions { Retention = TimeSpan.FromSeconds(30) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FleetTimeline(Directory("a"), new FleetTimelineOptions { SampleInterval = TimeSpan.FromMilliseconds(1) }));
    }

    [Fact]
    public async Task Readers_on_other_threads_see_consistent_series_while_it_is_written()
    {
        var directory = Directory([.. Enumerable.Range(0, 50).Select(i => $"gw-{i}")]);
        var timeline = new FleetTimeline(directory, new FleetTimelineOptions { Retention = TimeSpan.FromMinutes(10), GatewaySampleInterval = TimeSpan.FromSeconds(5) }, _clock);
        using var done = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 3).Select(reader => Task.Run(() =>
        {
            var reads = 0;
            while (!done.IsCancellationRequested || reads == 0)
            {
                var fleet = timeline.Fleet(DateTimeOffset.MinValue);
                Assert.True(fleet.Zip(fleet.Skip(1)).All(p => p.Item1.At < p.Item2.At), "fleet points out of order");
                var gw = timeline.Gateway("gw-7", DateTimeOffset.MinValue);
                Assert.True(gw.Zip(gw.Skip(1)).All(p => p.Item1.At < p.Item2.At), "gateway points out of order");
                _ = timeline.EventRates(DateTimeOffset.MinValue);
                reads++;
            }
        })).ToArray();

        for (var i = 0; i < 2000; i++)
        {
            timeline.Sample(T0.AddSeconds(5 * i));
            timeline.CountSaChange(T0.AddSeconds(i));
        }

        await done.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Equal(121, timeline.Fleet(DateTimeOffset.MinValue).Count);
    }

    [Fact]
    public async Task The_actor_counts_bus_messages_and_samples_on_its_timer()
    {
        var directory = Directory("a");
        directory.Update(Status("a", GatewayConnectionState.Connected, ikes: 4, children: 6));
        var timeline = new FleetTimeline(directory, new FleetTimelineOptions { Retention = TimeSpan.FromMinutes(1), SampleInterval = TimeSpan.FromMilliseconds(50), GatewaySampleInterval = TimeSpan.FromMilliseconds(50) }, _clock);
        var bus = CreateTestProbe();
        var actor = Sys.ActorOf(FleetTimelineActor.Props(timeline, bus.Ref));
        Assert.Equal([FleetTopics.Sas, FleetTopics.Alerts], new[] { bus.ExpectMsg<Subscribe>(), bus.ExpectMsg<Subscribe>() }.Select(s => s.Topic));

        var ike = new IkeSaInfo { Key = "1:x", Name = "s2s" };
        actor.Tell(new IkeSaUp("a", T0, SaChangeCause.Event, ike));
        actor.Tell(new IkeSaDown("a", T0, SaChangeCause.Event, ike));
        actor.Tell(new AlertRaised("a", T0, "ts-mismatch", "s2s", null, null, "d", false));
        await actor.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(5)); // answered after the three were counted

        _clock.Now = T0.AddSeconds(1);
        AwaitAssert(() => Assert.Equal([new RatePoint(T0, 2, 1)], timeline.EventRates(T0)));
        AwaitAssert(() => Assert.Contains(new FleetPoint(T0.AddSeconds(1), 1, 0, 1, 4, 6, 0), timeline.Fleet(T0)));
        AwaitAssert(() => Assert.Contains(new GatewayPoint(T0.AddSeconds(1), 4, 6), timeline.Gateway("a", T0)));
    }
}
