using System.Text.Json;

namespace FleetCtl.Cli.Tests;

/// <summary>drain, operations and steering against the real server process and its demo fleet.</summary>
[Collection(ServerCollection.Name)]
public sealed class OperationsCliTests(ServerFixture server)
{
    private Task<Run> As(string token, params string[] args) => CliRunner.RunAsync(null, ["--server", server.Url, "--token", token, .. args]);

    private async Task<int> IkeSasAsync(string gateway)
    {
        var run = await As(ServerFixture.ViewerToken, "sas", gateway, "--json");
        using var doc = JsonDocument.Parse(run.Out);
        return doc.RootElement.GetProperty("sas").GetArrayLength();
    }

    [Fact]
    public async Task Drain_previews_then_runs_with_yes_printing_progress_until_completed()
    {
        var preview = await As(ServerFixture.OperatorToken, "drain", "gw-015", "--to", "gw-016", "--preview");
        Assert.True(preview.Exit == 0, preview.ToString());
        Assert.Contains("gw-015", preview.Out, StringComparison.Ordinal);
        Assert.Matches(@"preview \S+ \(sha256:[0-9a-f]+\): \d+ items, \d+ skipped", preview.Out);
        Assert.DoesNotContain("started", preview.Out, StringComparison.Ordinal); // nothing ran
        Assert.True(await IkeSasAsync("gw-015") > 0);

        var run = await As(ServerFixture.OperatorToken, "drain", "gw-015", "--to", "gw-016", "--wave", "10", "--pause", "0s", "--yes");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Matches(@"operation \d+ started: drain gw-015", run.Out);
        Assert.Matches(@"(running|completed): wave \d+/\d+, \d+ done, 0 failed", run.Out);
        Assert.Matches(@"operation \d+ completed", run.Out);

        var list = await As(ServerFixture.ViewerToken, "operations");
        Assert.True(list.Exit == 0, list.ToString());
        Assert.Contains("Completed", list.Out, StringComparison.Ordinal);
        var id = System.Text.RegularExpressions.Regex.Match(run.Out, @"operation (\d+) started").Groups[1].Value;
        var one = await As(ServerFixture.ViewerToken, "operations", id);
        Assert.True(one.Exit == 0, one.ToString());
        Assert.Contains("by token:cli-operator", one.Out, StringComparison.Ordinal);
        Assert.Contains("Succeeded", one.Out, StringComparison.Ordinal);

        var cancel = await As(ServerFixture.OperatorToken, "cancel", id);
        Assert.Equal(1, cancel.Exit); // it has finished: refused, with the state
        Assert.Contains("completed", cancel.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drain_refuses_a_viewer_a_missing_yes_an_unknown_gateway_and_a_bad_pause()
    {
        var viewer = await As(ServerFixture.ViewerToken, "drain", "gw-012", "--to", "gw-013", "--yes");
        Assert.Equal(4, viewer.Exit);
        Assert.Contains("operator", viewer.Error, StringComparison.Ordinal);

        var noYes = await As(ServerFixture.OperatorToken, "drain", "gw-012", "--to", "gw-013");
        Assert.Equal(2, noYes.Exit);
        Assert.Contains("add --yes", noYes.Error, StringComparison.Ordinal);

        var unknown = await As(ServerFixture.OperatorToken, "drain", "gw-404", "--to", "gw-013", "--yes");
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("gw-404", unknown.Error, StringComparison.Ordinal);

        var badPause = await As(ServerFixture.OperatorToken, "drain", "gw-012", "--pause", "soon");
        Assert.Equal(2, badPause.Exit);
        Assert.Contains("--pause: 'soon'", badPause.Error, StringComparison.Ordinal);

        Assert.Equal(5, (await As(ServerFixture.ViewerToken, "operations", "987654")).Exit);
    }
}
