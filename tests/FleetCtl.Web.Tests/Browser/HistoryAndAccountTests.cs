using FleetCtl.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace FleetCtl.Web.Tests.Browser;

/// <summary>The history page, the account page and the user badge in real Chromium against the real server.</summary>
[Collection(DashboardCollection.Name)]
public sealed class HistoryAndAccountTests(DashboardServerFixture server)
{
    [ChromiumFact]
    public async Task History_opens_from_a_shared_url_runs_the_form_and_writes_the_query_into_the_url()
    {
        var page = await server.SignedInPageAsync("viewer");
        var gateway = server.Fleet.Gateways[0].Name;

        // a shared link: the gateway's connectivity changes (it connected when the server started)
        await page.GotoAsync($"{server.Url}/history?gateway={gateway}&kind=connectivity");
        await BlazorCircuit.WaitAsync(page);
        await Assertions.Expect(page.Locator($"[data-testid^='history-row-{gateway}-']").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("history-gateway")).ToHaveValueAsync(gateway);
        Assert.NotEqual("0", await page.GetByTestId("history-total").TextContentAsync());
        var csv = await page.GetByTestId("history-csv").GetAttributeAsync("href");
        Assert.Matches($"^/api/v1/history\\?gateway={gateway}&kind=connectivity&to=[0-9T:.-]+Z&format=csv$", csv);

        // SA changes instead of connectivity, picked in the kind menu: the SAs found on the first resync are there, and the URL follows
        // (the page changes the URL by Blazor's enhanced navigation, without a load: Expect(page).ToHaveURL polls for it,
        // WaitForURL may wait for a load that never comes)
        await page.GetByTestId("history-kind").ClickAsync();
        await page.GetByTestId("history-kind-connectivity").ClickAsync();
        await page.GetByTestId("history-kind-sa").ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.GetByTestId("history-run").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/history\\?gateway={gateway}&kind=sa$"));
        await Assertions.Expect(page.GetByTestId("history-table")).ToContainTextAsync("ike-up");

        // from after to: a message, no query
        await page.GetByTestId("history-from").FillAsync("2026-11-03 12:00");
        await page.GetByTestId("history-to").FillAsync("2026-11-03 11:00");
        await page.GetByTestId("history-run").ClickAsync();
        await Assertions.Expect(page.GetByTestId("history-validation")).ToContainTextAsync("must be before To");
        Assert.EndsWith($"/history?gateway={gateway}&kind=sa", page.Url, StringComparison.Ordinal);

        // a quick range replaces both and runs
        await page.GetByTestId("history-range-24h").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/history\\?gateway={gateway}&kind=sa&range=24h$"));
        await Assertions.Expect(page.GetByTestId("history-validation")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("history-table")).ToContainTextAsync("ike-up");

        // the gateway box suggests names; the row's gateway links to its page
        await page.GetByTestId("history-gateway").FillAsync(gateway[..^1]);
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToBeVisibleAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = gateway }).First.ClickAsync();
        await page.GetByTestId("history-run").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid^='history-row-{gateway}-']").First).ToBeVisibleAsync();
        await page.Locator($"[data-testid^='history-row-{gateway}-'] a").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/gateways/{gateway}$"));
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task The_csv_link_downloads_the_shown_events_with_the_browsers_session()
    {
        var page = await server.SignedInPageAsync("viewer");
        var gateway = server.Fleet.Gateways[1].Name;
        await page.GotoAsync($"{server.Url}/history?gateway={gateway}&kind=connectivity");
        await Assertions.Expect(page.Locator($"[data-testid^='history-row-{gateway}-']").First).ToBeVisibleAsync();
        var total = await page.GetByTestId("history-total").TextContentAsync();
        var href = await page.GetByTestId("history-csv").GetAttributeAsync("href");

        // the page's own cookie, as a click on the link sends it
        var response = await page.APIRequest.GetAsync(server.Url + href);

        Assert.Equal(200, response.Status);
        Assert.StartsWith("text/csv", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains("attachment", response.Headers["content-disposition"], StringComparison.Ordinal);
        Assert.Equal(total, response.Headers["x-total-count"]);
        var lines = (await response.TextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at,gateway,kind,summary,sequenceNr", lines[0]);
        Assert.All(lines.Skip(1), line => Assert.Contains($",{gateway},connectivity,", line, StringComparison.Ordinal));
        Assert.Equal(int.Parse(total!, System.Globalization.CultureInfo.InvariantCulture), lines.Length - 1);
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task The_app_bar_shows_the_user_and_signs_out()
    {
        var page = await server.SignedInPageAsync("operator");

        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("operator");
        await Assertions.Expect(page.GetByTestId("user-role")).ToHaveTextAsync("operator");
        await page.GetByTestId("user-name").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account$"));
        await Assertions.Expect(page.GetByTestId("account-user")).ToHaveTextAsync("operator");
        await BlazorCircuit.WaitAsync(page); // the interactive render replaces the prerendered form: a click before it is lost

        await page.GetByTestId("user-logout").ClickAsync();
        await page.WaitForURLAsync("**/login**");
        await page.GotoAsync(server.Url + "/account");
        Assert.Contains("/login", page.Url, StringComparison.Ordinal); // signed out: back to the sign-in page
        await Assertions.Expect(page.GetByTestId("login-form")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task A_token_made_on_the_account_page_works_once_copied_and_stops_when_revoked()
    {
        var page = await server.SignedInPageAsync("admin");
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.GotoAsync(server.Url + "/account");
        await BlazorCircuit.WaitAsync(page); // typing into the prerendered form would be lost
        await Assertions.Expect(page.GetByTestId("users-table")).ToContainTextAsync("viewer");
        await Assertions.Expect(page.GetByTestId("pw-configured")).ToBeVisibleAsync(); // the fixture's users are configured

        await page.GetByTestId("token-name").FillAsync("browser test");
        await page.GetByTestId("token-role").ClickAsync();
        await page.GetByTestId("token-role-operator").ClickAsync();
        await page.GetByTestId("token-days").FillAsync("2");
        await page.GetByTestId("token-create").ClickAsync();
        var token = await page.GetByTestId("token-created-value").InputValueAsync();
        Assert.StartsWith("fct_", token, StringComparison.Ordinal);

        await page.GetByTestId("token-copy").ClickAsync();
        await Assertions.Expect(page.GetByTestId("token-copy")).ToHaveTextAsync("Copied");
        Assert.Equal(token, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));

        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await http.GetStringAsync(new Uri(server.Url + "/api/v1/auth/me"));
        Assert.Contains("\"role\":\"operator\"", me, StringComparison.Ordinal);

        var row = page.Locator("[data-testid^='token-row-']", new() { HasText = "browser test" });
        var id = (await row.GetAttributeAsync("data-testid"))!["token-row-".Length..];
        await page.GetByTestId("token-dismiss").ClickAsync();
        Assert.DoesNotContain(token, await page.ContentAsync(), StringComparison.Ordinal);

        await page.GetByTestId($"token-revoke-{id}").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"token-row-{id}")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri(server.Url + "/api/v1/auth/me"))).StatusCode);
        await page.Context.CloseAsync();
    }

}
