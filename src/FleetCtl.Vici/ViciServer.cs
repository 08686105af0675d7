using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace FleetCtl.Vici;

/// <summary>Handles one command on a <see cref="ViciServer"/>. Stream events with <see cref="ViciRequest.StreamAsync"/> before returning the response.</summary>
public delegate ValueTask<ViciMessage> ViciCommandHandler(ViciRequest request, CancellationToken cancellationToken);

/// <summary>A command received by a <see cref="ViciServer"/>.</summary>
public sealed class ViciRequest
{
    internal ViciRequest(string command, ViciMessage message, ViciServerConnection connection)
    {
        Command = command;
        Message = message;
        Connection = connection;
    }

    public string Command { get; }

    public ViciMessage Message { get; }

    public ViciServerConnection Connection { get; }

    /// <summary>Streams one event of this command's reply (e.g. a <c>list-sa</c>), sent only if the client registered it — as charon does.</summary>
    public ValueTask<bool> StreamAsync(string eventName, ViciMessage message) => Connection.SendEventAsync(eventName, message);
}

public sealed record ViciServerOptions
{
    public ViciLimits Limits { get; init; } = ViciLimits.Default;

    /// <summary>Called when a connection fails (protocol error, I/O error). The connection is closed; the server goes on.</summary>
    public Action<ViciServerConnection, Exception>? OnConnectionError { get; init; }
}

/// <summary>
/// The server side of VICI: answers commands with registered handlers (CMD_UNKNOWN otherwise), confirms
/// registrations for declared events (EVENT_UNKNOWN otherwise) and pushes events to registered clients.
/// Requests on one connection are handled one at a time, in order, as charon does. The simulator and tests use it.
/// </summary>
public sealed class ViciServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ViciCommandHandler> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _events = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, ViciServerConnection> _connections = new();
    private readonly List<Socket> _listeners = [];
    private readonly List<string> _unixPaths = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _acceptLoops = [];
    private long _nextId;

    public ViciServer(ViciServerOptions? options = null) => Options = options ?? new ViciServerOptions();

    public ViciServerOptions Options { get; }

    public IReadOnlyCollection<ViciServerConnection> Connections => [.. _connections.Values];

    /// <summary>The URIs this server listens on (with the real port for tcp://...:0).</summary>
    public IReadOnlyList<string> Uris { get; private set; } = [];

    public ViciServer Handle(string command, ViciCommandHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        _handlers[command] = handler ?? throw new ArgumentNullException(nameof(handler));
        return this;
    }

    /// <summary>Declares events clients may register for. Others get EVENT_UNKNOWN.</summary>
    public ViciServer DeclareEvents(params IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            _events[name] = 0;
        }

        return this;
    }

    public bool IsEventDeclared(string name) => _events.ContainsKey(name);

    /// <summary>Starts listening on <c>unix:///path</c> or <c>tcp://host:port</c> (port 0 picks a free port). Returns the actual URI.</summary>
    public string Listen(string uri)
    {
        var endpoint = ViciEndpoint.ParseListen(uri);
        Socket socket;
        string actual;
        switch (endpoint.Kind)
        {
            case ViciTransportKind.Unix:
                if (File.Exists(endpoint.Path))
                {
                    File.Delete(endpoint.Path!); // a stale socket from an earlier run
                }

                socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Bind(new UnixDomainSocketEndPoint(endpoint.Path!));
                lock (_unixPaths)
                {
                    _unixPaths.Add(endpoint.Path!);
                }

                actual = endpoint.Uri;
                break;
            case ViciTransportKind.Tcp:
                var address = endpoint.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(endpoint.Host!);
                socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(new IPEndPoint(address, endpoint.Port == 0 ? 0 : endpoint.Port));
                var bound = (IPEndPoint)socket.LocalEndPoint!;
                actual = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"tcp://[{bound.Address}]:{bound.Port}" : $"tcp://{bound.Address}:{bound.Port}";
                break;
            default:
                throw new ArgumentException($"a ViciServer listens on unix:// or tcp://, not {endpoint.Kind}", nameof(uri));
        }

        socket.Listen(512);
        lock (_listeners)
        {
            _listeners.Add(socket);
            _acceptLoops.Add(Task.Run(() => AcceptLoopAsync(socket)));
            Uris = [.. Uris, actual];
        }

        return actual;
    }

    /// <summary>Serves a connection you accepted or created yourself (tests over in-memory pipes).</summary>
    public ViciServerConnection Serve(IViciTransport transport)
    {
        var connection = new ViciServerConnection(this, Interlocked.Increment(ref _nextId), transport);
        _connections[connection.Id] = connection;
        connection.Start(_stopping.Token);
        return connection;
    }

    /// <summary>Sends an event to every connection registered for it. Returns how many received it.</summary>
    public async ValueTask<int> PublishAsync(string eventName, ViciMessage message)
    {
        var targets = _connections.Values.Where(c => c.IsRegistered(eventName)).ToList();
        if (targets.Count == 0)
        {
            return 0;
        }

        var sent = 0;
        foreach (var target in targets)
        {
            if (await target.SendEventAsync(eventName, message).ConfigureAwait(false))
            {
                sent++;
            }
        }

        return sent;
    }

    internal bool TryGetHandler(string command, out ViciCommandHandler handler) => _handlers.TryGetValue(command, out handler!);

    internal void Remove(ViciServerConnection connection) => _connections.TryRemove(connection.Id, out _);

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (socket.ProtocolType == ProtocolType.Tcp)
            {
                socket.NoDelay = true;
            }

            Serve(new StreamTransport(new NetworkStream(socket, ownsSocket: true), Options.Limits));
        }
    }

    /// <summary>Stops listening and closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        lock (_listeners)
        {
            foreach (var l in _listeners)
            {
                l.Dispose();
            }
        }

        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        await Task.WhenAll(_connections.Values.Select(c => c.CloseAsync().AsTask())).ConfigureAwait(false);
        lock (_unixPaths)
        {
            foreach (var path in _unixPaths)
            {
                try
                {
                    File.Delete(path);
                }
                catch (IOException)
                {
                }
            }
        }

        _stopping.Dispose();
    }
}

/// <summary>One client connected to a <see cref="ViciServer"/>.</summary>
public sealed class ViciServerConnection
{
    private readonly ViciServer _server;
    private readonly IViciTransport _transport;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, byte> _registered = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closed = new();
    private Task _run = Task.CompletedTask;
    private int _closing;

    internal ViciServerConnection(ViciServer server, long id, IViciTransport transport)
    {
        _server = server;
        Id = id;
        _transport = transport;
    }

    public long Id { get; }

    /// <summary>Ends when the connection is closed.</summary>
    public Task Completion => _run;

    public IReadOnlyCollection<string> RegisteredEvents => [.. _registered.Keys];

    public bool IsRegistered(string eventName) => _registered.ContainsKey(eventName);

    /// <summary>Sends an event if this client registered it. False when not registered or the connection is gone.</summary>
    public async ValueTask<bool> SendEventAsync(string eventName, ViciMessage message)
    {
        if (!IsRegistered(eventName))
        {
            return false;
        }

        try
        {
            await WriteAsync(new ViciPacket(ViciPacketType.Event, eventName, message)).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Writes raw bytes (fault injection: half a frame, garbage). Nothing checks them.</summary>
    public async ValueTask WriteRawAsync(ReadOnlyMemory<byte> bytes)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _transport.Output.WriteAsync(bytes).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Closes the connection at once (the client sees a connection loss).</summary>
    public async ValueTask CloseAsync()
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
        {
            await _run.ConfigureAwait(false);
            return;
        }

        await _closed.CancelAsync().ConfigureAwait(false);
        _transport.Input.CancelPendingRead();
        await _transport.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
    }

    internal void Start(CancellationToken serverStopping)
    {
        _run = Task.Run(() => RunAsync(serverStopping));
    }

    private async Task RunAsync(CancellationToken serverStopping)
    {
        using var link = CancellationTokenSource.CreateLinkedTokenSource(serverStopping, _closed.Token);
        var ct = link.Token;
        var reader = _transport.Input;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var result = await reader.ReadAsync(ct).ConfigureAwait(false);
                var buffer = result.Buffer;
                var packets = new List<ViciPacket>();
                try
                {
                    while (ViciFrame.TryReadPacket(ref buffer, _server.Options.Limits, out var packet, out _))
                    {
                        packets.Add(packet);
                    }
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }

                foreach (var packet in packets)
                {
                    await HandleAsync(packet, ct).ConfigureAwait(false);
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is ViciProtocolException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            _server.Options.OnConnectionError?.Invoke(this, e);
        }
        finally
        {
            _server.Remove(this);
            if (Interlocked.Exchange(ref _closing, 1) == 0)
            {
                await _transport.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task HandleAsync(ViciPacket packet, CancellationToken ct)
    {
        switch (packet.Type)
        {
            case ViciPacketType.CmdRequest:
                if (!_server.TryGetHandler(packet.Name!, out var handler))
                {
                    await WriteAsync(new ViciPacket(ViciPacketType.CmdUnknown)).ConfigureAwait(false);
                    return;
                }

                ViciMessage response;
                try
                {
                    response = await handler(new ViciRequest(packet.Name!, packet.Message!, this), ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // a handler's failure is the command's failure, as charon reports it: success = no, errmsg
                    response = new ViciMessage().Set("success", false).Set("errmsg", e.Message);
                }

                await WriteAsync(new ViciPacket(ViciPacketType.CmdResponse, null, response)).ConfigureAwait(false);
                return;

            case ViciPacketType.EventRegister:
                var known = _server.IsEventDeclared(packet.Name!);
                if (known)
                {
                    _registered[packet.Name!] = 0;
                }

                await WriteAsync(new ViciPacket(known ? ViciPacketType.EventConfirm : ViciPacketType.EventUnknown)).ConfigureAwait(false);
                return;

            case ViciPacketType.EventUnregister:
                var removed = _registered.TryRemove(packet.Name!, out _) || _server.IsEventDeclared(packet.Name!);
                await WriteAsync(new ViciPacket(removed ? ViciPacketType.EventConfirm : ViciPacketType.EventUnknown)).ConfigureAwait(false);
                return;

            default:
                throw new ViciProtocolException(ViciProtocolError.UnexpectedPacket, $"a client sent a {packet.Type}, which only servers send");
        }
    }

    private async ValueTask WriteAsync(ViciPacket packet)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            ViciFrame.WritePacket(_transport.Output, packet, _server.Options.Limits);
            await _transport.Output.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
