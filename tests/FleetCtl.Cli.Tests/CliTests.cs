using System.Text.Json;

namespace FleetCtl.Cli.Tests;

/// <summary>fleetctl's entry point, run in-process against the real server process.</summary>
public sealed class CliTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private sealed record Run(int Exit, string Out, string Error);

    private static async Task<Run> RunWithEnvAsync(IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext
        {
            Out = stdout,
            Error = stderr,
            // no process environment leaks in: no FLEETCTL_* of the developer's, no real config file
            GetEnvironmentVariable = name => env is not null && env.TryGetValue(name, out var v) ? v : name == "FLEETCTL_CONFIG" ? "/nonexistent/fleetctl.json" : null,
            Timeout = TimeSpan.FromSeconds(10),
        };
        var exit = await FleetCtlCli.RunAsync(args, context);
        return new Run(exit, stdout.ToString(), stderr.ToString());
    }

    private Task<Run> RunAsync(params string[] args) => RunWithEnvAsync(null, ["--server", server.Url, "--token", ServerFixture.ViewerToken, .. args]);

    [Fact]
    public async Task Gateways_lists_the_whole_demo_fleet_in_a_table()
    {
        var run = await RunAsync("gateways");
        Assert.True(run.Exit == 0, run.Error);
        foreach (var n in Enumerable.Range(1, 20))
        {
            Assert.Contains($"gw-{n:000}", run.Out, StringComparison.Ordinal);
        }
        Assert.Contains("NAME", run.Out, StringComparison.Ordinal);
        Assert.Contains("Connected", run.Out, StringComparison.Ordinal);
        Assert.Contains("20 of 20 gateways", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", run.Out, StringComparison.Ordinal); // not a terminal: no colour codes
    }

    [Fact]
    public async Task Gateways_json_is_the_servers_array()
    {
        var run = await RunAsync("gateways", "--json");
        Assert.True(run.Exit == 0, run.Error);
        using var doc = JsonDocument.Parse(run.Out);
        var names = doc.RootElement.EnumerateArray().Select(g => g.GetProperty("gateway").GetString()).ToList();
        Assert.Equal(20, names.Count);
        Assert.Contains("gw-001", names);
        Assert.All(doc.RootElement.EnumerateArray(), g => Assert.Equal("Connected", g.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task State_filters_case_insensitively_and_a_bad_state_is_a_usage_error()
    {
        var none = await RunAsync("gateways", "--state", "unreachable", "--json");
        Assert.True(none.Exit == 0, none.Error);
        Assert.Equal("[]", none.Out.Trim());
        var connected = await RunAsync("gateways", "--state", "CONNECTED");
        Assert.Contains("20 of 20 gateways", connected.Out, StringComparison.Ordinal);

        var bad = await RunAsync("gateways", "--state", "bogus");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("bogus", bad.Error, StringComparison.Ordinal);
        Assert.Equal("", bad.Out);
    }

    [Fact]
    public async Task Sas_shows_the_gateways_ike_sas_and_their_children()
    {
        var run = await RunAsync("sas", "gw-001");
        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("ESTABLISHED", run.Out, StringComparison.Ordinal);
        Assert.Contains("INSTALLED", run.Out, StringComparison.Ordinal);
        Assert.Contains("===", run.Out, StringComparison.Ordinal);
        Assert.Contains("spi ", run.Out, StringComparison.Ordinal);
        var summary = System.Text.RegularExpressions.Regex.Match(run.Out, @"gw-001: [1-9]\d* IKE_SAs, [1-9]\d* CHILD_SAs, (\d+) tunnels down");
        Assert.True(summary.Success, run.Out);
        var down = int.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(down, System.Text.RegularExpressions.Regex.Matches(run.Out, @"^  down: \S+/\S+ .* === ", System.Text.RegularExpressions.RegexOptions.Multiline).Count);

        var json = await RunAsync("sas", "gw-001", "--json");
        Assert.True(json.Exit == 0, json.Error);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.NotEqual(0, doc.RootElement.GetArrayLength());
        Assert.Contains(doc.RootElement.EnumerateArray(), ike => ike.GetProperty("children").GetArrayLength() > 0);
    }

    [Fact]
    public async Task An_unknown_gateway_exits_5_with_a_message()
    {
        var run = await RunAsync("sas", "nope");
        Assert.Equal(5, run.Exit);
        Assert.Equal("fleetctl: no gateway named nope", run.Error.Trim());
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task An_unreachable_server_exits_3_naming_the_url()
    {
        var run = await RunWithEnvAsync(null, "--server", "http://127.0.0.1:1", "gateways");
        Assert.Equal(3, run.Exit);
        Assert.StartsWith("fleetctl: cannot reach the FleetCtl server at http://127.0.0.1:1/: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_or_missing_token_exits_4_with_the_servers_reason()
    {
        var wrong = await RunWithEnvAsync(null, "--server", server.Url, "--token", "fct_never-issued-0123456789abcdef", "gateways");
        Assert.Equal(4, wrong.Exit);
        Assert.Contains("refused", wrong.Error, StringComparison.Ordinal);
        var missing = await RunWithEnvAsync(null, "--server", server.Url, "gateways");
        Assert.Equal(4, missing.Exit);
    }

    [Fact]
    public async Task Bad_arguments_exit_2()
    {
        Assert.Equal(2, (await RunAsync("sas")).Exit);
        Assert.Equal(2, (await RunAsync("frobnicate")).Exit);
        var badUrl = await RunWithEnvAsync(null, "--server", "not a url", "gateways");
        Assert.Equal(2, badUrl.Exit);
        Assert.Contains("'not a url' is not a server URL", badUrl.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_and_token_come_from_the_environment_or_the_config_file()
    {
        var fromEnv = await RunWithEnvAsync(new Dictionary<string, string> { ["FLEETCTL_SERVER"] = server.Url, ["FLEETCTL_TOKEN"] = ServerFixture.ViewerToken }, "gateways", "--json");
        Assert.True(fromEnv.Exit == 0, fromEnv.Error);

        var dir = Directory.CreateTempSubdirectory("fleetctl-cli-config-").FullName;
        try
        {
            var file = Path.Combine(dir, "config.json");
            await File.WriteAllTextAsync(file, $$"""{"server": "{{server.Url}}", "token": "{{ServerFixture.ViewerToken}}"}""");
            var fromFile = await RunWithEnvAsync(new Dictionary<string, string> { ["FLEETCTL_CONFIG"] = file }, "sas", "gw-002", "--json");
            Assert.True(fromFile.Exit == 0, fromFile.Error);

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
