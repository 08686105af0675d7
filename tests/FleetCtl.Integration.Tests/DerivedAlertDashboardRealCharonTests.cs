using System.Text.RegularExpressions;
using FleetCtl.Integration.Tests.Lab;
using FleetCtl.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FleetCtl.Integration.Tests;

/// <summary>
/// What the NOC sees: two real strongSwan 5.9.8 charons (no <c>alert</c> event) managed by the real server process; a
/// real IKE proposal mismatch between them shows up in real Chromium as a derived <c>proposal-mismatch-ike</c> alert,
/// with the catalog's explanation and proposed action, and the alert leads to the diagnosis from both ends' logs.
/// </summary>
public sealed partial class DerivedAlertDashboardRealCharonTests(ITestOutputHelper output)
{
    private const string Password = "integration dashboard password";

    private static string? Chromium =>
        Environment.GetEnvironmentVariable("FLEETCTL_CHROMIUM") is { Length: > 0 } configured ? configured
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
        : null;

    [CharonLabFact]
    public async Task A_real_proposal_mismatch_shows_in_the_dashboard_as_a_derived_alert_with_its_explanation()
    {
        Assert.True(Chromium is not null, "Chromium is needed (apt-get install chromium, or set FLEETCTL_CHROMIUM)");
        await using var lab = await LabPeers.StartAsync(output.WriteLine, c => c with { Proposals = ["aes256-sha256-x25519"] }, shortRetransmits: true);
        var (gw1, gw2) = (lab[1], lab[2]);

        var data = Directory.CreateTempSubdirectory("fleetctl-derived-ui-").FullName;
        var inventory = Path.Combine(data, "fleet.yaml");
        await File.WriteAllTextAsync(inventory, $"""
            gateways:
              - name: {gw1.Name}
                uri: {gw1.ViciUri}
              - name: {gw2.Name}
                uri: {gw2.ViciUri}
            """);
        var url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        await using var server = ServerProcess.StartBeside(
        [
            "--urls", url, $"--Fleet:InventoryFile={inventory}", $"--Fleet:Persistence:SqlitePath={Path.Combine(data, "fleetctl.db")}",
            $"--Fleet:Auth:StateFile={Path.Combine(data, "auth.json")}", "--Fleet:Auth:Users:0:Name=noc", "--Fleet:Auth:Users:0:Role=operator",
            $"--Fleet:Auth:Users:0:PasswordHash={FleetCtl.Web.Auth.FleetPasswordHasher.Hash(Password, 1000)}",
        ]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await server.WaitUntilAsync(async () => (await http.GetAsync(new Uri(url + "/login"))).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the server answering");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(url + "/login");
        await page.GetByTestId("login-user").FillAsync("noc");
        await page.GetByTestId("login-password").FillAsync(Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));

        // the gateway page says where its alerts come from
        await page.GotoAsync(url + "/gateways/" + gw1.Name);
        await Assertions.Expect(page.GetByTestId("gw-alert-source")).ToContainTextAsync("derived from log lines");

        // the real failure: gw2 initiates with a proposal gw1 does not accept
        await page.GotoAsync(url + "/alerts");
        await BlazorCircuit.WaitAsync(page);
        var attempt = await gw2.SwanctlAsync("--initiate", "--child", "net", "--ike", "s2s", "--timeout", "10");
        Assert.NotEqual(0, attempt.ExitCode);

        // the initiator's alert (gw2 names its connection; the responder's IKE_SA had no config, so no connection)
        var row = page.Locator("[data-testid^='alert-row-']").Filter(new LocatorFilterOptions { HasText = "proposal-mismatch-ike" })
            .Filter(new LocatorFilterOptions { HasText = gw2.Name });
        await Assertions.Expect(row.First).ToBeVisibleAsync();
        var id = AlertId().Match(await row.First.GetAttributeAsync("data-testid") ?? "").Groups[1].Value;
        await Assertions.Expect(page.GetByTestId($"alert-derived-{id}")).ToContainTextAsync("derived");
        await page.GetByTestId($"alert-toggle-{id}").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"alert-derived-note-{id}")).ToContainTextAsync("derived from charon's log");
        await Assertions.Expect(page.GetByTestId($"alert-explanation-{id}")).ToContainTextAsync("proposal");
        await Assertions.Expect(page.GetByTestId($"alert-proposed-{id}")).Not.ToBeEmptyAsync();
        output.WriteLine(await row.First.InnerTextAsync());

        // from the alert to the diagnosis: both ends' real lines, the cause revealed by the responder
        await page.GetByTestId($"alert-diagnose-{id}").ClickAsync();
        await page.WaitForURLAsync("**/gateways/**diagnose=s2s**");
        await Assertions.Expect(page.GetByTestId("diag-title")).ToHaveTextAsync("IKE proposal mismatch");
        await Assertions.Expect(page.GetByTestId("diag-evidence-peer")).ToContainTextAsync("received proposals unacceptable");
        await Assertions.Expect(page.GetByTestId("diag-revealed")).ToContainTextAsync(gw1.Name);
        Assert.DoesNotContain(CharonLab.DefaultPsk, server.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"alert-row-(\d+)")]
    private static partial Regex AlertId();
}
