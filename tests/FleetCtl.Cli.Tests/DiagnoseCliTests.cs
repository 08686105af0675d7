using System.Text.Json;

namespace FleetCtl.Cli.Tests;

/// <summary>diagnose and log against the real server and its demo fleet (whose simulated gateways log as they churn).</summary>
[Collection(ServerCollection.Name)]
public sealed class DiagnoseCliTests(ServerFixture server)
{
    private const string Gateway = "gw-007";

    private async Task<string> ConnectionAsync()
    {
        var run = await server.AsViewerAsync("sas", Gateway, "--json");
        Assert.True(run.Exit == 0, run.ToString());
        using var doc = JsonDocument.Parse(run.Out);
        return doc.RootElement.GetProperty("connections")[0].GetProperty("name").GetString()!;
    }

    [Fact]
    public async Task Diagnose_prints_a_verdict_line_the_catalog_words_and_a_retry_hint()
    {
        var connection = await ConnectionAsync();
        var run = await server.AsViewerAsync("diagnose", Gateway, connection);
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Matches($@"^{Gateway} {System.Text.RegularExpressions.Regex.Escape(connection)}: (UP|DOWN) — .+ \((high|medium|low) confidence.*\)", run.Out);
        Assert.Contains("explanation:", run.Out, StringComparison.Ordinal);
        Assert.Contains("proposed action:", run.Out, StringComparison.Ordinal);
        Assert.Contains("cause: [30", run.Out, StringComparison.Ordinal);
        Assert.Contains("evidence", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_without_a_connection_diagnoses_every_tunnel_that_is_down()
    {
        var sas = await server.AsViewerAsync("sas", Gateway, "--json");
        using var view = JsonDocument.Parse(sas.Out);
        var down = view.RootElement.GetProperty("downTunnels").EnumerateArray()
            .Select(t => $"{t.GetProperty("connection").GetString()}/{t.GetProperty("child").GetString()}").ToList();

        var json = await server.AsViewerAsync("diagnose", Gateway, "--json");
        Assert.True(json.Exit == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.Out);
        var diagnosed = doc.RootElement.EnumerateArray().Select(d => $"{d.GetProperty("connection").GetString()}/{d.GetProperty("child").GetString()}").ToList();
        Assert.Subset(down.ToHashSet(), diagnosed.ToHashSet()); // the demo churns: a tunnel may come up or go down in between
        Assert.All(doc.RootElement.EnumerateArray(), d => Assert.StartsWith("diagnosis.", d.GetProperty("cause").GetProperty("key").GetString(), StringComparison.Ordinal));

        var table = await server.AsViewerAsync("diagnose", Gateway);
        Assert.True(table.Exit == 0, table.ToString());
        Assert.Contains("TUNNEL", table.Out, StringComparison.Ordinal);
        Assert.Matches($@"(\d+ tunnels down on {Gateway}|{Gateway}: no tunnel is down)", table.Out);
    }

    [Fact]
    public async Task Diagnose_json_is_the_servers_diagnosis()
    {
        var connection = await ConnectionAsync();
        var run = await server.AsViewerAsync("diagnose", Gateway, connection, "--json");
        Assert.True(run.Exit == 0, run.ToString());
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(Gateway, doc.RootElement.GetProperty("gateway").GetString());
        Assert.StartsWith("diagnosis.", doc.RootElement.GetProperty("cause").GetProperty("key").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_is_not_there_exits_5_with_the_servers_reason()
    {
        var gateway = await server.AsViewerAsync("diagnose", "no-such-gw", "s2s");
        Assert.True(gateway.Exit == 5, gateway.ToString());
        Assert.Contains("no-such-gw", gateway.Error, StringComparison.Ordinal);

        var connection = await server.AsViewerAsync("diagnose", Gateway, "no-such-conn");
        Assert.True(connection.Exit == 5, connection.ToString());
        Assert.Contains($"connection 'no-such-conn' is not loaded on {Gateway}", connection.Error, StringComparison.Ordinal);

        var child = await server.AsViewerAsync("diagnose", Gateway, await ConnectionAsync(), "--child", "no-such-child");
        Assert.True(child.Exit == 5, child.ToString());
        Assert.Contains("no-such-child", child.Error, StringComparison.Ordinal);

        var log = await server.AsViewerAsync("log", "no-such-gw");
        Assert.True(log.Exit == 5, log.ToString());
    }

    [Fact]
    public async Task Usage_and_authorisation_exit_codes()
    {
        var missing = await server.AsViewerAsync("diagnose");
        Assert.Equal(2, missing.Exit);
        var blank = await server.AsViewerAsync("diagnose", Gateway, " ");
        Assert.True(blank.Exit == 2, blank.ToString());
        Assert.Contains("connection", blank.Error, StringComparison.Ordinal);
        var limit = await server.AsViewerAsync("log", Gateway, "--limit", "0");
        Assert.True(limit.Exit == 2, limit.ToString());
        var refused = await CliRunner.RunAsync(null, ["--server", server.Url, "--token", "fct_wrong", "diagnose", Gateway, "x"]);
        Assert.Equal(4, refused.Exit);
    }

    [Fact]
    public async Task Log_prints_lines_like_charon_and_json_parses()
    {
        // the demo fleet churns: lines arrive within seconds of the start
        Run run = null!;
        for (var i = 0; i < 50; i++)
        {
            run = await server.AsViewerAsync("log", Gateway, "--limit", "20");
            if (run.Out.Length > 0)
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.True(run.Exit == 0, run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 1, 20);
        Assert.All(lines, l => Assert.Matches(@"^\d\d:\d\d:\d\d \[[A-Z]{3}\] ", l));

        var json = await server.AsViewerAsync("log", Gateway, "--json", "--search", "IKE_SA");
        Assert.True(json.Exit == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.Out);
        Assert.All(doc.RootElement.GetProperty("lines").EnumerateArray(),
            l => Assert.Contains("ike_sa", (l.GetProperty("message").GetString() + l.GetProperty("group").GetString() + l.GetProperty("ikeSa").GetString()).ToLowerInvariant(), StringComparison.Ordinal));
    }
}
