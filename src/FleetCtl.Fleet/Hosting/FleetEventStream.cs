using System.Threading.Channels;

namespace FleetCtl.Fleet.Hosting;

/// <summary>One message of the fleet bus as an edge subscriber gets it: its topic, the message itself, and when it arrived.</summary>
public sealed record FleetBusMessage(string Topic, object Payload, DateTimeOffset ReceivedAt);

/// <summary>
/// An edge subscriber's view of the bus (a server-sent-events response, a dashboard circuit). Read <see cref="Reader"/>;
/// when the reader falls behind by more than its capacity the oldest unread messages are dropped and counted in
/// <see cref="Dropped"/>. Dispose to unsubscribe (the reader then completes).
/// </summary>
public interface IFleetSubscription : IAsyncDisposable
{
    /// <summary>The messages, oldest first. Completes when the subscription is disposed or the controller stops.</summary>
    ChannelReader<FleetBusMessage> Reader { get; }

    /// <summary>How many messages were dropped because the reader fell behind.</summary>
    long Dropped { get; }

    /// <summary>The topics subscribed to.</summary>
    IReadOnlyCollection<string> Topics { get; }
}

/// <summary>Live fan-out of the fleet bus to many edge subscribers, without any of them able to slow the bus down.</summary>
public interface IFleetEventStream
{
    /// <summary>
    /// Subscribes to some of <see cref="FleetEventStream.Topics"/> (null or empty: all of them), with a buffer of
    /// <paramref name="capacity"/> messages.
    /// </summary>
    /// <exception cref="ArgumentException">A topic is not one of <see cref="FleetEventStream.Topics"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not between 1 and <see cref="FleetEventStream.MaxCapacity"/>.</exception>
    IFleetSubscription Subscribe(IReadOnlyCollection<string>? topics = null, int capacity = FleetEventStream.DefaultCapacity);
}

/// <summary>
/// The subscribers of <see cref="IFleetEventStream"/>, fed by <see cref="FleetEventStreamActor"/> (which follows the bus once
/// for everyone). Each subscriber has its own bounded channel: writing never blocks; when it is full the oldest message
/// goes and <see cref="IFleetSubscription.Dropped"/> counts it.
/// </summary>
public sealed class FleetEventStream : IFleetEventStream
{
    /// <summary>The default buffer of a subscriber, in messages.</summary>
    public const int DefaultCapacity = 1000;

    /// <summary>The largest buffer a subscriber may ask for.</summary>
    public const int MaxCapacity = 100_000;

    private readonly Lock _gate = new();
    private Subscription[] _subscribers = [];

    /// <summary>Every topic the stream follows.</summary>
    public static IReadOnlyList<string> Topics { get; } =
        [FleetTopics.Sas, FleetTopics.Alerts, FleetTopics.Gateways, FleetTopics.AlertBook, FleetTopics.Operations];

    /// <summary>Current subscribers.</summary>
    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    public IFleetSubscription Subscribe(IReadOnlyCollection<string>? topics = null, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        var wanted = topics is null || topics.Count == 0 ? Topics.ToHashSet(StringComparer.Ordinal) : topics.ToHashSet(StringComparer.Ordinal);
        if (wanted.FirstOrDefault(t => !Topics.Contains(t)) is { } unknown)
        {
            throw new ArgumentException($"'{unknown}' is not a fleet topic; known: {string.Join(", ", Topics)}", nameof(topics));
        }

        var subscription = new Subscription(this, wanted, capacity);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscription];
        }

        return subscription;
    }

    /// <summary>Writes a message into every subscriber that wants its topic (called by the actor; never blocks).</summary>
    internal void Deliver(FleetBusMessage message)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            if (subscriber.Wants(message.Topic))
            {
                subscriber.Write(message);
            }
        }
    }

    /// <summary>Ends every subscription (the controller stops).</summary>
    internal void CompleteAll()
    {
        Subscription[] all;
        lock (_gate)
        {
            all = _subscribers;
            _subscribers = [];
        }

        foreach (var subscriber in all)
        {
            subscriber.Complete();
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, subscription))];
        }
    }

    private sealed class Subscription : IFleetSubscription
    {
        private readonly FleetEventStream _owner;
        private readonly HashSet<string> _topics;
        private readonly Channel<FleetBusMessage> _channel;
        private long _dropped;

        public Subscription(FleetEventStream owner, HashSet<string> topics, int capacity)
        {
            _owner = owner;
            _topics = topics;
            _channel = Channel.CreateBounded<FleetBusMessage>(
                new BoundedChannelOptions(capacity)
                {
                    FullMode = BoundedChannelFullMode.DropOldest,
                    SingleReader = false,
                    SingleWriter = false,
                    AllowSynchronousContinuations = false, // a reader's continuation never runs on the actor's thread
                },
                _ => Interlocked.Increment(ref _dropped));
        }

        public ChannelReader<FleetBusMessage> Reader => _channel.Reader;

        public long Dropped => Interlocked.Read(ref _dropped);

        public IReadOnlyCollection<string> Topics => _topics;

        public bool Wants(string topic) => _topics.Contains(topic);

        public void Write(FleetBusMessage message) => _channel.Writer.TryWrite(message); // DropOldest: always room

        public void Complete() => _channel.Writer.TryComplete();

        public ValueTask DisposeAsync()
        {
            _owner.Remove(this);
            Complete();
            return ValueTask.CompletedTask;
        }
    }
}
