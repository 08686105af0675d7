using System.Diagnostics;
using System.Globalization;
using FleetCtl.Bench;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Usage: dotnet run -c Release --project bench/FleetCtl.OperationsLoad -- [--gateways 1000] [--sas 100] [--wave 5000] [--concurrency 8]
// Drains every IKE_SA of a simulated fleet (answering at once) to an address outside it, as one operation through the
// real AddFleet host with a SQLite journal; the simulator is its own process. Reports preview time, run time, the
// controller's CPU and memory (and the simulator's CPU), and the drain check.
var gateways = Int("--gateways", 1000);
var sas = Int("--sas", 100);
var wave = Int("--wave", 5000);
var concurrency = Int("--concurrency", 8);
var dir = Directory.CreateTempSubdirectory("fleetctl-opsload-").FullName;
Console.WriteLine($"# operations load: drain {gateways} simulated gateways x {sas} IKE_SAs to 100.64.0.1, waves of {wave}, {concurrency} per gateway, SQLite journal");

// the simulator runs as its own process, so the controller's CPU and memory are measured apart from it
using var sim = await SimulatorProcess.StartAsync(gateways, sas, 0, Path.Combine(dir, "fleet"));
var inventory = InventoryLoader.LoadFile(sim.InventoryPath);
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Fleet:Persistence:SqlitePath"] = Path.Combine(dir, "fleetctl.db") });
builder.Services.AddLogging();
builder.Services.AddFleet(builder.Configuration, options =>
{
    options.Inventory = inventory;
    options.Gateway = new FleetCtl.Fleet.Gateways.GatewayOptions { ResyncTimeout = TimeSpan.FromSeconds(120), RefreshInterval = TimeSpan.Zero };
    options.Operations = new OperationsOptions { AskTimeout = TimeSpan.FromSeconds(120), DrainCheckTimeout = TimeSpan.FromSeconds(120) };
});
using var host = builder.Build();
var clock = Stopwatch.StartNew();
await host.StartAsync();
var directory = host.Services.GetRequiredService<FleetDirectory>();
while (directory.All.Count(s => s.State == GatewayConnectionState.Connected && s.IkeSas == sas) < gateways)
{
    await Task.Delay(200);
}

Console.WriteLine($"controller connected and resynced {gateways} gateways ({directory.All.Sum(s => s.IkeSas)} IKE_SAs) in {clock.Elapsed.TotalSeconds:0.0} s");
// diagnosis on a big fleet: each one reads the gateway's view and ring and finds its managed peer; the first asks every
// gateway's view for that (and remembers every address it saw), the next ones ask at most the peer
var diagnosis = host.Services.GetRequiredService<FleetCtl.Fleet.Diagnosis.IFleetDiagnosis>();
var queries = host.Services.GetRequiredService<IFleetQueries>();
var times = new List<double>();
foreach (var g in inventory.Gateways.Take(10))
{
    var conn = (await queries.GetGatewayViewAsync(g.Name))!.Connections[0].Name;
    var watch = Stopwatch.StartNew();
    var result = await diagnosis.DiagnoseAsync(g.Name, conn);
    times.Add(watch.Elapsed.TotalMilliseconds);
    if (g == inventory.Gateways[0])
    {
        Console.WriteLine($"diagnosis of {g.Name} {conn}: {result.Verdict.Title} ({result.LocalLines} lines read)");
    }
}

var first = times[0];
var rest = times.Skip(1).Order().ToList();
Console.WriteLine($"diagnosis over {gateways} gateways: the first {first:0} ms (asks every gateway for the peer); the next {rest.Count}: " +
    $"median {rest[rest.Count / 2]:0.00} ms, max {rest[^1]:0.00} ms (one after the other, each of another gateway)");

var ops = host.Services.GetRequiredService<IFleetOperations>();
var me = Process.GetCurrentProcess();
GC.Collect();
var heap0 = GC.GetTotalMemory(true);

clock.Restart();
var preview = await ops.PreviewAsync(new OperationRequest
{
    Selector = new OperationSelector { Gateways = [.. inventory.Gateways.Select(g => g.Name)] },
    Action = OperationAction.RedirectToAddress("100.64.0.1"),
    Plan = new OperationPlan { WaveSize = wave, PauseBetweenWaves = TimeSpan.Zero, MaxConcurrentPerGateway = concurrency, ItemTimeout = TimeSpan.FromSeconds(60) },
    Drain = true,
});
Console.WriteLine($"preview: {preview.Items.Count} items in {preview.Items.Max(i => i.Wave)} waves, {preview.Skipped.Count} skipped, in {clock.Elapsed.TotalSeconds:0.00} s");

var cpu0 = me.TotalProcessorTime;
var simCpu0 = sim.Process.TotalProcessorTime;
clock.Restart();
var started = (ExecuteResult.Started)await ops.ExecuteAsync(preview.Id, "bench", preview.Hash);
// follow the operation by its summary (what the list shows), not its full record of every item: the driver must not
// add to the controller's work what it measures
OperationSummary? summary = null;
var peak = 0L;
while (summary is null || !summary.State.IsFinal())
{
    await Task.Delay(500);
    me.Refresh();
    peak = Math.Max(peak, me.WorkingSet64);
    summary = (await ops.ListAsync(new OperationQuery { Limit = 10 })).Items.FirstOrDefault(o => o.Id == started.Operation.Id);
}

var elapsed = clock.Elapsed;
me.Refresh();
var cpu = (me.TotalProcessorTime - cpu0).TotalSeconds;
sim.Process.Refresh();
var simCpu = (sim.Process.TotalProcessorTime - simCpu0).TotalSeconds;
var record = (await ops.GetAsync(started.Operation.Id))!;
var counts = record.Summary.Counts;
Console.WriteLine($"run: {record.Summary.State} in {elapsed.TotalSeconds:0.0} s ({counts.Succeeded / elapsed.TotalSeconds:0} redirects/s): {counts.Succeeded} succeeded, {counts.Failed} failed, {counts.TimedOut} timed out, {counts.Gone} gone");
Console.WriteLine($"drain check: {(record.DrainReport?.Clean == true ? "clean, nothing left on any drained gateway" : $"{record.DrainReport?.Remaining.Count} remaining, {record.DrainReport?.Unconfirmed.Count} unconfirmed")}");
Console.WriteLine($"controller CPU during the run: {cpu:0.0} s = {cpu / elapsed.TotalSeconds * 100:0}% of one core; peak working set {peak / 1048576.0:0} MiB; managed heap growth {(GC.GetTotalMemory(false) - heap0) / 1048576.0:0} MiB");
Console.WriteLine($"simulator process CPU during the run: {simCpu:0.0} s = {simCpu / elapsed.TotalSeconds * 100:0}% of one core");

// what one refresh of the operation's detail page costs: the whole record (every item) against the window it shows
var full = await TimeAsync(() => ops.GetAsync(started.Operation.Id));
var window = await TimeAsync(() => ops.GetAsync(started.Operation.Id, new OperationItemsView { Limit = 500, ListLimit = 500 }));
var web = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
var fullJson = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(record, web).Length;
var windowJson = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(await ops.GetAsync(started.Operation.Id, new OperationItemsView { Limit = 500, ListLimit = 500 }), web).Length;
Console.WriteLine($"reading the record, median of 9: every item ({record.Items.Count}) {full.Ms:0.0} ms and {full.Bytes / 1048576.0:0.0} MiB allocated, " +
    $"{fullJson / 1048576.0:0.0} MiB as JSON; a window of 500 items and 500 skipped (what the detail page asks for) {window.Ms:0.0} ms and {window.Bytes / 1048576.0:0.00} MiB, {windowJson / 1024.0:0} KiB as JSON");
await host.StopAsync();
try
{
    Directory.Delete(dir, recursive: true);
}
catch (IOException)
{
}

static async Task<(double Ms, long Bytes)> TimeAsync(Func<Task<OperationRecord?>> read)
{
    var runs = new List<(double Ms, long Bytes)>();
    for (var i = 0; i < 9; i++)
    {
        var bytes0 = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        _ = await read();
        runs.Add((watch.Elapsed.TotalMilliseconds, GC.GetTotalAllocatedBytes(precise: true) - bytes0));
    }

    return runs.OrderBy(r => r.Ms).ElementAt(runs.Count / 2);
}

int Int(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
