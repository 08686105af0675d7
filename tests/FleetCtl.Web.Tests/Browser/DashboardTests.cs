using Microsoft.Playwright;

namespace FleetCtl.Web.Tests.Browser;

/// <summary>The dashboard as a NOC engineer uses it, in real Chromium against the real server and a simulated fleet.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardTests(DashboardServerFixture server)
{
    [ChromiumFact]
    public async Task Signing_in_leads_to_the_overview_listing_every_gateway()
    {
        var page = await server.SignedInPageAsync("admin");
        foreach (var gateway in server.Fleet.Gateways)
        {
            await Assertions.Expect(page.GetByTestId($"gw-row-{gateway.Name}")).ToBeVisibleAsync();
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardServerFixture.ScreenshotDirectory, "overview.png") });
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
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
        await context.CloseAsync();
    }
}
