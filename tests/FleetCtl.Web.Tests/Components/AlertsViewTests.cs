using FleetCtl.Fleet.Alerts;
using FleetCtl.Fleet.Catalog;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.Telemetry;
using FleetCtl.Web.Dashboard;

namespace FleetCtl.Web.Tests.Components;

/// <summary>The pure parts behind the alerts page and the charts.</summary>
public sealed class AlertsViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 3, 12, 0, 0, TimeSpan.Zero);

    private static readonly FleetInventory Inventory = FleetInventory.Create(
        [new GatewayDefinition { Name = "fra-hub-1", Uri = "tcp://a:4502" }, new GatewayDefinition { Name = "fra-hub-10", Uri = "tcp://b:4502" }], "test");

    [Fact]
    public void Backticks_become_code_runs_and_the_rest_stays_text()
    {
        Assert.Equal(
            [new CatalogSegment("Compare ", false), new CatalogSegment("connections.<conn>.proposals", true), new CatalogSegment(" on both.", false)],
            CatalogText.Segments("Compare `connections.<conn>.proposals` on both."));
        Assert.Equal([new CatalogSegment("a", true), new CatalogSegment(" b ", false), new CatalogSegment("c", true)], CatalogText.Segments("`a` b `c`"));
        Assert.Equal([new CatalogSegment("x ", false), new CatalogSegment("y", true), new CatalogSegment(" an ` unmatched", false)],
            CatalogText.Segments("x `y` an ` unmatched"));
        Assert.Equal([new CatalogSegment("empty ", false), new CatalogSegment(" code", false)], CatalogText.Segments("empty `` code"));
        Assert.Empty(CatalogText.Segments(null));
        Assert.Empty(CatalogText.Segments(""));
    }

    [Fact]
    public void Every_catalog_text_keeps_its_words()
    {
        foreach (var entry in FleetCatalog.All)
        {
            foreach (var text in new[] { entry.Explanation, entry.GatewayAction, entry.ProposedAction })
            {
                Assert.Equal(text.Replace("`", "", StringComparison.Ordinal), string.Concat(CatalogText.Segments(text).Select(s => s.Text)));
            }
        }
    }

    [Fact]
    public void The_default_filter_asks_for_the_active_alerts()
    {
        var query = AlertFilter.Default.ToQuery(Inventory, 0, 50);

        Assert.Equal([AlertState.Open, AlertState.Acknowledged], query.States.Order().ToArray());
        Assert.Null(query.Gateway);
        Assert.Null(query.Text);
        Assert.Null(query.Type);
        Assert.Null(query.MinSeverity);
        Assert.Equal(50, query.Limit);
        Assert.True(AlertFilter.Default.IsDefault);
    }

    [Theory]
    [InlineData("fra-hub-1", "fra-hub-1", null)]   // an inventory name: exactly that gateway (not fra-hub-10)
    [InlineData(" FRA-HUB-10 ", "fra-hub-10", null)] // any case, trimmed
    [InlineData("fra-hub", null, "fra-hub")]        // not a name: text search
    [InlineData("", null, null)]
    public void The_text_box_is_a_gateway_name_or_a_text_search(string text, string? gateway, string? search)
    {
        var query = (AlertFilter.Default with { Text = text }).ToQuery(Inventory, 100, 50);

        Assert.Equal(gateway, query.Gateway);
        Assert.Equal(search, query.Text);
        Assert.Equal(100, query.Offset);
    }

    [Fact]
    public void Top_takes_the_biggest_counts_ties_by_name()
    {
        var (labels, values) = AlertsView.Top(new Dictionary<string, int> { ["b"] = 3, ["a"] = 3, ["c"] = 7, ["d"] = 1, ["z"] = 0 }, 3);

        Assert.Equal(["c", "a", "b"], labels);
        Assert.Equal([7.0, 3, 3], values);
    }

    [Fact]
    public void Every_acknowledgement_result_has_words()
    {
        var alert = FakeFleetAlerts.Alert(7, "fra-hub-1", "cert-expired", T0) with { AcknowledgedBy = "bob", AcknowledgedAt = T0, ResolvedAt = T0 };

        Assert.Equal(("Acknowledged alert 7.", true), AlertsView.Describe(new AcknowledgeResult.Acknowledged(alert)));
        Assert.Equal(("Already acknowledged by bob at 2026-11-03 12:00:00Z; nothing changed.", false), AlertsView.Describe(new AcknowledgeResult.AlreadyAcknowledged(alert)));
        Assert.Equal(("Resolved at 2026-11-03 12:00:00Z; nothing to acknowledge.", false), AlertsView.Describe(new AcknowledgeResult.AlreadyResolved(alert)));
        Assert.Equal(("Alert 8 is no longer in the alert book.", false), AlertsView.Describe(new AcknowledgeResult.NotFound(8)));
        Assert.Equal(("too long", false), AlertsView.Describe(new AcknowledgeResult.Invalid(8, "too long")));
    }

    [Fact]
    public void The_type_choices_are_every_alert_type_there_is()
    {
        Assert.Equal(34, AlertsView.TypeChoices.Count);
        Assert.Contains(FleetAlertTypes.GatewayUnreachable, AlertsView.TypeChoices);
        Assert.All(AlertsView.TypeChoices, t => Assert.NotEqual(CatalogIds.UnknownAlert, FleetAlertTypes.CatalogEntryFor(t).Id));
    }

    [Fact]
    public void Downsampling_averages_groups_and_keeps_short_series_as_they_are()
    {
        var points = Enumerable.Range(0, 10).Select(i => new FleetPoint(T0.AddSeconds(5 * i), 0, 0, 0, i, 0, 0)).ToList();

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (double)i), Trends.Downsample(points, p => p.At, p => p.IkeSas, 10).Select(p => p.Value));

        var four = Trends.Downsample(points, p => p.At, p => p.IkeSas, 4); // groups of 3: 0-2, 3-5, 6-8, 9
        Assert.Equal([1.0, 4, 7, 9], four.Select(p => p.Value));
        Assert.Equal(T0.AddSeconds(10).UtcDateTime, four[0].At); // the time of the group's last sample
        Assert.Equal(DateTimeKind.Utc, four[0].At.Kind);
        Assert.Empty(Trends.Downsample(new List<FleetPoint>(), p => p.At, p => p.IkeSas, 4));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 1)]
    [InlineData(7, 2)]
    [InlineData(20, 5)]
    [InlineData(110, 50)]
    [InlineData(640, 200)]
    public void Bar_chart_ticks_are_round_and_about_four_to_the_top(double max, int step) => Assert.Equal(step, Trends.TickStep(max));

    [Theory]
    [InlineData(0, 60)]       // one point
    [InlineData(4, 4)]        // never past the data
    [InlineData(90, 30)]
    [InlineData(600, 120)]    // the event-rate chart: 10 min
    [InlineData(3600, 600)]   // 1 h
    [InlineData(21600, 3600)] // 6 h
    [InlineData(86400, 14400)] // 24 h
    public void Time_labels_are_round_and_at_most_six(int spanSeconds, int spacingSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(spacingSeconds), Trends.LabelSpacing(TimeSpan.FromSeconds(spanSeconds)));
}
