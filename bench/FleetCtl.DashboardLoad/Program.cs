using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FleetCtl.DashboardLoad;
using FleetCtl.Simulator;
using FleetCtl.Testing;
using Microsoft.Playwright;

// Usage: dotnet run -c Release --project bench/FleetCtl.DashboardLoad -- [--gateways 1000] [--sas 100] [--event-rate 500]
//        [--seconds 60] [--probes 60] [--chromium /usr/bin/chromium]
// The simulated fleet runs in this process; the server is its own process (its CPU is what is measured); Chromium shows
// the overview and the alerts page while the fleet churns. Every 10th gateway runs 6.0.3 (has the alert event).
var gateways = Args.Int(args, "--gateways", 1000);
var sas = Args.Int(args, "--sas", 100);
var rate = Args.Int(args, "--event-rate", 500);
var seconds = Args.Int(args, "--seconds", 60);
var probes = Args.Int(args, "--probes", 60);
var chromium = Args.Text(args, "--chromium", "/usr/bin/chromium");
const string Password = "dashboard load password";
const string Token = "fct_dashboard-load-0123456789abcdef";

// the server is built next to this driver (project reference) and runs as its own process
var serverDll = Path.Combine(AppContext.BaseDirectory, "FleetCtl.Web.dll");

var dir = Directory.CreateTempSubdirectory("fleetctl-dashload-").FullName;
Console.WriteLine($"# dashboard load: {gateways} gateways x {sas} SAs, churn {rate} events/s, {seconds} s measured, {probes} alert probes");
Console.WriteLine($"# machine: {Environment.ProcessorCount} cores; simulator and Chromium share them with the server");

string[] versions = [.. Enumerable.Repeat("5.9.8", 9), "6.0.3"];
await using var fleet = new SimulatedFleet(new FleetOptions { Gateways = gateways, SasPerGateway = sas, EventRate = rate, Versions = versions, Directory = Path.Combine(dir, "fleet") });
var clock = Stopwatch.StartNew();
await fleet.StartAsync();
var inventory = fleet.WriteInventory(Path.Combine(dir, "fleet.json"));
Console.WriteLine($"simulated fleet up in {clock.Elapsed.TotalSeconds:0.0} s: {fleet.GetSummary()}");

var port = ServerProcess.FreePort();
var url = $"http://127.0.0.1:{port}";
var hash = FleetCtl.Web.Auth.FleetPasswordHasher.Hash(Password, 1000);
var server = ServerProcess.Start(serverDll,
[
    "--urls", url, $"--Fleet:InventoryFile={inventory}", $"--Fleet:Persistence:SqlitePath={Path.Combine(dir, "fleetctl.db")}",
    $"--Fleet:Auth:StateFile={Path.Combine(dir, "auth.json")}", "--Fleet:Auth:Users:0:Name=noc", "--Fleet:Auth:Users:0:Role=operator",
    $"--Fleet:Auth:Users:0:PasswordHash={hash}", "--Fleet:Auth:Tokens:0:Name=load", "--Fleet:Auth:Tokens:0:Role=viewer",
    $"--Fleet:Auth:Tokens:0:Hash={FleetCtl.Web.Auth.FleetAuthStore.HashToken(Token)}", "--Logging:LogLevel:Default=Warning",
]);
try
{
    using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
    http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
    clock.Restart();
    await Api.WaitUntilConnectedAsync(http, gateways, TimeSpan.FromMinutes(5));
    Console.WriteLine($"server connected and resynced all {gateways} gateways in {clock.Elapsed.TotalSeconds:0.0} s");

    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
    });
    var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
    var overview = await context.NewPageAsync();
    overview.SetDefaultTimeout(30_000);
    await Pages.SignInAsync(overview, url, "noc", Password);
    await overview.GetByTestId("circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    var alerts = await context.NewPageAsync();
    alerts.SetDefaultTimeout(30_000);
    await alerts.GotoAsync(url + "/alerts");
    await alerts.GetByTestId("circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    await alerts.EvaluateAsync(Pages.ProbeObserver);

    // steady state: the fleet churns, both pages are open and live; measure the server and the browser
    var cpu = new CpuSampler(server.Process);
    var alertGateways = fleet.Gateways.Where(g => g.SupportsAlert).ToList();
    var latencies = new List<double>();
    var filterTimes = new List<double>();
    var missed = 0;
    var window = Stopwatch.StartNew();
    cpu.Start();
    var events0 = fleet.GetSummary().EventsRaised;
    for (var i = 0; i < probes; i++)
    {
        // an alert of a type nobody else raises: it opens a new row on the alerts page
        var type = $"load-probe-{i}";
        var gateway = alertGateways[i % alertGateways.Count];
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await gateway.RaiseAlertAsync(type);
        var seenAt = await Pages.WaitForProbeAsync(alerts, type, TimeSpan.FromSeconds(10));
        if (seenAt is { } at)
        {
            latencies.Add(at - t0);
        }
        else
        {
            missed++;
        }

        // the overview stays interactive: filter to one gateway and wait for its row
        if (i % 3 == 0)
        {
            var target = fleet.Gateways[(i * 37) % gateways].Name;
            var f0 = Stopwatch.GetTimestamp();
            await overview.GetByTestId("filter-text").FillAsync(target);
            await overview.GetByTestId($"gw-row-{target}").WaitForAsync();
            filterTimes.Add(Stopwatch.GetElapsedTime(f0).TotalMilliseconds);
        }

        var pause = TimeSpan.FromSeconds((double)seconds / probes) - TimeSpan.FromMilliseconds(latencies.LastOrDefault());
        if (pause > TimeSpan.Zero)
        {
            await Task.Delay(pause);
        }
    }

    var usage = cpu.Stop();
    var churned = fleet.GetSummary().EventsRaised - events0;
    var rss = Args.RssMiB(server.Process.Id);
    Console.WriteLine();
    Console.WriteLine($"steady state {window.Elapsed.TotalSeconds:0} s: the fleet raised {churned / window.Elapsed.TotalSeconds:0} events/s");
    Console.WriteLine($"server CPU: mean {usage.Mean:0}% of one core, p95 of 1 s samples {usage.P95:0}%, max {usage.Max:0}%; RSS {rss:0} MiB");
    Console.WriteLine($"alert raised on a gateway -> row on the alerts page in Chromium ({latencies.Count} probes, {missed} missed): "
        + $"p50 {Stats.Percentile(latencies, 50):0} ms, p99 {Stats.Percentile(latencies, 99):0} ms, max {latencies.DefaultIfEmpty().Max():0} ms");
    Console.WriteLine($"overview filter typed -> row shown ({filterTimes.Count} times): p50 {Stats.Percentile(filterTimes, 50):0} ms, "
        + $"p99 {Stats.Percentile(filterTimes, 99):0} ms");
    var stats = await http.GetFromJsonAsync<JsonElement>("/api/v1/gateways?limit=1000");
    Console.WriteLine($"fleet as the server sees it: {stats.GetProperty("total").GetInt32()} gateways, "
        + $"{stats.GetProperty("items").EnumerateArray().Sum(g => g.GetProperty("ikeSas").GetInt32())} IKE_SAs (first page)");
}
finally
{
    await server.DisposeAsync();

    try
    {
        Directory.Delete(dir, recursive: true);
    }
    catch (IOException)
    {
    }
}
