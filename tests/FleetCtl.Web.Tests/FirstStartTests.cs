using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FleetCtl.Testing;

namespace FleetCtl.Web.Tests;

/// <summary>
/// What a new user sees: the real server process started with no users prints an admin password once, which logs in;
/// neither the password nor any token shows up anywhere else in the server's output.
/// </summary>
public sealed partial class FirstStartTests
{
    [Fact]
    public async Task A_first_start_prints_an_admin_password_once_that_logs_in_and_is_never_logged_again()
    {
        var data = Directory.CreateTempSubdirectory("fleetctl-first-").FullName;
        var port = ServerProcess.FreePort();
        var server = ServerProcess.StartBeside(["--urls", $"http://127.0.0.1:{port}",
            $"--Fleet:Persistence:SqlitePath={Path.Combine(data, "fleetctl.db")}", $"--Fleet:Auth:StateFile={Path.Combine(data, "auth.json")}",
            "--Fleet:Demo:Gateways=2", "--Logging:LogLevel:FleetCtl.Web.Auth=Information"]);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var password = "";
            await server.WaitUntilAsync(() => Task.FromResult(PasswordLine().Match(server.Output) is { Success: true } m && (password = m.Groups[1].Value).Length > 0),
                TimeSpan.FromSeconds(60), "the server printed no admin password");

            using var login = await PostUntilUpAsync(http, new { user = "admin", password });
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var me = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/auth/me", UriKind.Relative));
            Assert.Equal("admin", me.GetProperty("role").GetString());

            using var wrong = await http.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { user = "admin", password = password + "x" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

            var stateFile = await File.ReadAllTextAsync(Path.Combine(data, "auth.json"));
            Assert.DoesNotContain(password, stateFile, StringComparison.Ordinal);
            Assert.DoesNotContain(token, stateFile, StringComparison.Ordinal);

            await Task.Delay(300); // let the log lines of the calls above be written
            var text = server.Output;

            Assert.Equal(1, Regex.Count(text, Regex.Escape(password)));
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
            Assert.Contains("signed in by password (token)", text, StringComparison.Ordinal);
            Assert.Contains("Login refused for admin", text, StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Bad_auth_settings_stop_start_up_listing_each_problem()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "FleetCtl.Web.dll"), "--urls=http://127.0.0.1:0",
                     "--Fleet:Auth:Users:0:Name=ops", "--Fleet:Auth:Users:0:Role=god", "--Fleet:Auth:Users:0:PasswordHash=hunter2"])
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var text = await stderr;
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("fleetctl: cannot start: bad Fleet:Auth settings", text, StringComparison.Ordinal);
        Assert.Contains("Fleet:Auth:Users:0: Role 'god' is not one of viewer, operator, admin", text, StringComparison.Ordinal);
        Assert.Contains("PasswordHash is not a pbkdf2-sha512 hash", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hash_password_prints_a_hash_that_verifies()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = AppContext.BaseDirectory };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FleetCtl.Web.dll"));
        psi.ArgumentList.Add("hash-password");
        using var p = Process.Start(psi)!;
        await p.StandardInput.WriteLineAsync("my operator password");
        p.StandardInput.Close();
        var hash = (await p.StandardOutput.ReadToEndAsync()).Trim();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, p.ExitCode);
        Assert.True(FleetCtl.Web.Auth.FleetPasswordHasher.Verify("my operator password", hash));
    }

    private static async Task<HttpResponseMessage> PostUntilUpAsync(HttpClient http, object body)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return await http.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), body);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    [GeneratedRegex(@"password: (\S+)")]
    private static partial Regex PasswordLine();
}
