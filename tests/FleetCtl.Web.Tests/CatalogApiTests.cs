using System.Net;
using FleetCtl.Fleet.Catalog;
using FleetCtl.Web.Api;
using FleetCtl.Web.Auth;

namespace FleetCtl.Web.Tests;

/// <summary><c>/api/v1/catalog</c>: the event reference, filtered, and single entries by id or key.</summary>
[Collection(DemoFleetAppCollection.Name)]
public sealed class CatalogApiTests(DemoFleetAppFixture app)
{
    [Fact]
    public async Task The_list_has_every_entry_ordered_by_id_with_its_texts()
    {
        using var client = app.CreateClient(FleetRoles.Viewer);
        var list = await client.GetJsonAsync<CatalogList>("/api/v1/catalog");
        Assert.Equal(FleetCatalog.All.Count, list.Total);
        Assert.Equal(FleetCatalog.All.Select(e => e.Id), list.Items.Select(i => i.Id));
        Assert.All(list.Items, i =>
        {
            Assert.False(string.IsNullOrEmpty(i.Key));
            Assert.False(string.IsNullOrEmpty(i.Explanation));
            Assert.False(string.IsNullOrEmpty(i.ProposedAction));
            Assert.NotEmpty(i.Categories);
        });
        Assert.Contains(list.Items, i => i.Source == CatalogSource.ViciAlert && i.AlertType is not null);
    }

    [Fact]
    public async Task Category_severity_and_text_filters_match_the_catalog()
    {
        using var client = app.CreateClient(FleetRoles.Viewer);

        var ike = await client.GetJsonAsync<CatalogList>("/api/v1/catalog?category=ike");
        Assert.Equal(FleetCatalog.All.Where(e => e.Categories.Contains(CatalogCategories.Ike)).Select(e => e.Id), ike.Items.Select(i => i.Id));
        Assert.NotEmpty(ike.Items);

        var bad = await client.GetJsonAsync<CatalogList>("/api/v1/catalog?severity=error,CRITICAL");
        Assert.Equal(FleetCatalog.All.Where(e => e.Severity is CatalogSeverity.Error or CatalogSeverity.Critical).Select(e => e.Id), bad.Items.Select(i => i.Id));
        Assert.NotEmpty(bad.Items);

        var both = await client.GetJsonAsync<CatalogList>("/api/v1/catalog?category=AUTH&severity=Error");
        Assert.All(both.Items, i => Assert.True(i.Categories.Contains("AUTH") && i.Severity == CatalogSeverity.Error));
        Assert.NotEmpty(both.Items);

        var radius = await client.GetJsonAsync<CatalogList>("/api/v1/catalog?q=RADIUS");
        Assert.Contains(radius.Items, i => i.Id == 1000);
        Assert.All(radius.Items, i => Assert.Contains("radius", $"{i.Key} {i.Title} {i.Explanation} {i.GatewayAction} {i.ProposedAction}", StringComparison.OrdinalIgnoreCase));
        Assert.True(radius.Total < FleetCatalog.All.Count);
    }

    [Fact]
    public async Task One_entry_by_id_or_key()
    {
        using var client = app.CreateClient(FleetRoles.Viewer);
        var expected = FleetCatalog.Get(1005);

        var byId = await client.GetJsonAsync<CatalogItem>("/api/v1/catalog/1005");
        Assert.Equal(expected.Key, byId.Key);
        Assert.Equal(expected.Title, byId.Title);
        Assert.Equal(expected.Severity, byId.Severity);
        Assert.Equal(expected.ProposedAction, byId.ProposedAction);

        var byKey = await client.GetJsonAsync<CatalogItem>($"/api/v1/catalog/{expected.Key}");
        Assert.Equal(1005, byKey.Id);
        Assert.Equal(1005, (await client.GetJsonAsync<CatalogItem>($"/api/v1/catalog/{expected.Key.ToUpperInvariant()}")).Id);
    }

    [Theory]
    [InlineData("/api/v1/catalog/99999", HttpStatusCode.NotFound, "no catalog entry '99999'")]
    [InlineData("/api/v1/catalog/no.such.key", HttpStatusCode.NotFound, "no catalog entry 'no.such.key'")]
    [InlineData("/api/v1/catalog?category=bogus", HttpStatusCode.BadRequest, "category: 'bogus' is not one of AUTH, CERT, VICI, IKE, IPSEC, KERNEL, POOL, NETWORK, DAEMON, CONTROLLER, INVENTORY, ACCESS")]
    [InlineData("/api/v1/catalog?severity=loud", HttpStatusCode.BadRequest, "severity: 'loud' is not one of Debug, Information, Notice, Warning, Error, Critical")]
    public async Task Unknown_entries_are_404_and_bad_filters_400(string path, HttpStatusCode status, string expected)
    {
        using var client = app.CreateClient(FleetRoles.Viewer);
        Assert.StartsWith(expected, await client.GetProblemAsync(path, status), StringComparison.Ordinal);
    }
}
