using System.Text.Json;
using System.Text.RegularExpressions;

namespace FleetCtl.Cli.Tests;

/// <summary>fleetctl's entry point, run in-process against the real server process: gateways, sas, and the failures
/// every command shares (unreachable server, wrong token, bad arguments, where server and token come from).</summary>
[Collection(ServerCollection.Name)]
public sealed class CliTests(ServerFixture server)
{
    private Task<Run> RunAsync(params string[] args) => server.AsViewerAsync(args);

    private static Task<Run> RunWithEnvAsync(IReadOnlyDictionary<string, string>? env, params string[] args) => CliRunner.RunAsync(env, args);

    [Fact]
    public async Task Gateways_lists_the_whole_demo_fleet_in_a_table_with_tags()
    {
        var run = await RunAsync("gateways");
        Assert.True(run.Exit == 0, run.ToString());
        foreach (var n in Enumerable.Range(1, 20))
        {
            Assert.Contains($"gw-{n:000}", run.Out, StringComparison.Ordinal);
        }
        Assert.Contains("NAME", run.Out, StringComparison.Ordinal);
        Assert.Contains("TAGS", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"gw-001 .* region=[a-z-]+,role=[a-z-]+,site=[a-z0-9]+", run.Out);
        Assert.Contains("Connected", run.Out, StringComparison.Ordinal);
        Assert.Contains("20 of 20 gateways", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", run.Out, StringComparison.Ordinal); // not a terminal: no colour codes
    }

    [Fact]
    public async Task Gateways_json_is_an_array_of_the_servers_items()
    {
        var run = await RunAsync("gateways", "--json");
        Assert.True(run.Exit == 0, run.ToString());
        using var doc = JsonDocument.Parse(run.Out);
        var names = doc.RootElement.EnumerateArray().Select(g => g.GetProperty("gateway").GetString()).ToList();
        Assert.Equal(20, names.Count);
        Assert.Contains("gw-001", names);
        Assert.All(doc.RootElement.EnumerateArray(), g => Assert.Equal("Connected", g.GetProperty("state").GetString()));
        Assert.All(doc.RootElement.EnumerateArray(), g => Assert.True(g.GetProperty("tags").TryGetProperty("region", out _)));
    }

    [Fact]
    public async Task State_filters_case_insensitively_and_a_bad_state_is_a_usage_error()
    {
        var none = await RunAsync("gateways", "--state", "unreachable", "--json");
        Assert.True(none.Exit == 0, none.ToString());
        Assert.Equal("[]", none.Out.Trim());
        var connected = await RunAsync("gateways", "--state", "CONNECTED");
        Assert.Contains("20 of 20 gateways", connected.Out, StringComparison.Ordinal);

        var bad = await RunAsync("gateways", "--state", "bogus");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("bogus", bad.Error, StringComparison.Ordinal);
        Assert.Equal("", bad.Out);
    }

    [Fact]
    public async Task Sas_shows_the_gateways_ike_sas_their_children_and_down_tunnels()
    {
        var run = await RunAsync("sas", "gw-001");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains("ESTABLISHED", run.Out, StringComparison.Ordinal);
        Assert.Contains("INSTALLED", run.Out, StringComparison.Ordinal);
        Assert.Contains("===", run.Out, StringComparison.Ordinal);
        Assert.Contains("spi ", run.Out, StringComparison.Ordinal);
        var summary = Regex.Match(run.Out, @"gw-001: [1-9]\d* IKE_SAs, [1-9]\d* CHILD_SAs, (\d+) tunnels down, [1-9]\d* connections configured");
        Assert.True(summary.Success, run.Out);
        var down = int.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(down, Regex.Matches(run.Out, @"^  down: \S+/\S+ .* === ", RegexOptions.Multiline).Count);

        var json = await RunAsync("sas", "GW-001", "--json");
        Assert.True(json.Exit == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal("gw-001", doc.RootElement.GetProperty("gateway").GetString());
        Assert.NotEqual(0, doc.RootElement.GetProperty("sas").GetArrayLength());
        Assert.Contains(doc.RootElement.GetProperty("sas").EnumerateArray(), ike => ike.GetProperty("children").GetArrayLength() > 0);
        Assert.NotEqual(0, doc.RootElement.GetProperty("connections").GetArrayLength());
        Assert.Equal(JsonValueKind.Array, doc.RootElement.GetProperty("downTunnels").ValueKind);
    }

    [Fact]
    public async Task An_unknown_gateway_exits_5_with_the_servers_detail()
    {
        var run = await RunAsync("sas", "nope");
        Assert.Equal(5, run.Exit);
        Assert.Equal("fleetctl: no gateway 'nope'", run.Error.Trim());
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task A_name_no_gateway_can_have_exits_2_with_the_servers_reason()
    {
        var run = await RunAsync("sas", "bad name");
        Assert.Equal(2, run.Exit);
        Assert.Contains("refused the arguments: name: gateway name 'bad name' contains a space", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gateways")]
    [InlineData("sas", "gw-001")]
    [InlineData("history")]
    [InlineData("catalog")]
    [InlineData("whoami")]
    public async Task An_unreachable_server_exits_3_naming_the_url(params string[] command)
    {
        var run = await RunWithEnvAsync(null, ["--server", "http://127.0.0.1:1", "--token", "x", .. command]);
        Assert.Equal(3, run.Exit);
        Assert.StartsWith("fleetctl: cannot reach the FleetCtl server at http://127.0.0.1:1/: ", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gateways")]
    [InlineData("history")]
    [InlineData("catalog", "1000")]
    [InlineData("whoami")]
    public async Task A_wrong_or_missing_token_exits_4_with_the_servers_reason(params string[] command)
    {
        var wrong = await RunWithEnvAsync(null, ["--server", server.Url, "--token", "fct_never-issued-0123456789abcdef", .. command]);
        Assert.Equal(4, wrong.Exit);
        Assert.Contains("refused the request (401 Unauthorized): Unauthorized (The bearer token was refused", wrong.Error, StringComparison.Ordinal);
        Assert.Contains("'fleetctl login'", wrong.Error, StringComparison.Ordinal);
        var missing = await RunWithEnvAsync(null, ["--server", server.Url, .. command]);
        Assert.Equal(4, missing.Exit);
        Assert.Contains("This needs an API token", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_arguments_exit_2()
    {
        Assert.Equal(2, (await RunAsync("sas")).Exit);
        Assert.Equal(2, (await RunAsync("frobnicate")).Exit);
        Assert.Equal(2, (await RunAsync("gateways", "--sort", "size")).Exit);
        Assert.Equal(2, (await RunAsync("gateways", "--limit", "0")).Exit);
        var badUrl = await RunWithEnvAsync(null, "--server", "not a url", "gateways");
        Assert.Equal(2, badUrl.Exit);
        Assert.Contains("'not a url' is not a server URL", badUrl.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_and_token_come_from_the_environment_or_the_config_file()
    {
        var fromEnv = await RunWithEnvAsync(new Dictionary<string, string> { ["FLEETCTL_SERVER"] = server.Url, ["FLEETCTL_TOKEN"] = ServerFixture.ViewerToken }, "gateways", "--json");
        Assert.True(fromEnv.Exit == 0, fromEnv.ToString());

        var dir = Directory.CreateTempSubdirectory("fleetctl-cli-config-").FullName;
        try
        {
            var file = Path.Combine(dir, "config.json");
            await File.WriteAllTextAsync(file, $$"""{"server": "{{server.Url}}", "token": "{{ServerFixture.ViewerToken}}"}""");
            var fromFile = await RunWithEnvAsync(new Dictionary<string, string> { ["FLEETCTL_CONFIG"] = file }, "sas", "gw-002", "--json");
            Assert.True(fromFile.Exit == 0, fromFile.ToString());

            // the flag wins over the file
            var flagWins = await RunWithEnvAsync(new Dictionary<string, string> { ["FLEETCTL_CONFIG"] = file }, "--server", "http://127.0.0.1:1", "gateways");
            Assert.Equal(3, flagWins.Exit);

            await File.WriteAllTextAsync(file, "{ not json");
            var broken = await RunWithEnvAsync(new Dictionary<string, string> { ["FLEETCTL_CONFIG"] = file }, "gateways");
            Assert.Equal(2, broken.Exit);
            Assert.Contains("cannot read the config file " + file, broken.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
