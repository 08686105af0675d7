using FleetCtl.Fleet.Persistence;
using Xunit.Abstractions;

namespace FleetCtl.Fleet.Tests;

public sealed class PersistencePostgresTests(PostgresServer server, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task History_survives_a_restart_and_is_queryable_and_gateways_recover()
    {
        var connectionString = server.CreateDatabase("history_" + Guid.NewGuid().ToString("N")[..12]);
        await PersistenceScenario.RunAsync(new FleetPersistenceOptions { Provider = "postgresql", ConnectionString = connectionString }, output);
    }
}
