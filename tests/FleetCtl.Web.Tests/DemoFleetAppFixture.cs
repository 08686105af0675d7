using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Web.Api;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FleetCtl.Web.Tests;

/// <summary>One server for the whole class: no configuration, so it starts the demo fleet (20 simulated gateways).</summary>
public sealed class DemoFleetAppFixture : WebApplicationFactory<Program>
{
    public const int DemoGateways = 20;

    private readonly string _data = Directory.CreateTempSubdirectory("fleetctl-web-test-").FullName;

    /// <summary>The SQLite history of this test server (a temp file, not the repository's data/ folder).</summary>
    public string HistoryPath => Path.Combine(_data, "fleetctl.db");

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        builder.UseSetting("Fleet:Persistence:SqlitePath", HistoryPath);
        TestCredentials.Apply(builder, Path.Combine(_data, "auth.json"));
    }

    /// <summary>The API's JSON: camelCase, enums as strings.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>A client that sends the API token of <paramref name="role"/>.</summary>
    public HttpClient CreateClient(string role) => CreateClient().As(role);

    /// <summary>Waits (20 s at most) until every demo gateway is connected with SAs; returns the list as the API gives it.</summary>
    public async Task<IReadOnlyList<GatewaySummary>> WaitForFleetAsync()
    {
        using var client = CreateClient(FleetCtl.Web.Auth.FleetRoles.Viewer);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        IReadOnlyList<GatewaySummary> last = [];
        while (DateTime.UtcNow < deadline)
        {
            last = (await client.GetFromJsonAsync<Page<GatewaySummary>>(new Uri("/api/v1/gateways", UriKind.Relative), Json))?.Items ?? [];
            if (last.Count == DemoGateways && last.All(s => s.State == GatewayConnectionState.Connected && s.IkeSas > 0 && s.ChildSas > 0))
            {
                return last;
            }

            await Task.Delay(200);
        }

        Assert.Fail("not all demo gateways connected within 20 s: " + string.Join(", ", last.Select(s => $"{s.Gateway}={s.State}/{s.IkeSas}/{s.ChildSas}")));
        return last;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Every class that needs the running server shares one (one demo fleet, one actor system).</summary>
[CollectionDefinition(Name)]
public sealed class DemoFleetAppCollection : ICollectionFixture<DemoFleetAppFixture>
{
    public const string Name = "demo app";
}
