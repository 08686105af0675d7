using System.Net;
using System.Net.Http.Json;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Web.Api;

namespace FleetCtl.Web.Tests;

[Collection(DemoFleetAppCollection.Name)]
public sealed class DemoFleetAppTests(DemoFleetAppFixture app)
{
    [Fact]
    public async Task Api_lists_every_demo_gateway_connected_with_sas()
    {
        var statuses = await app.WaitForFleetAsync();

        Assert.Equal(DemoFleetAppFixture.DemoGateways, statuses.Count);
        Assert.All(statuses, s =>
        {
            Assert.Equal(GatewayConnectionState.Connected, s.State);
            Assert.True(s.IkeSas > 0, $"{s.Gateway} has no IKE_SAs");
            Assert.True(s.ChildSas > 0, $"{s.Gateway} has no CHILD_SAs");
            Assert.StartsWith("unix://", s.Uri, StringComparison.Ordinal);
        });
        Assert.Equal(statuses.Select(s => s.Gateway).Distinct().Count(), statuses.Count);
    }

    [Fact]
    public async Task Home_page_renders_the_gateway_names()
    {
        using var client = app.CreateClient(FleetCtl.Web.Auth.FleetRoles.Viewer);
        await app.WaitForFleetAsync();

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("Gateways", html, StringComparison.Ordinal);
        for (var i = 1; i <= DemoFleetAppFixture.DemoGateways; i++)
        {
            Assert.Contains($"gw-{i:000}", html, StringComparison.Ordinal);
        }

        Assert.Contains("Connected", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_sas_come_from_the_actor_and_unknown_names_are_404()
    {
        using var client = app.CreateClient(FleetCtl.Web.Auth.FleetRoles.Viewer);
        await app.WaitForFleetAsync();

        var view = await client.GetFromJsonAsync<GatewaySas>(new Uri("/api/v1/gateways/gw-003/sas", UriKind.Relative), DemoFleetAppFixture.Json);
        Assert.NotNull(view);
        Assert.Equal("gw-003", view.Gateway);
        Assert.NotEmpty(view.Sas);
        Assert.Contains(view.Sas, ike => ike.Children.Count > 0);

        var page = await client.GetStringAsync(new Uri("/gateways/gw-003", UriKind.Relative));
        Assert.Contains("IKE_SAs (", page, StringComparison.Ordinal);
        Assert.Contains(view.Sas[0].Name, page, StringComparison.Ordinal);

        using var missing = await client.GetAsync(new Uri("/api/v1/gateways/no-such-gateway", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
