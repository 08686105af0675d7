using FleetCtl.Vici;

namespace FleetCtl.Fleet.Tests;

/// <summary>A minimal strongSwan stand-in on a real unix socket: a ViciServer holding a mutable SA list.</summary>
internal sealed class FakeGateway : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleetctl-gw-").FullName;
    private readonly Lock _gate = new();
    private readonly List<(string Conn, ViciMessage Ike)> _sas = [];
    private ViciServer? _server;

    public string SocketPath => Path.Combine(_dir, "charon.vici");

    public string Uri => "unix://" + SocketPath;

    /// <summary>Runs inside list-sas after each streamed SA (to inject events mid-listing).</summary>
    public Func<int, ViciRequest, Task>? DuringListing { get; set; }

    /// <summary>When set, list-sas waits for it (a stalled gateway).</summary>
    public TaskCompletionSource? Stall { get; set; }

    /// <summary>When set, list-sas answers half a frame and closes (a frame cut mid-way).</summary>
    public bool CutNextListing { get; set; }

    public int Listings { get; private set; }

    public void SetSas(params (string Conn, ViciMessage Ike)[] sas)
    {
        lock (_gate)
        {
            _sas.Clear();
            _sas.AddRange(sas);
        }
    }

    public FakeGateway Start()
    {
        _server = new ViciServer();
        _server.DeclareEvents("ike-updown", "ike-rekey", "ike-update", "child-updown", "child-rekey", "log", "list-sa", "list-conn");
        _server.Handle("version", (_, _) => ValueTask.FromResult(new ViciMessage().Set("daemon", "charon").Set("version", "5.9.8")));
        _server.Handle("list-conns", (_, _) => ValueTask.FromResult(new ViciMessage()));
        _server.Handle("list-sas", async (req, ct) =>
        {
            Listings++;
            if (Stall is { } stall)
            {
                await stall.Task.WaitAsync(ct);
            }

            if (CutNextListing)
            {
                CutNextListing = false;
                await req.Connection.WriteRawAsync(new byte[] { 0, 0, 1, 0, 7, 7 });
                await req.Connection.CloseAsync();
                return new ViciMessage();
            }

            (string, ViciMessage)[] sas;
            lock (_gate)
            {
                sas = [.. _sas];
            }

            for (var i = 0; i < sas.Length; i++)
            {
                await req.StreamAsync("list-sa", new ViciMessage().Set(sas[i].Item1, sas[i].Item2));
                if (DuringListing is { } during)
                {
                    await during(i, req);
                }
            }

            return new ViciMessage();
        });
        _server.Listen(Uri);
        return this;
    }

    public ValueTask<int> PublishAsync(string eventName, ViciMessage message) => _server!.PublishAsync(eventName, message);

    /// <summary>Stops the daemon: connections drop and the socket disappears.</summary>
    public async Task StopAsync()
    {
        if (_server is { } s)
        {
            _server = null;
            await s.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
