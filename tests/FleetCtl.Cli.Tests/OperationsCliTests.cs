using System.Text.Json;

namespace FleetCtl.Cli.Tests;

/// <summary>drain, terminate, operations, cancel against the real server and its demo fleet.</summary>
[Collection(ServerCollection.Name)]
public sealed class OperationsCliTests(ServerFixture server)
{
    private Task<Run> As(string token, params string[] args) => CliRunner.RunAsync(null, ["--server", server.Url, "--token", token, .. args]);

    private async Task<int> OperationCountAsync()
    {
        var run = await As(ServerFixture.ViewerToken, "operations", "--json", "--limit", "1000");
        Assert.True(run.Exit == 0, run.ToString());
        using var doc = JsonDocument.Parse(run.Out);
        return doc.RootElement.GetArrayLength();
    }

    [Fact]
    public async Task Preview_only_prints_the_items_per_gateway_and_runs_nothing()
    {
        var before = await OperationCountAsync();
        var run = await As(ServerFixture.OperatorToken, "terminate", "--gateway", "gw-012", "--child-sa", "--wave", "5", "--preview");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains("GATEWAY", run.Out, StringComparison.Ordinal);
        Assert.Contains("gw-012", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"preview \S+ \(sha256:[0-9a-f]{64}\): [1-9]\d* items in [1-9]\d* waves on 1 gateways", run.Out);
        Assert.DoesNotContain("started", run.Out, StringComparison.Ordinal);

        var drain = await As(ServerFixture.OperatorToken, "drain", "gw-013", "--to", "gw-014", "--wave", "10", "--pause", "1s", "--preview");
        Assert.True(drain.Exit == 0, drain.ToString());
        Assert.Contains("gw-013", drain.Out, StringComparison.Ordinal);
        Assert.Equal(before, await OperationCountAsync());
    }

    [Fact]
    public async Task A_run_with_yes_completes_and_prints_progress_lines_then_shows_in_operations()
    {
        var run = await As(ServerFixture.OperatorToken, "terminate", "--gateway", "gw-016", "--ike", "--wave", "2", "--pause", "0s", "--yes", "-m", "cli test");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Matches(@"operation (\d+) started", run.Out);
        Assert.Matches(@"wave \d+/\d+: \d+ done, 0 failed, \d+ pending", run.Out);
        Assert.Matches(@"operation \d+ completed", run.Out);
        var id = System.Text.RegularExpressions.Regex.Match(run.Out, @"operation (\d+) started").Groups[1].Value;

        var shown = await As(ServerFixture.ViewerToken, "operations", id);
        Assert.True(shown.Exit == 0, shown.ToString());
        Assert.Contains($"operation {id}: Completed", shown.Out, StringComparison.Ordinal);
        Assert.Contains("token:cli-operator", shown.Out, StringComparison.Ordinal);
        Assert.Contains("WAVE", shown.Out, StringComparison.Ordinal);

        var listed = await As(ServerFixture.ViewerToken, "operations", "--gateway", "gw-016");
        Assert.True(listed.Exit == 0, listed.ToString());
        Assert.Contains("Completed", listed.Out, StringComparison.Ordinal);

        var cancel = await As(ServerFixture.OperatorToken, "cancel", id);
        Assert.Equal(1, cancel.Exit);
        Assert.Contains("Completed", cancel.Error, StringComparison.Ordinal);
        var missing = await As(ServerFixture.OperatorToken, "pause", "987654");
        Assert.Equal(5, missing.Exit);
    }

    [Fact]
    public async Task A_viewer_is_refused_with_exit_4()
    {
        var run = await As(ServerFixture.ViewerToken, "terminate", "--gateway", "gw-012", "--preview");
        Assert.Equal(4, run.Exit);
        Assert.Contains("operator", run.Error, StringComparison.Ordinal);
        var cancel = await As(ServerFixture.ViewerToken, "cancel", "1");
        Assert.Equal(4, cancel.Exit);
    }

    [Fact]
    public async Task Without_yes_on_a_non_terminal_it_refuses_with_exit_2_and_runs_nothing()
    {
        var before = await OperationCountAsync();
        var run = await As(ServerFixture.OperatorToken, "rekey", "--gateway", "gw-012", "--child-sa");
        Assert.Equal(2, run.Exit);
        Assert.Contains("--yes", run.Error, StringComparison.Ordinal);
        Assert.Contains("gw-012", run.Out, StringComparison.Ordinal); // the preview was shown
        Assert.Equal(before, await OperationCountAsync());
    }

    [Fact]
    public async Task Unknown_gateways_are_reported_with_the_servers_detail()
    {
        var drain = await As(ServerFixture.OperatorToken, "drain", "no-such-gw", "--to", "gw-002", "--yes");
        Assert.Equal(2, drain.Exit);
        Assert.Contains("'no-such-gw' to drain is not in the inventory", drain.Error, StringComparison.Ordinal);

        var terminate = await As(ServerFixture.OperatorToken, "terminate", "--gateway", "no-such-gw", "--yes");
        Assert.True(terminate.Exit == 5, terminate.ToString());
        Assert.Contains("no gateway 'no-such-gw'", terminate.Error, StringComparison.Ordinal);

        var badPause = await As(ServerFixture.OperatorToken, "terminate", "--gateway", "gw-012", "--pause", "soon", "--preview");
        Assert.Equal(2, badPause.Exit);
    }

    [Fact]
    public async Task A_drain_with_yes_redirects_every_peer_and_reports_the_check()
    {
        var run = await As(ServerFixture.OperatorToken, "drain", "gw-017", "--to", "gw-018", "--wave", "100", "--pause", "0s", "--no-mark", "--yes");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Matches(@"wave \d+/\d+: [1-9]\d* done, 0 failed, 0 pending \(completed\)", run.Out);
        var id = System.Text.RegularExpressions.Regex.Match(run.Out, @"operation (\d+) started").Groups[1].Value;
        var shown = await As(ServerFixture.ViewerToken, "operations", id);
        Assert.True(shown.Exit == 0, shown.ToString());
        Assert.Contains("drain: redirect to gw-018", shown.Out, StringComparison.Ordinal);
        Assert.Contains("drain check at", shown.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("failed items", shown.Out, StringComparison.Ordinal); // the table asks for failed items only: none

        // --json is the whole audit record: every item
        var json = await As(ServerFixture.ViewerToken, "operations", id, "--json");
        Assert.True(json.Exit == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.Out);
        var total = doc.RootElement.GetProperty("summary").GetProperty("counts").GetProperty("total").GetInt32();
        Assert.True(total > 0);
        Assert.Equal(total, doc.RootElement.GetProperty("items").GetArrayLength());
        Assert.Equal(total, doc.RootElement.GetProperty("itemsMatching").GetInt32());
    }

    [Fact]
    public async Task On_a_terminal_it_asks_and_a_no_runs_nothing()
    {
        var before = await OperationCountAsync();
        var run = await CliRunner.RunAsync(null, ["--server", server.Url, "--token", ServerFixture.OperatorToken, "rekey", "--gateway", "gw-012", "--child-sa"],
            c => c with { InputIsTerminal = true, In = new StringReader("n\n") });
        Assert.Equal(1, run.Exit);
        Assert.Contains("? [y/N]", run.Error, StringComparison.Ordinal);
        Assert.Contains("not run", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, await OperationCountAsync());
    }

    [Fact]
    public async Task A_drain_marks_its_gateway_until_an_operator_clears_the_mark()
    {
        var run = await As(ServerFixture.OperatorToken, "drain", "gw-019", "--to", "gw-020", "--wave", "100", "--pause", "0s", "--yes");
        Assert.True(run.Exit == 0, run.ToString());

        var marks = await As(ServerFixture.ViewerToken, "drains");
        Assert.True(marks.Exit == 0, marks.ToString());
        Assert.Matches(@"gw-019\s+\d+\s+gw-020", marks.Out);

        var refused = await As(ServerFixture.ViewerToken, "drains", "clear", "gw-019");
        Assert.Equal(4, refused.Exit);

        var cleared = await As(ServerFixture.OperatorToken, "drains", "clear", "gw-019");
        Assert.True(cleared.Exit == 0, cleared.ToString());
        Assert.Contains("gw-019: draining mark removed", cleared.Out, StringComparison.Ordinal);

        var json = await As(ServerFixture.ViewerToken, "drains", "--json");
        Assert.DoesNotContain("\"gw-019\"", json.Out, StringComparison.Ordinal);
        var again = await As(ServerFixture.OperatorToken, "drains", "clear", "gw-019");
        Assert.Equal(5, again.Exit);
        Assert.Contains("not marked as draining", again.Error, StringComparison.Ordinal);
    }
}
