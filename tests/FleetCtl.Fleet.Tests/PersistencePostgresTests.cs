using FleetCtl.Fleet.Persistence;
using Xunit.Abstractions;

namespace FleetCtl.Fleet.Tests;

/// <summary>Everything the controller journals (SA history, the alert book, operations) on a real PostgreSQL 15.</summary>
public sealed class PersistencePostgresTests(PostgresServer server, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task History_survives_a_restart_and_is_queryable_and_gateways_recover()
    {
        var connectionString = server.CreateDatabase("history_" + Guid.NewGuid().ToString("N")[..12]);
        await PersistenceScenario.RunAsync(new FleetPersistenceOptions { Provider = "postgresql", ConnectionString = connectionString }, output);
    }

    [Fact]
    public Task The_alert_book_survives_a_restart_of_the_controller() =>
        AlertBookSqliteTests.BookSurvivesRestartAsync(new FleetPersistenceOptions
        {
            Provider = "postgresql", ConnectionString = server.CreateDatabase("alerts_" + Guid.NewGuid().ToString("N")[..12]),
        }, output);

    [Fact]
    public async Task An_operation_under_way_resumes_after_a_controller_restart_and_does_no_item_twice()
    {
        var connectionString = server.CreateDatabase("operations_" + Guid.NewGuid().ToString("N")[..12]);
        var data = Directory.CreateTempSubdirectory("fleetctl-ops-pg-").FullName;
        try
        {
            await using var fleet = new FleetCtl.Simulator.SimulatedFleet(new FleetCtl.Simulator.FleetOptions { Gateways = 4, SasPerGateway = 25, Seed = 5 });
            await fleet.StartAsync();
            await OperationsRestartScenario.RunAsync(fleet, data, connectionString);

            // and the operation's journal is in PostgreSQL (the SQLite default would have left it in the data directory)
            await using var conn = new Npgsql.NpgsqlConnection(connectionString);
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("SELECT count(*) FROM journal WHERE persistence_id = 'operation-1'", conn);
            Assert.True((long)(await cmd.ExecuteScalarAsync())! >= 3, "the operation's events are rows of PostgreSQL's journal");
            Assert.False(File.Exists(Path.Combine(data, "fleetctl.db")));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
