using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FleetCtl.Web.Auth;

namespace FleetCtl.Web.Tests;

/// <summary>Fleet operations through the API over the demo fleet: preview, run by id and hash, audit record, steering, roles.</summary>
[Collection(DemoFleetAppCollection.Name)]
public sealed class OperationsApiTests(DemoFleetAppFixture app)
{
    private static readonly object RekeyOnGw007 = new
    {
        selector = new { gateways = new[] { "gw-007" } },
        action = new { kind = "rekey", level = "ike" },
        plan = new { waveSize = 5, pauseSeconds = 0, itemTimeoutSeconds = 10, maxFailureRate = 1.0 },
        description = "api test",
    };

    [Fact]
    public async Task A_preview_runs_by_id_and_hash_and_leaves_a_full_audit_record()
    {
        await app.WaitUntilConnectedAsync();
        using var op = app.CreateClient(FleetRoles.Operator);
        using var previewed = await op.PostAsJsonAsync(new Uri("/api/v1/operations/preview", UriKind.Relative), RekeyOnGw007);
        Assert.Equal(HttpStatusCode.OK, previewed.StatusCode);
        var preview = await previewed.Content.ReadFromJsonAsync<JsonElement>();
        var items = preview.GetProperty("items").GetArrayLength();
        Assert.True(items > 0);
        Assert.All(preview.GetProperty("items").EnumerateArray(), i => Assert.Equal("gw-007", i.GetProperty("gateway").GetString()));
        var id = preview.GetProperty("id").GetString();
        var hash = preview.GetProperty("hash").GetString();

        using var wrongHash = await op.PostAsJsonAsync(new Uri("/api/v1/operations", UriKind.Relative), new { previewId = id, hash = "sha256:0000" });
        Assert.Equal(HttpStatusCode.Conflict, wrongHash.StatusCode);

        using var started = await op.PostAsJsonAsync(new Uri("/api/v1/operations", UriKind.Relative), new { previewId = id, hash });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var operationId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/operations/{operationId}", started.Headers.Location!.OriginalString);

        using var again = await op.PostAsJsonAsync(new Uri("/api/v1/operations", UriKind.Relative), new { previewId = id, hash });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        using var viewer = app.CreateClient(FleetRoles.Viewer);
        JsonElement record = default;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            record = await viewer.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/operations/{operationId}", UriKind.Relative));
            if (record.GetProperty("summary").GetProperty("state").GetString() is "Completed" or "Failed" or "Halted" or "Cancelled")
            {
                break;
            }

            await Task.Delay(100);
        }

        var summary = record.GetProperty("summary");
        Assert.Equal("Completed", summary.GetProperty("state").GetString());
        Assert.Equal("token:test-operator", summary.GetProperty("user").GetString());
        Assert.Equal(items, record.GetProperty("items").GetArrayLength());
        // every item has its outcome: the gateway's answer, or gone when churn took the SA before its turn
        Assert.All(record.GetProperty("items").EnumerateArray(), i => Assert.Contains(i.GetProperty("status").GetString(), (string[])["Succeeded", "Gone"]));

        var listed = await viewer.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/operations?state=completed", UriKind.Relative));
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetInt64() == operationId);

        var csv = await viewer.GetStringAsync(new Uri($"/api/v1/operations/{operationId}/items?format=csv", UriKind.Relative));
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("item,wave,gateway,connection,ikeId", lines[0], StringComparison.Ordinal);
        Assert.Equal(items + 1, lines.Length);

        using var cancelDone = await op.PostAsync(new Uri($"/api/v1/operations/{operationId}/cancel", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, cancelDone.StatusCode);
        Assert.Contains("completed", await cancelDone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_reads_operations_but_cannot_preview_run_or_steer_them()
    {
        using var viewer = app.CreateClient(FleetRoles.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(new Uri("/api/v1/operations", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(new Uri("/api/v1/drains", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync(new Uri("/api/v1/operations/preview", UriKind.Relative), RekeyOnGw007)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync(new Uri("/api/v1/operations/drain", UriKind.Relative), new { gateway = "gw-001" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync(new Uri("/api/v1/operations", UriKind.Relative), new { previewId = "x", hash = "y" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync(new Uri("/api/v1/operations/1/cancel", UriKind.Relative), null)).StatusCode);
    }

    [Theory]
    [InlineData("""{"selector":{"gateways":["gw-001"]}}""", "action.kind is required")]
    [InlineData("""{"action":{"kind":"explode"}}""", "action.kind: 'explode' is not one of")]
    [InlineData("""{"action":{"kind":"terminate","level":"planet"}}""", "action.level: 'planet'")]
    [InlineData("""{"action":{"kind":"rekey"},"plan":{"pauseSeconds":-1}}""", "plan.pauseSeconds")]
    [InlineData("""{"action":{"kind":"rekey"},"selector":{"states":["dancing"]}}""", "selector.states: 'dancing'")]
    public async Task A_bad_request_is_400_naming_what_is_wrong(string body, string expected)
    {
        using var op = app.CreateClient(FleetRoles.Operator);
        using var response = await op.PostAsync(new Uri("/api/v1/operations/preview", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_previews_and_operations_are_404_and_a_drain_preview_lists_the_gateways_sas()
    {
        using var op = app.CreateClient(FleetRoles.Operator);
        Assert.Equal(HttpStatusCode.NotFound, (await op.PostAsJsonAsync(new Uri("/api/v1/operations", UriKind.Relative), new { previewId = "nope", hash = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await op.GetAsync(new Uri("/api/v1/operations/987654", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await op.PostAsync(new Uri("/api/v1/operations/987654/pause", UriKind.Relative), null)).StatusCode);

        await app.WaitUntilConnectedAsync();
        using var drain = await op.PostAsJsonAsync(new Uri("/api/v1/operations/drain", UriKind.Relative), new { gateway = "gw-010", target = "gw-011", plan = new { waveSize = 10 } });
        Assert.Equal(HttpStatusCode.OK, drain.StatusCode);
        var preview = await drain.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(preview.GetProperty("items").GetArrayLength() > 0);
        Assert.All(preview.GetProperty("items").EnumerateArray(), i => Assert.Equal("gw-010", i.GetProperty("gateway").GetString()));
        Assert.True(preview.GetProperty("request").GetProperty("drain").GetBoolean());
    }
}
