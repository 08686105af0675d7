using Bunit;
using FleetCtl.Fleet.Persistence;
using FleetCtl.Web.Components.Pages;
using FleetCtl.Web.Dashboard;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FleetCtl.Web.Tests.Components;

public sealed class HistoryPageTests : DashboardContext, IAsyncLifetime
{
    public HistoryPageTests()
    {
        // 120 events over the last two hours, newest first: seq 120 at T0-1m ... seq 1 at T0-120m
        for (var i = 1; i <= 120; i++)
        {
            var gateway = i % 2 == 0 ? "fra-hub-1" : "nyc-hub-1";
            var kind = i % 3 == 0 ? "connectivity" : "ike-up";
            History.Entries.Add(new HistoryEntry(gateway, T0.AddMinutes(-121 + i), kind, $"event {i}", new object(), i));
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudSelect's services are only IAsyncDisposable
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private IRenderedComponent<History> Open(string url = "history")
    {
        Navigation.NavigateTo(url);
        return Render<History>();
    }

    private static string Text(IRenderedComponent<History> page, string testId) => page.Find($"[data-testid='{testId}']").TextContent.Trim();

    private static string Value(IRenderedComponent<History> page, string testId) => page.Find($"input[data-testid='{testId}']").GetAttribute("value") ?? "";

    private static IReadOnlyList<string> Rows(IRenderedComponent<History> page) =>
        [.. page.FindAll("tr[data-testid^='history-row-']").Select(r => r.GetAttribute("data-testid")!["history-row-".Length..])];

    private static void Run(IRenderedComponent<History> page) => page.Find("form[data-testid='history-form']").Submit();

    [Fact]
    public void Opening_the_page_lists_the_newest_events_of_the_whole_fleet_50_at_a_time()
    {
        var page = Open();

        var filter = History.LastFilter!;
        Assert.Null(filter.Gateway);
        Assert.Null(filter.Sa);
        Assert.Empty(filter.Kinds);
        Assert.Null(filter.From);
        Assert.Equal(T0, filter.To); // pinned to the query's moment, so the pages line up while new events arrive
        Assert.Equal(0, filter.Offset);
        Assert.Equal(50, filter.Limit);
        Assert.True(filter.NewestFirst);

        Assert.Equal("120", Text(page, "history-total"));
        Assert.Equal("1–50", Text(page, "history-shown"));
        var rows = Rows(page);
        Assert.Equal(50, rows.Count);
        Assert.Equal("fra-hub-1-120", rows[0]);
        Assert.Equal("nyc-hub-1-119", rows[1]);

        var row = page.Find("[data-testid='history-row-fra-hub-1-120']");
        Assert.Contains("2026-11-03 11:59:00Z", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("event 120", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("gateways/fra-hub-1", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("connectivity", row.QuerySelector(".fleet-chip")!.TextContent);
    }

    [Fact]
    public void Url_parameters_prefill_the_form_and_map_to_the_filter_exactly()
    {
        var page = Open("history?gateway=FRA-HUB-1&sa=net&kind=connectivity&kind=IKE-UP,child-down&from=2026-11-03T10:00:00Z&to=2026-11-03T11:30:00Z");

        var filter = History.LastFilter!;
        Assert.Equal("fra-hub-1", filter.Gateway); // as the inventory spells it
        Assert.Equal("net", filter.Sa);
        Assert.Equal(["ike-up", "child-down", "connectivity"], filter.Kinds);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 10, 0, 0, TimeSpan.Zero), filter.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 11, 30, 0, TimeSpan.Zero), filter.To);
        Assert.Equal(0, filter.Offset);
        Assert.Equal(50, filter.Limit);

        Assert.Equal("fra-hub-1", Value(page, "history-gateway"));
        Assert.Equal("net", Value(page, "history-sa"));
        Assert.Equal("ike-up, child-down, connectivity", Value(page, "history-kind"));
        Assert.Equal("2026-11-03T10:00:00Z", Value(page, "history-from"));
        Assert.Equal("2026-11-03T11:30:00Z", Value(page, "history-to"));
    }

    [Fact]
    public void The_form_maps_to_the_filter_and_into_the_url_so_the_view_can_be_shared()
    {
        var page = Open();

        page.Find("input[data-testid='history-gateway']").Input("nyc-hub-1");
        page.Find("input[data-testid='history-sa']").Input(" 7 ");
        page.Find("input[data-testid='history-from']").Input("2026-11-03 10:00");
        page.Find("input[data-testid='history-to']").Input("2026-11-03 11:00:30");
        SelectKinds(page, "child-up", "alert");
        Run(page);

        page.WaitForAssertion(() => Assert.Equal("nyc-hub-1", History.LastFilter!.Gateway), Patience);
        var filter = History.LastFilter!;
        Assert.Equal("7", filter.Sa);
        Assert.Equal(["child-up", "alert"], filter.Kinds);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 10, 0, 0, TimeSpan.Zero), filter.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 11, 0, 30, TimeSpan.Zero), filter.To);
        Assert.Equal(0, filter.Offset);
        Assert.Equal(50, filter.Limit);
        Assert.EndsWith("/history?gateway=nyc-hub-1&sa=7&kind=child-up&kind=alert&from=2026-11-03T10:00:00Z&to=2026-11-03T11:00:30Z",
            Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quick_range_runs_at_once_and_ends_now()
    {
        var page = Open("history?gateway=fra-hub-1");
        Time.Advance(TimeSpan.FromMinutes(1));

        page.Find("[data-testid='history-range-1h']").Click();

        // the clock step let MudBlazor's debounce timers run on the thread pool: the click may be handled a moment later
        page.WaitForAssertion(() => Assert.Equal(T0.AddMinutes(1), History.LastFilter!.To), Patience);
        var filter = History.LastFilter!;
        Assert.Equal("fra-hub-1", filter.Gateway);
        Assert.Equal(T0.AddMinutes(1) - TimeSpan.FromHours(1), filter.From);
        Assert.Equal(T0.AddMinutes(1), filter.To);
        Assert.Equal("true", page.Find("[data-testid='history-range-1h']").GetAttribute("aria-pressed"));
        Assert.Equal("2026-11-03 11:01:00Z", Value(page, "history-from"));
        Assert.Equal("2026-11-03 12:01:00Z", Value(page, "history-to"));
        Assert.EndsWith("/history?gateway=fra-hub-1&range=1h", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shared_quick_range_is_relative_to_when_it_is_opened()
    {
        Open("history?range=15m&kind=alert");

        Assert.Equal(T0.AddMinutes(-15), History.LastFilter!.From);
        Assert.Equal(T0, History.LastFilter.To);
        Assert.Equal(["alert"], History.LastFilter.Kinds);
    }

    [Theory]
    [InlineData("2026-11-03 11:00", "2026-11-03 10:00", "must be before To")]
    [InlineData("2026-11-03 11:00", "2026-11-03 11:00", "must be before To")]
    [InlineData("2026-11-03 12:30", "", "must be before To (now")] // from in the future, to empty (now)
    [InlineData("yesterday", "", "From: 'yesterday' is not a time")]
    [InlineData("", "11:00 tomorrow", "To: '11:00 tomorrow' is not a time")]
    public void Times_that_make_no_range_are_refused_inline_and_nothing_is_queried(string from, string to, string message)
    {
        var page = Open();
        var asked = History.LastFilter;
        var url = Navigation.Uri;

        page.Find("input[data-testid='history-from']").Input(from);
        page.Find("input[data-testid='history-to']").Input(to);
        Run(page);

        Assert.Contains(message, Text(page, "history-validation"), StringComparison.Ordinal);
        Assert.Same(asked, History.LastFilter);
        Assert.Equal(url, Navigation.Uri);
    }

    [Fact]
    public void A_url_with_a_bad_range_says_so_and_queries_nothing()
    {
        var page = Open("history?from=2026-11-03T11:00:00Z&to=2026-11-03T10:00:00Z");

        Assert.Contains("must be before To", Text(page, "history-validation"), StringComparison.Ordinal);
        Assert.Null(History.LastFilter);
        Assert.Empty(page.FindAll("[data-testid='history-table']"));
    }

    [Theory]
    [InlineData("history?gateway=no-such-gw", "No gateway named 'no-such-gw'")]
    [InlineData("history?kind=ike-up&kind=bogus", "Unknown kind 'bogus'")]
    [InlineData("history?range=3w", "Unknown range '3w'")]
    public void Unknown_gateways_kinds_and_ranges_are_named(string url, string message)
    {
        var page = Open(url);

        Assert.Contains(message, Text(page, "history-validation"), StringComparison.Ordinal);
        Assert.Null(History.LastFilter);
    }

    [Fact]
    public void Pages_move_50_at_a_time_with_the_same_filter()
    {
        var page = Open("history?kind=ike-up");
        Assert.Equal("80", Text(page, "history-total"));
        Assert.True(page.Find("[data-testid='history-prev']").HasAttribute("disabled"));
        var first = History.LastFilter!;
        Time.Advance(TimeSpan.FromMinutes(5)); // paging later keeps the pinned end (the clicks below may be handled a moment later)

        page.Find("[data-testid='history-next']").Click();
        page.WaitForAssertion(() => Assert.Equal("51–80", Text(page, "history-shown")), Patience);
        Assert.Equal(first with { Offset = 50 }, History.LastFilter);
        Assert.Equal(30, Rows(page).Count);
        Assert.True(page.Find("[data-testid='history-next']").HasAttribute("disabled"));
        Assert.Contains("page 2 of 2", Text(page, "history-page"), StringComparison.Ordinal);

        page.Find("[data-testid='history-prev']").Click();
        page.WaitForAssertion(() => Assert.Equal("1–50", Text(page, "history-shown")), Patience);
        Assert.Equal(first, History.LastFilter);
        Assert.Equal(50, Rows(page).Count);
    }

    [Fact]
    public void Running_again_starts_from_the_first_page()
    {
        var page = Open();
        page.Find("[data-testid='history-next']").Click();
        page.WaitForAssertion(() => Assert.Equal(50, History.LastFilter!.Offset), Patience);

        Run(page);

        Assert.Equal(0, History.LastFilter!.Offset);
        Assert.Equal("1–50", Text(page, "history-shown"));
    }

    [Fact]
    public void A_failing_history_store_shows_a_message_and_the_page_stays_usable()
    {
        History.Failure = new InvalidOperationException("journal offline");

        var page = Open("history?gateway=fra-hub-1");

        Assert.Contains("journal offline", Text(page, "history-error"), StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid='history-table']"));
        Assert.Empty(page.FindAll("[data-testid='history-csv']"));

        History.Failure = null;
        Run(page);
        Assert.Empty(page.FindAll("[data-testid='history-error']"));
        Assert.Equal("60", Text(page, "history-total"));
    }

    [Fact]
    public void The_csv_link_carries_the_same_filters()
    {
        var page = Open("history?gateway=fra-hub-1&sa=net&kind=connectivity&from=2026-11-03T10:00:00Z");

        Assert.Equal("/api/v1/history?gateway=fra-hub-1&sa=net&kind=connectivity&from=2026-11-03T10:00:00Z&to=2026-11-03T12:00:00Z&format=csv",
            page.Find("[data-testid='history-csv']").GetAttribute("href"));
    }

    [Fact]
    public void The_gateway_box_suggests_inventory_names()
    {
        var page = Open();

        page.Find("input[data-testid='history-gateway']").Input("hub");
        Advance(TimeSpan.FromMilliseconds(200));

        page.WaitForAssertion(() => Assert.Equal(["fra-hub-1", "nyc-hub-1"],
            page.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim())), Patience);
    }

    [Fact]
    public void Nothing_matching_says_so()
    {
        var page = Open("history?kind=alert");

        Assert.Equal("0", Text(page, "history-total"));
        Assert.NotNull(page.Find("[data-testid='history-none']"));
        Assert.True(page.Find("[data-testid='history-next']").HasAttribute("disabled"));
    }

    private static void SelectKinds(IRenderedComponent<History> page, params string[] kinds)
    {
        page.Find("div.mud-select:has([data-testid='history-kind']) .mud-input-control").MouseDown();
        foreach (var kind in kinds)
        {
            page.WaitForElement($"[data-testid='history-kind-{kind}']").Click();
        }
    }
}

public sealed class HistorySearchTests
{
    [Fact]
    public void A_search_goes_into_a_url_and_comes_back_the_same()
    {
        var search = new HistorySearch { Gateway = "gw-001", Sa = "site a", Kinds = ["ike-up", "connectivity"], From = "2026-11-03 08:00", To = "" };

        Assert.Equal("gateway=gw-001&sa=site%20a&kind=ike-up&kind=connectivity&from=2026-11-03T08:00:00Z", search.ToQueryString());
        var back = HistorySearch.FromQuery("gw-001", "site a", ["ike-up", "connectivity"], "2026-11-03T08:00:00Z", null, null);
        Assert.Equal(search.ToQueryString(), back.ToQueryString());
        Assert.Equal("history", new HistorySearch().PageUrl());
        Assert.Equal("history?range=24h", new HistorySearch { From = "2026-11-03", Range = "24h" }.PageUrl());
    }

    [Fact]
    public void Times_are_utc_unless_they_say_otherwise()
    {
        Assert.True(HistorySearch.TryParseTime("2026-11-03 08:00", out var plain));
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 8, 0, 0, TimeSpan.Zero), plain);
        Assert.True(HistorySearch.TryParseTime("2026-11-03T10:00:00+02:00", out var offset));
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 8, 0, 0, TimeSpan.Zero), offset);
        Assert.True(HistorySearch.TryParseTime(" ", out var none));
        Assert.Null(none);
        Assert.False(HistorySearch.TryParseTime("soon", out _));
        Assert.Equal("2026-11-03T08:00:00Z", HistorySearch.IsoTime(plain!.Value));
        Assert.Equal("2026-11-03T08:00:00.25Z", HistorySearch.IsoTime(plain.Value.AddMilliseconds(250)));
    }

    [Fact]
    public void The_csv_link_asks_for_every_row_when_there_are_more_than_the_export_gives_by_default()
    {
        var filter = new HistoryFilter { Kinds = ["alert"], To = new DateTimeOffset(2026, 11, 3, 8, 0, 0, TimeSpan.Zero) };

        Assert.Equal("/api/v1/history?kind=alert&to=2026-11-03T08:00:00Z&format=csv", HistorySearch.CsvUrl(filter, 10_000));
        Assert.Equal("/api/v1/history?kind=alert&to=2026-11-03T08:00:00Z&limit=25000&format=csv", HistorySearch.CsvUrl(filter, 25_000));
        Assert.Equal("/api/v1/history?kind=alert&to=2026-11-03T08:00:00Z&limit=100000&format=csv", HistorySearch.CsvUrl(filter, 2_000_000));
    }

    [Fact]
    public void Kinds_are_spelled_and_ordered_as_the_page_lists_them()
    {
        Assert.Equal(["sa", "ike-down", "alert", "Bogus"], HistorySearch.NormalizeKinds(["ALERT,ike-down", null, "sa", "Bogus", "alert"]));
    }
}
