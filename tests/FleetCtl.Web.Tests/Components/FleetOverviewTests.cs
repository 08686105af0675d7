using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Web.Dashboard;

namespace FleetCtl.Web.Tests.Components;

public sealed class FleetOverviewTests
{
    private static GatewayStatus S(string name, string? version = null, GatewayConnectionState state = GatewayConnectionState.Connected) =>
        new() { Gateway = name, Uri = $"tcp://{name}:4502", State = state, DaemonVersion = version };

    private static FleetInventory Inventory(int sites) => FleetInventory.Create(Enumerable.Range(1, 3).Select(i => new GatewayDefinition
    {
        Name = $"gw-{i}",
        Uri = $"tcp://gw-{i}:4502",
        Tags = new Dictionary<string, string> { ["site"] = $"s{i % sites}", ["role"] = i == 1 ? "hub" : "branch" },
    }));

    [Fact]
    public void Daemon_versions_sort_by_number_not_text_and_unknown_first()
    {
        var rows = new FleetOverview(FleetInventory.Empty).Rows([S("a", "5.9.14"), S("b", "6.0.3"), S("c", "5.9.8"), S("d")]);

        var sorted = FleetOverview.Apply(rows, OverviewFilter.None, OverviewColumn.Daemon, descending: false);

        Assert.Equal(["d", "c", "a", "b"], sorted.Select(r => r.Name));
    }

    [Fact]
    public void Tag_choices_are_the_inventory_pairs_by_key_and_value()
    {
        var overview = new FleetOverview(Inventory(sites: 2));

        Assert.Equal(["role=branch", "role=hub", "site=s0", "site=s1"], overview.TagChoices.Select(t => t.ToString()));
        Assert.Equal("role=hub site=s1", overview.Rows([S("gw-1")])[0].Tags.Text);
    }

    [Fact]
    public void A_tag_key_with_too_many_values_gets_no_chips()
    {
        var gateways = Enumerable.Range(1, FleetOverview.MaxChipValuesPerKey + 1).Select(i => new GatewayDefinition
        {
            Name = $"gw-{i}",
            Uri = $"tcp://gw-{i}:4502",
            Tags = new Dictionary<string, string> { ["host"] = $"h{i}", ["role"] = "branch" },
        });

        var overview = new FleetOverview(FleetInventory.Create(gateways));

        Assert.Equal(["role=branch"], overview.TagChoices.Select(t => t.ToString()));
    }

    [Fact]
    public void Filters_are_and_across_kinds()
    {
        var overview = new FleetOverview(Inventory(sites: 2));
        var rows = overview.Rows([S("gw-1"), S("gw-2", state: GatewayConnectionState.Unreachable), S("gw-3")]);
        var filter = new OverviewFilter
        {
            Text = "branch",
            States = new HashSet<GatewayConnectionState> { GatewayConnectionState.Connected },
            Tags = new HashSet<TagValue> { new("SITE", "S1") }, // keys and values ignore case, like the inventory
        };

        Assert.Equal(["gw-3"], FleetOverview.Apply(rows, filter, OverviewColumn.Gateway, descending: false).Select(r => r.Name));
    }
}
