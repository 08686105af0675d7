using FleetCtl.Fleet.Persistence;
using Xunit.Abstractions;

namespace FleetCtl.Fleet.Tests;

public sealed class PersistenceSqliteTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fleetctl-sqlite-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task History_survives_a_restart_and_is_queryable_and_gateways_recover()
    {
        // a directory that does not exist yet: created on first start
        var path = Path.Combine(_dir, "data", "fleetctl.db");
        await PersistenceScenario.RunAsync(new FleetPersistenceOptions { Provider = "sqlite", SqlitePath = path }, output);
        Assert.True(File.Exists(path));

        // the rows are FleetCtl JSON with the type name as manifest, and the tags are in the tag table
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        db.Open();
        using var rows = db.CreateCommand();
        rows.CommandText = "SELECT DISTINCT identifier, manifest FROM journal ORDER BY manifest";
        var kinds = new List<(long, string)>();
        using (var reader = rows.ExecuteReader())
        {
            while (reader.Read())
            {
                kinds.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        Assert.Equal([(7301L, "GatewayConnectivityChanged"), (7301L, "IkeSaDown"), (7301L, "IkeSaUp")], kinds);
        using var tags = db.CreateCommand();
        tags.CommandText = "SELECT tag, COUNT(*) FROM tags GROUP BY tag ORDER BY tag";
        var counts = new List<string>();
        using (var reader = tags.ExecuteReader())
        {
            while (reader.Read())
            {
                counts.Add($"{reader.GetString(0)}={reader.GetInt64(1)}");
            }
        }

        Assert.Equal(["connectivity=3", "ike-down=2", "ike-up=4", "sa=6"], counts);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
