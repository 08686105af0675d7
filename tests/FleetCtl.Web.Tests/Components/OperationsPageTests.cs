using Bunit;
using FleetCtl.Fleet;
using FleetCtl.Fleet.Operations;
using FleetCtl.Web.Auth;
using FleetCtl.Web.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FleetCtl.Web.Tests.Components;

public sealed class OperationsPageTests : DashboardContext
{
    public OperationsPageTests()
        : base([.. DefaultGateways().Select(g => g.Name == "fra-branch-2" ? g with { DrainTarget = "fra-hub-1" } : g)])
    {
        Operations.SasPerGateway["fra-branch-2"] = 5;
        Operations.SasPerGateway["lon-branch-1"] = 3;
    }





    private OperationRecord Started(long id = 1, int sas = 4, int waveSize = 2)
    {
        Operations.SasPerGateway["fra-branch-2"] = sas;
        var preview = Operations.PreviewAsync(OperationRequest.ForDrain("fra-branch-2", "fra-hub-1", new OperationPlan { WaveSize = waveSize })).Result;
        var record = FakeFleetOperations.Record(id, preview, "olga", T0);
        Operations.Put(record);
        return record;
    }

    [Fact]
    public void The_query_string_fills_the_form_to_initiate_a_tunnel_as_the_diagnosis_links_to_it()
    {
        Auth.SignIn("olga", FleetRoles.Operator);
        Services.GetRequiredService<NavigationManager>().NavigateTo("operations?action=initiate&gateway=fra-hub-1&connection=site-a&child=voice");
        var page = Render<Operations>();

        Assert.Equal("on", page.Find("[data-testid='ops-kind-initiate']").GetAttribute("class")!.Split(' ').Last());
        Assert.Equal("fra-hub-1", page.Find("[data-testid='ops-gateways']").GetAttribute("value"));
        Assert.Equal("site-a", page.Find("[data-testid='ops-connection']").GetAttribute("value"));
        Assert.Equal("voice", page.Find("[data-testid='ops-child']").GetAttribute("value"));
        Assert.Empty(Operations.Executions); // filled in, nothing previewed or run

        // another retry link followed while the page is open fills the form again
        Services.GetRequiredService<NavigationManager>().NavigateTo("operations?action=initiate&gateway=fra-hub-1&connection=site-b");
        page.WaitForAssertion(() => Assert.Equal("site-b", page.Find("[data-testid='ops-connection']").GetAttribute("value")), Patience);
        Assert.Equal("", page.Find("[data-testid='ops-child']").GetAttribute("value") ?? "");
    }

    [Fact]
    public void An_operator_previews_a_drain_with_the_inventory_drain_target_and_runs_exactly_that_preview()
    {
        Auth.SignIn("olga", FleetRoles.Operator);
        var page = Render<Operations>();

        Assert.Equal("on", page.Find("[data-testid='ops-kind-drain']").GetAttribute("class")!.Split(' ').Last());
        page.Find("[data-testid='ops-gateway']").Change("fra-branch-2");
        Assert.Equal("fra-hub-1", page.Find("[data-testid='ops-target']").GetAttribute("value")); // its drain target
        page.Find("[data-testid='ops-wave']").Input("2");
        page.Find("[data-testid='ops-pause']").Input("0");
        Assert.False(page.FindAll("[data-testid='ops-run']").Count > 0); // nothing to run before a preview

        page.Find("[data-testid='ops-preview']").Click();

        page.WaitForAssertion(() => Assert.Contains("5 item(s) in 3 wave(s)", page.Find("[data-testid='ops-preview-total']").TextContent, StringComparison.Ordinal));
        Assert.Equal("5", page.Find("[data-testid='ops-preview-count-fra-branch-2']").TextContent.Trim());
        var request = Operations.LastRequest!;
        Assert.True(request.Drain);
        Assert.Equal(["fra-branch-2"], request.Selector.Gateways);
        Assert.Equal("fra-hub-1", request.Action.TargetGateway);
        Assert.Equal(2, request.Plan.WaveSize);
        Assert.Equal(TimeSpan.Zero, request.Plan.PauseBetweenWaves);
        page.Find("[data-testid='ops-preview-toggle-fra-branch-2']").Click();
        Assert.Contains("rw[100]", page.Find("[data-testid='ops-preview-item-0']").TextContent, StringComparison.Ordinal);

        page.Find("[data-testid='ops-run']").Click();
        Assert.Empty(Operations.Executions); // a confirmation first
        page.Find("[data-testid='ops-confirm']").Click();

        page.WaitForAssertion(() => Assert.Single(Operations.Executions));
        Assert.Equal(("pv-1", "olga", "sha256:" + new string('a', 64)), Operations.Executions[0]);
        Assert.EndsWith("/operations/1", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_the_form_voids_the_preview_and_invalid_requests_say_why()
    {
        Auth.SignIn("olga", FleetRoles.Operator);
        var page = Render<Operations>();
        page.Find("[data-testid='ops-preview']").Click();
        page.WaitForAssertion(() => Assert.Contains("Choose the gateway to drain.", page.Find("[data-testid='ops-problems']").TextContent, StringComparison.Ordinal));

        page.Find("[data-testid='ops-kind-rekey']").Click();
        page.Find("[data-testid='ops-gateways']").Input("lon-branch-1");
        page.Find("[data-testid='ops-connection']").Input("rw*");
        page.Find("[data-testid='ops-reauth']").Change(true);
        page.Find("[data-testid='ops-preview']").Click();
        page.WaitForAssertion(() => Assert.True(page.FindAll("[data-testid='ops-preview-total']").Count > 0));
        var request = Operations.LastRequest!;
        Assert.Equal(OperationActionKind.Rekey, request.Action.Kind);
        Assert.True(request.Action.Reauth);
        Assert.Equal("rw*", request.Selector.Connection);

        page.Find("[data-testid='ops-wave']").Input("10");
        Assert.Empty(page.FindAll("[data-testid='ops-preview-total']"));
        Assert.Empty(page.FindAll("[data-testid='ops-run']"));
    }

    [Fact]
    public void A_viewer_sees_the_list_but_no_new_operation_panel()
    {
        Started();
        var page = Render<Operations>();

        Assert.Empty(page.FindAll("[data-testid='ops-new']"));
        Assert.Equal("Running", page.Find("[data-testid='ops-state-1']").TextContent.Trim());
        Assert.Equal("0", page.Find("[data-testid='ops-progress-1']").GetAttribute("aria-valuenow"));
        Assert.Equal("operations/1", page.Find("[data-testid='ops-link-1']").GetAttribute("href"));
    }

    [Fact]
    public void The_list_follows_progress_live()
    {
        var record = Started();
        var page = Render<Operations>();

        Operations.Put(FakeFleetOperations.Progressed(record, done: 1));
        Events.Publish(FleetTopics.Operations, new OperationProgress(1, OperationActionKind.Redirect, true, OperationState.Running, T0, ItemCounts.Empty, 1, 2, [], null));
        Advance(FleetCtl.Web.Components.Pages.Operations.RefreshInterval);

        page.WaitForAssertion(() => Assert.Equal("50", page.Find("[data-testid='ops-progress-1']").GetAttribute("aria-valuenow")), Patience);
    }

    [Fact]
    public void The_detail_page_shows_one_bar_per_wave_and_they_follow_progress_live_to_completed()
    {
        var record = Started(sas: 4, waveSize: 2);
        var page = Render<OperationDetail>(p => p.Add(x => x.Id, 1));

        Assert.Equal("Running", page.Find("[data-testid='op-state']").TextContent.Trim());
        Assert.Equal("0", page.Find("[data-testid='op-wave-1']").GetAttribute("aria-valuenow"));
        Assert.Equal("0", page.Find("[data-testid='op-wave-2']").GetAttribute("aria-valuenow"));
        Assert.Contains("pv-1", page.Find("[data-testid='op-preview']").TextContent, StringComparison.Ordinal);
        Assert.Equal("api/v1/operations/1/items?format=csv", page.Find("[data-testid='op-export']").GetAttribute("href"));
        Assert.Equal(4, page.FindAll("[data-testid^='op-item-status-']").Count);

        Operations.Put(FakeFleetOperations.Progressed(record, done: 1, failed: 1));
        Events.Publish(FleetTopics.Operations, new OperationProgress(1, OperationActionKind.Redirect, true, OperationState.Running, T0, ItemCounts.Empty, 1, 2, [], null));
        Advance(OperationDetail.RefreshInterval);
        page.WaitForAssertion(() => Assert.Equal("100", page.Find("[data-testid='op-wave-1']").GetAttribute("aria-valuenow")), Patience);
        Assert.Equal("Failed", page.Find("[data-testid='op-item-status-1']").TextContent.Trim());
        Assert.Contains("no matching SAs", page.Find("[data-testid='op-item-1']").TextContent, StringComparison.Ordinal);
        // the click can land on a chip a live refresh is replacing: click until it shows pressed, then count
        page.WaitForAssertion(() =>
        {
            var chip = page.Find("[data-testid='op-filter-failed']");
            if (chip.GetAttribute("aria-pressed") != "true")
            {
                chip.Click();
            }

            Assert.Equal(2, page.FindAll("[data-testid^='op-item-status-']").Count); // one per wave
        }, Patience);

        // progress of another operation does not reload this one
        Operations.Put(FakeFleetOperations.Progressed(record, done: 2, state: OperationState.Completed) with { DrainReport = new DrainReport(T0, [], []) });
        Events.Publish(FleetTopics.Operations, new OperationProgress(2, OperationActionKind.Redirect, true, OperationState.Running, T0, ItemCounts.Empty, 1, 2, [], null));
        Advance(OperationDetail.RefreshInterval);
        Assert.Equal("Running", page.Find("[data-testid='op-state']").TextContent.Trim());

        Events.Publish(FleetTopics.Operations, new OperationProgress(1, OperationActionKind.Redirect, true, OperationState.Completed, T0, ItemCounts.Empty, 2, 2, [], null));
        Advance(OperationDetail.RefreshInterval);
        page.WaitForAssertion(() => Assert.Equal("Completed", page.Find("[data-testid='op-state']").TextContent.Trim()), Patience);
        Assert.Equal("100", page.Find("[data-testid='op-wave-2']").GetAttribute("aria-valuenow"));
        Assert.True(page.FindAll("[data-testid='op-drain-clean']").Count > 0);
        Assert.Empty(page.FindAll("[data-testid='op-cancel']")); // final: nothing to steer
    }

    [Fact]
    public void A_large_operation_is_shown_as_a_window_of_its_items_asked_for_not_fetched_whole()
    {
        var shown = FleetCtl.Web.Dashboard.OperationsView.MaxItemsShown;
        var record = Started(sas: shown + 150, waveSize: 100);
        // a drain that skipped, and left, many IKEv1 SAs
        Operations.Put(record with
        {
            Skipped = [.. Enumerable.Range(0, shown + 100).Select(i => new SkippedItem("fra-branch-2", "IKEv1 SA cannot be redirected", "v1-" + i))],
            DrainReport = new DrainReport(T0, [.. Enumerable.Range(0, shown + 200).Select(i => new DrainRemainder("fra-branch-2", "v1-" + i, i, null, null, 1, "IKEv1"))], []),
        });
        var page = Render<OperationDetail>(p => p.Add(x => x.Id, 1));

        Assert.Equal(shown, page.FindAll("[data-testid^='op-item-status-']").Count);
        Assert.Contains($"Showing the first {shown} of {shown + 150}", page.Find("[data-testid='op-items-more']").TextContent, StringComparison.Ordinal);
        Assert.Equal(shown, page.FindAll("[data-testid='op-skipped'] tbody tr").Count);
        Assert.Contains($"Showing the first {shown} of {shown + 100} skipped", page.Find("[data-testid='op-skipped-more']").TextContent, StringComparison.Ordinal);
        Assert.Equal(shown, page.FindAll("[data-testid='op-drain-remaining'] tbody tr").Count);
        Assert.Contains($"Showing the first {shown} of {shown + 200} SAs left", page.Find("[data-testid='op-drain-remaining-more']").TextContent, StringComparison.Ordinal);
        // the engine was asked for the window shown, never for every item
        Assert.All(Operations.ItemViews, v => Assert.Equal(shown, v.Limit));
        Assert.NotEmpty(Operations.ItemViews);
        Assert.Contains("failed only (0)", page.Find("[data-testid='op-filter-failed']").TextContent, StringComparison.Ordinal);

        page.Find("[data-testid='op-filter-failed']").Click();
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid='op-filter-failed']").GetAttribute("aria-pressed")), Patience);
        Assert.Contains(Operations.ItemViews, v => v.Statuses.SetEquals([ItemStatus.Failed, ItemStatus.TimedOut]));
        Assert.Contains("No failed items.", page.Find("[data-testid='op-items']").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid='op-items-more']"));
    }

    [Fact]
    public void Operators_pause_and_cancel_as_themselves_and_viewers_get_no_buttons()
    {
        Started();
        var viewer = Render<OperationDetail>(p => p.Add(x => x.Id, 1));
        Assert.Empty(viewer.FindAll("[data-testid='op-pause']"));
        Assert.Empty(viewer.FindAll("[data-testid='op-cancel']"));

        Auth.SignIn("olga", FleetRoles.Operator);
        viewer.WaitForAssertion(() => Assert.True(viewer.FindAll("[data-testid='op-pause']").Count > 0));
        viewer.Find("[data-testid='op-pause']").Click();
        viewer.WaitForAssertion(() => Assert.Equal("Paused", viewer.Find("[data-testid='op-state']").TextContent.Trim()));
        viewer.Find("[data-testid='op-resume']").Click();
        viewer.WaitForAssertion(() => Assert.Equal("Running", viewer.Find("[data-testid='op-state']").TextContent.Trim()));
        viewer.Find("[data-testid='op-cancel']").Click();
        viewer.WaitForAssertion(() => Assert.Equal("Cancelled", viewer.Find("[data-testid='op-state']").TextContent.Trim()));
        Assert.Equal([("pause", 1L, "olga"), ("resume", 1L, "olga"), ("cancel", 1L, "olga")], Operations.Controls);
    }

    [Fact]
    public void A_drained_gateway_carries_a_draining_chip_on_the_overview()
    {
        foreach (var g in Inventory.Gateways)
        {
            Directory.Update(Status(g.Name));
        }

        var page = Render<Home>();
        Assert.Empty(page.FindAll("[data-testid='gw-draining-fra-branch-2']"));

        Directory.Update(new GatewayDrainingChanged("fra-branch-2", new DrainMark("fra-branch-2", 7, T0, "fra-hub-1")));
        AdvanceUntil(() => Assert.Equal("operations/7", page.Find("[data-testid='gw-draining-fra-branch-2']").GetAttribute("href")));
    }
}
