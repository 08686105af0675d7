using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace FleetCtl.Cli.Tests;

/// <summary>The real FleetCtl server as a process (not an in-memory TestServer: the CLI needs a socket), with its demo fleet
/// of 20 gateways and a temp SQLite history. Ready (about 2 s; 60 s at most under a loaded test run) once every demo gateway is connected with SAs.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("fleetctl-cli-test-").FullName;
    private Process? _server;
    private readonly System.Text.StringBuilder _log = new();

    public string Url { get; private set; } = "";

    /// <summary>API tokens the server is configured with (as SHA-256 hashes, the way an operator provisions them).</summary>
    public const string ViewerToken = "fct_cli-test-viewer-0123456789abcdef";
    public const string OperatorToken = "fct_cli-test-operator-0123456789abcdef";
    public const string AdminToken = "fct_cli-test-admin-0123456789abcdef";

    /// <summary>A configured user (any role's password is this), for <c>fleetctl login</c>.</summary>
    public const string Password = "cli test password";

    public async Task InitializeAsync()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}";
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = AppContext.BaseDirectory };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FleetCtl.Web.dll"));
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(Url);
        psi.ArgumentList.Add($"--Fleet:Persistence:SqlitePath={Path.Combine(_data, "fleetctl.db")}");
        psi.ArgumentList.Add($"--Fleet:Auth:StateFile={Path.Combine(_data, "auth.json")}");
        var i = 0;
        foreach (var (role, token) in (ReadOnlySpan<(string, string)>)[("viewer", ViewerToken), ("operator", OperatorToken), ("admin", AdminToken)])
        {
            psi.ArgumentList.Add($"--Fleet:Auth:Tokens:{i}:Name=cli-{role}");
            psi.ArgumentList.Add($"--Fleet:Auth:Tokens:{i}:Role={role}");
            psi.ArgumentList.Add($"--Fleet:Auth:Tokens:{i}:Hash={Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)))}");
            psi.ArgumentList.Add($"--Fleet:Auth:Users:{i}:Name={role}-user");
            psi.ArgumentList.Add($"--Fleet:Auth:Users:{i}:Role={role}");
            psi.ArgumentList.Add($"--Fleet:Auth:Users:{i}:PasswordHash={FleetCtl.Web.Auth.FleetPasswordHasher.Hash(Password, 1000)}");
            i++;
        }
        _server = Process.Start(psi)!;
        _server.OutputDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        _server.ErrorDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", ViewerToken);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_server.HasExited)
            {
                break;
            }
            try
            {
                using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(Url + "/api/v1/gateways")));
                var gateways = doc.RootElement.GetProperty("items").EnumerateArray().ToList();
                if (gateways.Count == 20 && gateways.All(g => g.GetProperty("state").GetString() == "Connected" && g.GetProperty("ikeSas").GetInt32() > 0))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        string log;
        lock (_log)
        {
            log = _log.ToString();
        }
        throw new InvalidOperationException($"the FleetCtl server at {Url} did not get its demo fleet connected within 60 s:\n{log}");
    }

    public async Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }
        _server?.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Every test class that needs the server shares one process (starting one takes seconds and a core).</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "fleetctl server";
}
