using System.Globalization;
using System.Net;
using System.Text;
using FleetCtl.Fleet.Persistence;
using FleetCtl.Web.Api;
using FleetCtl.Web.Auth;
using Microsoft.AspNetCore.Http;

namespace FleetCtl.Web.Tests;

/// <summary><c>/api/v1/history</c> over the demo fleet's persisted events. Queries that compare pages end at a time in
/// the past, so the live demo events arriving meanwhile do not shift them.</summary>
[Collection(DemoFleetAppCollection.Name)]
public sealed class HistoryApiTests(DemoFleetAppFixture app)
{
    private static readonly string[] s_saKinds = ["ike-up", "ike-down", "ike-rekey", "ike-update", "child-up", "child-down", "child-rekey"];

    /// <summary>Waits until the journal holds a few hundred events and returns a time before which the set is settled.</summary>
    private async Task<string> SettledUntilAsync(HttpClient client)
    {
        await app.WaitForFleetAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await client.GetJsonAsync<Page<HistoryItem>>("/api/v1/history?limit=0")).Total < 200 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        var until = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(1);
        await Task.Delay(1500); // events stamped before 'until' are written by now
        return Uri.EscapeDataString(until.ToString("O", CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Pages_of_one_time_range_line_up_and_order_oldest_reverses_newest()
    {
        using var client = app.CreateClient(FleetRoles.Viewer);
        var to = await SettledUntilAsync(client);

        var ten = await client.GetJsonAsync<Page<HistoryItem>>($"/api/v1/history?to={to}&limit=10");
        var first = await client.GetJsonAsync<Page<HistoryItem>>($"/api/v1/history?to={to}&limit=5");
        var second = await client.GetJsonAsync<Page<HistoryItem>>($"/api/v1/history?to={to}&limit=5&offset=5");
        Assert.Equal(10, ten.Items.Count);
        Assert.Equal(ten.Total, first.Total);
        Assert.Equal(ten.Total, second.Total);
        Assert.Equal(5, second.Offset);
        Assert.Equal(Keys(ten.Items), Keys([.. first.Items, .. second.Items]));
        Assert.Equal(ten.Items.OrderByDescending(i => i.At).Select(i => i.At), ten.Items.Select(i => i.At));

        var oldest = await client.GetJsonAsync<Page<HistoryItem>>($"/api/v1/history?to={to}&order=oldest&limit=1000");
        Assert.Equal(oldest.Items.OrderBy(i => i.At).Select(i => i.At), oldest.Items.Select(i => i.At));
        if (oldest.Total <= 1000)
        {
            var newest = await client.GetJsonAsync<Page<HistoryItem>>($"/api/v1/history?to={to}&order=NEWEST&limit=1000");
            Assert.Equal(Keys(oldest.Items).Order(), Keys(newest.Items).Order());
        }
    }

    [Fact]
    public async Task Gateway_kind_and_time_filters_each_hold_for_every_item()
    {
        using var client = app.CreateClient(FleetRoles.Viewer);
        var to = await SettledUntilAsync(client);
        var all = await client.GetJsonAsync<Page<HistoryItem>>($"/api/v1/history?to={to}&limit=1000");

        var gw = await client.GetJsonAsync<Page<HistoryItem>>($"/api/v1/history?to={to}&gateway=GW-002&limit=1000");
        Assert.NotEmpty(gw.Items);
        Assert.All(gw.Items, i => Assert.Equal("gw-002", i.Gateway));
        Assert.True(gw.Total < all.Total);

        var connectivity = await client.GetJsonAsync<Page<HistoryItem>>($"/api/v1/history?to={to}&kind=connectivity");
        Assert.NotEmpty(connectivity.Items); // every demo gateway connected once at least
        Assert.All(connectivity.Items, i => Assert.Equal("connectivity", i.Kind));

        var sa = await client.GetJsonAsync<Page<HistoryItem>>($"/api/v1/history?to={to}&kind=SA&limit=1000");
        Assert.NotEmpty(sa.Items);
        Assert.All(sa.Items, i => Assert.Contains(i.Kind, s_saKinds));

        var ups = await client.GetJsonAsync<Page<HistoryItem>>($"/api/v1/history?to={to}&kind=ike-up,child-up&kind=connectivity&limit=1000");
        Assert.Contains(ups.Items, i => i.Kind == "ike-up");
        Assert.All(ups.Items, i => Assert.Contains(i.Kind, (string[])["ike-up", "child-up", "connectivity"]));
        Assert.Equal(all.Items.Count(i => i.Kind is "ike-up" or "child-up" or "connectivity"), ups.Total);

        // a window in the middle of what there is
        var times = all.Items.Select(i => i.At).Order().ToList();
        var from = times[times.Count / 4];
        var until = times[times.Count * 3 / 4];
        var window = await client.GetJsonAsync<Page<HistoryItem>>(
            $"/api/v1/history?from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(until.ToString("O", CultureInfo.InvariantCulture))}&limit=1000");
        Assert.NotEmpty(window.Items);
        Assert.All(window.Items, i => Assert.InRange(i.At, from, until - TimeSpan.FromTicks(1)));
        Assert.Equal(times.Count(t => t >= from && t < until), window.Total);

        var item = all.Items[0];
        Assert.False(string.IsNullOrEmpty(item.Summary));
        Assert.True(item.SequenceNr > 0);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, ((System.Text.Json.JsonElement)item.Event).ValueKind);
    }

    [Fact]
    public async Task The_sa_filter_finds_one_sas_changes_by_unique_id()
    {
        using var client = app.CreateClient(FleetRoles.Viewer);
        var to = await SettledUntilAsync(client);
        var ups = await client.GetJsonAsync<Page<HistoryItem>>($"/api/v1/history?to={to}&gateway=gw-003&kind=ike-up&limit=1");
        var sa = ((System.Text.Json.JsonElement)ups.Items.Single().Event).GetProperty("sa");
        var id = sa.GetProperty("uniqueId").GetRawText();

        var one = await client.GetJsonAsync<Page<HistoryItem>>($"/api/v1/history?to={to}&gateway=gw-003&sa={id}&limit=1000");
        Assert.NotEmpty(one.Items);
        // IKE_SA and CHILD_SA unique ids are separate counters in charon: the filter matches either
        Assert.All(one.Items, i => Assert.Contains(id, UniqueIds((System.Text.Json.JsonElement)i.Event)));
        Assert.Contains(one.Items, i => i.Summary.Contains($"#{id}", StringComparison.Ordinal));
        var gatewayTotal = (await client.GetJsonAsync<Page<HistoryItem>>($"/api/v1/history?to={to}&gateway=gw-003&limit=0")).Total;
        Assert.True(one.Total < gatewayTotal);
    }

    /// <summary>Every IKE_SA and CHILD_SA unique id an SA change carries.</summary>
    private static List<string> UniqueIds(System.Text.Json.JsonElement change)
    {
        var ids = new List<string>();
        foreach (var name in (string[])["sa", "child", "previous"])
        {
            if (change.TryGetProperty(name, out var sa) && sa.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                ids.Add(sa.GetProperty("uniqueId").GetRawText());
                if (sa.TryGetProperty("children", out var children))
                {
                    ids.AddRange(children.EnumerateArray().Select(c => c.GetProperty("uniqueId").GetRawText()));
                }
            }
        }

        if (change.TryGetProperty("oldKey", out var old) && old.GetString() is { } key)
        {
            ids.Add(key.Split(':')[0]); // a rekey matches through the SA it replaced (IKE key "id:spi", CHILD key "id")
        }

        return ids;
    }

    [Fact]
    public async Task Csv_is_a_download_with_the_columns_and_the_same_events_as_json()
    {
        using var client = app.CreateClient(FleetRoles.Viewer);
        var to = await SettledUntilAsync(client);
        var json = await client.GetJsonAsync<Page<HistoryItem>>($"/api/v1/history?to={to}&gateway=gw-001&limit=1000");

        using var response = await client.GetAsync(ApiTestHelpers.Url($"/api/v1/history?to={to}&gateway=gw-001&format=csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition;
        Assert.Equal("attachment", disposition?.DispositionType);
        Assert.Matches(@"^fleetctl-history-gw-001-\d{8}T\d{6}Z\.csv$", disposition?.FileName?.Trim('"'));
        Assert.Equal(json.Total.ToString(CultureInfo.InvariantCulture), response.Headers.GetValues("X-Total-Count").Single());

        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at,gateway,kind,summary,sequenceNr", lines[0]);
        Assert.Equal(json.Items.Count, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Contains(",gw-001,", l, StringComparison.Ordinal));
        var first = json.Items[0];
        Assert.StartsWith($"{first.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)},gw-001,{first.Kind},", lines[1], StringComparison.Ordinal);
        Assert.EndsWith($",{first.SequenceNr}", lines[1], StringComparison.Ordinal);

        // Accept: text/csv asks for CSV too
        using var accept = new HttpRequestMessage(HttpMethod.Get, ApiTestHelpers.Url($"/api/v1/history?to={to}&limit=3"));
        accept.Headers.Accept.ParseAdd("text/csv");
        using var byAccept = await client.SendAsync(accept);
        Assert.Equal("text/csv", byAccept.Content.Headers.ContentType?.MediaType);
        Assert.Equal(4, (await byAccept.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        // CSV pages may be larger than JSON ones
        using var big = await client.GetAsync(ApiTestHelpers.Url($"/api/v1/history?to={to}&format=csv&limit=5000"));
        Assert.Equal(HttpStatusCode.OK, big.StatusCode);
    }

    [Fact]
    public async Task Csv_quotes_fields_and_defuses_text_a_spreadsheet_would_run_as_a_formula()
    {
        var at = new DateTimeOffset(2026, 11, 3, 8, 0, 0, TimeSpan.Zero);
        var entries = new[]
        {
            new HistoryEntry("gw-1", at, "alert", "=HYPERLINK(\"http://evil\",\"x\")", new object(), 7),
            new HistoryEntry("gw-1", at, "alert", "peer says \"hi\", twice", new object(), 8),
        };
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;

        await new HistoryCsvResult(entries, 2, "x.csv").ExecuteAsync(context);

        var text = Encoding.UTF8.GetString(body.ToArray());
        Assert.Equal(
            "at,gateway,kind,summary,sequenceNr\r\n" +
            "2026-11-03T08:00:00.0000000Z,gw-1,alert,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",7\r\n" +
            "2026-11-03T08:00:00.0000000Z,gw-1,alert,\"peer says \"\"hi\"\", twice\",8\r\n", text);
        Assert.Equal("attachment; filename=x.csv", context.Response.Headers.ContentDisposition.ToString());
    }

    [Theory]
    [InlineData("kind=bogus", HttpStatusCode.BadRequest, "kind: 'bogus' is not one of sa, ike-up, ike-down, ike-rekey, ike-update, child-up, child-down, child-rekey, connectivity, alert")]
    [InlineData("from=yesterday", HttpStatusCode.BadRequest, "from: 'yesterday' is not an ISO 8601 time")]
    [InlineData("to=2026-13-45", HttpStatusCode.BadRequest, "to: '2026-13-45' is not an ISO 8601 time")]
    [InlineData("from=2026-11-03T10:00:00Z&to=2026-11-03T09:00:00Z", HttpStatusCode.BadRequest, "from (2026-11-03T10:00:00.0000000+00:00) must be before to")]
    [InlineData("from=2026-11-03T10:00:00Z&to=2026-11-03T10:00:00Z", HttpStatusCode.BadRequest, "from (")]
    [InlineData("order=sideways", HttpStatusCode.BadRequest, "order: 'sideways' is not one of newest, oldest")]
    [InlineData("format=xml", HttpStatusCode.BadRequest, "format: 'xml' is not one of json, csv")]
    [InlineData("limit=1001", HttpStatusCode.BadRequest, "limit: '1001' is out of range; give 0 to 1000")]
    [InlineData("format=csv&limit=100001", HttpStatusCode.BadRequest, "limit: '100001' is out of range; give 0 to 100000")]
    [InlineData("offset=x", HttpStatusCode.BadRequest, "offset: 'x' is not a whole number")]
    [InlineData("gateway=bad%20name", HttpStatusCode.BadRequest, "gateway: gateway name 'bad name' contains a space")]
    [InlineData("gateway=nope", HttpStatusCode.NotFound, "no gateway 'nope'")]
    [InlineData("gateway=nope&format=csv", HttpStatusCode.NotFound, "no gateway 'nope'")]
    public async Task Bad_history_parameters_are_problems_naming_what_is_wrong(string query, HttpStatusCode status, string expected)
    {
        using var client = app.CreateClient(FleetRoles.Viewer);
        var detail = await client.GetProblemAsync($"/api/v1/history?{query}", status);
        Assert.StartsWith(expected, detail, StringComparison.Ordinal);
    }

    private static List<string> Keys(IEnumerable<HistoryItem> items) => [.. items.Select(i => $"{i.Gateway}#{i.SequenceNr}")];
}
