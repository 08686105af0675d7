using FleetCtl.Vici;

namespace FleetCtl.Simulator.Tests;

/// <summary>A simulated gateway on a unix socket in a fresh temp folder, torn down with the test.</summary>
internal sealed class Harness : IAsyncDisposable
{
    private readonly string _dir;

    private Harness(GatewayOptions options)
    {
        _dir = Directory.CreateTempSubdirectory("fleetctl-simtest-").FullName;
        Gateway = new SimulatedGateway(options with { ListenUri = "unix://" + Path.Combine(_dir, options.Name + ".vici") });
        Gateway.Start();
    }

    public SimulatedGateway Gateway { get; }

    public string Uri => Gateway.Uri!;

    public static Harness Start(int sas = 10, string version = "5.9.8", int seed = 7, TimeProvider? time = null, int? down = null) =>
        new(new GatewayOptions { SaCount = sas, Version = version, Seed = seed, Time = time ?? TimeProvider.System, DownConnections = down });

    public Task<ViciClient> ConnectAsync(ViciClientOptions? options = null) => ViciClient.ConnectAsync(Uri, options);

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

internal static class Vici
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    /// <summary>list-sas as a client sees it: one message per IKE_SA, keyed by its connection name.</summary>
    public static async Task<List<ViciMessage>> ListSasAsync(this ViciClient client, ViciMessage? request = null, TimeSpan? timeout = null)
    {
        var result = new List<ViciMessage>();
        await foreach (var m in client.StreamAsync("list-sas", "list-sa", request, timeout))
        {
            result.Add(m);
        }

        return result;
    }

    /// <summary>The IKE section inside a list-sa (or ike-updown ...) message.</summary>
    public static ViciMessage Ike(this ViciMessage message) =>
        message.Single(e => e.Kind == ViciValueKind.Section).Section!;

    public static string IkeName(this ViciMessage message) =>
        message.Single(e => e.Kind == ViciValueKind.Section).Key;

    public static IEnumerable<ViciMessage> Children(this ViciMessage ike) =>
        ike.GetSection("child-sas")?.Select(e => e.Section!) ?? [];

    /// <summary>
    /// A round trip: events sent before it are dispatched once its response is in (one ordered stream). Needed after
    /// events raised outside a command (churn); a command's own events already precede its response.
    /// </summary>
    public static Task SyncAsync(this ViciClient client) => client.CallAsync("version");

    /// <summary>Events already received (they precede the response of the command that caused them).</summary>
    public static List<ViciEvent> Drain(this ViciClient client)
    {
        var events = new List<ViciEvent>();
        while (client.Events.TryRead(out var e))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>Reads events until <paramref name="done"/> holds for what was read, or fails after <see cref="Wait"/>.</summary>
    public static async Task<List<ViciEvent>> ReadUntilAsync(this ViciClient client, Func<List<ViciEvent>, bool> done)
    {
        var events = new List<ViciEvent>();
        using var cts = new CancellationTokenSource(Wait);
        while (!done(events))
        {
            events.Add(await client.Events.ReadAsync(cts.Token));
        }

        return events;
    }
}
