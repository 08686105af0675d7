using System.Diagnostics;
using FleetCtl.Fleet.Diagnosis;
using FleetCtl.Vici;
using FleetCtl.Vici.Events;

namespace FleetCtl.Integration.Tests.Lab;

/// <summary>
/// Subscribes to a real charon's VICI <c>log</c> event with the library's <see cref="ViciClient"/> — what the gateway
/// actor receives — and keeps every line as a <see cref="GatewayLogLine"/> (redacted, as the controller would store it).
/// </summary>
public sealed class GatewayLogCapture : IAsyncDisposable
{
    /// <summary>FLEETCTL_RECORD_DIAGNOSIS=DIR: <see cref="Record"/> writes the captured lines there as JSON lines.</summary>
    public const string RecordVariable = "FLEETCTL_RECORD_DIAGNOSIS";

    private readonly ViciClient _client;
    private readonly List<GatewayLogLine> _lines = [];
    private readonly Lock _gate = new();
    private readonly Task _pump;

    private GatewayLogCapture(CharonGateway gateway, ViciClient client)
    {
        Gateway = gateway;
        _client = client;
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in client.Events.ReadAllAsync())
                {
                    if (e.Name == ViciEventNames.Log && ViciEventParser.Parse(e) is LogEvent log
                        && LogRedaction.Redact(GatewayLogLine.From(log, e.ReceivedAt)) is { } line)
                    {
                        lock (_gate)
                        {
                            _lines.Add(line);
                        }
                    }
                }
            }
            catch (ViciException)
            {
                // the daemon went away (a test stops it on purpose)
            }
        });
    }

    public CharonGateway Gateway { get; }

    public IReadOnlyList<GatewayLogLine> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Connects to the gateway's VICI socket and registers for <c>log</c>.</summary>
    public static async Task<GatewayLogCapture> StartAsync(CharonGateway gateway)
    {
        var client = await ViciClient.ConnectAsync(gateway.ViciUri);
        await client.RegisterAsync(ViciEventNames.Log);
        return new GatewayLogCapture(gateway, client);
    }

    /// <summary>Waits until a captured line's message matches; returns it.</summary>
    public async Task<GatewayLogLine> WaitForAsync(Func<string, bool> match, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (Lines.FirstOrDefault(l => match(l.Message)) is { } hit)
            {
                return hit;
            }

            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"{Gateway.Name}: no such log line within {limit.TotalSeconds:0.#} s; got:\n{string.Join('\n', Lines)}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>With <see cref="RecordVariable"/> set, writes the lines to <c>DIR/&lt;name&gt;.&lt;side&gt;.jsonl</c>.</summary>
    public void Record(string name, string side)
    {
        if (Environment.GetEnvironmentVariable(RecordVariable) is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, $"{name}.{side}.jsonl"), GatewayLogLineJson.Write(Lines));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _pump.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
