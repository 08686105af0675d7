using Bunit;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.State;
using FleetCtl.Web.Components.Charts;
using FleetCtl.Web.Components.Pages;
using FleetCtl.Web.Dashboard;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FleetCtl.Web.Tests.Components;

/// <summary>The charts of the overview and the gateway page, fed by a <see cref="Fleet.Telemetry.FleetTimeline"/> the test samples.</summary>
public sealed class TrendsTests : DashboardContext
{
    /// <summary>Sets fra-hub-1's and lon-ra-1's counts and samples the fleet at <paramref name="at"/>.</summary>
    private void SampleAt(DateTimeOffset at, int hubIke, int raIke)
    {
        Directory.Update(Status("fra-hub-1", ike: hubIke, child: hubIke * 2));
        Directory.Update(Status("lon-ra-1", ike: raIke, child: raIke));
        Timeline.Sample(at);
    }

    /// <summary>What the MudChart inside the <see cref="TimeChart"/> with this test id was given: each series' name and values.</summary>
    private static Dictionary<string, double[]> Series<T>(IRenderedComponent<T> page, string testId)
        where T : class, IComponent
    {
        var chart = page.FindComponents<TimeChart>().Single(c => c.Instance.TestId == testId).FindComponent<MudChart<double>>().Instance;
        Assert.Equal(ChartType.Timeseries, chart.ChartType);
        return chart.ChartSeries.ToDictionary(s => s.Name, s => s.Data.Values.ToArray());
    }

    private static DateTime[] Times<T>(IRenderedComponent<T> page, string testId)
        where T : class, IComponent =>
        [.. page.FindComponents<TimeChart>().Single(c => c.Instance.TestId == testId).FindComponent<MudChart<double>>().Instance
            .ChartSeries[0].Data.Points.Select(p => (DateTime)p.X!)];

    private IRenderedComponent<Home> RenderHome() => Render<Home>();

    [Fact]
    public void The_overview_charts_the_fleets_sas_of_the_last_hour()
    {
        SampleAt(T0.AddHours(-2), 1, 1); // older than an hour: not on the default range
        SampleAt(T0.AddMinutes(-10), 10, 100);
        SampleAt(T0.AddMinutes(-5), 20, 100);
        SampleAt(T0, 30, 110);

        var page = RenderHome();

        var series = Series(page, "chart-fleet-sas");
        Assert.Equal([110.0, 120, 140], series["IKE_SAs"]);
        Assert.Equal([120.0, 140, 170], series["CHILD_SAs"]);
        Assert.Equal([T0.AddMinutes(-10).UtcDateTime, T0.AddMinutes(-5).UtcDateTime, T0.UtcDateTime], Times(page, "chart-fleet-sas"));
        Assert.Equal("true", page.Find("[data-testid='trend-range-1h']").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void A_longer_range_reaches_further_back()
    {
        SampleAt(T0.AddHours(-20), 1, 1);
        SampleAt(T0.AddHours(-3), 2, 2);
        SampleAt(T0, 3, 3);
        var page = RenderHome();
        Assert.Equal([6.0], Series(page, "chart-fleet-sas")["IKE_SAs"]);

        page.Find("[data-testid='trend-range-6h']").Click();
        Assert.Equal([4.0, 6], Series(page, "chart-fleet-sas")["IKE_SAs"]);

        page.Find("[data-testid='trend-range-24h']").Click();
        Assert.Equal([2.0, 4, 6], Series(page, "chart-fleet-sas")["IKE_SAs"]);
        Assert.Equal("true", page.Find("[data-testid='trend-range-24h']").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void A_full_day_is_averaged_down_to_a_few_hundred_points()
    {
        for (var i = 17_279; i >= 0; i--)
        {
            SampleAt(T0.AddSeconds(-5 * i), i % 2, 0); // 24 h of 5 s samples alternating 0 and 1 IKE_SA on the hub
        }

        var page = RenderHome();
        page.Find("[data-testid='trend-range-24h']").Click();

        var ike = Series(page, "chart-fleet-sas")["IKE_SAs"];
        Assert.Equal(Trends.MaxPoints, ike.Length);
        Assert.All(ike, v => Assert.Equal(0.5, v));
    }

    [Fact]
    public void The_overview_charts_events_per_second_of_the_last_ten_minutes()
    {
        for (var i = 0; i < 10; i++)
        {
            Timeline.CountSaChange(T0.AddSeconds(-3));
        }

        for (var i = 0; i < 5; i++)
        {
            Timeline.CountAlert(T0.AddSeconds(-2));
        }

        Timeline.CountSaChange(T0.AddMinutes(-9).AddSeconds(-59)); // the first second of the window

        var page = RenderHome();

        var series = Series(page, "chart-event-rate");
        Assert.Equal(600 / Trends.RateBucketSeconds, series["SA changes/s"].Length);
        Assert.Equal(2.0, series["SA changes/s"][^1]); // 10 in the last 5 s
        Assert.Equal(1.0, series["Alerts/s"][^1]);     // 5 in the last 5 s
        Assert.Equal(0.2, series["SA changes/s"][0]);
        Assert.Equal(0.0, series["Alerts/s"][0]);
    }

    [Fact]
    public void The_charts_refresh_every_five_seconds()
    {
        SampleAt(T0, 1, 1);
        var page = RenderHome();
        Assert.Equal([2.0], Series(page, "chart-fleet-sas")["IKE_SAs"]);

        Time.Advance(TimeSpan.FromSeconds(4));
        SampleAt(Time.GetUtcNow(), 5, 5);
        Assert.Equal([2.0], Series(page, "chart-fleet-sas")["IKE_SAs"]); // not yet

        Time.Advance(TimeSpan.FromSeconds(1));
        page.WaitForAssertion(() => Assert.Equal([2.0, 10], Series(page, "chart-fleet-sas")["IKE_SAs"]), Patience);
    }

    [Fact]
    public void No_samples_yet_says_so()
    {
        var page = RenderHome();

        Assert.NotNull(page.Find("[data-testid='chart-fleet-sas-empty']"));
        Assert.NotNull(page.Find("[data-testid='chart-event-rate']"));
    }

    [Fact]
    public void The_trends_panel_collapses_and_takes_its_timer_with_it()
    {
        SampleAt(T0, 1, 1);
        var page = RenderHome();
        Assert.Single(page.FindComponents<FleetTrends>());

        page.Find("[data-testid='trends-toggle']").Click();

        Assert.Empty(page.FindComponents<FleetTrends>());
        Assert.Empty(page.FindAll("[data-testid='chart-fleet-sas']"));
        Assert.Equal("false", page.Find("[data-testid='trends-toggle']").GetAttribute("aria-expanded"));
        Time.Advance(TimeSpan.FromSeconds(10)); // a disposed chart's timer must not fire

        page.Find("[data-testid='trends-toggle']").Click();
        Assert.NotNull(page.Find("[data-testid='chart-fleet-sas']"));
    }

    [Fact]
    public void Prerendering_leaves_the_charts_to_the_circuit()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var page = RenderHome();

        Assert.NotNull(page.Find("[data-testid='trends']"));
        Assert.Empty(page.FindAll("[data-testid='chart-fleet-sas']"));
        Assert.Equal(6, page.FindAll("tr[data-testid^='gw-row-']").Count);
    }

    [Fact]
    public void The_gateway_page_charts_that_gateways_sas()
    {
        Queries.Set(new GatewayView(Status("fra-hub-1", ike: 3, child: 6), [], [], []));
        SampleAt(T0.AddMinutes(-2), 1, 50);
        SampleAt(T0.AddMinutes(-1), 2, 50);
        SampleAt(T0, 3, 50);

        var page = Render<Gateway>(p => p.Add(x => x.Name, "fra-hub-1"));

        var series = Series(page, "chart-gateway-sas");
        Assert.Equal([1.0, 2, 3], series["IKE_SAs"]);
        Assert.Equal([2.0, 4, 6], series["CHILD_SAs"]);

        Time.Advance(TimeSpan.FromMinutes(1));
        SampleAt(Time.GetUtcNow(), 7, 50);
        Time.Advance(TimeSpan.FromSeconds(5));
        page.WaitForAssertion(() => Assert.Equal([1.0, 2, 3, 7], Series(page, "chart-gateway-sas")["IKE_SAs"]), Patience);
    }

    [Fact]
    public void A_gateway_never_sampled_has_an_empty_chart()
    {
        Queries.Set(new GatewayView(Status("nyc-hub-1"), [], [], []));

        var page = Render<Gateway>(p => p.Add(x => x.Name, "nyc-hub-1"));

        Assert.NotNull(page.Find("[data-testid='chart-gateway-sas-empty']"));
    }
}
