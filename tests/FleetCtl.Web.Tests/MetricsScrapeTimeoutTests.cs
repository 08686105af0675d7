using System.Diagnostics;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Web.Metrics;

namespace FleetCtl.Web.Tests;

/// <summary>A scrape never hangs on gateways that do not answer: it gives up after its budget and exports what it has.</summary>
public sealed class MetricsScrapeTimeoutTests
{
    [Fact]
    public async Task A_gateway_that_never_answers_costs_the_scrape_its_timeout_not_a_hang()
    {
        var inventory = FleetInventory.Create([
            new GatewayDefinition { Name = "gw-slow", Uri = "unix:///run/slow.vici" },
            new GatewayDefinition { Name = "gw-fast", Uri = "unix:///run/fast.vici" },
        ]);
        var directory = new FleetDirectory(inventory);
        foreach (var name in (string[])["gw-slow", "gw-fast"])
        {
            directory.Update(new GatewayStatus { Gateway = name, Uri = "unix:///secret-path.vici", State = GatewayConnectionState.Connected, IkeSas = 1 });
        }

        var metrics = new FleetMetrics(directory, new NeverAnswers(), new FleetMetricsOptions { Timeout = TimeSpan.FromMilliseconds(300), Concurrency = 1 });

        using var output = new MemoryStream();
        var clock = Stopwatch.StartNew();
        await metrics.Registry.CollectAndExportAsTextAsync(output).WaitAsync(TimeSpan.FromSeconds(10));
        clock.Stop();

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        var text = System.Text.Encoding.UTF8.GetString(output.ToArray());
        Assert.Contains("fleetctl_metrics_view_errors_total 2", text, StringComparison.Ordinal);
        Assert.Contains("ipsec_up{gateway=\"gw-slow\"} 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ipsec_ike_sa_state{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-path", text, StringComparison.Ordinal);
    }

    private sealed class NeverAnswers : IFleetQueries
    {
        public async Task<GatewayView?> GetGatewayViewAsync(string name, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return null;
        }
    }
}
