using FleetCtl.Testing;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace FleetCtl.Web.Tests.Browser;

/// <summary>Fleet operations from the operations page, in real Chromium against the real server and the simulated fleet.</summary>
[Collection(DashboardCollection.Name)]
public sealed class OperationsTests(DashboardServerFixture server)
{
    [ChromiumFact]
    public async Task An_operator_previews_and_runs_a_drain_and_watches_every_wave_reach_100_percent()
    {
        // gateways no other browser test counts SAs on
        var drained = server.Fleet.Gateways[5];
        var target = server.Fleet.Gateways[2];
        var drainedBefore = drained.GetIkeSas();
        var targetBefore = target.IkeSaCount;
        var ikev2 = drainedBefore.Count(s => s.Version == 2);
        Assert.True(ikev2 > 0, "the simulated gateway has IKEv2 SAs to drain");

        var page = await server.SignedInPageAsync("operator");
        await page.GetByTestId("nav-operations").ClickAsync();
        await page.WaitForURLAsync("**/operations");
        await BlazorCircuit.WaitAsync(page);
        await Assertions.Expect(page.GetByTestId("ops-new")).ToBeVisibleAsync();

        await page.GetByTestId("ops-kind-drain").ClickAsync();
        await page.GetByTestId("ops-gateway").SelectOptionAsync(drained.Name);
        await page.GetByTestId("ops-target").SelectOptionAsync(target.Name);
        await page.GetByTestId("ops-wave").FillAsync("3");
        await page.GetByTestId("ops-pause").FillAsync("0.2");
        await page.GetByTestId("ops-preview").ClickAsync();

        await Assertions.Expect(page.GetByTestId("ops-preview-total")).ToContainTextAsync($"{ikev2} item(s)");
        await Assertions.Expect(page.GetByTestId($"ops-preview-gw-{drained.Name}")).ToBeVisibleAsync();
        if (ikev2 < drainedBefore.Count)
        {
            await Assertions.Expect(page.GetByTestId("ops-skipped")).ToContainTextAsync("IKEv1");
        }

        await page.GetByTestId($"ops-preview-toggle-{drained.Name}").ClickAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardServerFixture.ScreenshotDirectory, "operations.png") });
        var waves = (ikev2 + 2) / 3;
        await page.GetByTestId("ops-run").ClickAsync();
        await page.GetByTestId("ops-confirm").ClickAsync();
        await page.WaitForURLAsync(new Regex("/operations/[0-9]+$"));

        for (var wave = 1; wave <= waves; wave++)
        {
            await Assertions.Expect(page.GetByTestId($"op-wave-{wave}")).ToHaveAttributeAsync("aria-valuenow", "100", new() { Timeout = 30_000 });
        }

        await Assertions.Expect(page.GetByTestId("op-state")).ToHaveTextAsync("Completed", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("op-user")).ToHaveTextAsync("operator");
        await Assertions.Expect(page.GetByTestId("op-drain-report")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardServerFixture.ScreenshotDirectory, "operation.png") });

        // it really happened: the simulated gateways hold the peers where the drain sent them
        Assert.Equal(drainedBefore.Count - ikev2, drained.IkeSaCount);
        Assert.All(drained.GetIkeSas(), s => Assert.Equal(1, s.Version));
        Assert.Equal(targetBefore + ikev2, target.IkeSaCount);

        // the list shows it finished, and the overview marks the drained gateway
        await page.GetByTestId("nav-operations").ClickAsync();
        await page.WaitForURLAsync("**/operations");
        var row = page.Locator("[data-testid^='ops-state-']").First;
        await Assertions.Expect(row).ToHaveTextAsync("Completed");
        await page.GetByTestId("nav-overview").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"gw-draining-{drained.Name}")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task A_viewer_sees_the_operations_but_cannot_start_one()
    {
        var page = await server.SignedInPageAsync("viewer");
        await page.GotoAsync(server.Url + "/operations");
        await BlazorCircuit.WaitAsync(page);
        await Assertions.Expect(page.GetByTestId("ops-table")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("ops-new")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("ops-preview")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

}
