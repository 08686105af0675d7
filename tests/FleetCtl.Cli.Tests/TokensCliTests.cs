using System.Text.Json;

namespace FleetCtl.Cli.Tests;

/// <summary><c>tokens</c> and <c>logout</c> against the real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class TokensCliTests(ServerFixture server) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleetctl-tokens-").FullName;

    private Dictionary<string, string> Env => new() { ["FLEETCTL_CONFIG"] = Path.Combine(_dir, "config.json") };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<Run> LoginAsync(string user) =>
        CliRunner.RunAsync(Env, ["login", "--server", server.Url, "--user", user], c => c with { In = new StringReader(ServerFixture.Password), InputIsTerminal = false });

    [Fact]
    public async Task Tokens_are_created_once_listed_without_secret_and_revoked()
    {
        Assert.Equal(0, (await LoginAsync("operator-user")).Exit);
        var created = await CliRunner.RunAsync(Env, ["tokens", "create", "grafana report", "--role", "viewer", "--days", "7"]);
        Assert.True(created.Exit == 0, created.ToString());
        var token = created.Out.Trim();
        Assert.StartsWith("fct_", token, StringComparison.Ordinal);
        Assert.Contains("this is the only time it is shown", created.Error, StringComparison.Ordinal);

        var listed = await CliRunner.RunAsync(Env, ["tokens", "list"]);
        Assert.True(listed.Exit == 0, listed.ToString());
        Assert.Contains("grafana report", listed.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(token, listed.Out, StringComparison.Ordinal);

        var asNew = await CliRunner.RunAsync(null, ["--server", server.Url, "--token", token, "whoami", "--json"]);
        using (var me = JsonDocument.Parse(asNew.Out))
        {
            Assert.Equal("viewer", me.RootElement.GetProperty("role").GetString());
            var id = me.RootElement.GetProperty("tokenId").GetString()!;
            var revoked = await CliRunner.RunAsync(Env, ["tokens", "revoke", id]);
            Assert.True(revoked.Exit == 0, revoked.ToString());
            Assert.Equal(4, (await CliRunner.RunAsync(null, ["--server", server.Url, "--token", token, "whoami"])).Exit);
            Assert.Equal(5, (await CliRunner.RunAsync(Env, ["tokens", "revoke", id])).Exit);
        }

        var tooMuch = await CliRunner.RunAsync(Env, ["tokens", "create", "root", "--role", "admin"]);
        Assert.Equal(4, tooMuch.Exit);
        Assert.Contains("cannot have more than your role", tooMuch.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_revokes_the_saved_token_and_forgets_it()
    {
        Assert.Equal(0, (await LoginAsync("viewer-user")).Exit);
        string token;
        using (var config = JsonDocument.Parse(await File.ReadAllTextAsync(Env["FLEETCTL_CONFIG"])))
        {
            token = config.RootElement.GetProperty("token").GetString()!;
        }

        var logout = await CliRunner.RunAsync(Env, ["logout"]);
        Assert.True(logout.Exit == 0, logout.ToString());
        Assert.Contains("revoked token t", logout.Out, StringComparison.Ordinal);
        using (var config = JsonDocument.Parse(await File.ReadAllTextAsync(Env["FLEETCTL_CONFIG"])))
        {
            Assert.False(config.RootElement.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String);
            Assert.Equal(server.Url, config.RootElement.GetProperty("server").GetString());
        }

        Assert.Equal(4, (await CliRunner.RunAsync(null, ["--server", server.Url, "--token", token, "whoami"])).Exit);
    }
}
