using Microsoft.AspNetCore.Mvc.Testing;

namespace FleetCtl.Web.Tests;

/// <summary>One server for the whole class: no configuration, so it starts the demo fleet (20 simulated gateways).</summary>
public sealed class DemoFleetAppFixture : WebApplicationFactory<Program>
{
    public const int DemoGateways = 20;
}

/// <summary>Every class that needs the running server shares one (one demo fleet, one actor system).</summary>
[CollectionDefinition(Name)]
public sealed class DemoFleetAppCollection : ICollectionFixture<DemoFleetAppFixture>
{
    public const string Name = "demo app";
}
