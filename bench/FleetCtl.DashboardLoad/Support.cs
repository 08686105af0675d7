using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace FleetCtl.DashboardLoad;

internal static class Args
{
    public static int Int(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

    public static string Text(string[] args, string name, string fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;

    public static double RssMiB(int pid) =>
        File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) is { } line
            ? double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024
            : double.NaN;
}

internal static class Api
{
    public static async Task WaitUntilConnectedAsync(HttpClient http, int gateways, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var connected = 0;
                for (var offset = 0; offset < gateways; offset += 1000)
                {
                    var page = await http.GetFromJsonAsync<JsonElement>($"/api/v1/gateways?state=Connected&limit=1000&offset={offset}");
                    connected = page.GetProperty("total").GetInt32();
                }

                if (connected >= gateways)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(1000);
        }

        throw new TimeoutException($"the server did not connect {gateways} gateways within {timeout}");
    }
}

internal static class Pages
{
    public static async Task SignInAsync(IPage page, string url, string user, string password)
    {
        await page.GotoAsync(url + "/login");
        await page.GetByTestId("login-user").FillAsync(user);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
    }

    /// <summary>Records, in the page, when each alert type first shows up in an alert-type cell (Date.now(), same clock as the driver).</summary>
    public const string ProbeObserver = """
        () => {
          window.__probes = {};
          const scan = () => {
            for (const cell of document.querySelectorAll('[data-testid^="alert-type-"]')) {
              const t = cell.textContent.trim();
              if (t.startsWith('load-probe-') && !(t in window.__probes)) window.__probes[t] = Date.now();
            }
          };
          new MutationObserver(scan).observe(document.body, { childList: true, subtree: true, characterData: true });
          scan();
        }
        """;

    public static async Task<long?> WaitForProbeAsync(IPage page, string type, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var at = await page.EvaluateAsync<double?>($"() => window.__probes['{type}'] ?? null");
            if (at is { } ms)
            {
                return (long)ms;
            }

            await Task.Delay(20);
        }

        return null;
    }
}

/// <summary>The server's CPU as % of one core, sampled every second from its total processor time.</summary>
internal sealed class CpuSampler(Process process)
{
    private readonly List<double> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private TimeSpan _cpu0;
    private long _t0;

    public void Start()
    {
        process.Refresh();
        _cpu0 = process.TotalProcessorTime;
        _t0 = Stopwatch.GetTimestamp();
        _loop = Task.Run(async () =>
        {
            var lastCpu = _cpu0;
            var last = _t0;
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(1000);
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var now = Stopwatch.GetTimestamp();
                _samples.Add((cpu - lastCpu).TotalMilliseconds / Stopwatch.GetElapsedTime(last, now).TotalMilliseconds * 100);
                lastCpu = cpu;
                last = now;
            }
        });
    }

    public (double Mean, double P95, double Max) Stop()
    {
        process.Refresh();
        var total = (process.TotalProcessorTime - _cpu0).TotalMilliseconds / Stopwatch.GetElapsedTime(_t0).TotalMilliseconds * 100;
        _stop.Cancel();
        _loop?.Wait();
        return (total, Stats.Percentile(_samples, 95), _samples.DefaultIfEmpty().Max());
    }
}

internal static class Stats
{
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[rank];
    }
}
