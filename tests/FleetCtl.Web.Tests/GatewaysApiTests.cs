using System.Net;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Web.Api;
using FleetCtl.Web.Auth;

namespace FleetCtl.Web.Tests;

/// <summary><c>/api/v1/gateways</c> over the demo fleet: paging, filters, sorting, one gateway, its SAs, and the errors.</summary>
[Collection(DemoFleetAppCollection.Name)]
public sealed class GatewaysApiTests(DemoFleetAppFixture app)
{
    private static readonly string[] s_allNames = [.. Enumerable.Range(1, DemoFleetAppFixture.DemoGateways).Select(i => $"gw-{i:000}")];

    [Fact]
    public async Task Pages_cover_the_whole_fleet_once_in_name_order()
    {
        await app.WaitForFleetAsync();
        using var client = app.CreateClient(FleetRoles.Viewer);

        var pages = new List<Page<GatewaySummary>>();
        for (var offset = 0; offset < DemoFleetAppFixture.DemoGateways; offset += 7)
        {
            pages.Add(await client.GetJsonAsync<Page<GatewaySummary>>($"/api/v1/gateways?offset={offset}&limit=7"));
        }

        Assert.Equal([7, 7, 6], pages.Select(p => p.Items.Count));
        Assert.All(pages, p => Assert.Equal(DemoFleetAppFixture.DemoGateways, p.Total));
        Assert.All(pages, p => Assert.Equal(7, p.Limit));
        Assert.Equal([0, 7, 14], pages.Select(p => p.Offset));
        Assert.Equal(s_allNames, pages.SelectMany(p => p.Items).Select(g => g.Gateway));

        var past = await client.GetJsonAsync<Page<GatewaySummary>>("/api/v1/gateways?offset=100");
        Assert.Empty(past.Items);
        Assert.Equal(DemoFleetAppFixture.DemoGateways, past.Total);
        var countOnly = await client.GetJsonAsync<Page<GatewaySummary>>("/api/v1/gateways?limit=0");
        Assert.Empty(countOnly.Items);
        Assert.Equal(DemoFleetAppFixture.DemoGateways, countOnly.Total);

        var whole = await client.GetJsonAsync<Page<GatewaySummary>>("/api/v1/gateways");
        Assert.Equal(100, whole.Limit); // the default page size
        Assert.Equal(s_allNames, whole.Items.Select(g => g.Gateway));
    }

    [Fact]
    public async Task Every_item_carries_the_inventory_tags_and_tag_filters_match_them_ignoring_case()
    {
        var all = await app.WaitForFleetAsync();
        using var client = app.CreateClient(FleetRoles.Viewer);
        var inventory = (FleetInventory)app.Services.GetService(typeof(FleetInventory))!;

        foreach (var g in all)
        {
            var declared = inventory[g.Gateway].Tags;
            Assert.Equal(declared.OrderBy(t => t.Key, StringComparer.Ordinal), g.Tags.OrderBy(t => t.Key, StringComparer.Ordinal));
            Assert.Contains("region", g.Tags.Keys);
        }

        var region = all[0].Tags["region"];
        var role = all[0].Tags["role"];
        var inRegion = all.Where(g => g.Tags["region"] == region).Select(g => g.Gateway).ToList();
        Assert.InRange(inRegion.Count, 2, DemoFleetAppFixture.DemoGateways - 1);

        var byRegion = await client.GetJsonAsync<Page<GatewaySummary>>($"/api/v1/gateways?tag=region={region}");
        Assert.Equal(inRegion, byRegion.Items.Select(g => g.Gateway));
        Assert.Equal(inRegion.Count, byRegion.Total);

        var upper = await client.GetJsonAsync<Page<GatewaySummary>>($"/api/v1/gateways?tag=REGION={region.ToUpperInvariant()}");
        Assert.Equal(inRegion, upper.Items.Select(g => g.Gateway));

        // repeated tags: all must match
        var both = await client.GetJsonAsync<Page<GatewaySummary>>($"/api/v1/gateways?tag=region={region}&tag=role={role}");
        Assert.Equal(all.Where(g => g.Tags["region"] == region && g.Tags["role"] == role).Select(g => g.Gateway), both.Items.Select(g => g.Gateway));
        Assert.Contains(all[0].Gateway, both.Items.Select(g => g.Gateway));

        var none = await client.GetJsonAsync<Page<GatewaySummary>>("/api/v1/gateways?tag=region=atlantis");
        Assert.Empty(none.Items);
        Assert.Equal(0, none.Total);
    }

    [Fact]
    public async Task Q_searches_names_uris_and_tag_values()
    {
        var all = await app.WaitForFleetAsync();
        using var client = app.CreateClient(FleetRoles.Viewer);

        var teens = await client.GetJsonAsync<Page<GatewaySummary>>("/api/v1/gateways?q=GW-01");
        Assert.Equal(s_allNames.Where(n => n.StartsWith("gw-01", StringComparison.Ordinal)), teens.Items.Select(g => g.Gateway));

        var site = all[3].Tags["site"];
        var bySite = await client.GetJsonAsync<Page<GatewaySummary>>($"/api/v1/gateways?q={site}");
        Assert.Equal(all.Where(g => g.Tags.Values.Any(v => v.Contains(site, StringComparison.OrdinalIgnoreCase))).Select(g => g.Gateway),
            bySite.Items.Select(g => g.Gateway));
        Assert.Contains(all[3].Gateway, bySite.Items.Select(g => g.Gateway));

        var byUri = await client.GetJsonAsync<Page<GatewaySummary>>("/api/v1/gateways?q=.vici");
        Assert.Equal(DemoFleetAppFixture.DemoGateways, byUri.Total);
        Assert.Equal(0, (await client.GetJsonAsync<Page<GatewaySummary>>("/api/v1/gateways?q=no-such-text")).Total);
    }

    [Fact]
    public async Task State_filters_any_case_repeated_or_comma_separated()
    {
        await app.WaitForFleetAsync();
        using var client = app.CreateClient(FleetRoles.Viewer);

        var connected = await client.GetJsonAsync<Page<GatewaySummary>>("/api/v1/gateways?state=connected");
        Assert.Equal(DemoFleetAppFixture.DemoGateways, connected.Total);
        Assert.All(connected.Items, g => Assert.Equal(GatewayConnectionState.Connected, g.State));
        Assert.Equal(0, (await client.GetJsonAsync<Page<GatewaySummary>>("/api/v1/gateways?state=Unreachable,connecting")).Total);
        Assert.Equal(DemoFleetAppFixture.DemoGateways,
            (await client.GetJsonAsync<Page<GatewaySummary>>("/api/v1/gateways?state=Unreachable&state=CONNECTED")).Total);
    }

    [Theory]
    [InlineData("ikeSas")]
    [InlineData("childSas")]
    [InlineData("tunnelsDown")]
    [InlineData("state")]
    public async Task Sort_orders_by_the_key_descending_with_a_minus_and_breaks_ties_by_name(string key)
    {
        await app.WaitForFleetAsync();
        using var client = app.CreateClient(FleetRoles.Viewer);
        Func<GatewaySummary, int> value = key switch
        {
            "ikeSas" => g => g.IkeSas,
            "childSas" => g => g.ChildSas,
            "tunnelsDown" => g => g.TunnelsDown,
            _ => g => (int)g.State,
        };

        var ascending = (await client.GetJsonAsync<Page<GatewaySummary>>($"/api/v1/gateways?sort={key}")).Items;
        Assert.Equal(ascending.OrderBy(value).ThenBy(g => g.Gateway, StringComparer.Ordinal).Select(g => g.Gateway), ascending.Select(g => g.Gateway));

        var descending = (await client.GetJsonAsync<Page<GatewaySummary>>($"/api/v1/gateways?sort=-{key.ToUpperInvariant()}")).Items;
        Assert.Equal(descending.OrderByDescending(value).ThenBy(g => g.Gateway, StringComparer.Ordinal).Select(g => g.Gateway),
            descending.Select(g => g.Gateway));
        Assert.Equal(DemoFleetAppFixture.DemoGateways, descending.Count);
    }

    [Fact]
    public async Task Sort_by_name_descending_reverses_the_list()
    {
        await app.WaitForFleetAsync();
        using var client = app.CreateClient(FleetRoles.Viewer);
        var reversed = await client.GetJsonAsync<Page<GatewaySummary>>("/api/v1/gateways?sort=-name&limit=3");
        Assert.Equal(["gw-020", "gw-019", "gw-018"], reversed.Items.Select(g => g.Gateway));
    }

    [Theory]
    [InlineData("state=bogus", "state: 'bogus' is not one of Connecting, Syncing, Connected, Unreachable")]
    [InlineData("tag=site", "tag: 'site' is not key=value")]
    [InlineData("tag==fra1", "tag: '=fra1' is not key=value")]
    [InlineData("sort=size", "sort: 'size' is not one of name, state, ikeSas, childSas, tunnelsDown")]
    [InlineData("sort=--name", "sort: '--name' is not one of")]
    [InlineData("limit=1001", "limit: '1001' is out of range; give 0 to 1000")]
    [InlineData("limit=-1", "limit: '-1' is out of range")]
    [InlineData("offset=-5", "offset: '-5' is negative")]
    [InlineData("offset=abc", "offset: 'abc' is not a whole number")]
    [InlineData("limit=1.5", "limit: '1.5' is not a whole number")]
    public async Task Bad_list_parameters_are_400_naming_the_parameter_and_what_it_takes(string query, string expected)
    {
        using var client = app.CreateClient(FleetRoles.Viewer);
        var detail = await client.GetProblemAsync($"/api/v1/gateways?{query}", HttpStatusCode.BadRequest);
        Assert.StartsWith(expected, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_gateway_has_its_status_and_inventory_entry_by_any_case_of_its_name()
    {
        var all = await app.WaitForFleetAsync();
        using var client = app.CreateClient(FleetRoles.Viewer);

        var detail = await client.GetJsonAsync<GatewayDetail>("/api/v1/gateways/GW-003");
        var listed = all.Single(g => g.Gateway == "gw-003");
        Assert.Equal("gw-003", detail.Gateway);
        Assert.Equal(listed.Uri, detail.Uri);
        Assert.Equal(listed.Tags.OrderBy(t => t.Key), detail.Tags.OrderBy(t => t.Key));
        Assert.Equal(GatewayKind.StrongSwan, detail.Kind);
        Assert.Equal(GatewayConnectionState.Connected, detail.State);
        Assert.Equal("demo", detail.Origin);
        Assert.Null(detail.DrainTarget);
        Assert.NotNull(detail.DaemonVersion);
        Assert.NotNull(detail.LastResyncAt);
        Assert.NotEmpty(detail.SupportedEvents);
        Assert.True(detail.IkeSas > 0);
    }

    [Fact]
    public async Task Sas_has_the_live_sas_down_tunnels_and_configured_connections()
    {
        await app.WaitForFleetAsync();
        using var client = app.CreateClient(FleetRoles.Viewer);

        var sas = await client.GetJsonAsync<GatewaySas>("/api/v1/gateways/gw-004/sas");
        Assert.Equal("gw-004", sas.Gateway);
        Assert.Equal(GatewayConnectionState.Connected, sas.State);
        Assert.NotEmpty(sas.Sas);
        Assert.Equal(sas.Sas.Count, sas.IkeSas);
        Assert.Equal(sas.Sas.Sum(s => s.Children.Count), sas.ChildSas);
        Assert.Equal(sas.DownTunnels.Count, sas.TunnelsDown);
        Assert.NotEmpty(sas.Connections);
        Assert.All(sas.Sas, ike => Assert.False(string.IsNullOrEmpty(ike.Name)));
        Assert.Contains(sas.Sas, ike => ike.Children.Any(c => c.LocalTs.Count > 0 && c.SpiIn is not null));
        // every down tunnel is a configured child
        Assert.All(sas.DownTunnels, d => Assert.Contains(sas.Connections, c => c.Name == d.Connection && c.Children.Any(ch => ch.Name == d.Child)));
    }

    [Theory]
    [InlineData("/api/v1/gateways/no-such-gateway")]
    [InlineData("/api/v1/gateways/no-such-gateway/sas")]
    public async Task An_unknown_gateway_is_404_naming_it(string path)
    {
        using var client = app.CreateClient(FleetRoles.Viewer);
        Assert.Equal("no gateway 'no-such-gateway'", await client.GetProblemAsync(path, HttpStatusCode.NotFound));
    }

    [Theory]
    [InlineData("/api/v1/gateways/gw%20001", "contains a space")]
    [InlineData("/api/v1/gateways/-gw/sas", "must start with a letter or digit")]
    [InlineData("/api/v1/gateways/gw*", "contains '*'")]
    [InlineData("/api/v1/gateways/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "longer than 64 characters")]
    public async Task A_name_no_gateway_can_have_is_400(string path, string expected)
    {
        using var client = app.CreateClient(FleetRoles.Viewer);
        var detail = await client.GetProblemAsync(path, HttpStatusCode.BadRequest);
        Assert.StartsWith("name: gateway name '", detail, StringComparison.Ordinal);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }
}
