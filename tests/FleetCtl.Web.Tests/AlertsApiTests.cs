using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FleetCtl.Web.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace FleetCtl.Web.Tests;

/// <summary>The alert book through the API: an alert a gateway raises shows up with its explanation; operators acknowledge it.</summary>
[Collection(DemoFleetAppCollection.Name)]
public sealed class AlertsApiTests(DemoFleetAppFixture app)
{
    /// <summary>Raises an alert on a demo gateway that has the alert event (6.0.3) and waits until the book lists it.</summary>
    private async Task<JsonElement> RaiseAndFindAsync(string type)
    {
        await app.WaitForFleetAsync(); // connected: what a gateway raises before its actor subscribes is never seen
        var fleet = app.Services.GetRequiredService<DemoFleet>().Fleet;
        var gateway = fleet.Gateways.First(g => g.SupportsAlert);
        using var client = app.CreateClient(FleetRoles.Viewer);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        await gateway.RaiseAlertAsync(type);
        while (true)
        {
            var page = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/alerts?gateway={gateway.Name}&type={type}&state=open", UriKind.Relative));
            if (page.GetProperty("items").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the alert {type} from {gateway.Name} never reached the alert book");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task An_alert_from_a_gateway_is_listed_with_the_catalogs_explanation_and_proposed_action()
    {
        var item = await RaiseAndFindAsync("cert-expired");
        var alert = item.GetProperty("alert");
        Assert.Equal("cert-expired", alert.GetProperty("alertType").GetString());
        Assert.Equal("Open", alert.GetProperty("state").GetString());
        var explanation = item.GetProperty("explanation");
        Assert.Equal("vici.alert.cert-expired", explanation.GetProperty("key").GetString());
        Assert.False(string.IsNullOrWhiteSpace(explanation.GetProperty("proposedAction").GetString()));

        using var client = app.CreateClient(FleetRoles.Viewer);
        var one = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/alerts/{alert.GetProperty("id").GetInt64()}", UriKind.Relative));
        Assert.Equal(alert.GetProperty("id").GetInt64(), one.GetProperty("alert").GetProperty("id").GetInt64());

        var counts = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/alerts/counts", UriKind.Relative));
        Assert.True(counts.GetProperty("byType").GetProperty("cert-expired").GetInt32() >= 1);
    }

    [Fact]
    public async Task An_operator_acknowledges_with_a_comment_once_and_a_viewer_may_not()
    {
        var item = await RaiseAndFindAsync("cert-untrusted-root");
        var id = item.GetProperty("alert").GetProperty("id").GetInt64();
        var uri = new Uri($"/api/v1/alerts/{id}/ack", UriKind.Relative);

        using var viewer = app.CreateClient(FleetRoles.Viewer);
        using var refused = await viewer.PostAsJsonAsync(uri, new { comment = "looking" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var op = app.CreateClient(FleetRoles.Operator);
        using var tooLong = await op.PostAsJsonAsync(uri, new { comment = new string('x', 501) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("500", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var done = await op.PostAsJsonAsync(uri, new { comment = "CA rollout on site B, ticket NOC-4711" });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var acked = (await done.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("alert");
        Assert.Equal("Acknowledged", acked.GetProperty("state").GetString());
        Assert.Equal("token:test-operator", acked.GetProperty("acknowledgedBy").GetString());
        Assert.Equal("CA rollout on site B, ticket NOC-4711", acked.GetProperty("comment").GetString());

        using var again = await op.PostAsJsonAsync(uri, new { comment = "again" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already acknowledged by token:test-operator", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var missing = await op.PostAsJsonAsync(new Uri("/api/v1/alerts/987654321/ack", UriKind.Relative), new { });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("state=sleeping", "state: 'sleeping'")]
    [InlineData("severity=loud", "severity: 'loud'")]
    [InlineData("limit=0", "limit: '0'")]
    [InlineData("limit=5000", "limit: '5000'")]
    [InlineData("offset=-1", "offset: '-1'")]
    public async Task Bad_filters_get_400_naming_the_parameter(string query, string expected)
    {
        using var client = app.CreateClient(FleetRoles.Viewer);
        using var response = await client.GetAsync(new Uri($"/api/v1/alerts?{query}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_alert_is_404()
    {
        using var client = app.CreateClient(FleetRoles.Viewer);
        using var response = await client.GetAsync(new Uri("/api/v1/alerts/987654321", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no alert 987654321", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
