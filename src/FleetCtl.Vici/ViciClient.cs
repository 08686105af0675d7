using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace FleetCtl.Vici;

/// <summary>
/// A VICI client session on one connection. VICI allows one request at a time per connection: requests are
/// serialised here and answers matched in order; events streamed by a command (e.g. <c>list-sa</c> during
/// <c>list-sas</c>) go to that command only, registered events to <see cref="Events"/>, which never blocks the reader.
/// </summary>
public sealed partial class ViciClient : IAsyncDisposable
{
    private readonly IViciTransport _transport;
    private readonly ViciClientOptions _options;
    private readonly SemaphoreSlim _requestLock = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Queue<PendingRequest> _pending = new();
    private readonly HashSet<string> _registered = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _unsupportedEvents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _unsupportedCommands = new(StringComparer.Ordinal);
    private readonly Channel<ViciEvent> _events;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _readLoop;
    private volatile bool _midFrame;
    private Exception? _terminalError;
    private bool _disposed;
    private long _droppedEvents;

    private ViciClient(IViciTransport transport, ViciClientOptions options, ViciEndpoint? endpoint)
    {
        _transport = transport;
        _options = options;
        Endpoint = endpoint;
        _events = Channel.CreateBounded<ViciEvent>(
            new BoundedChannelOptions(Math.Max(1, options.EventBufferCapacity))
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleWriter = true,
            },
            _ => Interlocked.Increment(ref _droppedEvents));
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Connects to <paramref name="uri"/>: <c>unix:///path</c>, <c>tcp://host:port</c>, <c>tls://host:port</c> or <c>exec:command args</c>.</summary>
    /// <exception cref="FormatException">The URI is malformed.</exception>
    /// <exception cref="ViciConnectException">The socket could not be reached.</exception>
    public static Task<ViciClient> ConnectAsync(string uri, ViciClientOptions? options = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(ViciEndpoint.Parse(uri), options, cancellationToken);

    public static async Task<ViciClient> ConnectAsync(ViciEndpoint endpoint, ViciClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        options ??= ViciClientOptions.Default;
        var warnings = new List<string>();
        if (endpoint.IsInsecure)
        {
            var warning = $"{endpoint} is cleartext, unauthenticated VICI over the network: anyone on the path can read and control the gateway. Use tls:// or exec:ssh instead.";
            warnings.Add(warning);
            options.OnWarning?.Invoke(warning);
        }

        var transport = await ViciTransports.ConnectAsync(endpoint, options, cancellationToken).ConfigureAwait(false);
        return new ViciClient(transport, options, endpoint) { Warnings = warnings };
    }

    /// <summary>A session over a transport you opened yourself (tests, custom tunnels).</summary>
    public static ViciClient Create(IViciTransport transport, ViciClientOptions? options = null) =>
        new(transport ?? throw new ArgumentNullException(nameof(transport)), options ?? ViciClientOptions.Default, null);

    public ViciEndpoint? Endpoint { get; }

    /// <summary>Warnings raised while connecting (also passed to <see cref="ViciClientOptions.OnWarning"/>).</summary>
    public IReadOnlyList<string> Warnings { get; private init; } = [];

    /// <summary>Registered events as they arrive. Bounded (see <see cref="ViciClientOptions.EventBufferCapacity"/>): when the
    /// consumer falls behind, the oldest are dropped and counted in <see cref="DroppedEvents"/>. Completes when the connection ends.</summary>
    public ChannelReader<ViciEvent> Events => _events.Reader;

    /// <summary>Events dropped because the consumer of <see cref="Events"/> fell behind. A state tracker should resync when this grows.</summary>
    public long DroppedEvents => Interlocked.Read(ref _droppedEvents);

    /// <summary>Completes when the connection ends: successfully after <see cref="DisposeAsync"/>, faulted with the reason otherwise.</summary>
    public Task Completion => _completion.Task;

    public bool IsConnected => Volatile.Read(ref _terminalError) is null;

    /// <summary>Events the daemon answered EVENT_UNKNOWN for (e.g. <c>alert</c> before strongSwan 6.0.3).</summary>
    public IReadOnlyCollection<string> UnsupportedEvents => [.. _unsupportedEvents.Keys];

    /// <summary>Commands the daemon answered CMD_UNKNOWN for.</summary>
    public IReadOnlyCollection<string> UnsupportedCommands => [.. _unsupportedCommands.Keys];

    /// <summary>Events currently registered by the user of this client.</summary>
    public IReadOnlyCollection<string> RegisteredEvents
    {
        get
        {
            lock (_gate)
            {
                return [.. _registered];
            }
        }
    }

    /// <summary>Runs a command. Throws <see cref="ViciCommandFailedException"/> when the response says <c>success = no</c>.</summary>
    public async Task<ViciMessage> CallAsync(string command, ViciMessage? request = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var response = await CallRawAsync(command, request, timeout, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(command, response);
        return response;
    }

    /// <summary>Runs a command and returns its response as is, even when it says <c>success = no</c> (the escape hatch).</summary>
    public async Task<ViciMessage> CallRawAsync(string command, ViciMessage? request = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        await _requestLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var pending = await SendAsync(new ViciPacket(ViciPacketType.CmdRequest, command, request ?? new ViciMessage()), null, cancellationToken)
                .ConfigureAwait(false);
            var answer = await WaitAsync(pending, timeout, cancellationToken).ConfigureAwait(false);
            return CommandResponse(command, answer);
        }
        finally
        {
            _requestLock.Release();
        }
    }

    /// <summary>
    /// Runs a streaming command (e.g. <c>list-sas</c> streaming <c>list-sa</c>): registers <paramref name="eventName"/>, yields each
    /// streamed event's message as it arrives, and completes when the response arrives. The timeout covers the whole stream.
    /// <paramref name="onResponse"/> receives the final response; <c>success = no</c> throws after the last event.
    /// </summary>
    public async IAsyncEnumerable<ViciMessage> StreamAsync(string command, string eventName, ViciMessage? request = null, TimeSpan? timeout = null,
        Action<ViciMessage>? onResponse = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        var limit = timeout ?? _options.CommandTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (limit != Timeout.InfiniteTimeSpan)
        {
            deadline.CancelAfter(limit);
        }

        await _requestLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        var registeredHere = false;
        PendingRequest? pending = null;
        try
        {
            bool userRegistered;
            lock (_gate)
            {
                userRegistered = _registered.Contains(eventName);
            }

            if (!userRegistered)
            {
                var reg = await SendAsync(new ViciPacket(ViciPacketType.EventRegister, eventName), null, cancellationToken).ConfigureAwait(false);
                var regAnswer = await WaitAsync(reg, limit, cancellationToken).ConfigureAwait(false);
                if (regAnswer.Type == ViciPacketType.EventUnknown)
                {
                    _unsupportedEvents.TryAdd(eventName, 0);
                    throw new ViciUnknownEventException(eventName);
                }

                registeredHere = true;
            }

            pending = await SendAsync(new ViciPacket(ViciPacketType.CmdRequest, command, request ?? new ViciMessage()), eventName, cancellationToken)
                .ConfigureAwait(false);
            var reader = pending.Stream!.Reader;
            while (true)
            {
                bool more;
                try
                {
                    more = await reader.WaitToReadAsync(deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!pending.Response.Task.IsCompleted)
                {
                    throw Abandon(pending, command, limit, cancellationToken);
                }

                if (!more)
                {
                    break;
                }

                while (reader.TryRead(out var message))
                {
                    yield return message;
                }
            }

            var answer = await pending.Response.Task.ConfigureAwait(false);
            var response = CommandResponse(command, answer);
            onResponse?.Invoke(response);
            ThrowIfFailed(command, response);
        }
        finally
        {
            if (pending is not null && !pending.Response.Task.IsCompleted)
            {
                // the consumer stopped early: the daemon still finishes the command; discard the rest of its stream
                pending.Abandoned = true;
            }

            if (registeredHere && IsConnected)
            {
                try
                {
                    var unreg = await SendAsync(new ViciPacket(ViciPacketType.EventUnregister, eventName), null, CancellationToken.None).ConfigureAwait(false);
                    await WaitAsync(unreg, _options.CommandTimeout, CancellationToken.None).ConfigureAwait(false);
                }
                catch (ViciException)
                {
                    // the stream's own outcome is what the caller needs; a failed unregister surfaces on the next call
                }
            }

            _requestLock.Release();
        }
    }

    /// <summary>Registers for an event. Throws <see cref="ViciUnknownEventException"/> when the daemon has no such event.</summary>
    public async Task RegisterAsync(string eventName, CancellationToken cancellationToken = default)
    {
        if (!await TryRegisterAsync(eventName, cancellationToken).ConfigureAwait(false))
        {
            throw new ViciUnknownEventException(eventName);
        }
    }

    /// <summary>Registers for an event; false (no exception) when the daemon does not know it.</summary>
    public async Task<bool> TryRegisterAsync(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        var answer = await RegistrationAsync(ViciPacketType.EventRegister, eventName, cancellationToken).ConfigureAwait(false);
        if (answer.Type == ViciPacketType.EventUnknown)
        {
            _unsupportedEvents.TryAdd(eventName, 0);
            return false;
        }

        lock (_gate)
        {
            _registered.Add(eventName);
        }

        return true;
    }

    /// <summary>Registers every event it can and returns the ones the daemon does not support, instead of failing.</summary>
    public async Task<IReadOnlyList<string>> RegisterAllAsync(IEnumerable<string> eventNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventNames);
        var unsupported = new List<string>();
        foreach (var name in eventNames)
        {
            if (!await TryRegisterAsync(name, cancellationToken).ConfigureAwait(false))
            {
                unsupported.Add(name);
            }
        }

        return unsupported;
    }

    public async Task UnregisterAsync(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        var answer = await RegistrationAsync(ViciPacketType.EventUnregister, eventName, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _registered.Remove(eventName);
        }

        if (answer.Type == ViciPacketType.EventUnknown)
        {
            throw new ViciUnknownEventException(eventName);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        Terminate(new ViciConnectionLostException("the VICI client was closed"));
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is ViciException or IOException or OperationCanceledException or ObjectDisposedException)
        {
        }

        await _transport.DisposeAsync().ConfigureAwait(false);
        _requestLock.Dispose();
    }

    // ---- internals ------------------------------------------------------------------------------

    private async Task<ViciPacket> RegistrationAsync(ViciPacketType type, string eventName, CancellationToken cancellationToken)
    {
        await _requestLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var pending = await SendAsync(new ViciPacket(type, eventName), null, cancellationToken).ConfigureAwait(false);
            return await WaitAsync(pending, null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _requestLock.Release();
        }
    }

    private ViciMessage CommandResponse(string command, ViciPacket answer)
    {
        if (answer.Type == ViciPacketType.CmdUnknown)
        {
            _unsupportedCommands.TryAdd(command, 0);
            throw new ViciUnknownCommandException(command);
        }

        return answer.Message ?? new ViciMessage();
    }

    private static void ThrowIfFailed(string command, ViciMessage response)
    {
        if (response.GetBool("success") == false)
        {
            throw new ViciCommandFailedException(command, response.GetString("errmsg"), response);
        }
    }

    /// <summary>Queues the request and writes it. The caller holds the request lock.</summary>
    private async Task<PendingRequest> SendAsync(ViciPacket packet, string? streamEvent, CancellationToken cancellationToken)
    {
        // refuse an oversized request before anything is queued or written: the connection stays usable
        var length = ViciFrame.GetFrameLength(packet);
        if (length > _options.Limits.MaxFrameLength)
        {
            throw new ViciProtocolException(ViciProtocolError.FrameTooLarge,
                $"vici {packet} of {length} bytes exceeds the frame limit of {_options.Limits.MaxFrameLength} bytes; not sent");
        }

        var pending = new PendingRequest(packet.Type, packet.Name!, streamEvent);
        lock (_gate)
        {
            ThrowIfClosed();
            _pending.Enqueue(pending);
        }

        using var writeDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.CommandTimeout != Timeout.InfiniteTimeSpan)
        {
            writeDeadline.CancelAfter(_options.CommandTimeout);
        }

        try
        {
            ViciFrame.WritePacket(_transport.Output, packet, _options.Limits);
            var flush = await _transport.Output.FlushAsync(writeDeadline.Token).ConfigureAwait(false);
            if (flush.IsCompleted)
            {
                throw new ViciConnectionLostException($"connection{Where} closed while sending {packet}");
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // a half-written frame cannot be taken back: the stream is unusable
            var lost = new ViciConnectionLostException($"connection{Where} lost while sending {packet}: {e.Message}", e);
            Terminate(lost);
            throw lost;
        }

        return pending;
    }

    private async Task<ViciPacket> WaitAsync(PendingRequest pending, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var limit = timeout ?? _options.CommandTimeout;
        try
        {
            return limit == Timeout.InfiniteTimeSpan
                ? await pending.Response.Task.WaitAsync(cancellationToken).ConfigureAwait(false)
                : await pending.Response.Task.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException && !pending.Response.Task.IsCompleted)
        {
            throw Abandon(pending, pending.Name, limit, cancellationToken);
        }
    }

    /// <summary>
    /// Gives up waiting for a request. Its answer will still arrive (VICI answers in order) and is then discarded.
    /// If part of a frame is already buffered, the stream position is unknowable from here: the connection is closed.
    /// </summary>
    private Exception Abandon(PendingRequest pending, string name, TimeSpan limit, CancellationToken cancellationToken)
    {
        pending.Abandoned = true;
        var closed = false;
        if (_midFrame)
        {
            closed = true;
            Terminate(new ViciConnectionLostException($"connection{Where} closed: request '{name}' was abandoned in the middle of a frame"));
        }

        return cancellationToken.IsCancellationRequested
            ? new OperationCanceledException($"vici request '{name}' was cancelled" + (closed ? "; the connection was closed mid-frame" : ""), cancellationToken)
            : new ViciTimeoutException(name, limit, closed);
    }

    private string Where => Endpoint is null ? "" : $" to {Endpoint}";

    private void ThrowIfClosed()
    {
        var error = _terminalError;
        if (error is not null)
        {
            throw error is ViciConnectionLostException lost
                ? new ViciConnectionLostException(lost.Message, lost.InnerException)
                : new ViciConnectionLostException($"connection{Where} is closed: {error.Message}", error);
        }
    }

    private async Task ReadLoopAsync()
    {
        var reader = _transport.Input;
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                var partial = false;
                try
                {
                    while (ViciFrame.TryReadPacket(ref buffer, _options.Limits, out var packet, out partial))
                    {
                        Dispatch(packet);
                    }
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }

                _midFrame = partial;
                if (result.IsCanceled)
                {
                    break;
                }

                if (result.IsCompleted)
                {
                    error = new ViciConnectionLostException(partial
                        ? $"connection{Where} closed by the peer in the middle of a frame ({buffer.Length} bytes of it received){Diag}"
                        : $"connection{Where} closed by the peer{Diag}");
                    break;
                }
            }
        }
        catch (ViciProtocolException e)
        {
            error = e;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            error = new ViciConnectionLostException($"connection{Where} lost: {e.Message}{Diag}", e);
        }

        Terminate(error ?? new ViciConnectionLostException($"connection{Where} closed"));
    }

    private string Diag => _transport.Diagnostics is { } d ? $" ({d})" : "";

    private void Dispatch(in ViciPacket packet)
    {
        switch (packet.Type)
        {
            case ViciPacketType.CmdResponse or ViciPacketType.CmdUnknown or ViciPacketType.EventConfirm or ViciPacketType.EventUnknown:
            {
                PendingRequest? head;
                lock (_gate)
                {
                    _pending.TryDequeue(out head);
                }

                if (head is null)
                {
                    throw new ViciProtocolException(ViciProtocolError.UnexpectedPacket, $"unsolicited {packet.Type} from the daemon");
                }

                var isCommand = head.Type == ViciPacketType.CmdRequest;
                if (isCommand != packet.Type is ViciPacketType.CmdResponse or ViciPacketType.CmdUnknown)
                {
                    throw new ViciProtocolException(ViciProtocolError.UnexpectedPacket, $"{packet.Type} in answer to {head.Type} '{head.Name}'");
                }

                head.Stream?.Writer.TryComplete();
                head.Response.TrySetResult(packet);
                break;
            }

            case ViciPacketType.Event:
            {
                PendingRequest? head;
                lock (_gate)
                {
                    _pending.TryPeek(out head);
                }

                if (head is not null && string.Equals(head.StreamEvent, packet.Name, StringComparison.Ordinal))
                {
                    if (!head.Abandoned)
                    {
                        head.Stream!.Writer.TryWrite(packet.Message!);
                    }

                    return;
                }

                _events.Writer.TryWrite(new ViciEvent(packet.Name!, packet.Message!, DateTimeOffset.UtcNow));
                break;
            }

            default:
                throw new ViciProtocolException(ViciProtocolError.UnexpectedPacket, $"the daemon sent a {packet.Type}, which only clients send");
        }
    }

    private void Terminate(Exception error)
    {
        PendingRequest[] pending;
        lock (_gate)
        {
            if (_terminalError is not null)
            {
                return;
            }

            _terminalError = error;
            pending = [.. _pending];
            _pending.Clear();
        }

        foreach (var p in pending)
        {
            p.Stream?.Writer.TryComplete(error);
            p.Response.TrySetException(error);
        }

        _events.Writer.TryComplete(_disposed ? null : error);
        _transport.Input.CancelPendingRead();
        if (_disposed)
        {
            _completion.TrySetResult();
        }
        else
        {
            _completion.TrySetException(error);
            // release the socket / process now; DisposeAsync will not be long in coming, but the peer should see the close at once
            _ = Task.Run(async () =>
            {
                try
                {
                    await _readLoop.ConfigureAwait(false);
                    await _transport.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
                {
                }
            });
        }
    }

    private sealed class PendingRequest(ViciPacketType type, string name, string? streamEvent)
    {
        public ViciPacketType Type { get; } = type;
        public string Name { get; } = name;
        public string? StreamEvent { get; } = streamEvent;
        public TaskCompletionSource<ViciPacket> Response { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Channel<ViciMessage>? Stream { get; } = streamEvent is null ? null : Channel.CreateUnbounded<ViciMessage>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = true });
        public volatile bool Abandoned;
    }
}
