using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit.Xunit2;
using FleetCtl.Fleet.Alerts;
using FleetCtl.Fleet.Hosting;

namespace FleetCtl.Fleet.Tests;

public sealed class FleetEventStreamTests : TestKit
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(5);

    public FleetEventStreamTests() : base("akka.loglevel = WARNING") { }

    private static FleetBusMessage Message(string topic, object payload) => new(topic, payload, T0);

    private static async Task<List<FleetBusMessage>> Read(IFleetSubscription subscription, int count)
    {
        var read = new List<FleetBusMessage>();
        using var timeout = new CancellationTokenSource(s_wait);
        while (read.Count < count)
        {
            read.Add(await subscription.Reader.ReadAsync(timeout.Token));
        }

        return read;
    }

    /// <summary>Starts the actor on a probe standing in for the mediator; returns each topic's relay, as subscribed.</summary>
    private (IActorRef Actor, Dictionary<string, IActorRef> Relays) Start(FleetEventStream stream)
    {
        var mediator = CreateTestProbe();
        var actor = Sys.ActorOf(FleetEventStreamActor.Props(stream, mediator.Ref, new ManualClock(T0)));
        var relays = FleetEventStream.Topics.Select(_ => mediator.ExpectMsg<Subscribe>()).ToDictionary(s => s.Topic, s => s.Ref);
        Assert.Equal(FleetEventStream.Topics.Order(), relays.Keys.Order());
        return (actor, relays);
    }

    [Fact]
    public async Task Every_subscriber_gets_every_message_of_its_topics_with_topic_and_arrival_time()
    {
        var stream = new FleetEventStream();
        var (_, relays) = Start(stream);
        await using var all = stream.Subscribe();
        await using var alertsOnly = stream.Subscribe([FleetTopics.Alerts, FleetTopics.AlertBook]);
        Assert.Equal(FleetEventStream.Topics.Order(), all.Topics.Order());

        var raised = new AlertRaised("gw-1", T0, "ts-mismatch", "s2s", null, null, "d", false);
        relays[FleetTopics.Gateways].Tell("status of gw-1");
        relays[FleetTopics.Alerts].Tell(raised);
        relays[FleetTopics.Operations].Tell("operation 7: 50%");
        relays[FleetTopics.AlertBook].Tell("alert 1 changed");

        // one relay per topic: the order across topics is not defined, within one it is
        FleetBusMessage[] expected =
        [
            Message(FleetTopics.Gateways, "status of gw-1"), Message(FleetTopics.Alerts, raised),
            Message(FleetTopics.Operations, "operation 7: 50%"), Message(FleetTopics.AlertBook, "alert 1 changed"),
        ];
        Assert.Equal(expected.OrderBy(m => m.Topic, StringComparer.Ordinal), (await Read(all, 4)).OrderBy(m => m.Topic, StringComparer.Ordinal));
        Assert.Equal(expected.Where(m => m.Topic is FleetTopics.Alerts or FleetTopics.AlertBook).OrderBy(m => m.Topic, StringComparer.Ordinal),
            (await Read(alertsOnly, 2)).OrderBy(m => m.Topic, StringComparer.Ordinal));
        Assert.Equal((0L, 0L), (all.Dropped, alertsOnly.Dropped));
        Assert.False(alertsOnly.Reader.TryRead(out _)); // nothing of the other topics
    }

    [Fact]
    public async Task A_slow_subscriber_loses_its_oldest_messages_and_counts_them_while_others_get_all()
    {
        var stream = new FleetEventStream();
        await using var slow = stream.Subscribe(capacity: 3);
        await using var fast = stream.Subscribe(capacity: 100);
        for (var i = 1; i <= 10; i++)
        {
            stream.Deliver(Message(FleetTopics.Sas, i));
        }

        Assert.Equal(7, slow.Dropped);
        Assert.Equal([8, 9, 10], (await Read(slow, 3)).Select(m => (int)m.Payload));
        Assert.Equal(Enumerable.Range(1, 10), (await Read(fast, 10)).Select(m => (int)m.Payload));
        Assert.Equal(0, fast.Dropped);

        // the dropped count stays, and the buffer is usable again
        stream.Deliver(Message(FleetTopics.Sas, 11));
        Assert.Equal(11, (int)(await Read(slow, 1))[0].Payload);
        Assert.Equal(7, slow.Dropped);
    }

    [Fact]
    public async Task Disposing_unsubscribes_and_completes_the_reader()
    {
        var stream = new FleetEventStream();
        var (actor, relays) = Start(stream);
        var leaving = stream.Subscribe([FleetTopics.Sas]);
        await using var staying = stream.Subscribe([FleetTopics.Sas]);
        Assert.Equal(2, stream.SubscriberCount);

        await leaving.DisposeAsync();
        Assert.Equal(1, stream.SubscriberCount);
        relays[FleetTopics.Sas].Tell("after");
        Assert.Equal("after", (await Read(staying, 1))[0].Payload);
        await leaving.Reader.Completion.WaitAsync(s_wait);
        Assert.False(leaving.Reader.TryRead(out _));

        // the controller stopping ends every subscription
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        await staying.Reader.Completion.WaitAsync(s_wait);
        Assert.Equal(0, stream.SubscriberCount);
    }

    [Fact]
    public void Unknown_topics_and_unusable_capacities_are_refused()
    {
        var stream = new FleetEventStream();
        var e = Assert.Throws<ArgumentException>(() => stream.Subscribe(["fleet.nope"]));
        Assert.Contains("fleet.nope", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => stream.Subscribe(capacity: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => stream.Subscribe(capacity: FleetEventStream.MaxCapacity + 1));
        Assert.Equal(0, stream.SubscriberCount);
    }

    [Fact]
    public async Task Alert_book_changes_reach_subscribers_with_their_record()
    {
        var stream = new FleetEventStream();
        var (_, relays) = Start(stream);
        await using var subscription = stream.Subscribe([FleetTopics.AlertBook]);
        var alert = new FleetAlert
        {
            Id = 1, Gateway = "gw-1", AlertType = "ts-mismatch", CatalogId = 1016, Severity = Catalog.CatalogSeverity.Error,
            Description = "d", FirstAt = T0, LastAt = T0,
        };

        relays[FleetTopics.AlertBook].Tell(new AlertChanged(alert));

        Assert.Equal(alert, Assert.IsType<AlertChanged>((await Read(subscription, 1))[0].Payload).Alert);
    }
}
