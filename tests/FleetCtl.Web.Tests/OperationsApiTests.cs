using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FleetCtl.Web.Auth;
using static FleetCtl.Web.Tests.ApiTestHelpers;

namespace FleetCtl.Web.Tests;

/// <summary>Fleet operations through the REST API against the demo fleet: preview, execute by id and hash, audit, refusals.</summary>
[Collection(DemoFleetAppCollection.Name)]
public sealed class OperationsApiTests(DemoFleetAppFixture app)
{
    // a gateway no other test touches: its SAs are terminated here
    private const string Gateway = "gw-015";

    [Theory]
    [InlineData("POST", "/api/v1/operations/preview")]
    [InlineData("POST", "/api/v1/operations/drain")]
    [InlineData("GET", "/api/v1/operations/previews/abc")]
    [InlineData("POST", "/api/v1/operations")]
    [InlineData("POST", "/api/v1/operations/1/pause")]
    [InlineData("POST", "/api/v1/operations/1/resume")]
    [InlineData("POST", "/api/v1/operations/1/cancel")]
    [InlineData("DELETE", "/api/v1/drains/gw-001")]
    public async Task A_viewer_may_not_act(string method, string path)
    {
        using var viewer = app.CreateClient(FleetRoles.Viewer);
        using var request = new HttpRequestMessage(new HttpMethod(method), Url(path));
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { });
        }

        using var response = await viewer.SendAsync(request);
        await response.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_viewer_may_read_operations_and_drain_marks()
    {
        using var viewer = app.CreateClient(FleetRoles.Viewer);
        var page = await viewer.GetJsonAsync<JsonElement>("/api/v1/operations");
        Assert.True(page.GetProperty("total").GetInt32() >= 0);
        var marks = await viewer.GetJsonAsync<JsonElement>("/api/v1/drains");
        Assert.Equal(JsonValueKind.Array, marks.ValueKind);
        await viewer.GetProblemAsync("/api/v1/operations/999999", HttpStatusCode.NotFound);
        await viewer.GetProblemAsync("/api/v1/operations?state=bogus", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_invalid_preview_is_refused_with_every_problem_listed()
    {
        using var op = app.CreateClient(FleetRoles.Operator);
        using var response = await op.PostJsonAsync("/api/v1/operations/preview", new
        {
            action = new { kind = "rekey", level = "child", reauth = true },
            plan = new { waveSize = 0, maxFailureRate = 2.0 },
        });
        var detail = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var problems = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("problems")
            .EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("Reauthentication", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("wave size", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("failure rate", StringComparison.Ordinal));
        Assert.Contains("wave size", detail, StringComparison.Ordinal);

        using var drain = await op.PostJsonAsync("/api/v1/operations/drain", new { gateway = "no-such-gw", pause = "soon" });
        var drainDetail = await drain.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("pause: 'soon'", drainDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_previews_are_not_found_and_a_wrong_hash_conflicts()
    {
        using var op = app.CreateClient(FleetRoles.Operator);
        await op.GetProblemAsync("/api/v1/operations/previews/nope", HttpStatusCode.NotFound);
        using var unknown = await op.PostJsonAsync("/api/v1/operations", new { previewId = "nope", hash = "sha256:00" });
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
        using var noHash = await op.PostJsonAsync("/api/v1/operations", new { previewId = "nope" });
        await noHash.ProblemAsync(HttpStatusCode.BadRequest);

        await app.WaitForFleetAsync();
        var preview = await PreviewAsync(op, new
        {
            selector = new { gateways = new[] { "gw-014" }, connection = "no-such-connection-*" },
            action = new { kind = "terminate", level = "ike" },
        });
        using var wrong = await op.PostJsonAsync("/api/v1/operations", new { previewId = preview.GetProperty("id").GetString(), hash = "sha256:00" });
        var detail = await wrong.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("hash", detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_operator_previews_executes_and_follows_a_terminate_to_its_audit_record()
    {
        await app.WaitForFleetAsync();
        using var op = app.CreateClient(FleetRoles.Operator);
        var before = await op.GetJsonAsync<JsonElement>($"/api/v1/gateways/{Gateway}/sas");
        var sa = before.GetProperty("sas").EnumerateArray().First(s => s.TryGetProperty("remoteHost", out var h) && h.ValueKind == JsonValueKind.String);
        var remoteHost = sa.GetProperty("remoteHost").GetString()!;
        var uniqueId = sa.GetProperty("uniqueId").GetInt64();

        var preview = await PreviewAsync(op, new
        {
            selector = new { gateways = new[] { Gateway }, remoteHost },
            action = new { kind = "terminate", level = "ike" },
            plan = new { waveSize = 10, pauseBetweenWaves = "00:00:00" },
            description = "test: terminate one peer",
        });
        var gateways = preview.GetProperty("gateways").EnumerateArray().ToList();
        var mine = Assert.Single(gateways, g => g.GetProperty("gateway").GetString() == Gateway);
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), i => i.GetProperty("ikeId").GetInt64() == uniqueId);
        Assert.True(preview.GetProperty("itemCount").GetInt32() >= 1);
        var id = preview.GetProperty("id").GetString()!;
        var hash = preview.GetProperty("hash").GetString()!;
        Assert.StartsWith("sha256:", hash, StringComparison.Ordinal);

        var kept = await op.GetJsonAsync<JsonElement>($"/api/v1/operations/previews/{id}");
        Assert.Equal(hash, kept.GetProperty("hash").GetString());

        using var started = await op.PostJsonAsync("/api/v1/operations", new { previewId = id, hash });
        Assert.True(started.StatusCode == HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var operation = await started.Content.ReadFromJsonAsync<JsonElement>();
        var operationId = operation.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/operations/{operationId}", started.Headers.Location?.OriginalString);

        using var again = await op.PostJsonAsync("/api/v1/operations", new { previewId = id, hash });
        Assert.Contains("already", await again.ProblemAsync(HttpStatusCode.Conflict), StringComparison.OrdinalIgnoreCase);

        var record = await WaitUntilFinalAsync(op, operationId);
        var summary = record.GetProperty("summary");
        Assert.Equal("Completed", summary.GetProperty("state").GetString());
        Assert.Equal("token:test-operator", summary.GetProperty("user").GetString());
        Assert.Equal(id, summary.GetProperty("previewId").GetString());
        Assert.Equal(hash, summary.GetProperty("previewHash").GetString());
        Assert.Equal("test: terminate one peer", record.GetProperty("request").GetProperty("description").GetString());
        Assert.All(record.GetProperty("items").EnumerateArray(), i => Assert.Contains(i.GetProperty("status").GetString(), new[] { "Succeeded", "Gone" }));

        var after = await op.GetJsonAsync<JsonElement>($"/api/v1/gateways/{Gateway}/sas");
        Assert.DoesNotContain(after.GetProperty("sas").EnumerateArray(), s => s.TryGetProperty("uniqueId", out var u) && u.ValueKind == JsonValueKind.Number && u.GetInt64() == uniqueId);

        using var cancel = await op.PostAsync(Url($"/api/v1/operations/{operationId}/cancel"), null);
        Assert.Contains("Completed", await cancel.ProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
        using var pauseUnknown = await op.PostAsync(Url("/api/v1/operations/999999/pause"), null);
        await pauseUnknown.ProblemAsync(HttpStatusCode.NotFound);

        using var viewer = app.CreateClient(FleetRoles.Viewer);
        var listed = await viewer.GetJsonAsync<JsonElement>($"/api/v1/operations?gateway={Gateway}&state=completed");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetInt64() == operationId);
        using var csv = await viewer.GetAsync(Url($"/api/v1/operations/{operationId}/items?format=csv"));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("operation,item,wave,gateway", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains(Gateway, StringComparison.Ordinal) && l.Contains(remoteHost, StringComparison.Ordinal));

        // the items as pages, filtered by status: what a client following a large operation asks for
        var itemCount = record.GetProperty("items").GetArrayLength();
        var firstPage = await viewer.GetJsonAsync<JsonElement>($"/api/v1/operations/{operationId}/items?limit=1");
        Assert.Equal((itemCount, 0, 1, 1), (firstPage.GetProperty("total").GetInt32(), firstPage.GetProperty("offset").GetInt32(),
            firstPage.GetProperty("limit").GetInt32(), firstPage.GetProperty("items").GetArrayLength()));
        Assert.Equal(record.GetProperty("items")[0].GetProperty("item").GetProperty("id").GetInt32(),
            firstPage.GetProperty("items")[0].GetProperty("item").GetProperty("id").GetInt32());
        var done = await viewer.GetJsonAsync<JsonElement>($"/api/v1/operations/{operationId}/items?status=succeeded,gone");
        Assert.Equal(itemCount, done.GetProperty("total").GetInt32());
        var failed = await viewer.GetJsonAsync<JsonElement>($"/api/v1/operations/{operationId}/items?status=Failed&status=TimedOut");
        Assert.Equal((0, 0), (failed.GetProperty("total").GetInt32(), failed.GetProperty("items").GetArrayLength()));
        using var badStatus = await viewer.GetAsync(Url($"/api/v1/operations/{operationId}/items?status=sleepy"));
        Assert.Contains("status: 'sleepy'", await badStatus.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var badLimit = await viewer.GetAsync(Url($"/api/v1/operations/{operationId}/items?limit=0"));
        Assert.Contains("limit", await badLimit.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var unknown = await viewer.GetAsync(Url("/api/v1/operations/999999/items"));
        await unknown.ProblemAsync(HttpStatusCode.NotFound);

        // the record itself narrows the same way; limit=0 is the record without items
        var bare = await viewer.GetJsonAsync<JsonElement>($"/api/v1/operations/{operationId}?limit=0");
        Assert.Equal((0, itemCount), (bare.GetProperty("items").GetArrayLength(), bare.GetProperty("itemsMatching").GetInt32()));
        Assert.Equal("Completed", bare.GetProperty("summary").GetProperty("state").GetString());
        var noFailures = await viewer.GetJsonAsync<JsonElement>($"/api/v1/operations/{operationId}?status=failed,timedout");
        Assert.Equal((0, 0), (noFailures.GetProperty("items").GetArrayLength(), noFailures.GetProperty("itemsMatching").GetInt32()));
        Assert.Equal(itemCount, record.GetProperty("itemsMatching").GetInt32());
        using var badOffset = await viewer.GetAsync(Url($"/api/v1/operations/{operationId}?offset=-1"));
        Assert.Contains("offset", await badOffset.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_drain_preview_runs_with_progress_on_the_event_stream_and_leaves_a_mark_an_operator_clears()
    {
        await app.WaitForFleetAsync();
        using var op = app.CreateClient(FleetRoles.Operator);
        using var drain = await op.PostJsonAsync("/api/v1/operations/drain", new { gateway = "gw-013", target = "gw-014", waveSize = 5, pause = "0s", description = "test drain" });
        var body = await drain.Content.ReadAsStringAsync();
        Assert.True(drain.StatusCode == HttpStatusCode.OK, body);
        var preview = JsonDocument.Parse(body).RootElement;
        Assert.True(preview.GetProperty("request").GetProperty("drain").GetBoolean());
        Assert.True(preview.GetProperty("itemCount").GetInt32() > 5);
        Assert.True(preview.GetProperty("waves").GetInt32() >= 2);

        // subscribe first: every progress update of the operation arrives
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var stream = app.CreateClient(FleetRoles.Viewer);
        using var response = await stream.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/events?stream=operations"), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        Assert.StartsWith(":", await reader.ReadLineAsync(cts.Token));

        using var started = await op.PostJsonAsync("/api/v1/operations", new { previewId = preview.GetProperty("id").GetString(), hash = preview.GetProperty("hash").GetString() });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var states = new List<string>();
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            var e = JsonDocument.Parse(line["data: ".Length..]).RootElement;
            if (e.GetProperty("type").GetString() != "OperationProgress" || e.GetProperty("data").GetProperty("operationId").GetInt64() != id)
            {
                continue;
            }

            var state = e.GetProperty("data").GetProperty("state").GetString()!;
            states.Add(state);
            if (state is "Completed" or "Failed" or "Cancelled")
            {
                break;
            }
        }

        Assert.Equal("Completed", states[^1]);
        var marks = await op.GetJsonAsync<JsonElement>("/api/v1/drains");
        Assert.Contains(marks.EnumerateArray(), m => m.GetProperty("gateway").GetString() == "gw-013" && m.GetProperty("operationId").GetInt64() == id);
        var record = await op.GetJsonAsync<JsonElement>($"/api/v1/operations/{id}");
        Assert.Equal(JsonValueKind.Object, record.GetProperty("drainReport").ValueKind);

        using var viewer = app.CreateClient(FleetRoles.Viewer);
        using var refused = await viewer.DeleteAsync(Url("/api/v1/drains/gw-013"));
        await refused.ProblemAsync(HttpStatusCode.Forbidden);
        using var cleared = await op.DeleteAsync(Url("/api/v1/drains/gw-013"));
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        using var again = await op.DeleteAsync(Url("/api/v1/drains/gw-013"));
        await again.ProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task<JsonElement> PreviewAsync(HttpClient op, object request)
    {
        using var response = await op.PostJsonAsync("/api/v1/operations/preview", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"preview: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static async Task<JsonElement> WaitUntilFinalAsync(HttpClient client, long operationId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var record = await client.GetJsonAsync<JsonElement>($"/api/v1/operations/{operationId}");
            if (record.GetProperty("summary").GetProperty("state").GetString() is "Completed" or "Failed" or "Cancelled")
            {
                return record;
            }

            Assert.True(DateTime.UtcNow < deadline, $"operation {operationId} did not finish: {record}");
            await Task.Delay(200);
        }
    }
}
