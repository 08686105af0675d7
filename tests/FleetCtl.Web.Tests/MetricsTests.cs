using System.Globalization;
using System.Text;

namespace FleetCtl.Web.Tests;

/// <summary><c>/metrics</c> over the demo fleet, read by parsing the Prometheus text format (label order does not matter).</summary>
[Collection(DemoFleetAppCollection.Name)]
public sealed class MetricsTests(DemoFleetAppFixture app)
{
    [Fact]
    public async Task Every_demo_gateway_is_up_in_ipsec_exporter_and_fleetctl_terms()
    {
        using var client = app.CreateClient(FleetCtl.Web.Auth.FleetRoles.Viewer);
        var samples = await WaitForAsync(client, s => Sum(s, "fleetctl_gateway_up") == DemoFleetAppFixture.DemoGateways);

        Assert.Equal(1, Single(samples, "ipsec_up", ("gateway", "gw-001")));
        Assert.Equal(1, Single(samples, "fleetctl_gateway_up", ("gateway", "gw-001")));
        Assert.Equal(DemoFleetAppFixture.DemoGateways, Single(samples, "fleetctl_gateways", ("state", "connected")));
        Assert.Equal(0, Single(samples, "fleetctl_gateways", ("state", "unreachable")));
        for (var i = 1; i <= DemoFleetAppFixture.DemoGateways; i++)
        {
            var gw = $"gw-{i:000}";
            Assert.Equal(1, Single(samples, "ipsec_up", ("gateway", gw)));
            Assert.True(Single(samples, "fleetctl_ike_sas", ("gateway", gw)) > 0, gw);
            Assert.True(Single(samples, "fleetctl_child_sas", ("gateway", gw)) > 0, gw);
            Assert.Equal(Single(samples, "fleetctl_ike_sas", ("gateway", gw)), Single(samples, "ipsec_ike_sas", ("gateway", gw)));
            Assert.True(Single(samples, "fleetctl_gateway_last_resync_duration_seconds", ("gateway", gw)) >= 0, gw);
        }

        Assert.Contains(samples, s => s.Name == "fleetctl_resync_duration_seconds_count" && s.Value >= 1);
    }

    [Fact]
    public async Task Per_sa_gauges_use_ipsec_exporter_names_and_labels_plus_gateway()
    {
        using var client = app.CreateClient(FleetCtl.Web.Auth.FleetRoles.Viewer);
        var samples = await WaitForAsync(client, s =>
            s.Any(x => x.Name == "ipsec_child_sa_state" && x.Labels["gateway"] == "gw-001" && x.Value == 3));

        var ike = samples.Where(s => s.Name == "ipsec_ike_sa_state" && s.Labels["gateway"] == "gw-001").ToArray();
        Assert.NotEmpty(ike);
        Assert.All(ike, s => Assert.Equal(
            ["gateway", "local_host", "local_id", "name", "remote_host", "remote_id", "remote_identity", "uid", "version", "vips"],
            s.Labels.Keys.Order(StringComparer.Ordinal)));
        Assert.Contains(ike, s => s.Value == 2); // established
        Assert.All(ike, s => Assert.InRange(s.Value, -1, 7));
        Assert.Contains(samples, s => s.Name == "ipsec_ike_sa_established_seconds" && s.Labels["gateway"] == "gw-001");

        string[] childLabels = ["gateway", "ike_sa_name", "ike_sa_uid", "local_ts", "mode", "name", "protocol", "remote_ts", "uid"];
        foreach (var name in (string[])["ipsec_child_sa_state", "ipsec_child_sa_bytes_in", "ipsec_child_sa_bytes_out",
                     "ipsec_child_sa_packets_in", "ipsec_child_sa_packets_out", "ipsec_child_sa_installed_seconds"])
        {
            var series = samples.Where(s => s.Name == name && s.Labels["gateway"] == "gw-001").ToArray();
            Assert.NotEmpty(series);
            Assert.All(series, s => Assert.Equal(childLabels, s.Labels.Keys.Order(StringComparer.Ordinal)));
            Assert.All(series, s => Assert.True(s.Value >= -1, $"{name} {s.Value}"));
        }

        // every gateway's SAs are there, not only the first one's
        Assert.Equal(DemoFleetAppFixture.DemoGateways,
            samples.Where(s => s.Name == "ipsec_ike_sa_state").Select(s => s.Labels["gateway"]).Distinct().Count());
        // the series carry no VICI URIs (nor anything else from the inventory beyond the gateway name)
        Assert.DoesNotContain(samples, s => s.Labels.Values.Any(v => v.Contains("unix://", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Counters_grow_as_the_demo_churns()
    {
        using var client = app.CreateClient(FleetCtl.Web.Auth.FleetRoles.Viewer);
        var first = await WaitForAsync(client, s => Sum(s, "fleetctl_sa_changes_total") > 0);
        var changes = Sum(first, "fleetctl_sa_changes_total");

        var later = await WaitForAsync(client, s => Sum(s, "fleetctl_sa_changes_total") > changes);
        Assert.Contains(later, s => s.Name == "fleetctl_sa_changes_total" && s.Labels["cause"] == "event" && s.Labels.ContainsKey("kind")
            && s.Labels["gateway"].StartsWith("gw-", StringComparison.Ordinal));

        // the 6.0.3 half of the demo raises native alerts now and then
        var alerts = await WaitForAsync(client, s => Sum(s, "fleetctl_alerts_total") > 0, TimeSpan.FromSeconds(90));
        Assert.All(alerts.Where(s => s.Name == "fleetctl_alerts_total"), s => Assert.False(string.IsNullOrEmpty(s.Labels["type"])));
    }

    [Fact]
    public async Task Journal_write_lag_is_measured_for_every_sa_change_written()
    {
        using var client = app.CreateClient(FleetCtl.Web.Auth.FleetRoles.Viewer);
        var samples = await WaitForAsync(client, s => Sum(s, "fleetctl_journal_write_seconds_count") > 0);
        var count = Sum(samples, "fleetctl_journal_write_seconds_count");
        var sum = Sum(samples, "fleetctl_journal_write_seconds_sum");
        Assert.True(sum > 0 && sum / count < 10, $"mean write lag {sum / count} s over {count} writes");
        // every change handed over is written or still pending: the gauge never goes negative
        Assert.True(Single(samples, "fleetctl_journal_pending_events") >= 0);
    }

    [Fact]
    public void Parser_reads_escapes_and_any_label_order()
    {
        var samples = Parse("""
            # HELP x a metric
            # TYPE x gauge
            x{b="2",a="q\"uote\\d\nl"} 1.5
            y 3
            z{gateway="gw-001"} +Inf
            """);
        Assert.Equal(3, samples.Count);
        Assert.Equal("q\"uote\\d\nl", samples[0].Labels["a"]);
        Assert.Equal(1.5, samples[0].Value);
        Assert.Empty(samples[1].Labels);
        Assert.Equal(double.PositiveInfinity, samples[2].Value);
    }

    private sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    private static double Sum(IEnumerable<Sample> samples, string name) => samples.Where(s => s.Name == name).Sum(s => s.Value);

    private static double Single(IEnumerable<Sample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Single(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Value;

    private static async Task<IReadOnlyList<Sample>> WaitForAsync(HttpClient client, Func<IReadOnlyList<Sample>, bool> done, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
            response.EnsureSuccessStatusCode();
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            var samples = Parse(await response.Content.ReadAsStringAsync());
            if (done(samples))
            {
                return samples;
            }

            Assert.True(DateTime.UtcNow < deadline, "condition on /metrics not met in time");
            await Task.Delay(250);
        }
    }

    /// <summary>The Prometheus text exposition format: <c>name{label="value",...} value [timestamp]</c>; comments skipped.</summary>
    private static List<Sample> Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var i = 0;
            while (i < line.Length && line[i] != '{' && line[i] != ' ')
            {
                i++;
            }

            var name = line[..i];
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (i < line.Length && line[i] == '{')
            {
                i++;
                while (line[i] != '}')
                {
                    var eq = line.IndexOf('=', i);
                    var key = line[i..eq].Trim();
                    i = eq + 2; // past ="
                    var value = new StringBuilder();
                    while (line[i] != '"')
                    {
                        if (line[i] == '\\')
                        {
                            i++;
                            value.Append(line[i] switch { 'n' => '\n', var c => c });
                        }
                        else
                        {
                            value.Append(line[i]);
                        }

                        i++;
                    }

                    labels[key] = value.ToString();
                    i++; // closing quote
                    if (line[i] == ',')
                    {
                        i++;
                    }
                }

                i++; // closing brace
            }

            var valueText = line[i..].Trim().Split(' ')[0];
            var number = valueText switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            samples.Add(new Sample(name, labels, number));
        }

        return samples;
    }
}
