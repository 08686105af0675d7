using FleetCtl.Testing;
using System.Text.RegularExpressions;
using FleetCtl.Simulator;
using FleetCtl.Vici;
using FleetCtl.Vici.Commands;
using Microsoft.Playwright;

namespace FleetCtl.Web.Tests.Browser;

/// <summary>The dashboard as a NOC engineer uses it, in real Chromium against the real server and a simulated fleet.</summary>
[Collection(DashboardCollection.Name)]
public sealed partial class DashboardTests(DashboardServerFixture server)
{
    [ChromiumFact]
    public async Task Signing_in_leads_to_the_overview_listing_every_gateway()
    {
        var page = await server.SignedInPageAsync("admin");
        await Assertions.Expect(page.GetByTestId("tile-total-value")).ToHaveTextAsync(DashboardServerFixture.Gateways.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var gateway in server.Fleet.Gateways)
        {
            await Assertions.Expect(page.GetByTestId($"gw-row-{gateway.Name}")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId($"gw-state-{gateway.Name}")).ToContainTextAsync("Connected");
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardServerFixture.ScreenshotDirectory, "overview.png") });
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task The_overview_filter_narrows_the_rows_live_in_the_browser()
    {
        var page = await server.SignedInPageAsync("viewer");
        var target = server.Fleet.Gateways[2].Name;
        await Assertions.Expect(page.GetByTestId($"gw-row-{server.Fleet.Gateways[0].Name}")).ToBeVisibleAsync();
        await BlazorCircuit.WaitAsync(page);
        await page.GetByTestId("filter-text").FillAsync(target);
        await Assertions.Expect(page.GetByTestId($"gw-row-{server.Fleet.Gateways[0].Name}")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId($"gw-row-{target}")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task A_gateway_page_shows_its_sas_and_one_the_gateway_brings_up_appears_without_reload()
    {
        var gateway = server.Fleet.Gateways[1];
        var page = await server.SignedInPageAsync("operator");
        await BlazorCircuit.WaitAsync(page);
        await page.GetByTestId($"gw-link-{gateway.Name}").ClickAsync();
        await page.WaitForURLAsync($"**/gateways/{gateway.Name}");
        await Assertions.Expect(page.GetByTestId("gw-name")).ToHaveTextAsync(gateway.Name);
        var before = gateway.GetIkeSas();
        foreach (var sa in before)
        {
            await Assertions.Expect(page.GetByTestId($"ike-{sa.UniqueId}")).ToBeVisibleAsync();
        }

        await BlazorCircuit.WaitAsync(page);
        var navigations = 0;
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) { navigations++; } };

        // what an operator does with swanctl: take a site-to-site tunnel down and bring it up again
        var (gone, fresh) = await CycleSiteToSiteSaAsync(gateway);
        await Assertions.Expect(page.GetByTestId($"ike-{fresh.UniqueId}")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId($"ike-{gone}")).ToHaveCountAsync(0);
        Assert.Equal(0, navigations); // live through the circuit: no reload

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardServerFixture.ScreenshotDirectory, "gateway.png"), FullPage = false });
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task An_alert_a_gateway_raises_appears_with_its_explanation_and_an_operator_acknowledges_it()
    {
        var gateway = server.Fleet.Gateways[3];
        var page = await server.SignedInPageAsync("operator");
        await page.GotoAsync(server.Url + "/alerts");
        await BlazorCircuit.WaitAsync(page);

        await gateway.RaiseAlertAsync("proposal-mismatch-ike");
        var row = page.Locator("[data-testid^='alert-row-']").Filter(new LocatorFilterOptions { HasText = gateway.Name });
        await Assertions.Expect(row.First).ToBeVisibleAsync();
        var id = AlertId().Match(await row.First.GetAttributeAsync("data-testid") ?? "").Groups[1].Value;
        await Assertions.Expect(page.GetByTestId($"alert-type-{id}")).ToContainTextAsync("proposal-mismatch-ike");

        await page.GetByTestId($"alert-toggle-{id}").ClickAsync(); // expands to the catalog's words
        await Assertions.Expect(page.GetByTestId($"alert-explanation-{id}")).ToContainTextAsync("proposal");
        await Assertions.Expect(page.GetByTestId($"alert-proposed-{id}")).Not.ToBeEmptyAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardServerFixture.ScreenshotDirectory, "alerts.png") });

        await page.GetByTestId($"alert-ack-{id}").ClickAsync();
        await page.GetByTestId($"alert-ack-comment-{id}").FillAsync("peer changed its proposals, ticket NOC-1");
        await page.GetByTestId($"alert-ack-confirm-{id}").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"alert-state-{id}")).ToContainTextAsync("Acknowledged");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task A_viewer_sees_alerts_but_no_acknowledge_button_and_the_api_refuses_the_action()
    {
        var gateway = server.Fleet.Gateways[4];
        await gateway.RaiseAlertAsync("cert-expired");
        var page = await server.SignedInPageAsync("viewer");
        await page.GotoAsync(server.Url + "/alerts");
        var row = page.Locator("[data-testid^='alert-row-']").Filter(new LocatorFilterOptions { HasText = gateway.Name });
        await Assertions.Expect(row.First).ToBeVisibleAsync();
        var id = AlertId().Match(await row.First.GetAttributeAsync("data-testid") ?? "").Groups[1].Value;
        await Assertions.Expect(page.GetByTestId($"alert-ack-{id}")).ToHaveCountAsync(0);

        // with the viewer's own session cookie, straight at the API: 403
        var response = await page.Context.APIRequest.PostAsync($"{server.Url}/api/v1/alerts/{id}/ack",
            new APIRequestContextOptions { DataObject = new { comment = "sneaky" } });
        Assert.Equal(403, response.Status);
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task A_wrong_password_stays_on_the_login_page_with_a_message()
    {
        var context = await server.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(server.Url + "/login");
        await page.GetByTestId("login-user").FillAsync("viewer");
        await page.GetByTestId("login-password").FillAsync("not the password");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("login-error")).ToHaveTextAsync("Wrong user name or password.");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
        await context.CloseAsync();
    }


    /// <summary>Terminates a site-to-site IKE_SA over VICI and initiates its CHILD_SA again; returns the old and the new SA.</summary>
    private static async Task<(uint Gone, SimulatedIkeSa Fresh)> CycleSiteToSiteSaAsync(SimulatedGateway gateway)
    {
        await using var vici = await ViciClient.ConnectAsync(gateway.Uri!);
        foreach (var sa in gateway.GetIkeSas().Where(s => s.RemoteUser is null && s.Children.Count > 0))
        {
            var before = gateway.GetIkeSas().Select(s => s.UniqueId).ToHashSet();
            await vici.TerminateAsync(new TerminateRequest { IkeId = sa.UniqueId });
            try
            {
                await vici.InitiateAsync(new InitiateRequest { Child = sa.Children[0].Name });
            }
            catch (ViciCommandFailedException)
            {
                continue; // a road-warrior connection cannot be initiated from the gateway; try the next
            }

            var fresh = gateway.GetIkeSas().First(s => !before.Contains(s.UniqueId));
            return (sa.UniqueId, fresh);
        }

        throw new InvalidOperationException($"{gateway.Name} has no site-to-site SA to cycle");
    }

    [GeneratedRegex(@"^alert-row-(\d+)$")]
    private static partial Regex AlertId();
}
