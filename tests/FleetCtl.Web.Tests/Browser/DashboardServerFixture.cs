using System.Net.Http.Json;
using System.Text.Json;
using FleetCtl.Simulator;
using FleetCtl.Testing;
using Microsoft.Playwright;

namespace FleetCtl.Web.Tests.Browser;

/// <summary>
/// The real server process managing a simulated fleet that this test process owns (so tests can bring SAs up and raise
/// alerts on the gateways, as the gateways themselves would), and a real Chromium driven by Playwright.
/// Users: admin, operator and viewer, each with <see cref="Password"/>.
/// </summary>
public sealed class DashboardServerFixture : IAsyncLifetime
{
    public const string Password = "browser test password";
    public const int Gateways = 6;
    public const string AdminToken = "fct_browser-admin-0123456789abcdef";

    private readonly string _data = Directory.CreateTempSubdirectory("fleetctl-browser-").FullName;
    private ServerProcess? _server;
    private IPlaywright? _playwright;

    public SimulatedFleet Fleet { get; private set; } = null!;
    public string Url { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: docs/screenshots of the repository when FLEETCTL_UPDATE_DOCS=1, else the test output.</summary>
    public static string ScreenshotDirectory =>
        Environment.GetEnvironmentVariable("FLEETCTL_UPDATE_DOCS") == "1" && FindRepository() is { } repo
            ? Path.Combine(repo, "docs", "screenshots")
            : Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        if (ChromiumFactAttribute.ChromiumPath is not { } chromium)
        {
            return; // the tests skip themselves (or fail in CI)
        }

        // 6.0.3 has the alert event; no background churn, so what the tests bring up is all that changes
        Fleet = new SimulatedFleet(new FleetOptions { Gateways = Gateways, SasPerGateway = 8, EventRate = 0, Versions = ["6.0.3"], Directory = Path.Combine(_data, "fleet") });
        await Fleet.StartAsync();
        var inventory = Fleet.WriteInventory(Path.Combine(_data, "fleet.json"));

        Url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        var hash = FleetCtl.Web.Auth.FleetPasswordHasher.Hash(Password, 1000);
        string[] args =
        [
            "--urls", Url,
            $"--Fleet:InventoryFile={inventory}",
            $"--Fleet:Persistence:SqlitePath={Path.Combine(_data, "fleetctl.db")}",
            $"--Fleet:Auth:StateFile={Path.Combine(_data, "auth.json")}",
            "--Fleet:Auth:Users:0:Name=admin", "--Fleet:Auth:Users:0:Role=admin", $"--Fleet:Auth:Users:0:PasswordHash={hash}",
            "--Fleet:Auth:Users:1:Name=operator", "--Fleet:Auth:Users:1:Role=operator", $"--Fleet:Auth:Users:1:PasswordHash={hash}",
            "--Fleet:Auth:Users:2:Name=viewer", "--Fleet:Auth:Users:2:Role=viewer", $"--Fleet:Auth:Users:2:PasswordHash={hash}",
            "--Fleet:Auth:Tokens:0:Name=browser-tests", "--Fleet:Auth:Tokens:0:Role=admin",
            $"--Fleet:Auth:Tokens:0:Hash={FleetCtl.Web.Auth.FleetAuthStore.HashToken(AdminToken)}",
        ];
        _server = ServerProcess.StartBeside(args);
        await WaitUntilFleetConnectedAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh browser context (own cookies) signed in as <paramref name="user"/> through the login form.</summary>
    public async Task<IPage> SignedInPageAsync(string user, int width = 1400, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000); // generous: CI runs every test project at once on two cores
        await page.GotoAsync(Url + "/");
        await page.WaitForURLAsync("**/login**");
        await page.GetByTestId("login-user").FillAsync(user);
        await page.GetByTestId("login-password").FillAsync(Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
        return page;
    }

    /// <summary>The server's output so far, for failure messages.</summary>
    public string ServerLog => _server?.Output ?? "";

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        if (Fleet is not null)
        {
            await Fleet.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilFleetConnectedAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        await _server!.WaitUntilAsync(async () =>
        {
            var statuses = await http.GetFromJsonAsync<JsonElement>(new Uri(Url + "/api/v1/gateways?limit=1000"));
            var items = statuses.ValueKind == JsonValueKind.Array ? statuses : statuses.GetProperty("items");
            return items.GetArrayLength() == Gateways && items.EnumerateArray().All(g => g.GetProperty("state").GetString() == "Connected");
        }, TimeSpan.FromSeconds(60), $"the server at {Url} did not connect its {Gateways} gateways");
    }

    private static string? FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FleetCtl.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardServerFixture>
{
    public const string Name = "dashboard in chromium";
}
