using Bunit;
using FleetCtl.Fleet;
using FleetCtl.Fleet.Alerts;
using FleetCtl.Fleet.Catalog;
using FleetCtl.Web.Auth;
using FleetCtl.Web.Components.AlertDetail;
using FleetCtl.Web.Components.Charts;
using FleetCtl.Web.Components.Pages;
using FleetCtl.Web.Dashboard;
using MudBlazor;
using static FleetCtl.Web.Tests.Components.FakeFleetAlerts;

namespace FleetCtl.Web.Tests.Components;

public sealed class AlertsPageTests : DashboardContext
{
    public AlertsPageTests()
    {
        AlertBook.Put(
            Alert(1, "fra-hub-1", "proposal-mismatch-ike", T0.AddMinutes(-30), count: 4),                        // Error
            Alert(2, "lon-ra-1", "peer-init-unreachable", T0.AddMinutes(-20)) with                               // Warning
            {
                State = AlertState.Acknowledged,
                AcknowledgedBy = "bob",
                AcknowledgedAt = T0.AddMinutes(-10),
                Comment = "peer is in maintenance",
            },
            Alert(3, "nyc-hub-1", "ts-narrowed", T0.AddMinutes(-15)),                                           // Notice
            Alert(4, "fra-hub-1", "shutdown-signal", T0.AddMinutes(-40), connection: null, remoteHost: null) with // Warning, over
            {
                State = AlertState.Resolved,
                ResolvedAt = T0.AddMinutes(-35),
            },
            Alert(5, "fra-hub-1", "proposal-mismatch-ike", T0.AddMinutes(-5), connection: "site-b"));           // Error
    }

    private IReadOnlyList<long> RowIds(IRenderedComponent<Alerts> page) =>
        [.. page.FindAll("tr[data-testid^='alert-row-']").Select(r => long.Parse(r.GetAttribute("data-testid")!["alert-row-".Length..], System.Globalization.CultureInfo.InvariantCulture))];

    private static string Text(IRenderedComponent<Alerts> page, string testId) => page.Find($"[data-testid='{testId}']").TextContent.Trim();

    private static bool Has(IRenderedComponent<Alerts> page, string testId) => page.FindAll($"[data-testid='{testId}']").Count > 0;

    // MudTextField debounces on the injected clock: the test moves it on with AdvanceUntil until the filter shows
    private static void Type(IRenderedComponent<Alerts> page, string text) => page.Find("input[data-testid='alert-filter-text']").Input(text);

    [Fact]
    public void Lists_the_active_alerts_newest_first_with_what_happened_where()
    {
        var page = Render<Alerts>();

        Assert.Equal([5L, 3, 2, 1], RowIds(page)); // 4 is resolved: not active
        Assert.Equal("proposal-mismatch-ike", Text(page, "alert-type-1"));
        Assert.Equal("Open", Text(page, "alert-state-1"));
        Assert.Equal("Acknowledged", Text(page, "alert-state-2"));
        Assert.Equal("Error", Text(page, "alert-severity-1"));
        Assert.Equal("4", Text(page, "alert-count-1"));
        Assert.Equal("gateways/fra-hub-1", page.Find("[data-testid='alert-gateway-1']").GetAttribute("href"));
        Assert.Contains("site-a", page.Find("[data-testid='alert-row-1']").TextContent, StringComparison.Ordinal);
        Assert.Contains("198.51.100.7", page.Find("[data-testid='alert-row-1']").TextContent, StringComparison.Ordinal);
        Assert.Contains("30m 0s ago", page.Find("[data-testid='alert-row-1']").TextContent, StringComparison.Ordinal);
        Assert.Equal("bobpeer is in maintenance", Text(page, "alert-acked-2"));
        Assert.Equal("1–4 of 4", Text(page, "alerts-shown"));
    }

    [Fact]
    public void Tiles_count_open_acknowledged_and_each_severity()
    {
        var page = Render<Alerts>();

        Assert.Equal("3", Text(page, "alerts-count-open-value"));
        Assert.Equal("1", Text(page, "alerts-count-acknowledged-value"));
        Assert.Equal("2", Text(page, "alerts-count-error-value"));
        Assert.Equal("1", Text(page, "alerts-count-warning-value"));
        Assert.Equal("1", Text(page, "alerts-count-notice-value"));
        Assert.Equal("0", Text(page, "alerts-count-critical-value"));
    }

    [Fact]
    public void State_chips_choose_which_alerts_show()
    {
        var page = Render<Alerts>();

        page.Find("[data-testid='alert-filter-state-Resolved']").Click();
        Assert.Equal([5L, 3, 2, 1, 4], RowIds(page));

        page.Find("[data-testid='alert-filter-state-Open']").Click();
        page.Find("[data-testid='alert-filter-state-Acknowledged']").Click();
        Assert.Equal([4L], RowIds(page));
        Assert.Equal("Resolved", Text(page, "alert-state-4"));
        Assert.Equal("true", page.Find("[data-testid='alert-filter-state-Resolved']").GetAttribute("aria-pressed"));

        page.Find("[data-testid='alert-clear-filters']").Click();
        Assert.Equal([5L, 3, 2, 1], RowIds(page));
    }

    [Fact]
    public void Severity_chips_set_the_least_severity()
    {
        var page = Render<Alerts>();

        page.Find("[data-testid='alert-filter-severity-Warning']").Click();
        Assert.Equal([5L, 2, 1], RowIds(page));
        Assert.Equal(CatalogSeverity.Warning, AlertBook.LastQuery!.MinSeverity);

        page.Find("[data-testid='alert-filter-severity-Error']").Click();
        Assert.Equal([5L, 1], RowIds(page));

        page.Find("[data-testid='alert-filter-severity-Any']").Click();
        Assert.Equal(4, RowIds(page).Count);
    }

    [Fact]
    public void A_gateway_name_lists_that_gateway_and_other_text_is_searched_everywhere()
    {
        var page = Render<Alerts>();

        Type(page, "FRA-HUB-1"); // an inventory name, any case: exactly that gateway
        AdvanceUntil(() => Assert.Equal([5L, 1], RowIds(page)));
        Assert.Equal("fra-hub-1", AlertBook.LastQuery!.Gateway);
        Assert.Null(AlertBook.LastQuery.Text);

        Type(page, "maintenance"); // any other text: the alert book's text search (here: a comment)
        AdvanceUntil(() => Assert.Equal([2L], RowIds(page)));
        Assert.Null(AlertBook.LastQuery!.Gateway);

        Type(page, "no-such-thing");
        AdvanceUntil(() => Assert.Equal("No alert matches the filter.", Text(page, "alerts-none")));
    }

    [Fact]
    public void The_type_list_offers_every_type_and_narrows_to_one()
    {
        var page = Render<Alerts>();
        var options = page.FindAll("[data-testid='alert-filter-type'] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains("gateway-unreachable", options);
        Assert.Contains("cert-expired", options);
        Assert.Contains("proposal-mismatch-ike (2)", page.Find("[data-testid='alert-filter-type']").TextContent, StringComparison.Ordinal);

        page.Find("[data-testid='alert-filter-type']").Change("proposal-mismatch-ike");

        Assert.Equal([5L, 1], RowIds(page));
        Assert.Equal("proposal-mismatch-ike", AlertBook.LastQuery!.Type);
    }

    [Fact]
    public void Expanding_a_row_shows_the_catalog_explanation_with_its_code_as_code()
    {
        var page = Render<Alerts>();
        Assert.False(Has(page, "alert-explanation-1"));

        page.Find("[data-testid='alert-toggle-1']").Click();

        var entry = FleetCatalog.Get(1014);
        Assert.Equal(entry.Title, Text(page, "alert-title-1"));
        Assert.Equal(entry.Explanation, Text(page, "alert-explanation-1"));
        Assert.Equal(entry.GatewayAction, Text(page, "alert-gateway-action-1"));
        var proposed = page.Find("[data-testid='alert-proposed-1']");
        Assert.Equal(entry.ProposedAction.Replace("`", "", StringComparison.Ordinal), proposed.TextContent);
        Assert.Equal(["connections.<conn>.proposals", "aes256-sha256-modp2048", "aes128-sha1-modp1024", "version"],
            proposed.QuerySelectorAll("code").Select(c => c.TextContent).ToArray());
        Assert.Contains("&lt;conn&gt;", proposed.InnerHtml, StringComparison.Ordinal); // text, not markup
        var alert = AlertBook[1];
        Assert.Equal($"gateways/{alert.Gateway}?diagnose={alert.Connection}", page.Find("[data-testid='alert-diagnose-1']").GetAttribute("href"));

        page.Find("[data-testid='alert-toggle-1']").Click();
        Assert.False(Has(page, "alert-explanation-1"));
    }

    [Fact]
    public void An_acknowledged_alert_shows_the_comment_in_full_when_expanded()
    {
        var page = Render<Alerts>();

        page.Find("[data-testid='alert-toggle-2']").Click();

        Assert.Equal("peer is in maintenance", Text(page, "alert-comment-2"));
        Assert.Contains("by bob", Text(page, "alert-detail-2"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("olga", FleetRoles.Operator)]
    [InlineData("root", FleetRoles.Admin)]
    public void An_operator_acknowledges_with_a_comment_as_themselves(string user, string role)
    {
        Auth.SignIn(user, role);
        var page = Render<Alerts>();
        Assert.False(Has(page, "alert-ack-2")); // acknowledged already: no button
        Assert.False(Has(page, "alert-ack-comment-1"));

        page.Find("[data-testid='alert-ack-1']").Click();
        var comment = page.Find("[data-testid='alert-ack-comment-1']");
        Assert.Equal("500", comment.GetAttribute("maxlength"));
        comment.Input("  rolling back the proposal change  ");
        page.Find("[data-testid='alert-ack-confirm-1']").Click();

        Assert.Equal([(1L, user, (string?)"rolling back the proposal change")], AlertBook.Acknowledgements);
        page.WaitForAssertion(() => Assert.Equal("Acknowledged", Text(page, "alert-state-1")), Patience);
        Assert.Contains("Acknowledged alert 1.", Snackbars(page));
        Assert.False(Has(page, "alert-ack-result-1")); // the row says it: acknowledged by the user
        Assert.StartsWith(user, Text(page, "alert-acked-1"), StringComparison.Ordinal);
        Assert.False(Has(page, "alert-ack-1"));
        Assert.False(Has(page, "alert-ack-comment-1"));
        Assert.Equal("2", Text(page, "alerts-count-open-value"));
    }

    [Fact]
    public void An_empty_comment_is_sent_as_none_and_cancel_sends_nothing()
    {
        Auth.SignIn("olga", FleetRoles.Operator);
        var page = Render<Alerts>();

        page.Find("[data-testid='alert-ack-3']").Click();
        page.Find("[data-testid='alert-ack-cancel-3']").Click();
        Assert.False(Has(page, "alert-ack-comment-3"));
        Assert.Empty(AlertBook.Acknowledgements);

        page.Find("[data-testid='alert-ack-3']").Click();
        page.Find("[data-testid='alert-ack-comment-3']").Input("   ");
        page.Find("[data-testid='alert-ack-confirm-3']").Click();

        Assert.Equal([(3L, "olga", (string?)null)], AlertBook.Acknowledgements);
    }

    [Fact]
    public void A_comment_over_500_characters_cannot_be_confirmed()
    {
        Auth.SignIn("olga", FleetRoles.Operator);
        var page = Render<Alerts>();
        page.Find("[data-testid='alert-ack-1']").Click();

        page.Find("[data-testid='alert-ack-comment-1']").Input(new string('x', 501)); // past the browser's maxlength (pasted by a script)

        Assert.True(page.Find("[data-testid='alert-ack-confirm-1']").HasAttribute("disabled"));
        Assert.Equal("501 / 500", Text(page, "alert-ack-length-1"));
        Assert.Empty(AlertBook.Acknowledgements);
    }

    [Fact]
    public void Someone_else_was_quicker_the_page_says_who()
    {
        Auth.SignIn("olga", FleetRoles.Operator);
        var page = Render<Alerts>();
        page.Find("[data-testid='alert-ack-1']").Click();
        AlertBook.Put(AlertBook[1] with { State = AlertState.Acknowledged, AcknowledgedBy = "bob", AcknowledgedAt = T0.AddSeconds(-3) });

        page.Find("[data-testid='alert-ack-confirm-1']").Click();

        Assert.Equal("Already acknowledged by bob at 2026-11-03 11:59:57Z; nothing changed.", Text(page, "alert-ack-result-1"));
        Assert.Contains("Already acknowledged by bob at 2026-11-03 11:59:57Z; nothing changed.", Snackbars(page));
        page.WaitForAssertion(() => Assert.Equal("Acknowledged", Text(page, "alert-state-1")), Patience);

        page.Find("[data-testid='alert-ack-dismiss-1']").Click();
        Assert.False(Has(page, "alert-ack-result-1"));
    }

    [Fact]
    public void A_resolved_alert_cannot_be_acknowledged_any_more()
    {
        Auth.SignIn("olga", FleetRoles.Operator);
        var page = Render<Alerts>();
        page.Find("[data-testid='alert-ack-5']").Click();
        AlertBook.Put(AlertBook[5] with { State = AlertState.Resolved, ResolvedAt = T0 });

        page.Find("[data-testid='alert-ack-confirm-5']").Click();

        // the row left the active list: the snackbar says what happened
        page.WaitForAssertion(() => Assert.DoesNotContain(5L, RowIds(page)), Patience);
        Assert.Contains("Resolved at 2026-11-03 12:00:00Z; nothing to acknowledge.", Snackbars(page));
    }

    [Fact]
    public void A_viewer_sees_no_acknowledge_button_at_all()
    {
        Auth.SignIn("vera", FleetRoles.Viewer);
        var page = Render<Alerts>();

        Assert.Equal(4, RowIds(page).Count);
        Assert.Empty(page.FindAll("[data-testid^='alert-ack-']"));
        Assert.DoesNotContain("Acknowledge<", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Losing_the_operator_role_hides_the_form_and_the_handler_refuses_on_its_own()
    {
        Auth.SignIn("olga", FleetRoles.Operator);
        var page = Render<Alerts>();
        page.Find("[data-testid='alert-ack-1']").Click();
        var confirm = page.FindComponent<AckForm>().Instance.OnConfirm;

        Auth.SignIn("olga", FleetRoles.Viewer); // e.g. the role was changed while the page was open

        page.WaitForAssertion(() => Assert.False(Has(page, "alert-ack-comment-1")), Patience);
        page.InvokeAsync(() => confirm.InvokeAsync("sneaky")).GetAwaiter().GetResult(); // a click that was already on its way

        Assert.Empty(AlertBook.Acknowledgements);
        page.WaitForAssertion(() => Assert.Equal("Only operators and admins can acknowledge alerts.", Text(page, "alert-ack-result-1")), Patience);
        Assert.Equal("Open", Text(page, "alert-state-1"));
    }

    [Fact]
    public void An_alert_changed_on_the_bus_updates_its_row_live()
    {
        var page = Render<Alerts>();
        var changed = AlertBook[1] with
        {
            Count = 9,
            LastAt = T0,
            State = AlertState.Acknowledged,
            AcknowledgedBy = "carol",
            AcknowledgedAt = T0,
            Comment = "on it",
        };
        AlertBook.Put(changed);

        Events.Publish(FleetTopics.AlertBook, new AlertChanged(changed));

        page.WaitForAssertion(() => Assert.Equal("Acknowledged", Text(page, "alert-state-1")), Patience);
        Assert.Equal("9", Text(page, "alert-count-1"));
        Assert.Equal("carolon it", Text(page, "alert-acked-1"));
        Assert.Equal([1L, 5, 3, 2], RowIds(page)); // it repeated last: it moved up
        Assert.Equal("2", Text(page, "alerts-count-open-value"));
    }

    [Fact]
    public void A_new_alert_appears_live_and_other_topics_are_not_listened_to()
    {
        var page = Render<Alerts>();
        var calls = AlertBook.ListCalls;
        Events.Publish(FleetTopics.Sas, new object());
        Advance(Alerts.RefreshInterval);
        Assert.Equal(calls, AlertBook.ListCalls);

        var raised = Alert(6, "lon-branch-1", "cert-expired", T0);
        AlertBook.Put(raised);
        Events.Publish(FleetTopics.AlertBook, new AlertChanged(raised));

        page.WaitForAssertion(() => Assert.Equal([6L, 5, 3, 2, 1], RowIds(page)), Patience);
        Assert.Equal("4", Text(page, "alerts-count-open-value"));
    }

    [Fact]
    public void A_half_typed_comment_and_an_open_row_stay_with_their_alert_when_the_list_moves()
    {
        Auth.SignIn("olga", FleetRoles.Operator);
        var page = Render<Alerts>();
        page.Find("[data-testid='alert-toggle-3']").Click();
        page.Find("[data-testid='alert-ack-1']").Click();
        page.Find("[data-testid='alert-ack-comment-1']").Input("checking the peer's");

        var raised = Alert(6, "lon-branch-1", "cert-expired", T0); // a new alert: every row moves down one
        AlertBook.Put(raised);
        Events.Publish(FleetTopics.AlertBook, new AlertChanged(raised));

        page.WaitForAssertion(() => Assert.Equal([6L, 5, 3, 2, 1], RowIds(page)), Patience);
        Assert.Equal("checking the peer's", page.Find("[data-testid='alert-ack-comment-1']").GetAttribute("value"));
        Assert.True(Has(page, "alert-explanation-3"));
        Assert.False(Has(page, "alert-explanation-6"));
        Assert.Single(page.FindAll("[data-testid^='alert-ack-comment-']"));
    }

    [Fact]
    public void A_burst_of_changes_renders_a_few_times_not_once_per_change()
    {
        var page = Render<Alerts>();
        var before = page.RenderCount;
        AlertBook.Put(AlertBook[3] with { Count = 200, LastAt = T0 }); // the book's state after the whole burst

        for (var i = 0; i < 200; i++)
        {
            Events.Publish(FleetTopics.AlertBook, new AlertChanged(AlertBook[3]));
        }

        page.WaitForAssertion(() => Assert.Equal("200", Text(page, "alert-count-3")), Patience);
        Advance(Alerts.RefreshInterval); // whatever the loop had not drained yet: one more run at most
        page.WaitForAssertion(() => Assert.InRange(page.RenderCount - before, 1, 3), Patience);
        Assert.InRange(AlertBook.ListCalls, 2, 4); // the first load, then one or two throttled reloads
    }

    [Fact]
    public void Closing_the_page_unsubscribes_and_stops_its_timers()
    {
        var page = Render<Alerts>();
        Assert.Equal(1, Events.SubscriberCount);

        DisposeComponentsAsync().GetAwaiter().GetResult();

        Assert.Equal(0, Events.SubscriberCount);
        var calls = AlertBook.ListCalls;
        Advance(TimeSpan.FromSeconds(30)); // the 5 s tick is gone
        Assert.Equal(calls, AlertBook.ListCalls);
    }

    [Fact]
    public void Prerendering_lists_the_alerts_without_subscribing()
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));

        var page = Render<Alerts>();

        Assert.Equal(4, RowIds(page).Count);
        Assert.Equal(0, Events.SubscriberCount);
    }

    [Fact]
    public void Ten_thousand_alerts_are_paged_fifty_at_a_time()
    {
        AlertBook.Put([.. Enumerable.Range(100, 10_000).Select(i =>
            Alert(i, $"gw-{i % 40:D2}", i % 3 == 0 ? "retransmit-send-timeout" : "peer-auth-failed", T0.AddSeconds(-i)))]);
        var page = Render<Alerts>();

        Assert.Equal(Alerts.PageSize, RowIds(page).Count);
        Assert.Equal("1–50 of 10,004", Text(page, "alerts-shown"));
        Assert.Equal(100, RowIds(page)[0]);
        Assert.True(page.Find("[data-testid='alerts-page-prev']").HasAttribute("disabled"));

        page.Find("[data-testid='alerts-page-next']").Click();

        Assert.Equal("51–100 of 10,004", Text(page, "alerts-shown"));
        Assert.Equal(150, RowIds(page)[0]);
        Assert.Equal(50, AlertBook.LastQuery!.Offset);
        Assert.Equal(Alerts.PageSize, AlertBook.LastQuery.Limit);

        page.Find("[data-testid='alert-filter-severity-Error']").Click(); // a new filter starts at the first page
        Assert.StartsWith("1–50 of", Text(page, "alerts-shown"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_bar_charts_get_the_active_counts_by_gateway_top_15_and_by_type()
    {
        AlertBook.Put([.. Enumerable.Range(100, 20).SelectMany(g => Enumerable.Range(0, g - 99).Select(k =>
            Alert(g * 100 + k, $"gw-{g}", k % 2 == 0 ? "peer-auth-failed" : "cert-expired", T0.AddSeconds(-k), connection: $"c{k}")))]);
        var page = Render<Alerts>();

        var byGateway = Chart(page, "alerts-chart-gateway");
        Assert.Equal(15, byGateway.ChartLabels.Length);
        Assert.Equal(["gw-119", "gw-118", "gw-117"], byGateway.ChartLabels.Take(3).ToArray());
        Assert.Equal([20.0, 19, 18], byGateway.ChartSeries.Single().Data.Values.Take(3).ToArray());
        Assert.Equal(6.0, byGateway.ChartSeries.Single().Data.Values[^1]); // gw-105: the 15th

        var byType = Chart(page, "alerts-chart-type");
        Assert.Equal(["peer-auth-failed", "cert-expired", "proposal-mismatch-ike", "peer-init-unreachable", "ts-narrowed"], byType.ChartLabels);
        Assert.Equal([110.0, 100, 2, 1, 1], byType.ChartSeries.Single().Data.Values.ToArray());
    }

    [Fact]
    public void The_charts_say_so_when_nothing_is_active_and_follow_live_changes()
    {
        AlertBook.Put([.. new long[] { 1, 2, 3, 5 }.Select(id => AlertBook[id] with { State = AlertState.Resolved })]);
        var page = Render<Alerts>();
        Assert.True(Has(page, "alerts-chart-gateway-empty"));
        Assert.Equal("No active alerts.", Text(page, "alerts-none"));

        var raised = Alert(6, "lon-branch-1", "cert-expired", T0);
        AlertBook.Put(raised);
        Events.Publish(FleetTopics.AlertBook, new AlertChanged(raised));

        page.WaitForAssertion(() => Assert.Equal(["lon-branch-1"], Chart(page, "alerts-chart-gateway").ChartLabels), Patience);
        Assert.Equal([1.0], Chart(page, "alerts-chart-type").ChartSeries.Single().Data.Values.ToArray());
    }

    [Fact]
    public void An_alert_book_that_does_not_answer_keeps_the_last_list_and_says_so()
    {
        var page = Render<Alerts>();
        AlertBook.Failure = new TimeoutException("ask timed out");

        Advance(Alerts.TickInterval);

        page.WaitForAssertion(() => Assert.Contains("ask timed out", Text(page, "alerts-error"), StringComparison.Ordinal), Patience);
        Assert.Equal(4, RowIds(page).Count);

        AlertBook.Failure = null;
        Advance(Alerts.TickInterval);
        page.WaitForAssertion(() => Assert.False(Has(page, "alerts-error")), Patience);
    }

    private static IReadOnlyList<string> Snackbars(IRenderedComponent<Alerts> page) =>
        [.. page.FindAll(".mud-snackbar").Select(s => s.TextContent.Trim())];

    /// <summary>The MudChart inside the <see cref="BarChart"/> with this test id: what it was given to draw.</summary>
    private static MudChart<double> Chart(IRenderedComponent<Alerts> page, string testId) =>
        page.FindComponents<BarChart>().Single(c => c.Instance.TestId == testId).FindComponent<MudChart<double>>().Instance;
}
