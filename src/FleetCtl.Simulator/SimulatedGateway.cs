using System.Collections.Concurrent;
using System.Globalization;
using FleetCtl.Vici;

namespace FleetCtl.Simulator;

/// <summary>
/// One simulated strongSwan gateway: a charon look-alike that speaks real VICI on its own unix socket or TCP port
/// (through <see cref="ViciServer"/>), holding IKE_SAs and CHILD_SAs with every field of the list-sa layout.
/// It answers version, stats, list-sas, list-conns, get-conns, initiate, terminate, rekey and redirect, raises
/// charon's events (alert only from 6.0.3 on), churns in the background, and takes faults on command.
/// All state lives behind one async mutex; events are published under it, so listeners see them in causal order.
/// </summary>
public sealed partial class SimulatedGateway : IAsyncDisposable
{
    private static readonly string[] s_baseEvents =
    [
        "log", "control-log", "ike-updown", "ike-rekey", "ike-update", "child-updown", "child-rekey",
        "list-sa", "list-policy", "list-conn", "list-cert", "list-authority",
    ];

    private static readonly string[] s_plugins =
    [
        "charon", "random", "nonce", "x509", "revocation", "constraints", "pubkey", "pkcs1", "pkcs7", "pkcs8", "pkcs12", "pem",
        "openssl", "kdf", "gmp", "curve25519", "xcbc", "cmac", "hmac", "kernel-netlink", "socket-default", "stroke", "vici",
        "updown", "eap-mschapv2", "eap-radius", "xauth-generic", "counters",
    ];

    private readonly SemaphoreSlim _mutex = new(1, 1);
    private readonly OrderedDictionary<uint, IkeSaState> _sas = new();
    private readonly OrderedDictionary<string, ConnConfig> _conns = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, byte> _cut = new();
    private readonly ConcurrentDictionary<string, long> _handled = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _failing = new(StringComparer.Ordinal);
    private readonly Random _rng;
    private readonly WorldAllocator _world;
    private readonly TimeProvider _time;
    private readonly SimulatedGatewayIdentity _identity;
    private readonly GatewayOptions _options;
    private readonly DateTimeOffset _startedAt;
    private ViciServer? _server;
    private string _listenUri;
    private string _version;
    private uint _nextIkeId;
    private uint _nextChildId;
    private uint _nextReqId;
    private int _targetSaCount;
    private volatile int _ikeCount;
    private volatile int _childCount;
    private long _eventsRaised;
    private TaskCompletionSource? _stall;
    private int _cutNext;
    private ChurnLoop? _ownChurn;

    /// <summary>A gateway on its own (not in a fleet): redirects then only move SAs away.</summary>
    public SimulatedGateway(GatewayOptions options) : this(options, null, new WorldAllocator())
    {
    }

    internal SimulatedGateway(GatewayOptions options, SimulatedFleet? fleet, WorldAllocator world)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.SaCount);
        _options = options;
        Fleet = fleet;
        _world = world;
        _time = options.Time;
        _version = options.Version;
        _listenUri = options.ListenUri;
        _rng = new Random(unchecked((options.Seed * 1_000_003) ^ (options.Index * 7919) ^ 0x5eed));
        Name = options.Name;
        Index = options.Index;
        Address = options.Address ?? Addressing.GatewayAddress(options.Index);
        LocalId = Addressing.GatewayId(options.Name);
        Tags = options.Tags ?? DefaultTags(options.Index);
        _identity = new SimulatedGatewayIdentity(Name, Index, Address, LocalId);
        _startedAt = _time.GetUtcNow();
        _targetSaCount = options.SaCount;
        Populate(options.SaCount, options.DownConnections ?? Math.Max(1, options.SaCount / 10));
    }

    public string Name { get; }

    public int Index { get; }

    /// <summary>The public address of the gateway's IKE_SAs (<c>local-host</c>); redirects to it land here.</summary>
    public string Address { get; }

    /// <summary>The gateway's IKE identity (<c>local-id</c>), e.g. <c>gw-001.vpn.example.net</c>.</summary>
    public string LocalId { get; }

    /// <summary>The strongSwan version reported by <c>version</c> (may change on <see cref="RestartAsync"/>).</summary>
    public string Version => _version;

    /// <summary>True when this version has the <c>alert</c> event (6.0.3 and later).</summary>
    public bool SupportsAlert => StrongSwanVersion.HasAlert(_version);

    public IReadOnlyDictionary<string, string> Tags { get; }

    /// <summary>The fleet this gateway belongs to, if any.</summary>
    public SimulatedFleet? Fleet { get; }

    /// <summary>The URI to connect to (the real port for tcp://...:0); null until started.</summary>
    public string? Uri { get; private set; }

    public bool IsRunning => _server is not null;

    public int IkeSaCount => _ikeCount;

    public int ChildSaCount => _childCount;

    public int ConnectionConfigCount
    {
        get
        {
            _mutex.Wait();
            try
            {
                return _conns.Count;
            }
            finally
            {
                _mutex.Release();
            }
        }
    }

    /// <summary>VICI clients connected right now.</summary>
    public int ClientCount => _server?.Connections.Count ?? 0;

    /// <summary>Events raised so far (sent to whoever was registered, possibly no one).</summary>
    public long EventsRaised => Interlocked.Read(ref _eventsRaised);

    private long Now => _time.GetUtcNow().ToUnixTimeSeconds();

    // ---- lifecycle ------------------------------------------------------------------------------

    /// <summary>Starts answering VICI. Returns the URI (with the actual port for tcp://...:0). A standalone gateway with an event rate also starts churning.</summary>
    public string Start()
    {
        if (_server is not null)
        {
            return Uri!;
        }

        var server = CreateServer();
        var uri = server.Listen(_listenUri);
        _listenUri = uri; // a restart keeps the same socket path / port
        _server = server;
        Uri = uri;
        if (Fleet is null && _options.EventRate > 0 && _ownChurn is null)
        {
            _ownChurn = ChurnLoop.Start([this], _options.EventRate, _options.Seed);
        }

        return uri;
    }

    /// <summary>Stops churning, closes every connection and removes the socket.</summary>
    public async Task StopAsync()
    {
        if (_ownChurn is { } churn)
        {
            _ownChurn = null;
            await churn.DisposeAsync().ConfigureAwait(false);
        }

        var server = Interlocked.Exchange(ref _server, null);
        if (server is not null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        ReleaseStall();
    }

    public override string ToString() => $"{Name} ({Address}, strongSwan {_version}, {IkeSaCount} IKE_SAs) {Uri}";

    // ---- inspection -------------------------------------------------------------------------------

    /// <summary>A snapshot of the IKE_SAs and their CHILD_SAs.</summary>
    public IReadOnlyList<SimulatedIkeSa> GetIkeSas()
    {
        _mutex.Wait();
        try
        {
            var result = new List<SimulatedIkeSa>(_sas.Count);
            foreach (var sa in _sas.Values)
            {
                result.Add(Snapshot(sa));
            }

            return result;
        }
        finally
        {
            _mutex.Release();
        }
    }

    /// <summary>
    /// How many <paramref name="command"/> requests (e.g. <c>redirect</c>) the gateway handled: counted when the handler runs, so a
    /// request stalled by <see cref="StallResponses"/> and dropped with its connection is not counted.
    /// </summary>
    public long CommandsHandled(string command) => _handled.TryGetValue(command, out var n) ? n : 0;

    /// <summary>Names of every loaded connection (what get-conns returns), up or not.</summary>
    public IReadOnlyList<string> GetConnectionNames()
    {
        _mutex.Wait();
        try
        {
            return [.. _conns.Keys];
        }
        finally
        {
            _mutex.Release();
        }
    }

    /// <summary>The <c>list-sa</c> message of one IKE_SA, exactly as list-sas streams it; null when there is no such SA.</summary>
    public ViciMessage? GetListSaMessage(uint uniqueId)
    {
        _mutex.Wait();
        try
        {
            return _sas.TryGetValue(uniqueId, out var sa) ? ViciLayouts.ListSa(sa, Now) : null;
        }
        finally
        {
            _mutex.Release();
        }
    }

    private static SimulatedIkeSa Snapshot(IkeSaState sa) => new(
        sa.UniqueId, sa.Name, sa.Version, sa.LocalHost, sa.RemoteHost, sa.LocalId, sa.RemoteId, sa.RemoteEapId ?? sa.RemoteXauthId,
        ViciLayouts.Hex16(sa.InitiatorSpi), ViciLayouts.Hex16(sa.ResponderSpi),
        [.. sa.Children.Select(c => new SimulatedChildSa(c.UniqueId, c.ReqId, c.Name, ViciLayouts.Hex8(c.SpiIn), ViciLayouts.Hex8(c.SpiOut), c.LocalTs, c.RemoteTs))]);

    // ---- server and handlers --------------------------------------------------------------------

    private ViciServer CreateServer()
    {
        var server = new ViciServer();
        server.DeclareEvents(s_baseEvents);
        if (SupportsAlert)
        {
            server.DeclareEvents("alert");
        }

        server.Handle("version", Wrap(VersionAsync));
        server.Handle("stats", Wrap(StatsAsync));
        server.Handle("list-sas", Wrap(ListSasAsync));
        server.Handle("list-conns", Wrap(ListConnsAsync));
        server.Handle("get-conns", Wrap(GetConnsAsync));
        server.Handle("initiate", Wrap(InitiateAsync));
        server.Handle("terminate", Wrap(TerminateAsync));
        server.Handle("rekey", Wrap(RekeyAsync));
        server.Handle("redirect", Wrap(RedirectAsync));
        return server;
    }

    /// <summary>Every command goes through the stall and cut faults.</summary>
    private ViciCommandHandler Wrap(Func<ViciRequest, CancellationToken, ValueTask<ViciMessage>> handler) => async (request, ct) =>
    {
        if (Volatile.Read(ref _stall) is { } stall)
        {
            await stall.Task.WaitAsync(ct).ConfigureAwait(false);
        }

        _handled.AddOrUpdate(request.Command, 1, (_, n) => n + 1);
        var response = _failing.TryGetValue(request.Command, out var errmsg)
            ? Failure(errmsg)
            : await handler(request, ct).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _cutNext, 0) == 1)
        {
            await CutResponseAsync(request.Connection, response).ConfigureAwait(false);
        }

        if (_cut.ContainsKey(request.Connection.Id))
        {
            // this connection was cut: nothing more may follow the half frame; wait for the close to end the handler
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }

        return response;
    };

    private ValueTask<ViciMessage> VersionAsync(ViciRequest request, CancellationToken ct) =>
        ValueTask.FromResult(new ViciMessage()
            .Set("daemon", "charon")
            .Set("version", _version)
            .Set("sysname", _options.SysName)
            .Set("release", _options.Release)
            .Set("machine", _options.Machine));

    private async ValueTask<ViciMessage> StatsAsync(ViciRequest request, CancellationToken ct)
    {
        int ikes;
        using (await LockAsync(ct).ConfigureAwait(false))
        {
            ikes = _sas.Count;
        }

        var now = _time.GetUtcNow();
        var busy = ikes == 0 ? 0 : 1 + (int)(Now % 3);
        return new ViciMessage()
            .Set("uptime", new ViciMessage()
                .Set("running", Relative(now - _startedAt))
                .Set("since", _startedAt.ToString("MMM dd HH:mm:ss yyyy", CultureInfo.InvariantCulture)))
            .Set("workers", new ViciMessage()
                .Set("total", 16)
                .Set("idle", 16 - 4 - busy)
                .Set("active", new ViciMessage().Set("critical", 4).Set("high", 0).Set("medium", busy).Set("low", 0)))
            .Set("queues", new ViciMessage().Set("critical", 0).Set("high", 0).Set("medium", 0).Set("low", 0))
            .Set("scheduled", (ikes * 3) + 2)
            .Set("ikesas", new ViciMessage().Set("total", ikes).Set("half-open", 0))
            .Set("plugins", s_plugins)
            .Set("mallinfo", new ViciMessage()
                .Set("sbrk", 4_562_944L + (ikes * 18_432L))
                .Set("mmap", 0)
                .Set("used", 3_901_232L + (ikes * 16_384L))
                .Set("free", 661_712));
    }

    private static string Relative(TimeSpan span)
    {
        var s = (long)Math.Max(0, span.TotalSeconds);
        return s switch
        {
            < 60 => $"{s} second{(s == 1 ? "" : "s")}",
            < 3600 => $"{s / 60} minute{(s / 60 == 1 ? "" : "s")}",
            < 86400 => $"{s / 3600} hour{(s / 3600 == 1 ? "" : "s")}",
            _ => $"{s / 86400} day{(s / 86400 == 1 ? "" : "s")}",
        };
    }

    /// <summary>
    /// Streams one list-sa per IKE_SA (filters <c>ike</c>, <c>ike-id</c>). An IKE_SA held by <see cref="HoldIkeSa"/> blocks the
    /// listing until released, as a checked-out IKE_SA blocks charon's enumerator — unless <c>noblock</c> is set: then it is skipped.
    /// </summary>
    private async ValueTask<ViciMessage> ListSasAsync(ViciRequest request, CancellationToken ct)
    {
        var ike = request.Message.GetString("ike");
        var ikeId = (uint)(request.Message.GetInt64("ike-id") ?? 0);
        var block = !request.Message.ContainsKey("noblock");
        List<uint> ids;
        using (await LockAsync(ct).ConfigureAwait(false))
        {
            ids = [.. _sas.Values.Where(sa => (ike is null || sa.Name == ike) && (ikeId == 0 || sa.UniqueId == ikeId)).Select(sa => sa.UniqueId)];
        }

        foreach (var id in ids)
        {
            while (true)
            {
                TaskCompletionSource? held;
                using (await LockAsync(ct).ConfigureAwait(false))
                {
                    if (!_sas.TryGetValue(id, out var sa))
                    {
                        break; // went down meanwhile
                    }

                    held = sa.Held;
                    if (held is null)
                    {
                        await StreamAsync(request, "list-sa", ViciLayouts.ListSa(sa, Now)).ConfigureAwait(false);
                        break;
                    }

                    if (!block)
                    {
                        break;
                    }
                }

                await held.Task.WaitAsync(ct).ConfigureAwait(false);
            }
        }

        return new ViciMessage();
    }

    private async ValueTask<ViciMessage> ListConnsAsync(ViciRequest request, CancellationToken ct)
    {
        var ike = request.Message.GetString("ike");
        using (await LockAsync(ct).ConfigureAwait(false))
        {
            foreach (var conn in _conns.Values)
            {
                if (ike is null || conn.Name == ike)
                {
                    await StreamAsync(request, "list-conn", ViciLayouts.ListConn(conn)).ConfigureAwait(false);
                }
            }
        }

        return new ViciMessage();
    }

    private async ValueTask<ViciMessage> GetConnsAsync(ViciRequest request, CancellationToken ct)
    {
        using (await LockAsync(ct).ConfigureAwait(false))
        {
            return new ViciMessage().Set("conns", _conns.Keys);
        }
    }

    private async ValueTask<ViciMessage> InitiateAsync(ViciRequest request, CancellationToken ct)
    {
        var childName = request.Message.GetString("child");
        var ikeName = request.Message.GetString("ike");
        if (childName is null)
        {
            return Failure("missing configuration name");
        }

        using (await LockAsync(ct).ConfigureAwait(false))
        {
            await LogAsync("CFG", 1, null, $"vici initiate CHILD_SA '{childName}'", null).ConfigureAwait(false);
            ConnConfig? conn = null;
            ChildConfig? childCfg = null;
            foreach (var c in _conns.Values)
            {
                if (ikeName is not null && c.Name != ikeName)
                {
                    continue;
                }

                childCfg = c.FindChild(childName);
                if (childCfg is not null)
                {
                    conn = c;
                    break;
                }
            }

            if (conn is null || childCfg is null)
            {
                return Failure($"CHILD_SA config '{childName}' not found");
            }

            if (conn.IsRoadWarrior)
            {
                await LogAsync("IKE", 1, null, "unable to resolve %any, initiate aborted", request).ConfigureAwait(false);
                await LogAsync("IKE", 1, null, $"tried to check-in and delete nonexisting IKE_SA", request).ConfigureAwait(false);
                return Failure($"establishing CHILD_SA '{childName}' failed");
            }

            conn.Drained = false;
            var now = Now;
            var sa = _sas.Values.FirstOrDefault(s => s.Conn == conn);
            if (sa is null)
            {
                sa = NewIkeSa(conn, [childCfg], now, 0, initiator: true);
                await EstablishIkeLogsAsync(sa, request).ConfigureAwait(false);
                Insert(sa);
                await RaiseAsync("ike-updown", () => ViciLayouts.IkeUpDown(sa, true, now)).ConfigureAwait(false);
                await EstablishChildAsync(sa, sa.Children[0], now, request).ConfigureAwait(false);
            }
            else if (sa.Children.Find(c => c.Config == childCfg) is { } existing)
            {
                await LogAsync("IKE", 1, sa, $"CHILD_SA {existing.Name}{{{existing.UniqueId}}} already established", request).ConfigureAwait(false);
            }
            else
            {
                var child = NewChildSa(sa, childCfg, now, 0);
                sa.Children.Add(child);
                _childCount++;
                await LogAsync("IKE", 1, sa, $"establishing CHILD_SA {child.Name}{{{child.UniqueId}}}", request).ConfigureAwait(false);
                await LogAsync("ENC", 1, sa, "generating CREATE_CHILD_SA request 2 [ SA No TSi TSr ]", request).ConfigureAwait(false);
                await EstablishChildAsync(sa, child, now, request).ConfigureAwait(false);
            }
        }

        return Success();
    }

    private async ValueTask EstablishIkeLogsAsync(IkeSaState sa, ViciRequest? request)
    {
        await LogAsync("IKE", 1, sa, $"initiating IKE_SA {sa.Name}[{sa.UniqueId}] to {sa.RemoteHost}", request).ConfigureAwait(false);
        await LogAsync("ENC", 1, sa, "generating IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(HASH_ALG) N(REDIR_SUP) ]", request).ConfigureAwait(false);
        await LogAsync("NET", 1, sa, $"sending packet: from {sa.LocalHost}[500] to {sa.RemoteHost}[500] (464 bytes)", request).ConfigureAwait(false);
        await LogAsync("NET", 1, sa, $"received packet: from {sa.RemoteHost}[500] to {sa.LocalHost}[500] (472 bytes)", request).ConfigureAwait(false);
        await LogAsync("ENC", 1, sa, "parsed IKE_SA_INIT response 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(HASH_ALG) N(CHDLESS_SUP) N(MULT_AUTH) ]", request).ConfigureAwait(false);
        await LogAsync("IKE", 1, sa, $"authentication of '{sa.LocalId}' (myself) with {(sa.Conn.LocalAuth == "public key" ? "ED25519 successful" : "pre-shared key")}", request).ConfigureAwait(false);
        await LogAsync("IKE", 1, sa, $"authentication of '{sa.RemoteId}' with {(sa.Conn.RemoteAuth == "public key" ? "ED25519 successful" : "pre-shared key successful")}", request).ConfigureAwait(false);
        await LogAsync("IKE", 1, sa, $"IKE_SA {sa.Name}[{sa.UniqueId}] established between {sa.LocalHost}[{sa.LocalId}]...{sa.RemoteHost}[{sa.RemoteId}]", request).ConfigureAwait(false);
        await LogAsync("IKE", 1, sa, $"scheduling rekeying in {sa.Conn.RekeyTime}s", request).ConfigureAwait(false);
    }

    private async ValueTask EstablishChildAsync(IkeSaState sa, ChildSaState child, long now, ViciRequest? request)
    {
        await LogAsync("IKE", 1, sa,
            $"CHILD_SA {child.Name}{{{child.UniqueId}}} established with SPIs {ViciLayouts.Hex8(child.SpiIn)}_i {ViciLayouts.Hex8(child.SpiOut)}_o and TS {string.Join(' ', child.LocalTs)} === {string.Join(' ', child.RemoteTs)}",
            request).ConfigureAwait(false);
        await RaiseAsync("child-updown", () => ViciLayouts.ChildUpDown(sa, child, true, now)).ConfigureAwait(false);
    }

    private async ValueTask<ViciMessage> TerminateAsync(ViciRequest request, CancellationToken ct)
    {
        var matches = await ForSelectedAsync(request.Message, ct,
            (sa, child, now) => CloseChildAsync(sa, child, now, request), (sa, now) => CloseIkeAsync(sa, now, request, reason: null)).ConfigureAwait(false);
        if (matches is null)
        {
            return Failure("missing terminate selector");
        }

        var count = matches.Value;
        var response = new ViciMessage().Set("success", count > 0).Set("matches", count).Set("terminated", count);
        return count > 0 ? response : response.Set("errmsg", "no matching SAs to terminate found");
    }

    /// <summary>
    /// The selector terminate and rekey share, as charon's: <c>child</c>/<c>child-id</c> pick CHILD_SAs (within
    /// <c>ike</c>/<c>ike-id</c> when given), otherwise <c>ike</c>/<c>ike-id</c> pick IKE_SAs. Acts on each match under the
    /// gateway's lock; returns the number of matches, or null when the request names no selector at all.
    /// </summary>
    private async ValueTask<int?> ForSelectedAsync(ViciMessage m, CancellationToken ct,
        Func<IkeSaState, ChildSaState, long, ValueTask> onChild, Func<IkeSaState, long, ValueTask> onIke)
    {
        var childName = m.GetString("child");
        var ikeName = m.GetString("ike");
        var childId = (uint)(m.GetInt64("child-id") ?? 0);
        var ikeId = (uint)(m.GetInt64("ike-id") ?? 0);
        if (childName is null && ikeName is null && childId == 0 && ikeId == 0)
        {
            return null;
        }

        using (await LockAsync(ct).ConfigureAwait(false))
        {
            var now = Now;
            if (childName is not null || childId != 0)
            {
                var targets = new List<(IkeSaState Sa, ChildSaState Child)>();
                foreach (var sa in _sas.Values)
                {
                    if ((ikeName is not null && sa.Name != ikeName) || (ikeId != 0 && sa.UniqueId != ikeId))
                    {
                        continue;
                    }

                    targets.AddRange(sa.Children
                        .Where(c => (childName is null || c.Name == childName) && (childId == 0 || c.UniqueId == childId))
                        .Select(c => (sa, c)));
                }

                foreach (var (sa, child) in targets)
                {
                    await onChild(sa, child, now).ConfigureAwait(false);
                }

                return targets.Count;
            }

            var ikes = _sas.Values.Where(sa => (ikeName is not null && sa.Name == ikeName) || (ikeId != 0 && sa.UniqueId == ikeId)).ToList();
            foreach (var sa in ikes)
            {
                await onIke(sa, now).ConfigureAwait(false);
            }

            return ikes.Count;
        }
    }

    /// <summary>Deletes one CHILD_SA (the IKE_SA stays): log, child-updown down.</summary>
    private async ValueTask CloseChildAsync(IkeSaState sa, ChildSaState child, long now, ViciRequest? request)
    {
        await LogAsync("IKE", 1, sa, $"closing CHILD_SA {child.Name}{{{child.UniqueId}}} with SPIs {ViciLayouts.Hex8(child.SpiIn)}_i ({ChildBytes(child, now, true)} bytes) {ViciLayouts.Hex8(child.SpiOut)}_o ({ChildBytes(child, now, false)} bytes) and TS {string.Join(' ', child.LocalTs)} === {string.Join(' ', child.RemoteTs)}", request).ConfigureAwait(false);
        await LogAsync("IKE", 1, sa, $"sending DELETE for ESP CHILD_SA with SPI {ViciLayouts.Hex8(child.SpiIn)}", request).ConfigureAwait(false);
        await RaiseAsync("child-updown", () => ViciLayouts.ChildUpDown(sa, child, false, now)).ConfigureAwait(false);
        sa.Children.Remove(child);
        _childCount--;
    }

    /// <summary>Deletes an IKE_SA: child-updown down for each CHILD_SA, then ike-updown down.</summary>
    private async ValueTask CloseIkeAsync(IkeSaState sa, long now, ViciRequest? request, string? reason)
    {
        await LogAsync("IKE", 1, sa, reason ?? $"deleting IKE_SA {sa.Name}[{sa.UniqueId}] between {sa.LocalHost}[{sa.LocalId}]...{sa.RemoteHost}[{sa.RemoteId}]", request).ConfigureAwait(false);
        await LogAsync("IKE", 1, sa, $"sending DELETE for IKE_SA {sa.Name}[{sa.UniqueId}]", request).ConfigureAwait(false);
        foreach (var child in sa.Children)
        {
            await RaiseAsync("child-updown", () => ViciLayouts.ChildUpDown(sa, child, false, now)).ConfigureAwait(false);
        }

        await RaiseAsync("ike-updown", () => ViciLayouts.IkeUpDown(sa, false, now)).ConfigureAwait(false);
        await LogAsync("IKE", 1, sa, "IKE_SA deleted", request).ConfigureAwait(false);
        RemoveSa(sa);
    }

    private static ulong ChildBytes(ChildSaState child, long now, bool inbound) =>
        (inbound ? child.BaseBytesIn : child.BaseBytesOut) + ((ulong)(inbound ? child.RateIn : child.RateOut) * (ulong)Math.Max(0, now - child.InstalledAt));

    private async ValueTask<ViciMessage> RekeyAsync(ViciRequest request, CancellationToken ct)
    {
        var matches = await ForSelectedAsync(request.Message, ct, RekeyChildAsync, RekeyIkeAsync).ConfigureAwait(false);
        if (matches is null)
        {
            return Failure("missing rekey selector");
        }

        var rekeyed = matches.Value;
        var response = new ViciMessage().Set("success", rekeyed > 0).Set("matches", rekeyed);
        return rekeyed > 0 ? response : response.Set("errmsg", "no matching SAs to rekey found");
    }

    private async ValueTask RekeyChildAsync(IkeSaState sa, ChildSaState child, long now)
    {
        var old = HasListeners("child-rekey") ? ViciLayouts.ChildSection(child, now) : null;
        var oldSpi = child.SpiIn;
        var oldId = child.UniqueId;
        RekeyChild(child, now);
        await LogAsync("IKE", 1, sa, $"rekeyed CHILD_SA {child.Name}{{{oldId}}} with SPIs {ViciLayouts.Hex8(oldSpi)}_i, now CHILD_SA {child.Name}{{{child.UniqueId}}} with SPIs {ViciLayouts.Hex8(child.SpiIn)}_i {ViciLayouts.Hex8(child.SpiOut)}_o", null).ConfigureAwait(false);
        if (old is not null)
        {
            await RaiseAsync("child-rekey", () => ViciLayouts.ChildRekey(sa, child.Name, old, ViciLayouts.ChildSection(child, now), now)).ConfigureAwait(false);
        }
        else
        {
            Interlocked.Increment(ref _eventsRaised);
        }
    }

    private async ValueTask RekeyIkeAsync(IkeSaState sa, long now)
    {
        var old = HasListeners("ike-rekey") ? ViciLayouts.IkeSection(sa, now) : null;
        var oldId = sa.UniqueId;
        RekeyIke(sa, now);
        await LogAsync("IKE", 1, sa, $"IKE_SA {sa.Name}[{oldId}] rekeyed, now IKE_SA {sa.Name}[{sa.UniqueId}] with SPIs {ViciLayouts.Hex16(sa.InitiatorSpi)}_i {ViciLayouts.Hex16(sa.ResponderSpi)}_r", null).ConfigureAwait(false);
        if (old is not null)
        {
            await RaiseAsync("ike-rekey", () => ViciLayouts.IkeRekey(sa.Name, old, ViciLayouts.IkeSection(sa, now))).ConfigureAwait(false);
        }
        else
        {
            Interlocked.Increment(ref _eventsRaised);
        }
    }

    /// <summary>
    /// Redirects matching IKEv2 SAs to <c>gateway</c>. Each leaves here (child-updown down, ike-updown down); when the target
    /// address is another gateway of the same <see cref="SimulatedFleet"/>, the peer reconnects there (ike-updown up, child-updown up).
    /// </summary>
    private async ValueTask<ViciMessage> RedirectAsync(ViciRequest request, CancellationToken ct)
    {
        var m = request.Message;
        var ikeName = m.GetString("ike");
        var ikeId = (uint)(m.GetInt64("ike-id") ?? 0);
        var peerIp = m.GetString("peer-ip");
        var peerId = m.GetString("peer-id");
        var gateway = m.GetString("gateway");
        if (string.IsNullOrEmpty(gateway))
        {
            return Failure("missing target gateway");
        }

        if (peerIp is not null && !Addressing.IsValidPeerIpSelector(peerIp))
        {
            return Failure("invalid peer IP selector");
        }

        if (peerIp is null && peerId is null && ikeName is null && ikeId == 0)
        {
            return Failure("missing redirect selector");
        }

        List<IkeSaState> moving;
        using (await LockAsync(ct).ConfigureAwait(false))
        {
            var now = Now;
            moving = [.. _sas.Values.Where(sa =>
                sa.Version == 2 &&
                (ikeId == 0 || sa.UniqueId == ikeId) &&
                (ikeName is null || sa.Name == ikeName) &&
                (peerIp is null || Addressing.MatchesPeerIp(sa.RemoteHost, peerIp)) &&
                (peerId is null || Addressing.MatchesId(sa.RemoteEapId ?? sa.RemoteId, peerId)))];
            foreach (var sa in moving)
            {
                await LogAsync("IKE", 1, sa, $"redirecting peer to {gateway}", null).ConfigureAwait(false);
                await CloseIkeAsync(sa, now, null, $"IKE_SA {sa.Name}[{sa.UniqueId}] redirected to {gateway}").ConfigureAwait(false);
                sa.Conn.Drained = true;
            }
        }

        if (moving.Count > 0 && Fleet is not null && Fleet.TryGetGateway(gateway, out var target))
        {
            // not cancellable: once the SAs have left here they must land there, even if the caller hangs up meanwhile
            foreach (var sa in moving)
            {
                await target.ArriveAsync(sa, this, CancellationToken.None).ConfigureAwait(false);
            }
        }

        var response = new ViciMessage().Set("success", moving.Count > 0).Set("matches", moving.Count);
        return moving.Count > 0 ? response : response.Set("errmsg", "no matching SAs to redirect found");
    }

    /// <summary>A peer redirected from <paramref name="from"/> connects here: a new IKE_SA with the same peer, connection and children.</summary>
    internal async Task ArriveAsync(IkeSaState departed, SimulatedGateway from, CancellationToken ct)
    {
        using (await LockAsync(ct).ConfigureAwait(false))
        {
            var now = Now;
            if (!_conns.TryGetValue(departed.Name, out var conn))
            {
                conn = departed.Conn.On(_identity);
                _conns[conn.Name] = conn;
            }

            conn.Drained = false;
            var sa = new IkeSaState
            {
                Conn = conn,
                UniqueId = ++_nextIkeId,
                LocalHost = Address,
                LocalId = LocalId,
                LocalPort = departed.LocalPort,
                RemoteHost = departed.RemoteHost,
                RemotePort = departed.RemotePort,
                RemoteId = departed.RemoteId,
                RemoteEapId = departed.RemoteEapId,
                RemoteXauthId = departed.RemoteXauthId,
                RemoteVips = departed.RemoteVips,
                User = departed.User,
                NatRemote = departed.NatRemote,
                NatLocal = departed.NatLocal,
                NatFake = departed.NatFake,
                Initiator = false, // the redirected peer initiates anew
                InitiatorSpi = NewIkeSpi(),
                ResponderSpi = NewIkeSpi(),
                EstablishedAt = now,
            };
            foreach (var old in departed.Children)
            {
                var child = NewChildSa(sa, old.Config, now, 0);
                child.LocalTs = old.LocalTs;
                child.RemoteTs = old.RemoteTs;
                sa.Children.Add(child);
            }

            Insert(sa);
            await LogAsync("IKE", 1, sa, $"IKE_SA {sa.Name}[{sa.UniqueId}] established between {sa.LocalHost}[{sa.LocalId}]...{sa.RemoteHost}[{sa.RemoteId}] (peer redirected from {from.Name})", null).ConfigureAwait(false);
            await RaiseAsync("ike-updown", () => ViciLayouts.IkeUpDown(sa, true, now)).ConfigureAwait(false);
            foreach (var child in sa.Children)
            {
                await EstablishChildAsync(sa, child, now, null).ConfigureAwait(false);
            }
        }
    }

    // ---- events -----------------------------------------------------------------------------------

    private bool HasListeners(string eventName)
    {
        var server = _server;
        if (server is null)
        {
            return false;
        }

        foreach (var c in server.Connections)
        {
            if (c.IsRegistered(eventName) && !_cut.ContainsKey(c.Id))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Raises an event: counted always, built and sent only when someone is registered (the caller holds the mutex).</summary>
    private async ValueTask RaiseAsync(string eventName, Func<ViciMessage> build)
    {
        Interlocked.Increment(ref _eventsRaised);
        var server = _server;
        if (server is null)
        {
            return;
        }

        ViciMessage? message = null;
        foreach (var c in server.Connections)
        {
            if (c.IsRegistered(eventName) && !_cut.ContainsKey(c.Id))
            {
                message ??= build();
                await c.SendEventAsync(eventName, message).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A log line: a <c>log</c> event to registered listeners and, during a command, a <c>control-log</c> to its caller.</summary>
    private async ValueTask LogAsync(string group, int level, IkeSaState? sa, string msg, ViciRequest? request)
    {
        await RaiseAsync("log", () => ViciLayouts.Log(group, level, 1 + (int)((sa?.UniqueId ?? 0) % 16), sa, msg)).ConfigureAwait(false);
        if (request is not null)
        {
            await StreamAsync(request, "control-log", ViciLayouts.ControlLog(group, level, sa, msg)).ConfigureAwait(false);
        }
    }

    private async ValueTask StreamAsync(ViciRequest request, string eventName, ViciMessage message)
    {
        if (!_cut.ContainsKey(request.Connection.Id))
        {
            await request.StreamAsync(eventName, message).ConfigureAwait(false);
        }
    }

    private static ViciMessage Success() => new ViciMessage().Set("success", true);

    private static ViciMessage Failure(string errmsg) => new ViciMessage().Set("success", false).Set("errmsg", errmsg);

    private async ValueTask<Releaser> LockAsync(CancellationToken ct)
    {
        await _mutex.WaitAsync(ct).ConfigureAwait(false);
        return new Releaser(_mutex);
    }

    private readonly struct Releaser(SemaphoreSlim mutex) : IDisposable
    {
        public void Dispose() => mutex.Release();
    }

    private static Dictionary<string, string> DefaultTags(int index)
    {
        (string Region, string[] Sites)[] regions =
        [
            ("eu-central", ["fra", "muc"]),
            ("eu-west", ["lon", "dub"]),
            ("us-east", ["iad", "nyc"]),
            ("us-west", ["sjc", "sea"]),
            ("ap-southeast", ["sin", "syd"]),
        ];
        var (region, sites) = regions[index % regions.Length];
        var site = sites[index / regions.Length % sites.Length] + ((index / (regions.Length * sites.Length)) + 1).ToString(CultureInfo.InvariantCulture);
        var role = (index % 10) switch { 0 => "hub", 1 or 2 => "remote-access", _ => "branch-concentrator" };
        return new Dictionary<string, string>(StringComparer.Ordinal) { ["site"] = site, ["region"] = region, ["role"] = role };
    }
}

/// <summary>A snapshot of one simulated IKE_SA. <see cref="RemoteUser"/> is the EAP or XAuth identity, if any.</summary>
public sealed record SimulatedIkeSa(
    uint UniqueId, string Name, int Version, string LocalHost, string RemoteHost, string LocalId, string RemoteId, string? RemoteUser,
    string InitiatorSpi, string ResponderSpi, IReadOnlyList<SimulatedChildSa> Children);

/// <summary>A snapshot of one simulated CHILD_SA.</summary>
public sealed record SimulatedChildSa(
    uint UniqueId, uint ReqId, string Name, string SpiIn, string SpiOut, IReadOnlyList<string> LocalTs, IReadOnlyList<string> RemoteTs);
