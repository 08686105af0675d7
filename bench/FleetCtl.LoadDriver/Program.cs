using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using FleetCtl.Bench;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.Persistence;
using Microsoft.Data.Sqlite;
using FleetCtl.LoadDriver;
using FleetCtl.Vici;
using Microsoft.Extensions.Logging.Abstractions;

// Usage: dotnet run -c Release --project bench/FleetCtl.LoadDriver -- [--gateways 1000] [--sas 100] [--event-rate 500] [--seconds 30]
var gateways = Arg("--gateways", 1000);
var sas = Arg("--sas", 100);
var rate = Arg("--event-rate", 500);
var seconds = Arg("--seconds", 30);
var journal = ArgText("--journal", "inmem");

var dir = Directory.CreateTempSubdirectory("fleetctl-load-").FullName;
Console.WriteLine($"# load: {gateways} simulated gateways x {sas} SAs, churn {rate} events/s, {seconds} s steady state, journal {journal}");
using var sim = await SimulatorProcess.StartAsync(gateways, sas, rate, dir);
var inventory = InventoryLoader.LoadFile(sim.InventoryPath);
var dbPath = Path.Combine(dir, "history.db");
var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(journal == "sqlite"
    ? FleetPersistenceConfig.Build(new FleetPersistenceOptions { Provider = FleetPersistenceOptions.Sqlite, SqlitePath = dbPath })
    : ConfigurationFactory.ParseString("""
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """).WithFallback(FleetPersistenceConfig.Serialization));
var options = new GatewayOptions { ResyncTimeout = TimeSpan.FromSeconds(60), RefreshInterval = TimeSpan.Zero };
var connector = new ViciGatewayConnector(new ViciClientOptions { CommandTimeout = TimeSpan.FromSeconds(60) });
var metrics = new Metrics();
var me = Process.GetCurrentProcess();

var system = ActorSystem.Create("load", config);
var baseline = Heap();
var cold = await StartAllAsync(system);
var perGateway = (Heap() - baseline) / gateways;
Console.WriteLine($"cold start: all {gateways} gateways connected and resynced in {cold.TotalSeconds:0.0} s ({metrics.ResyncChanges} SA changes found)");
Console.WriteLine($"heap per connected gateway (actor, state, VICI session): {perGateway / 1024.0:0.0} KiB");

// the cold start's changes are still being written: wait until the journal holds everything published so far
if (journal == "sqlite")
{
    var drain = Stopwatch.StartNew();
    while (JournalRows() < metrics.TotalPublished && drain.Elapsed < TimeSpan.FromSeconds(60))
    {
        await Task.Delay(500);
    }

    var rows = JournalRows();
    Console.WriteLine(rows >= metrics.TotalPublished
        ? $"journal caught up with the cold start's {metrics.TotalPublished} changes {drain.Elapsed.TotalSeconds:0.0} s after the resync finished"
        : $"journal did NOT catch up within 60 s: {rows} of {metrics.TotalPublished} changes written (churn keeps adding)");
}

metrics.Reset();
var rows0 = JournalRows();
var published0 = metrics.TotalPublished;
var cpu0 = me.TotalProcessorTime;
var t0 = Stopwatch.StartNew();
await Task.Delay(TimeSpan.FromSeconds(seconds));
var elapsed = t0.Elapsed.TotalSeconds;
var cpu = (me.TotalProcessorTime - cpu0).TotalSeconds / elapsed;
var (p50, p99, samples) = metrics.Latency();
Console.WriteLine($"steady state: {metrics.EventChanges / elapsed:0} SA changes/s from events ingested, persisted ({journal}) and published; controller CPU {cpu:0.00} cores");
Console.WriteLine($"event -> bus latency over {samples} changes: p50 {p50:0.0} ms, p99 {p99:0.0} ms");
if (journal == "sqlite")
{
    var rows1 = JournalRows();
    var published1 = metrics.TotalPublished;
    Console.WriteLine($"persisted to SQLite: {(rows1 - rows0) / elapsed:0} events/s over the steady state; backlog at the end {Math.Max(0, published1 - rows1)} " +
        $"(published {published1 - published0}, written {rows1 - rows0}; alerts since start: {metrics.Alerts.Native} native, {metrics.Alerts.Derived} derived{(metrics.FirstDerived is { } first ? ", e.g. " + first : "")})");
}

await system.Terminate();
system = ActorSystem.Create("load", config);
metrics.Reset();
var warm = await StartAllAsync(system);
Console.WriteLine($"controller restart: all {gateways} gateways resynced in {warm.TotalSeconds:0.0} s");

await system.Terminate();
sim.Dispose();
Directory.Delete(dir, recursive: true);

async Task<TimeSpan> StartAllAsync(ActorSystem sys)
{
    var bus = sys.ActorOf(Props.Create(() => new MetricsBus(metrics)), "bus");
    var watch = Stopwatch.StartNew();
    foreach (var gw in inventory)
    {
        sys.ActorOf(GatewayActor.SupervisedProps(gw.Name, gw.Uri!, connector, bus, options, NullLogger.Instance), gw.Name);
    }

    while (metrics.Synced < gateways)
    {
        if (watch.Elapsed > TimeSpan.FromMinutes(5))
        {
            throw new TimeoutException($"only {metrics.Synced} of {gateways} gateways resynced in 5 minutes");
        }

        await Task.Delay(50);
    }

    return watch.Elapsed;
}

long JournalRows()
{
    if (journal != "sqlite" || !File.Exists(dbPath))
    {
        return 0;
    }

    using var db = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly");
    db.Open();
    using var cmd = db.CreateCommand();
    cmd.CommandText = "SELECT COUNT(*) FROM journal";
    return (long)cmd.ExecuteScalar()!;
}

static long Heap()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    return GC.GetTotalMemory(forceFullCollection: true);
}

int Arg(string name, int fallback) => int.TryParse(ArgText(name, ""), out var v) ? v : fallback;

string ArgText(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

