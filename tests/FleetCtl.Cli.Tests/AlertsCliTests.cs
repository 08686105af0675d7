using System.Text.Json;

namespace FleetCtl.Cli.Tests;

/// <summary>alerts, ack and watch against the real server, whose demo fleet's 6.0.3 gateways raise alerts as they churn.</summary>
[Collection(ServerCollection.Name)]
public sealed class AlertsCliTests(ServerFixture server)
{
    private Task<Run> As(string token, params string[] args) => CliRunner.RunAsync(null, ["--server", server.Url, "--token", token, .. args]);

    /// <summary>The id of an open alert, waiting for the churning demo fleet to raise one (about one a second).</summary>
    private async Task<long> OpenAlertAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var run = await As(ServerFixture.ViewerToken, "alerts", "--state", "open", "--json");
            Assert.True(run.Exit == 0, run.ToString());
            using var doc = JsonDocument.Parse(run.Out);
            if (doc.RootElement.EnumerateArray().Select(i => i.GetProperty("alert").GetProperty("id").GetInt64()).FirstOrDefault() is > 0 and var id)
            {
                return id;
            }

            Assert.True(DateTime.UtcNow < deadline, "the demo fleet raised no alert within 60 s");
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task An_alert_derived_from_a_5_9_8_gateways_log_is_marked_derived()
    {
        // the demo fleet's 5.9.8 gateways have no alert event: their peers timing out ("giving up after 5 retransmits")
        // become derived retransmit-send-timeout alerts
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        long id;
        while (true)
        {
            var run = await As(ServerFixture.ViewerToken, "alerts", "--json", "--limit", "500");
            Assert.True(run.Exit == 0, run.ToString());
            using var doc = JsonDocument.Parse(run.Out);
            id = doc.RootElement.EnumerateArray().Select(i => i.GetProperty("alert"))
                .Where(a => a.GetProperty("derived").GetBoolean()).Select(a => a.GetProperty("id").GetInt64()).FirstOrDefault();
            if (id > 0)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the demo fleet's 5.9.8 gateways raised no derived alert within 120 s");
            await Task.Delay(1000);
        }

        var one = await As(ServerFixture.ViewerToken, "alerts", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(one.Exit == 0, one.ToString());
        Assert.Contains("derived from charon's log", one.Out, StringComparison.Ordinal);
        var table = await As(ServerFixture.ViewerToken, "alerts", "--limit", "500");
        Assert.Contains("(derived)", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_lists_active_alerts_in_a_table_and_shows_one_with_its_explanation()
    {
        var id = await OpenAlertAsync();
        var table = await As(ServerFixture.ViewerToken, "alerts");
        Assert.True(table.Exit == 0, table.ToString());
        Assert.Contains("SEVERITY", table.Out, StringComparison.Ordinal);
        Assert.Contains(id.ToString(System.Globalization.CultureInfo.InvariantCulture), table.Out, StringComparison.Ordinal);
        Assert.Matches(@"\d+ of \d+ alerts", table.Out);

        var one = await As(ServerFixture.ViewerToken, "alerts", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(one.Exit == 0, one.ToString());
        Assert.Contains($"alert {id}:", one.Out, StringComparison.Ordinal);
        Assert.Contains("Explanation", one.Out, StringComparison.Ordinal);
        Assert.Contains("Proposed action", one.Out, StringComparison.Ordinal);

        var missing = await As(ServerFixture.ViewerToken, "alerts", "987654321");
        Assert.Equal(5, missing.Exit);
        Assert.Contains("no alert 987654321", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ack_needs_an_operator_records_the_comment_and_refuses_a_second_time()
    {
        var id = (await OpenAlertAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var viewer = await As(ServerFixture.ViewerToken, "ack", id, "-m", "mine");
        Assert.Equal(4, viewer.Exit);
        Assert.Contains("operator", viewer.Error, StringComparison.Ordinal);

        var done = await As(ServerFixture.OperatorToken, "ack", id, "--comment", "rekeying the peer, NOC-77");
        Assert.True(done.Exit == 0, done.ToString());
        Assert.Contains($"alert {id} (", done.Out, StringComparison.Ordinal);
        Assert.Contains("acknowledged by token:cli-operator: rekeying the peer, NOC-77", done.Out, StringComparison.Ordinal);

        var shown = await As(ServerFixture.ViewerToken, "alerts", "--all", "--json");
        using (var doc = JsonDocument.Parse(shown.Out))
        {
            var alert = doc.RootElement.EnumerateArray().Select(i => i.GetProperty("alert")).Single(a => a.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) == id);
            Assert.Equal("Acknowledged", alert.GetProperty("state").GetString());
        }

        var again = await As(ServerFixture.OperatorToken, "ack", id);
        Assert.Equal(1, again.Exit);
        Assert.Contains("already acknowledged by token:cli-operator", again.Error, StringComparison.Ordinal);

        var unknown = await As(ServerFixture.OperatorToken, "ack", "987654321");
        Assert.Equal(5, unknown.Exit);
    }

    [Fact]
    public async Task Watch_prints_live_sa_changes_one_per_line_and_stops_after_count()
    {
        var run = await As(ServerFixture.ViewerToken, "watch", "--stream", "sas", "--count", "3");
        Assert.True(run.Exit == 0, run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{3}  sas +gw-\d{3} +(ike|child)-", l));

        var json = await As(ServerFixture.ViewerToken, "watch", "--stream", "gateways", "--gateway", "gw-003", "--count", "1", "--json");
        Assert.True(json.Exit == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal("gw-003", doc.RootElement.GetProperty("gateway").GetString());
        Assert.Equal("gateways", doc.RootElement.GetProperty("stream").GetString());
    }

    [Fact]
    public async Task Watch_reports_bad_arguments_unknown_gateways_and_bad_tokens()
    {
        var badStream = await As(ServerFixture.ViewerToken, "watch", "--stream", "everything");
        Assert.Equal(2, badStream.Exit);
        Assert.Contains("'everything' is not one of sas, gateways, alerts, operations", badStream.Error, StringComparison.Ordinal);

        var unknown = await As(ServerFixture.ViewerToken, "watch", "--gateway", "gw-nope", "--count", "1");
        Assert.Equal(5, unknown.Exit);
        Assert.Contains("no gateway 'gw-nope'", unknown.Error, StringComparison.Ordinal);

        var refused = await As("fct_never-issued-0123456789abcdef", "watch", "--count", "1");
        Assert.Equal(4, refused.Exit);

        var down = await CliRunner.RunAsync(null, ["--server", "http://127.0.0.1:1", "--token", ServerFixture.ViewerToken, "watch"]);
        Assert.Equal(3, down.Exit);
    }
}
