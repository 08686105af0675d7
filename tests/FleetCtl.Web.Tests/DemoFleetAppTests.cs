using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FleetCtl.Fleet.Gateways;

namespace FleetCtl.Web.Tests;

[Collection(DemoFleetAppCollection.Name)]
public sealed class DemoFleetAppTests(DemoFleetAppFixture app)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task Api_lists_every_demo_gateway_connected_with_sas()
    {
        using var client = app.CreateClient(FleetCtl.Web.Auth.FleetRoles.Viewer);
        var statuses = await WaitForAllConnectedAsync(client);

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
        await WaitForAllConnectedAsync(client);

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("Gateways", html, StringComparison.Ordinal);
        for (var i = 1; i <= DemoFleetAppFixture.DemoGateways; i++)
        {
            Assert.Contains($"gw-{i:000}", html, StringComparison.Ordinal);
        }

        Assert.Contains("Connected", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_view_comes_from_the_actor_and_unknown_names_are_404()
    {
        using var client = app.CreateClient(FleetCtl.Web.Auth.FleetRoles.Viewer);
        await WaitForAllConnectedAsync(client);

        var view = await client.GetFromJsonAsync<GatewayView>(new Uri("/api/v1/gateways/gw-003", UriKind.Relative), s_json);
        Assert.NotNull(view);
        Assert.Equal("gw-003", view.Status.Gateway);
        Assert.NotEmpty(view.Sas);
        Assert.Contains(view.Sas, ike => ike.Children.Count > 0);

        var page = await client.GetStringAsync(new Uri("/gateways/gw-003", UriKind.Relative));
        Assert.Contains("IKE_SAs (", page, StringComparison.Ordinal);
        Assert.Contains(view.Sas[0].Name, page, StringComparison.Ordinal);

        using var missing = await client.GetAsync(new Uri("/api/v1/gateways/no-such-gateway", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static async Task<IReadOnlyList<GatewayStatus>> WaitForAllConnectedAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        IReadOnlyList<GatewayStatus> last = [];
        while (DateTime.UtcNow < deadline)
        {
            last = await client.GetFromJsonAsync<List<GatewayStatus>>(new Uri("/api/v1/gateways", UriKind.Relative), s_json) ?? [];
            if (last.Count == DemoFleetAppFixture.DemoGateways
                && last.All(s => s.State == GatewayConnectionState.Connected && s.IkeSas > 0 && s.ChildSas > 0))
            {
                return last;
            }

            await Task.Delay(200);
        }

        Assert.Fail("not all demo gateways connected within 20 s: " + string.Join(", ", last.Select(s => $"{s.Gateway}={s.State}/{s.IkeSas}/{s.ChildSas}")));
        return last;
    }
}
