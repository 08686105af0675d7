using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;

namespace FleetCtl.Fleet.Hosting;

/// <summary>
/// Follows every topic of <see cref="FleetEventStream.Topics"/> once, for all edge subscribers, and writes each message
/// into the subscribers' channels (<see cref="FleetEventStream"/>; never blocks). The bus does not say which topic a
/// message came on, so each topic is subscribed by a small relay child that stamps its topic and the arrival time.
/// Stopping ends every subscription.
/// </summary>
public sealed class FleetEventStreamActor : ReceiveActor
{
    private readonly FleetEventStream _stream;
    private readonly IActorRef _mediator;
    private readonly TimeProvider _time;

    public FleetEventStreamActor(FleetEventStream stream, IActorRef mediator, TimeProvider? time = null)
    {
        _stream = stream;
        _mediator = mediator;
        _time = time ?? TimeProvider.System;
        Receive<FleetBusMessage>(stream.Deliver);
    }

    public static Props Props(FleetEventStream stream, IActorRef mediator, TimeProvider? time = null) =>
        Akka.Actor.Props.Create(() => new FleetEventStreamActor(stream, mediator, time));

    protected override void PreStart()
    {
        foreach (var topic in FleetEventStream.Topics)
        {
            var relay = Context.ActorOf(TopicRelay.Props(topic, Self, _time), "topic-" + topic.Replace('.', '-'));
            _mediator.Tell(new Subscribe(topic, relay));
        }
    }

    protected override void PostStop()
    {
        _stream.CompleteAll();
        base.PostStop();
    }

    /// <summary>Subscribed to one topic: hands each message on with its topic.</summary>
    private sealed class TopicRelay : ReceiveActor
    {
        public TopicRelay(string topic, IActorRef stream, TimeProvider time)
        {
            Receive<SubscribeAck>(_ => { });
            ReceiveAny(message => stream.Tell(new FleetBusMessage(topic, message, time.GetUtcNow())));
        }

        public static Props Props(string topic, IActorRef stream, TimeProvider time) =>
            Akka.Actor.Props.Create(() => new TopicRelay(topic, stream, time));
    }
}
