using FleetCtl.Fleet.Persistence;

namespace FleetCtl.Fleet.Tests;

public sealed class PersistencePostgresTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task History_survives_a_restart_and_is_queryable_and_gateways_recover()
    {
        var connectionString = server.CreateDatabase("history_" + Guid.NewGuid().ToString("N")[..12]);
        await PersistenceScenario.RunAsync(new FleetPersistenceOptions { Provider = "postgresql", ConnectionString = connectionString });
    }
}
