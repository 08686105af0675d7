using System.Diagnostics;
using FleetCtl.Vici;

namespace FleetCtl.Integration.Tests.Lab;

/// <summary>Drains a client's registered events into a list the test can wait on and inspect afterwards.</summary>
public sealed class ViciEventRecorder
{
    private readonly List<ViciEvent> _events = [];
    private readonly Lock _gate = new();
    private readonly string _label;
    private readonly Action<string>? _log;

    public ViciEventRecorder(ViciClient client, string label, Action<string>? log = null)
    {
        _label = label;
        _log = log;
        Pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in client.Events.ReadAllAsync())
                {
                    lock (_gate)
                    {
                        _events.Add(e);
                    }

                    Log($"{_label} event {e.Name}: {e.Message}");
                }
            }
            catch (Exception e)
            {
                EndedWith = e;
            }
        });
    }

    /// <summary>Ends when the client's event channel completes.</summary>
    public Task Pump { get; }

    /// <summary>How the event channel ended (null: cleanly, or not yet).</summary>
    public Exception? EndedWith { get; private set; }

    public IReadOnlyList<ViciEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>The first event named <paramref name="name"/> at index <paramref name="from"/> or later that matches.</summary>
    public async Task<ViciEvent> WaitForAsync(string name, Func<ViciMessage, bool>? match = null, int from = 0, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var hit = Events.Skip(from).FirstOrDefault(e => e.Name == name && (match is null || match(e.Message)));
            if (hit is not null)
            {
                return hit;
            }

            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"{_label}: no '{name}' event within {limit.TotalSeconds:0.#} s; got: {string.Join(", ", Events.Skip(from).Select(e => e.Name))}");
            }

            await Task.Delay(10);
        }
    }

    private void Log(string line)
    {
        try
        {
            _log?.Invoke(line);
        }
        catch (InvalidOperationException)
        {
            // the test has finished: its output helper no longer accepts lines
        }
    }
}
