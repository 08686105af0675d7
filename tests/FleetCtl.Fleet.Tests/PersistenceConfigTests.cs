using FleetCtl.Fleet.Persistence;
using Microsoft.Extensions.Configuration;

namespace FleetCtl.Fleet.Tests;

public sealed class PersistenceConfigTests
{
    [Fact]
    public void Defaults_to_sqlite_and_binds_from_Fleet_Persistence()
    {
        var defaults = FleetPersistenceOptions.FromConfiguration(new ConfigurationBuilder().Build());
        Assert.Equal(("sqlite", "data/fleetctl.db", null), (defaults.Provider, defaults.SqlitePath, defaults.ConnectionString));

        var bound = FleetPersistenceOptions.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fleet:Persistence:Provider"] = "PostgreSQL",
            ["Fleet:Persistence:ConnectionString"] = "Host=db;Password=s3cret",
            ["Fleet:Persistence:BatchSize"] = "50",
        }).Build());
        Assert.Equal(("PostgreSQL", "Host=db;Password=s3cret", 50), (bound.Provider, bound.ConnectionString, bound.BatchSize));
        Assert.Equal("postgresql", bound.Validate());
        Assert.DoesNotContain("s3cret", bound.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_settings_fail_with_a_clear_message()
    {
        var unknown = Assert.Throws<FleetPersistenceException>(() => FleetPersistenceConfig.Build(new FleetPersistenceOptions { Provider = "oracle" }));
        Assert.Contains("'oracle' is not supported", unknown.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<FleetPersistenceException>(() => FleetPersistenceConfig.Build(new FleetPersistenceOptions { Provider = "postgresql" }));
        Assert.Contains("Fleet:Persistence:ConnectionString is required", missing.Message, StringComparison.Ordinal);
        Assert.Throws<FleetPersistenceException>(() => FleetPersistenceConfig.Build(new FleetPersistenceOptions { SqlitePath = " " }));
        Assert.Throws<FleetPersistenceException>(() => FleetPersistenceConfig.Build(new FleetPersistenceOptions { BatchSize = 0 }));
    }

    [Fact]
    public void Sqlite_config_creates_the_directory_and_wires_journal_snapshots_and_query()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fleetctl-cfg-" + Guid.NewGuid().ToString("N"));
        try
        {
            var config = FleetPersistenceConfig.Build(new FleetPersistenceOptions { SqlitePath = Path.Combine(dir, "sub", "h.db") });
            Assert.True(Directory.Exists(Path.Combine(dir, "sub")));
            Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
            Assert.Equal("akka.persistence.snapshot-store.sql", config.GetString("akka.persistence.snapshot-store.plugin"));
            Assert.Equal("SQLite.MS", config.GetString("akka.persistence.journal.sql.provider-name"));
            Assert.Equal("SQLite.MS", config.GetString("akka.persistence.query.journal.sql.provider-name"));
            Assert.Contains(Path.Combine(dir, "sub", "h.db"), config.GetString("akka.persistence.snapshot-store.sql.connection-string"), StringComparison.Ordinal);
            Assert.True(config.GetBoolean("akka.persistence.journal.sql.auto-initialize"));
            Assert.Equal(100, config.GetInt("akka.persistence.journal.sql.batch-size"));
            Assert.Equal("Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql", config.GetString("akka.persistence.journal.sql.class"));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
