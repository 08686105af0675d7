using System.Net;
using System.Text.Json;
using FleetCtl.Web.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace FleetCtl.Web.Tests;

/// <summary>The live stream (<c>/api/v1/events</c>, server-sent events) as a script or <c>fleetctl watch</c> reads it.</summary>
[Collection(DemoFleetAppCollection.Name)]
public sealed class EventStreamApiTests(DemoFleetAppFixture app)
{
    [Fact]
    public async Task An_alert_a_gateway_raises_arrives_on_the_stream_filtered_to_that_gateway()
    {
        await app.WaitForFleetAsync(); // connected: what a gateway raises before its actor subscribes is never seen
        var gateway = app.Services.GetRequiredService<DemoFleet>().Fleet.Gateways.Last(g => g.SupportsAlert);
        using var client = app.CreateClient(FleetRoles.Viewer);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events?stream=alerts&gateway={gateway.Name}");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        Assert.StartsWith(":", await reader.ReadLineAsync(cts.Token)); // the opening comment: subscribed

        await gateway.RaiseAlertAsync("peer-auth-failed");
        string? eventName = null;
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                using var doc = JsonDocument.Parse(line["data: ".Length..]);
                var root = doc.RootElement;
                Assert.Equal("alerts", eventName);
                Assert.Equal(gateway.Name, root.GetProperty("gateway").GetString()); // filtered: no other gateway's alerts
                Assert.Equal("AlertChanged", root.GetProperty("type").GetString());
                if (root.GetProperty("data").GetProperty("alert").GetProperty("alertType").GetString() == "peer-auth-failed")
                {
                    return;
                }
            }
        }

        Assert.Fail("the stream ended before the alert arrived");
    }

    [Fact]
    public async Task Sa_changes_stream_live_from_the_churning_demo_fleet()
    {
        using var client = app.CreateClient(FleetRoles.Viewer);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/events?stream=sas"), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                using var doc = JsonDocument.Parse(line["data: ".Length..]);
                Assert.Equal("sas", doc.RootElement.GetProperty("stream").GetString());
                Assert.StartsWith("gw-", doc.RootElement.GetProperty("gateway").GetString(), StringComparison.Ordinal);
                Assert.True(doc.RootElement.GetProperty("data").TryGetProperty("kind", out _));
                return;
            }
        }
    }

    [Theory]
    [InlineData("/api/v1/events?stream=everything", HttpStatusCode.BadRequest, "stream: 'everything' is not one of")]
    [InlineData("/api/v1/events?gateway=gw-nope", HttpStatusCode.NotFound, "no gateway 'gw-nope'")]
    public async Task Bad_stream_requests_get_a_problem(string url, HttpStatusCode status, string detail)
    {
        using var client = app.CreateClient(FleetRoles.Viewer);
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stream_needs_a_token()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri("/api/v1/events", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
