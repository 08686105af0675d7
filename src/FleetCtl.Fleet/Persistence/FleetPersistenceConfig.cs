using System.Globalization;
using System.Text;
using Akka.Configuration;
using Akka.Persistence.Sql;

namespace FleetCtl.Fleet.Persistence;

/// <summary>
/// Builds the Akka HOCON for the controller's history: the Akka.Persistence.Sql journal, snapshot store and read journal
/// on SQLite or PostgreSQL (tables created on first start), the event tagger, and the JSON serializer for persisted types.
/// </summary>
public static class FleetPersistenceConfig
{
    public const string JournalPluginId = "akka.persistence.journal.sql";
    public const string SnapshotPluginId = "akka.persistence.snapshot-store.sql";
    public const string ReadJournalPluginId = "akka.persistence.query.journal.sql";

    /// <summary>linq2db provider names.</summary>
    internal const string SqliteProviderName = "SQLite.MS";
    internal const string PostgreSqlProviderName = "PostgreSQL.15";

    /// <summary>The persistence HOCON, falling back to the plugin's defaults. For SQLite, creates the file's directory.</summary>
    public static Config Build(FleetPersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var provider = options.Validate();
        string connectionString, providerName;
        int parallelism;
        if (provider == FleetPersistenceOptions.Sqlite)
        {
            var path = Path.GetFullPath(options.SqlitePath);
            var dir = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            connectionString = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
            UseWriteAheadLog(connectionString);
            providerName = SqliteProviderName;
            parallelism = 1; // one writer: SQLite serialises writes anyway, and concurrent writers only meet "database is locked"
        }
        else
        {
            connectionString = options.ConnectionString!;
            providerName = PostgreSqlProviderName;
            parallelism = 3;
        }

        var cs = Quote(connectionString);
        var pn = Quote(providerName);
        var batch = options.BatchSize.ToString(CultureInfo.InvariantCulture);
        var hocon = $$"""
            akka.persistence {
              journal {
                plugin = "{{JournalPluginId}}"
                sql {
                  connection-string = {{cs}}
                  provider-name = {{pn}}
                  auto-initialize = true
                  tag-write-mode = TagTable
                  batch-size = {{batch}}
                  db-round-trip-max-batch-size = 1000
                  parallelism = {{parallelism}}
                  buffer-size = 5000
                  # a busy fleet can queue writes for a while: fail a write only after a minute, not Akka's default 10 s
                  circuit-breaker { max-failures = 10, call-timeout = 60s, reset-timeout = 30s }
                  event-adapters { fleet-tagger = "{{typeof(FleetEventTagger).AssemblyQualifiedName}}" }
                  event-adapter-bindings {
                    "{{TypeKey(typeof(State.SaChange))}}" = fleet-tagger
                    "{{TypeKey(typeof(GatewayConnectivityChanged))}}" = fleet-tagger
                    "{{TypeKey(typeof(AlertRaised))}}" = fleet-tagger
                  }
                }
              }
              snapshot-store {
                plugin = "{{SnapshotPluginId}}"
                sql {
                  connection-string = {{cs}}
                  provider-name = {{pn}}
                  auto-initialize = true
                  circuit-breaker { max-failures = 10, call-timeout = 60s, reset-timeout = 30s }
                }
              }
              query.journal.sql {
                write-plugin = "{{JournalPluginId}}"
                connection-string = {{cs}}
                provider-name = {{pn}}
                tag-read-mode = TagTable
                refresh-interval = 1s
              }
            }
            """;
        return ConfigurationFactory.ParseString(hocon).WithFallback(Serialization).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    /// <summary>
    /// WAL mode (kept in the file once set): a commit appends to the log instead of rewriting pages, and readers
    /// (history queries) no longer block the journal's writer.
    /// </summary>
    private static void UseWriteAheadLog(string connectionString)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        db.Open();
        using var pragma = db.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL;";
        pragma.ExecuteNonQuery();
    }

    /// <summary>Binds every persisted FleetCtl type to <see cref="FleetJsonSerializer"/> (part of <see cref="Build"/>; on its own for
    /// systems that persist elsewhere, e.g. tests on the in-memory journal).</summary>
    public static Config Serialization { get; } = ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.fleet-json = "{{typeof(FleetJsonSerializer).AssemblyQualifiedName}}"
          serialization-bindings {
        {{Bindings()}}
          }
        }
        """);

    private static string Bindings()
    {
        var sb = new StringBuilder();
        foreach (var type in FleetJsonSerializer.Types)
        {
            sb.Append("    \"").Append(TypeKey(type)).Append("\" = fleet-json\n");
        }

        return sb.ToString();
    }

    private static string TypeKey(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    /// <summary>A HOCON quoted string (JSON escaping).</summary>
    internal static string Quote(string value) => System.Text.Json.JsonSerializer.Serialize(value, QuoteOptions);

    private static readonly System.Text.Json.JsonSerializerOptions QuoteOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
