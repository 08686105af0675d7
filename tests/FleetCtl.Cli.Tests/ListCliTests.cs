using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FleetCtl.Cli.Tests;

/// <summary><c>gateways</c> filters and paging, <c>history</c> and <c>catalog</c>, against the real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class ListCliTests(ServerFixture server)
{
    private Task<Run> RunAsync(params string[] args) => server.AsViewerAsync(args);

    private static List<string> Names(Run run)
    {
        Assert.True(run.Exit == 0, run.ToString());
        using var doc = JsonDocument.Parse(run.Out);
        return [.. doc.RootElement.EnumerateArray().Select(g => g.GetProperty("gateway").GetString()!)];
    }

    [Fact]
    public async Task Gateways_follows_the_pages_to_list_all_and_limit_stops_early()
    {
        // pages of 7: three requests for 20 gateways
        var paged = await CliRunner.RunAsync(null, ["--server", server.Url, "--token", ServerFixture.ViewerToken, "gateways", "--json"],
            c => c with { PageSize = 7 });
        Assert.Equal([.. Enumerable.Range(1, 20).Select(i => $"gw-{i:000}")], Names(paged));

        var limited = await CliRunner.RunAsync(null, ["--server", server.Url, "--token", ServerFixture.ViewerToken, "gateways", "--limit", "9"],
            c => c with { PageSize = 4 });
        Assert.True(limited.Exit == 0, limited.ToString());
        Assert.Contains("9 of 20 gateways", limited.Out, StringComparison.Ordinal);
        Assert.Contains("gw-009", limited.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("gw-010", limited.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateways_passes_tag_search_and_sort_to_the_server()
    {
        var all = await RunAsync("gateways", "--json");
        using var doc = JsonDocument.Parse(all.Out);
        var gateways = doc.RootElement.EnumerateArray()
            .Select(g => (Name: g.GetProperty("gateway").GetString()!, Region: g.GetProperty("tags").GetProperty("region").GetString()!,
                Role: g.GetProperty("tags").GetProperty("role").GetString()!))
            .ToList();
        var (_, region, role) = gateways[0];

        Assert.Equal(gateways.Where(g => g.Region == region).Select(g => g.Name), Names(await RunAsync("gateways", "--tag", $"region={region}", "--json")));
        Assert.Equal(gateways.Where(g => g.Region == region && g.Role == role).Select(g => g.Name),
            Names(await RunAsync("gateways", "--tag", $"region={region}", "--tag", $"role={role}", "--json")));
        Assert.Equal([.. Enumerable.Range(10, 10).Select(i => $"gw-{i:000}")], Names(await RunAsync("gateways", "--search", "gw-01", "--json")));
        Assert.Equal(["gw-020", "gw-019"], Names(await RunAsync("gateways", "--sort", "-name", "--limit", "2", "--json")));
        Assert.Equal(["gw-020", "gw-019"], Names(await RunAsync("gateways", "--sort=-name", "--limit", "2", "--json")));

        var table = await RunAsync("gateways", "--tag", "region=atlantis");
        Assert.Contains("0 of 0 gateways", table.Out, StringComparison.Ordinal);

        var badTag = await RunAsync("gateways", "--tag", "region");
        Assert.Equal(2, badTag.Exit);
        Assert.Contains("refused the arguments: tag: 'region' is not key=value", badTag.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_shows_the_newest_events_in_a_table_json_or_csv()
    {
        var table = await RunAsync("history", "--limit", "5");
        Assert.True(table.Exit == 0, table.ToString());
        Assert.Contains("AT (UTC)", table.Out, StringComparison.Ordinal);
        Assert.Matches(@"5 of \d+ events", table.Out);
        Assert.Equal(5, Regex.Matches(table.Out, @"^  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\s+gw-\d{3}\s", RegexOptions.Multiline).Count);

        var json = await RunAsync("history", "--gateway", "gw-003", "--kind", "connectivity", "--kind", "sa", "--limit", "50", "--json");
        Assert.True(json.Exit == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.Out);
        Assert.NotEqual(0, doc.RootElement.GetArrayLength());
        Assert.All(doc.RootElement.EnumerateArray(), e =>
        {
            Assert.Equal("gw-003", e.GetProperty("gateway").GetString());
            Assert.Matches("^(connectivity|ike-|child-)", e.GetProperty("kind").GetString());
        });
        var times = doc.RootElement.EnumerateArray().Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);

        var csv = await RunAsync("history", "--gateway", "gw-003", "--limit", "3", "--csv");
        Assert.True(csv.Exit == 0, csv.ToString());
        var lines = csv.Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at,gateway,kind,summary,sequenceNr", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains(",gw-003,", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task History_since_and_until_take_durations_and_iso_times()
    {
        var recent = await RunAsync("history", "--since", "1h", "--limit", "1000", "--json");
        Assert.True(recent.Exit == 0, recent.ToString());
        using var doc = JsonDocument.Parse(recent.Out);
        Assert.NotEqual(0, doc.RootElement.GetArrayLength()); // the demo fleet started less than an hour ago
        Assert.All(doc.RootElement.EnumerateArray(), e => Assert.True(e.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1).AddMinutes(-1)));

        var future = await RunAsync("history", "--since", DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        Assert.True(future.Exit == 0, future.ToString());
        Assert.Contains("0 of 0 events", future.Out, StringComparison.Ordinal);

        var old = await RunAsync("history", "--until", "30d", "--json");
        Assert.Equal("[]", old.Out.Trim());

        var backwards = await RunAsync("history", "--since", "1h", "--until", "2h");
        Assert.Equal(2, backwards.Exit);
        Assert.Contains("must be before to", backwards.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--since", "yesterday")]
    [InlineData("--since", "5 minutes")]
    [InlineData("--until", "1y")]
    [InlineData("--since", "-1h")]
    public async Task A_bad_since_or_until_exits_2_before_asking_the_server(string option, string value)
    {
        // the server is unreachable: the argument is refused first
        var run = await CliRunner.RunAsync(null, ["--server", "http://127.0.0.1:1", "history", option, value]);
        Assert.Equal(2, run.Exit);
        Assert.StartsWith($"fleetctl: {option}: '{value}' is neither a duration back from now (90s, 15m, 1h, 2d, 1w) nor an ISO 8601 time", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_of_an_unknown_gateway_exits_5_and_an_unknown_kind_2()
    {
        var unknown = await RunAsync("history", "--gateway", "nope");
        Assert.Equal(5, unknown.Exit);
        Assert.Equal("fleetctl: no gateway 'nope'", unknown.Error.Trim());
        var unknownCsv = await RunAsync("history", "--gateway", "nope", "--csv");
        Assert.Equal(5, unknownCsv.Exit);

        var kind = await RunAsync("history", "--kind", "bogus");
        Assert.Equal(2, kind.Exit);
        Assert.Contains("kind: 'bogus' is not one of sa, ike-up", kind.Error, StringComparison.Ordinal);

        Assert.Equal(2, (await RunAsync("history", "--csv", "--json")).Exit);
    }

    [Fact]
    public async Task Catalog_lists_filters_and_shows_one_entry_in_full()
    {
        var list = await RunAsync("catalog");
        Assert.True(list.Exit == 0, list.ToString());
        Assert.Contains("fleet.gateway.unreachable", list.Out, StringComparison.Ordinal);
        Assert.Matches(@"\d+ entries; 'fleetctl catalog ID' shows one in full", list.Out);

        var critical = await RunAsync("catalog", "--severity", "critical", "--json");
        using (var doc = JsonDocument.Parse(critical.Out))
        {
            Assert.NotEqual(0, doc.RootElement.GetArrayLength());
            Assert.All(doc.RootElement.EnumerateArray(), e => Assert.Equal("Critical", e.GetProperty("severity").GetString()));
        }

        var ike = await RunAsync("catalog", "--category", "ike", "--json");
        using (var doc = JsonDocument.Parse(ike.Out))
        {
            Assert.All(doc.RootElement.EnumerateArray(), e => Assert.Contains("IKE", e.GetProperty("categories").EnumerateArray().Select(c => c.GetString())));
        }

        var entry = await RunAsync("catalog", "1000");
        Assert.True(entry.Exit == 0, entry.ToString());
        Assert.StartsWith("[1000] vici.alert.radius-not-responding: ", entry.Out, StringComparison.Ordinal);
        foreach (var heading in (string[])["Explanation", "Gateway action", "Proposed action", "severity", "categories"])
        {
            Assert.Contains(heading, entry.Out, StringComparison.Ordinal);
        }

        var byKey = await RunAsync("catalog", "vici.alert.radius-not-responding", "--json");
        using (var doc = JsonDocument.Parse(byKey.Out))
        {
            Assert.Equal(1000, doc.RootElement.GetProperty("id").GetInt32());
        }
    }

    [Fact]
    public async Task Catalog_errors_exit_5_for_an_unknown_entry_and_2_for_a_bad_filter()
    {
        var unknown = await RunAsync("catalog", "99999");
        Assert.Equal(5, unknown.Exit);
        Assert.StartsWith("fleetctl: no catalog entry '99999'", unknown.Error, StringComparison.Ordinal);

        var bad = await RunAsync("catalog", "--category", "bogus");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("category: 'bogus' is not one of AUTH", bad.Error, StringComparison.Ordinal);

        Assert.Equal(2, (await RunAsync("catalog", "1000", "--severity", "error")).Exit);
    }
}
