using Bunit;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;
using FleetCtl.Web.Components.Pages;
using Microsoft.AspNetCore.Components;

namespace FleetCtl.Web.Tests.Components;

public sealed class OverviewPageTests : DashboardContext
{
    public OverviewPageTests()
    {
        Directory.Update(Status("fra-hub-1", ike: 40, child: 80, down: 2));
        Directory.Update(Status("fra-branch-2", ike: 3, child: 5));
        Directory.Update(Status("lon-branch-1", GatewayConnectionState.Unreachable, error: "connection refused"));
        Directory.Update(Status("lon-ra-1", ike: 120, child: 120, version: "6.0.3"));
        Directory.Update(Status("nyc-hub-1", GatewayConnectionState.Syncing, ike: 10, child: 12, down: 1));
        // nyc-branch-7 has not reported: Connecting
    }

    private IReadOnlyList<string> RowNames(IRenderedComponent<Home> page) =>
        [.. page.FindAll("tr[data-testid^='gw-row-']").Select(r => r.GetAttribute("data-testid")!["gw-row-".Length..])];

    // MudTextField debounces on the injected clock: the test moves it on with AdvanceUntil until the filter shows
    private static void Type(IRenderedComponent<Home> page, string text) => page.Find("input[data-testid='filter-text']").Input(text);

    private static string Text(IRenderedComponent<Home> page, string testId) => page.Find($"[data-testid='{testId}']").TextContent.Trim();

    [Fact]
    public void Shows_every_gateway_with_state_counts_and_tags_and_links_to_its_page()
    {
        var page = Render<Home>();

        Assert.Equal(["fra-branch-2", "fra-hub-1", "lon-branch-1", "lon-ra-1", "nyc-branch-7", "nyc-hub-1"], RowNames(page));
        Assert.Equal("Connected", Text(page, "gw-state-fra-hub-1"));
        Assert.Equal("Unreachable", Text(page, "gw-state-lon-branch-1"));
        Assert.Equal("Connecting", Text(page, "gw-state-nyc-branch-7"));
        Assert.Equal("40", Text(page, "gw-ike-fra-hub-1"));
        Assert.Equal("80", Text(page, "gw-child-fra-hub-1"));
        Assert.Equal("2", Text(page, "gw-down-fra-hub-1"));
        Assert.Equal("connection refused", Text(page, "gw-error-lon-branch-1"));
        Assert.Equal("gateways/fra-hub-1", page.Find("[data-testid='gw-link-fra-hub-1']").GetAttribute("href"));

        var row = page.Find("[data-testid='gw-row-lon-ra-1']").TextContent;
        Assert.Contains("eu-west", row, StringComparison.Ordinal);
        Assert.Contains("remote-access", row, StringComparison.Ordinal);
        Assert.Contains("6.0.3", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Tiles_sum_up_the_whole_fleet()
    {
        var page = Render<Home>();

        Assert.Equal("6", Text(page, "tile-total-value"));
        Assert.Equal("3", Text(page, "tile-connected-value"));
        Assert.Equal("1", Text(page, "tile-unreachable-value"));
        Assert.Equal("2", Text(page, "tile-connecting-value"));
        Assert.Equal("173", Text(page, "tile-ike-value"));
        Assert.Equal("217", Text(page, "tile-child-value"));
        Assert.Equal("3", Text(page, "tile-down-value"));
    }

    [Theory]
    [InlineData("hub", new[] { "fra-hub-1", "nyc-hub-1" })]                    // name (and role tag)
    [InlineData("LON", new[] { "lon-branch-1", "lon-ra-1" })]                  // ignoring case
    [InlineData("eu-west", new[] { "lon-branch-1", "lon-ra-1" })]              // a tag value
    [InlineData("role=branch", new[] { "fra-branch-2", "lon-branch-1", "nyc-branch-7" })] // key=value
    [InlineData("nyc-hub-1.vpn.example.net:4502", new[] { "nyc-hub-1" })]      // the URI
    public void Filter_box_matches_name_uri_and_tags(string text, string[] expected)
    {
        var page = Render<Home>();

        Type(page, text);

        AdvanceUntil(() => Assert.Equal(expected, RowNames(page)));
        Assert.Contains($"{expected.Length} of 6", Text(page, "shown-count"), StringComparison.Ordinal);
    }

    [Fact]
    public void No_match_says_so()
    {
        var page = Render<Home>();

        Type(page, "no-such-thing");

        AdvanceUntil(() => Assert.NotNull(page.Find("[data-testid='no-gateways']")));
        Assert.Empty(RowNames(page));
    }

    [Fact]
    public void State_chips_filter_and_combine_as_alternatives()
    {
        var page = Render<Home>();

        page.Find("[data-testid='filter-state-Unreachable']").Click();
        Assert.Equal(["lon-branch-1"], RowNames(page));
        Assert.Equal("true", page.Find("[data-testid='filter-state-Unreachable']").GetAttribute("aria-pressed"));

        page.Find("[data-testid='filter-state-Connecting']").Click();
        Assert.Equal(["lon-branch-1", "nyc-branch-7"], RowNames(page));

        page.Find("[data-testid='clear-filters']").Click();
        Assert.Equal(6, RowNames(page).Count);
    }

    [Fact]
    public void Tag_chips_come_from_the_inventory_or_within_a_key_and_across_keys()
    {
        var page = Render<Home>();

        page.Find("[data-testid='filter-tag-region=eu-west']").Click();
        page.Find("[data-testid='filter-tag-region=us-east']").Click();
        Assert.Equal(["lon-branch-1", "lon-ra-1", "nyc-branch-7", "nyc-hub-1"], RowNames(page));

        page.Find("[data-testid='filter-tag-role=hub']").Click();
        Assert.Equal(["nyc-hub-1"], RowNames(page));
    }

    [Fact]
    public void Headers_sort_and_a_second_click_reverses()
    {
        var page = Render<Home>();

        page.Find("[data-testid='sort-IkeSas']").Click(); // numbers: biggest first
        Assert.Equal(["lon-ra-1", "fra-hub-1", "nyc-hub-1", "fra-branch-2", "lon-branch-1", "nyc-branch-7"], RowNames(page));
        Assert.Equal("descending", page.Find("[data-testid='sort-IkeSas']").GetAttribute("aria-sort"));

        page.Find("[data-testid='sort-IkeSas']").Click();
        Assert.Equal(["lon-branch-1", "nyc-branch-7", "fra-branch-2", "nyc-hub-1", "fra-hub-1", "lon-ra-1"], RowNames(page));

        page.Find("[data-testid='sort-State']").Click(); // worst first
        Assert.Equal(["lon-branch-1", "nyc-branch-7", "nyc-hub-1", "fra-branch-2", "fra-hub-1", "lon-ra-1"], RowNames(page));

        page.Find("[data-testid='sort-Gateway']").Click();
        page.Find("[data-testid='sort-Gateway']").Click();
        Assert.Equal(["nyc-hub-1", "nyc-branch-7", "lon-ra-1", "lon-branch-1", "fra-hub-1", "fra-branch-2"], RowNames(page));
    }

    [Fact]
    public void Status_changes_show_up_live_and_keep_the_filter()
    {
        var page = Render<Home>();
        page.Find("[data-testid='filter-state-Unreachable']").Click();

        Directory.Update(Status("fra-hub-1", GatewayConnectionState.Unreachable, error: "timeout"));
        Advance(Home.RefreshInterval);

        page.WaitForAssertion(() => Assert.Equal(["fra-hub-1", "lon-branch-1"], RowNames(page)), Patience);
        Assert.Equal("timeout", Text(page, "gw-error-fra-hub-1"));
        Assert.Equal("2", Text(page, "tile-unreachable-value"));
        Assert.Equal("1", Text(page, "tile-down-value"));
    }

    [Fact]
    public void A_burst_of_changes_renders_a_few_times_not_once_per_change()
    {
        var page = Render<Home>();
        var before = page.RenderCount;

        for (var i = 1; i <= 200; i++)
        {
            Directory.Update(Status("lon-ra-1", ike: i, child: i));
        }

        Advance(Home.RefreshInterval);

        page.WaitForAssertion(() => Assert.Equal("200", Text(page, "gw-ike-lon-ra-1")), Patience);
        Assert.InRange(page.RenderCount - before, 1, 3);
    }

    [Fact]
    public void Closing_the_page_stops_listening_to_the_directory()
    {
        var page = Render<Home>();
        Assert.Single(Listeners());

        DisposeComponentsAsync().GetAwaiter().GetResult();

        Assert.Empty(Listeners());
        Directory.Update(Status("fra-hub-1", GatewayConnectionState.Unreachable)); // nobody left to render: must not throw
        Advance(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Prerendering_writes_plain_rows_because_there_is_no_viewport_yet()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var page = Render<Home>();

        Assert.Equal(6, RowNames(page).Count);
    }

    private Delegate[] Listeners() =>
        (typeof(FleetDirectory).GetField(nameof(FleetDirectory.Changed), System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!
            .GetValue(Directory) as Delegate)?.GetInvocationList() ?? [];
}
