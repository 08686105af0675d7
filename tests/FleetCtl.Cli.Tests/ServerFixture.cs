using System.Text.Json;
using FleetCtl.Testing;

namespace FleetCtl.Cli.Tests;

/// <summary>The real FleetCtl server as a process (not an in-memory TestServer: the CLI needs a socket), with its demo fleet
/// of 20 gateways and a temp SQLite history. Ready (about 2 s; 60 s at most under a loaded test run) once every demo gateway is connected with SAs.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("fleetctl-cli-test-").FullName;
    private ServerProcess? _server;

    public string Url { get; private set; } = "";

    /// <summary>API tokens the server is configured with (as SHA-256 hashes, the way an operator provisions them).</summary>
    public const string ViewerToken = "fct_cli-test-viewer-0123456789abcdef";
    public const string OperatorToken = "fct_cli-test-operator-0123456789abcdef";
    public const string AdminToken = "fct_cli-test-admin-0123456789abcdef";

    /// <summary>A configured user (any role's password is this), for <c>fleetctl login</c>.</summary>
    public const string Password = "cli test password";

    public async Task InitializeAsync()
    {
        Url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        var args = new List<string>
        {
            "--urls", Url,
            $"--Fleet:Persistence:SqlitePath={Path.Combine(_data, "fleetctl.db")}",
            $"--Fleet:Auth:StateFile={Path.Combine(_data, "auth.json")}",
        };
        var i = 0;
        foreach (var (role, token) in (ReadOnlySpan<(string, string)>)[("viewer", ViewerToken), ("operator", OperatorToken), ("admin", AdminToken)])
        {
            args.Add($"--Fleet:Auth:Tokens:{i}:Name=cli-{role}");
            args.Add($"--Fleet:Auth:Tokens:{i}:Role={role}");
            args.Add($"--Fleet:Auth:Tokens:{i}:Hash={Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)))}");
            args.Add($"--Fleet:Auth:Users:{i}:Name={role}-user");
            args.Add($"--Fleet:Auth:Users:{i}:Role={role}");
            args.Add($"--Fleet:Auth:Users:{i}:PasswordHash={FleetCtl.Web.Auth.FleetPasswordHasher.Hash(Password, 1000)}");
            i++;
        }

        _server = ServerProcess.StartBeside(args);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", ViewerToken);
        await _server.WaitUntilAsync(async () =>
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(Url + "/api/v1/gateways")));
            var gateways = doc.RootElement.GetProperty("items").EnumerateArray().ToList();
            return gateways.Count == 20 && gateways.All(g => g.GetProperty("state").GetString() == "Connected" && g.GetProperty("ikeSas").GetInt32() > 0);
        }, TimeSpan.FromSeconds(60), $"the FleetCtl server at {Url} did not get its demo fleet connected");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Every test class that needs the server shares one process (starting one takes seconds and a core).</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "fleetctl server";
}
