using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FleetCtl.Simulator;

public sealed record FleetOptions
{
    public int Gateways { get; init; } = 10;

    public int SasPerGateway { get; init; } = 10;

    /// <summary>Background events per second across the whole fleet (0: none).</summary>
    public double EventRate { get; init; }

    /// <summary>Folder for the unix sockets (<c>gw-001.vici</c> ...). Null: a new temporary folder, deleted on dispose.</summary>
    public string? Directory { get; init; }

    /// <summary>Listen on tcp://127.0.0.1 (a free port each) instead of unix sockets.</summary>
    public bool UseTcp { get; init; }

    /// <summary>strongSwan versions, handed out round-robin (e.g. ["5.9.8", "6.0.3"] for a fleet mid-upgrade).</summary>
    public IReadOnlyList<string> Versions { get; init; } = ["5.9.8"];

    public int Seed { get; init; } = 1;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Receives failures of background churn steps (they never stop the loop).</summary>
    public Action<Exception>? OnChurnError { get; init; }
}

/// <summary>Totals over a fleet at one moment.</summary>
public sealed record FleetSummary(int Gateways, int Running, int IkeSas, int ChildSas, int Clients, long EventsRaised)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Running}/{Gateways} gateways running, {IkeSas} IKE_SAs, {ChildSas} CHILD_SAs, {Clients} VICI clients, {EventsRaised} events raised");
}

/// <summary>
/// N simulated gateways (gw-001, gw-002 ...) × M SAs each, on their own unix sockets in one folder or on TCP ports
/// of 127.0.0.1, with one churn loop for the fleet. A redirect to a fleet member's address (or identity, or name)
/// moves the SA there, so a drain works end to end. Sized for 1,000 gateways × 100 SAs in one process:
/// no timer per SA, messages built only when asked for or when someone listens.
/// </summary>
public sealed class SimulatedFleet : IAsyncDisposable
{
    private readonly FleetOptions _options;
    private readonly List<SimulatedGateway> _gateways;
    private readonly Dictionary<string, SimulatedGateway> _lookup = new(StringComparer.OrdinalIgnoreCase);
    private readonly bool _ownsDirectory;
    private ChurnLoop? _churn;

    public SimulatedFleet(FleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Gateways);
        ArgumentOutOfRangeException.ThrowIfNegative(options.SasPerGateway);
        if (options.Versions.Count == 0)
        {
            throw new ArgumentException("at least one version is needed", nameof(options));
        }

        _options = options;
        if (options.UseTcp)
        {
            Directory = options.Directory;
        }
        else if (options.Directory is { } dir)
        {
            Directory = System.IO.Directory.CreateDirectory(dir).FullName;
        }
        else
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("fleetctl-sim-").FullName;
            _ownsDirectory = true;
        }

        var world = new WorldAllocator();
        _gateways = new List<SimulatedGateway>(options.Gateways);
        var width = Math.Max(3, options.Gateways.ToString(CultureInfo.InvariantCulture).Length);
        for (var i = 0; i < options.Gateways; i++)
        {
            var name = "gw-" + (i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
            var uri = options.UseTcp ? "tcp://127.0.0.1:0" : "unix://" + SocketPath(Directory!, name);
            var gateway = new SimulatedGateway(new GatewayOptions
            {
                Name = name,
                Index = i,
                ListenUri = uri,
                Version = options.Versions[i % options.Versions.Count],
                SaCount = options.SasPerGateway,
                Seed = options.Seed,
                Time = options.Time,
            }, this, world);
            _gateways.Add(gateway);
            _lookup[gateway.Address] = gateway;
            _lookup[gateway.LocalId] = gateway;
            _lookup[gateway.Name] = gateway;
        }
    }

    /// <summary>The socket folder (null for a TCP fleet without one).</summary>
    public string? Directory { get; }

    public IReadOnlyList<SimulatedGateway> Gateways => _gateways;

    public SimulatedGateway this[int index] => _gateways[index];

    public SimulatedGateway this[string name] =>
        _lookup.TryGetValue(name, out var g) ? g : throw new KeyNotFoundException($"no gateway '{name}' in this fleet");

    public bool IsRunning { get; private set; }

    /// <summary>Finds a gateway by its address (what redirect's <c>gateway</c> carries), its IKE identity, or its name.</summary>
    public bool TryGetGateway(string addressOrIdOrName, out SimulatedGateway gateway)
    {
        ArgumentNullException.ThrowIfNull(addressOrIdOrName);
        return _lookup.TryGetValue(addressOrIdOrName, out gateway!);
    }

    /// <summary>Starts every gateway listening, then the churn loop (when the event rate is above 0).</summary>
    public Task StartAsync()
    {
        foreach (var g in _gateways)
        {
            g.Start();
        }

        if (_options.EventRate > 0 && _churn is null)
        {
            _churn = ChurnLoop.Start(_gateways, _options.EventRate, _options.Seed, _options.OnChurnError);
        }

        IsRunning = true;
        return Task.CompletedTask;
    }

    public async Task StopAsync()
    {
        if (_churn is { } churn)
        {
            _churn = null;
            await churn.DisposeAsync().ConfigureAwait(false);
        }

        // a few at a time: each stop waits for its connections to close
        await Parallel.ForEachAsync(_gateways, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (g, _) => await g.StopAsync().ConfigureAwait(false)).ConfigureAwait(false);
        IsRunning = false;
    }

    /// <summary>Churn steps the fleet's loop has run.</summary>
    public long ChurnSteps => _churn?.Steps ?? 0;

    public FleetSummary GetSummary()
    {
        int running = 0, ikes = 0, children = 0, clients = 0;
        long events = 0;
        foreach (var g in _gateways)
        {
            running += g.IsRunning ? 1 : 0;
            ikes += g.IkeSaCount;
            children += g.ChildSaCount;
            clients += g.ClientCount;
            events += g.EventsRaised;
        }

        return new FleetSummary(_gateways.Count, running, ikes, children, clients, events);
    }

    /// <summary>The inventory: <c>{"gateways":[{"name","uri","address","version","tags":{"site","region","role"}}]}</c>.</summary>
    public string ToInventoryJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("gateways");
            foreach (var g in _gateways)
            {
                json.WriteStartObject();
                json.WriteString("name", g.Name);
                json.WriteString("uri", g.Uri);
                json.WriteStartObject("tags");
                foreach (var (key, value) in g.Tags)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes <see cref="ToInventoryJson"/> to <paramref name="path"/> (default: fleet.json in the socket folder). Returns the path.</summary>
    public string WriteInventory(string? path = null)
    {
        path ??= Path.Combine(Directory ?? System.IO.Directory.GetCurrentDirectory(), "fleet.json");
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, ToInventoryJson());
        File.Move(tmp, path, overwrite: true);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        foreach (var g in _gateways)
        {
            await g.DisposeAsync().ConfigureAwait(false);
        }

        if (_ownsDirectory && Directory is not null)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string SocketPath(string directory, string name)
    {
        var path = Path.Combine(directory, name + ".vici");
        if (Encoding.UTF8.GetByteCount(path) > 107)
        {
            throw new ArgumentException($"unix socket path '{path}' is longer than the 107 bytes a socket address holds; use a shorter folder");
        }

        return path;
    }
}
