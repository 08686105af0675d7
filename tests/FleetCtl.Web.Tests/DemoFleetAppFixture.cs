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

    /// <summary>A client that sends the API token of <paramref name="role"/>.</summary>
    public HttpClient CreateClient(string role) => CreateClient().As(role);

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
