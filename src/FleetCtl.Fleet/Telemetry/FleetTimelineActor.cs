using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using FleetCtl.Fleet.State;

namespace FleetCtl.Fleet.Telemetry;

/// <summary>
/// Feeds <see cref="FleetTimeline"/>: counts every message of <see cref="FleetTopics.Sas"/> and <see cref="FleetTopics.Alerts"/>
/// as it arrives, and samples the fleet every <see cref="FleetTimelineOptions.SampleInterval"/> on a timer. Never blocks:
/// the timeline's writes are short in-memory updates.
/// </summary>
public sealed class FleetTimelineActor : ReceiveActor, IWithTimers
{
    private const string SampleTimer = "sample";
    private readonly FleetTimeline _timeline;
    private readonly IActorRef _mediator;

    public FleetTimelineActor(FleetTimeline timeline, IActorRef mediator)
    {
        _timeline = timeline;
        _mediator = mediator;
        Receive<SaChange>(_ => timeline.CountSaChange());
        Receive<AlertRaised>(_ => timeline.CountAlert());
        Receive<SampleTick>(_ => timeline.Sample());
        Receive<SubscribeAck>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(FleetTimeline timeline, IActorRef mediator) =>
        Akka.Actor.Props.Create(() => new FleetTimelineActor(timeline, mediator));

    protected override void PreStart()
    {
        _mediator.Tell(new Subscribe(FleetTopics.Sas, Self));
        _mediator.Tell(new Subscribe(FleetTopics.Alerts, Self));
        Timers.StartPeriodicTimer(SampleTimer, SampleTick.Instance, _timeline.Options.SampleInterval);
    }

    private sealed record SampleTick
    {
        public static readonly SampleTick Instance = new();
    }
}
