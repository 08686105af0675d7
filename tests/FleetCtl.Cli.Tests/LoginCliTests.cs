using System.Text.Json;

namespace FleetCtl.Cli.Tests;

/// <summary><c>login</c> and <c>whoami</c> against the real server: the token a password buys, where it is saved, and
/// what happens when the password, the role or the server is wrong.</summary>
[Collection(ServerCollection.Name)]
public sealed class LoginCliTests(ServerFixture server) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleetctl-login-").FullName;

    private string ConfigPath => Path.Combine(_dir, "sub", "config.json");

    private Dictionary<string, string> Env => new() { ["FLEETCTL_CONFIG"] = ConfigPath };

    /// <summary>login with the password on standard input (not a terminal).</summary>
    private Task<Run> LoginAsync(string stdin, params string[] args) =>
        CliRunner.RunAsync(Env, ["login", "--server", server.Url, .. args], c => c with { In = new StringReader(stdin), InputIsTerminal = false });

    [Fact]
    public async Task Login_saves_server_and_token_readable_by_the_owner_only_and_whoami_uses_them()
    {
        var login = await LoginAsync(ServerFixture.Password + "\n", "--user", "viewer-user", "--name", "ci laptop");
        Assert.True(login.Exit == 0, login.ToString());
        Assert.Matches(@"^logged in to http://127\.0\.0\.1:\d+ as viewer-user \(viewer\); token t[0-9a-f]+ 'ci laptop' expires \d{4}-\d\d-\d\d", login.Out);
        Assert.Contains($"saved the server and the token in {ConfigPath} (readable by you only)", login.Out, StringComparison.Ordinal);
        Assert.Equal("", login.Error);

        using (var config = JsonDocument.Parse(await File.ReadAllTextAsync(ConfigPath)))
        {
            Assert.Equal(server.Url, config.RootElement.GetProperty("server").GetString());
            Assert.StartsWith("fct_", config.RootElement.GetProperty("token").GetString(), StringComparison.Ordinal);
        }
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(ConfigPath)!));
        }
        Assert.False(File.Exists(ConfigPath + ".tmp"));

        var whoami = await CliRunner.RunAsync(Env, ["whoami"]);
        Assert.True(whoami.Exit == 0, whoami.ToString());
        Assert.Matches(@"^viewer-user \(viewer\) at http://127\.0\.0\.1:\d+, by token t[0-9a-f]+", whoami.Out);

        // the saved token works for the other commands too
        var gateways = await CliRunner.RunAsync(Env, ["gateways", "--limit", "1"]);
        Assert.True(gateways.Exit == 0, gateways.ToString());
    }

    [Fact]
    public async Task An_admin_login_gets_an_admin_token_and_a_lower_role_on_request()
    {
        var admin = await LoginAsync(ServerFixture.Password, "--user", "admin-user");
        Assert.True(admin.Exit == 0, admin.ToString());
        var me = await CliRunner.RunAsync(Env, ["whoami", "--json"]);
        using (var doc = JsonDocument.Parse(me.Out))
        {
            Assert.Equal("admin-user", doc.RootElement.GetProperty("user").GetString());
            Assert.Equal("admin", doc.RootElement.GetProperty("role").GetString());
            Assert.Equal("token", doc.RootElement.GetProperty("method").GetString());
        }

        var lower = await LoginAsync(ServerFixture.Password, "--user", "admin-user", "--role", "Viewer");
        Assert.True(lower.Exit == 0, lower.ToString());
        Assert.Contains("as admin-user (viewer)", lower.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_cannot_get_an_admin_token_exit_4()
    {
        var run = await LoginAsync(ServerFixture.Password, "--user", "viewer-user", "--role", "admin");
        Assert.Equal(4, run.Exit);
        Assert.Contains("(403 Forbidden)", run.Error, StringComparison.Ordinal);
        Assert.Contains("a token cannot have more than your role ('viewer')", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath));
    }

    [Fact]
    public async Task A_wrong_password_exits_4_with_the_servers_reason_and_saves_nothing()
    {
        var run = await LoginAsync("not the password\n", "--user", "operator-user");
        Assert.Equal(4, run.Exit);
        Assert.Contains("refused the request (401 Unauthorized): Unauthorized (wrong user name or password): check the user name and password", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
        Assert.False(File.Exists(ConfigPath));
    }

    [Fact]
    public async Task On_a_terminal_login_asks_for_the_user_and_reads_the_password_without_echo()
    {
        string? prompt = null;
        var run = await CliRunner.RunAsync(Env, ["login", "--server", server.Url], c => c with
        {
            In = new StringReader("operator-user\n"),
            InputIsTerminal = true,
            ReadSecret = p => { prompt = p; return ServerFixture.Password; },
        });
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal("user: ", run.Error);
        Assert.Equal($"password for operator-user at {server.Url}/: ", prompt);
        Assert.Contains("as operator-user (operator)", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(ServerFixture.Password, run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_usage_errors_exit_2_and_an_unreachable_server_3()
    {
        var noUser = await LoginAsync(ServerFixture.Password);
        Assert.Equal(2, noUser.Exit);
        Assert.Contains("give the user with --user", noUser.Error, StringComparison.Ordinal);

        var noPassword = await LoginAsync("", "--user", "viewer-user");
        Assert.Equal(2, noPassword.Exit);
        Assert.Contains("no password on standard input", noPassword.Error, StringComparison.Ordinal);

        var badRole = await LoginAsync(ServerFixture.Password, "--user", "viewer-user", "--role", "root");
        Assert.Equal(2, badRole.Exit);

        var unreachable = await CliRunner.RunAsync(Env, ["login", "--server", "http://127.0.0.1:1", "--user", "viewer-user"],
            c => c with { In = new StringReader(ServerFixture.Password) });
        Assert.Equal(3, unreachable.Exit);
        Assert.False(File.Exists(ConfigPath));
    }

    [Fact]
    public async Task A_token_in_the_environment_is_noted_because_it_wins_over_the_saved_one()
    {
        var env = new Dictionary<string, string>(Env) { ["FLEETCTL_TOKEN"] = ServerFixture.ViewerToken };
        var run = await CliRunner.RunAsync(env, ["login", "--server", server.Url, "--user", "operator-user"],
            c => c with { In = new StringReader(ServerFixture.Password) });
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains("FLEETCTL_TOKEN or --token is set and takes precedence", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whoami_names_the_configured_tokens_role()
    {
        var viewer = await server.AsViewerAsync("whoami");
        Assert.True(viewer.Exit == 0, viewer.ToString());
        Assert.StartsWith("token:cli-viewer (viewer)", viewer.Out, StringComparison.Ordinal);

        var admin = await CliRunner.RunAsync(null, ["--server", server.Url, "--token", ServerFixture.AdminToken, "whoami"]);
        Assert.StartsWith("token:cli-admin (admin)", admin.Out, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
