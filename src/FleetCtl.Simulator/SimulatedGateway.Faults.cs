using FleetCtl.Vici;

namespace FleetCtl.Simulator;

// Fault injection: what a controller must survive from a real gateway.
public sealed partial class SimulatedGateway
{
    /// <summary>
    /// Raises one <c>alert</c> event of <paramref name="type"/> (e.g. <c>proposal-mismatch-ike</c>), about the IKE_SA
    /// <paramref name="ikeUniqueId"/> when given. Throws on versions before 6.0.3, which have no alert event.
    /// </summary>
    public async Task RaiseAlertAsync(string type, uint? ikeUniqueId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        if (!SupportsAlert)
        {
            throw new InvalidOperationException($"{Name} runs strongSwan {_version}, which has no alert event (6.0.3 and later)");
        }

        IkeSaState? sa = null;
        using (await LockAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (ikeUniqueId is { } id && !_sas.TryGetValue(id, out sa))
            {
                throw new ArgumentException($"{Name} has no IKE_SA #{id}", nameof(ikeUniqueId));
            }
        }

        await RaiseAsync("alert", () => ViciLayouts.Alert(type, sa, Now)).ConfigureAwait(false);
    }

    /// <summary>
    /// Logs one line as charon would (a <c>log</c> event to every registered client), e.g. a failure a real daemon
    /// logs — <c>("IKE", 1, "s2s", "received NO_PROPOSAL_CHOSEN notify error")</c> — so that log analysis can be driven.
    /// <paramref name="ikeName"/> and <paramref name="ikeUniqueId"/> name the IKE_SA the line belongs to (both optional).
    /// </summary>
    public Task WriteLogAsync(string group, int level, string? ikeName, string message, uint? ikeUniqueId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        ArgumentNullException.ThrowIfNull(message);
        var raw = new ViciMessage().Set("group", group).Set("level", level).Set("thread", 7).Set("msg", message);
        if (ikeName is not null)
        {
            raw.Set("ikesa-name", ikeName);
        }

        if (ikeUniqueId is { } id)
        {
            raw.Set("ikesa-uniqueid", id);
        }

        return RaiseAsync("log", () => raw).AsTask();
    }

    /// <summary>Closes every client connection at once (the daemon keeps listening: clients can reconnect).</summary>
    public async Task DropConnectionsAsync()
    {
        var server = _server;
        if (server is null)
        {
            return;
        }

        await Task.WhenAll(server.Connections.Select(c => c.CloseAsync().AsTask())).ConfigureAwait(false);
    }

    /// <summary>
    /// On every client connection: writes a frame header promising N bytes, then only part of them, then closes.
    /// Clients see the connection end in the middle of a frame.
    /// </summary>
    public async Task CutFrameAsync()
    {
        var server = _server;
        if (server is null)
        {
            return;
        }

        var victims = server.Connections.ToList();
        using (await LockAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var frame = ViciFrame.EncodePacket(new ViciPacket(ViciPacketType.Event, "log",
                ViciLayouts.Log("NET", 1, 7, null, $"sending keep-alive to {Address}[4500]")));
            foreach (var c in victims)
            {
                _cut[c.Id] = 0; // from now on nothing else is written to it
                await WriteHalfAsync(c, frame).ConfigureAwait(false);
            }
        }

        foreach (var c in victims)
        {
            await c.CloseAsync().ConfigureAwait(false);
            _cut.TryRemove(c.Id, out _);
        }
    }

    /// <summary>
    /// Makes every <paramref name="command"/> (e.g. <c>redirect</c>) fail with <paramref name="errmsg"/> without doing anything,
    /// as charon answers <c>success = no</c>, until <see cref="StopFailing"/>.
    /// </summary>
    public void FailCommand(string command, string errmsg)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        ArgumentException.ThrowIfNullOrWhiteSpace(errmsg);
        _failing[command] = errmsg;
    }

    /// <summary>Ends <see cref="FailCommand"/> for <paramref name="command"/>.</summary>
    public void StopFailing(string command) => _failing.TryRemove(command, out _);

    /// <summary>Arms a one-shot fault: the next command's response (on whichever connection) is cut in the middle and the connection closed.</summary>
    public void CutNextResponse() => Interlocked.Exchange(ref _cutNext, 1);

    private async ValueTask CutResponseAsync(ViciServerConnection connection, ViciMessage response)
    {
        using (await LockAsync(CancellationToken.None).ConfigureAwait(false))
        {
            _cut[connection.Id] = 0;
            await WriteHalfAsync(connection, ViciFrame.EncodePacket(new ViciPacket(ViciPacketType.CmdResponse, null, response))).ConfigureAwait(false);
        }

        // not awaited: the close waits for this very handler, which then ends on the connection's cancellation
        _ = CloseAndForgetAsync(connection);
    }

    private async Task CloseAndForgetAsync(ViciServerConnection connection)
    {
        await connection.CloseAsync().ConfigureAwait(false);
        _cut.TryRemove(connection.Id, out _);
    }

    /// <summary>The length header and part of the body: mid-body when there is a body to split, else half the header.</summary>
    private static async ValueTask WriteHalfAsync(ViciServerConnection connection, byte[] frame)
    {
        var bodyLength = frame.Length - ViciFrame.HeaderLength;
        var cut = bodyLength >= 2 ? ViciFrame.HeaderLength + (bodyLength / 2) : 2;
        try
        {
            await connection.WriteRawAsync(frame.AsMemory(0, cut)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>
    /// Holds every command's response (event registration still answers, as it does not go through a handler) until the
    /// returned handle is disposed, <see cref="ReleaseStall"/> is called, or <paramref name="duration"/> has passed.
    /// </summary>
    public IDisposable StallResponses(TimeSpan? duration = null)
    {
        var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stall = Interlocked.CompareExchange(ref _stall, fresh, null) ?? fresh;
        if (duration is { } d)
        {
            _ = ReleaseLaterAsync(stall, d);
        }

        return new Handle(() => ReleaseStall(stall));
    }

    /// <summary>Lets stalled and future responses through.</summary>
    public void ReleaseStall() => Interlocked.Exchange(ref _stall, null)?.TrySetResult();

    private void ReleaseStall(TaskCompletionSource stall)
    {
        Interlocked.CompareExchange(ref _stall, null, stall);
        stall.TrySetResult();
    }

    private async Task ReleaseLaterAsync(TaskCompletionSource stall, TimeSpan duration)
    {
        await Task.Delay(duration).ConfigureAwait(false);
        ReleaseStall(stall);
    }

    /// <summary>
    /// Marks an IKE_SA as checked out (busy in a long exchange) until the handle is disposed: list-sas waits for it,
    /// except with <c>noblock</c>, which skips it — as charon's IKE_SA enumerator does.
    /// </summary>
    public IDisposable HoldIkeSa(uint uniqueId)
    {
        _mutex.Wait();
        try
        {
            if (!_sas.TryGetValue(uniqueId, out var sa))
            {
                throw new ArgumentException($"{Name} has no IKE_SA #{uniqueId}", nameof(uniqueId));
            }

            var held = sa.Held ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return new Handle(() =>
            {
                _mutex.Wait();
                try
                {
                    if (sa.Held == held)
                    {
                        sa.Held = null;
                    }
                }
                finally
                {
                    _mutex.Release();
                }

                held.TrySetResult();
            });
        }
        finally
        {
            _mutex.Release();
        }
    }

    /// <summary>
    /// A daemon restart: the socket goes away (every connection closed), the SA set changes — some IKE_SAs gone, some
    /// rekeyed (new SPIs and unique ids), some new — and the daemon answers again on the same socket path or port.
    /// No events are raised for the changes: nobody was connected to see them; a client must resync.
    /// </summary>
    public async Task<RestartResult> RestartAsync(RestartOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RestartOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.RemoveFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.RemoveFraction, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.RekeyFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.RekeyFraction, 1);

        var server = Interlocked.Exchange(ref _server, null);
        if (server is not null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        _cut.Clear();
        Interlocked.Exchange(ref _cutNext, 0);
        ReleaseStall();
        if (options.Downtime > TimeSpan.Zero)
        {
            await Task.Delay(options.Downtime, cancellationToken).ConfigureAwait(false);
        }

        var removed = new List<uint>();
        var added = new List<uint>();
        var rekeyed = new Dictionary<uint, uint>();
        using (await LockAsync(cancellationToken).ConfigureAwait(false))
        {
            if (options.Version is { } version)
            {
                _version = version;
            }

            var now = Now;
            var all = _sas.Values.ToList();
            _rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(all));
            var removeCount = (int)Math.Round(all.Count * options.RemoveFraction);
            foreach (var sa in all.Take(removeCount))
            {
                removed.Add(sa.UniqueId);
                RemoveSa(sa);
                sa.Held?.TrySetResult();
                sa.Held = null;
            }

            var survivors = all.Skip(removeCount).ToList();
            foreach (var sa in survivors.Take((int)Math.Round(survivors.Count * options.RekeyFraction)))
            {
                var oldId = sa.UniqueId;
                RekeyIke(sa, now);
                foreach (var child in sa.Children)
                {
                    RekeyChild(child, now);
                }

                rekeyed[oldId] = sa.UniqueId;
            }

            for (var i = 0; i < (options.AddCount ?? removeCount); i++)
            {
                added.Add(AddIkeSa(PickKind(), now, fresh: true).UniqueId);
            }

            _targetSaCount = _sas.Count;
        }

        var fresh = CreateServer();
        fresh.Listen(_listenUri);
        _server = fresh;
        return new RestartResult(removed, added, rekeyed, _ikeCount);
    }

    private sealed class Handle(Action release) : IDisposable
    {
        private Action? _release = release;

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
