using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace FleetCtl.Fleet.Persistence;

/// <summary>
/// Where the controller keeps its history (the Akka.Persistence.Sql journal and snapshot store).
/// Bound from configuration section <c>Fleet:Persistence</c>. <see cref="ToString"/> never prints the connection string.
/// </summary>
public sealed record FleetPersistenceOptions
{
    public const string SectionName = "Fleet:Persistence";
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    /// <summary><c>sqlite</c> (default) or <c>postgresql</c>.</summary>
    public string Provider { get; init; } = Sqlite;

    /// <summary>The SQLite database file (relative paths are resolved against the working directory); its directory is created on first start.</summary>
    public string SqlitePath { get; init; } = "data/fleetctl.db";

    /// <summary>The PostgreSQL connection string (Npgsql syntax). Required for <c>postgresql</c>; never logged.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>How many journal writes the plugin groups into one database round trip.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Reads <see cref="SectionName"/>; missing keys keep their defaults.</summary>
    public static FleetPersistenceOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var defaults = new FleetPersistenceOptions();
        var batch = section[nameof(BatchSize)];
        return new FleetPersistenceOptions
        {
            Provider = section[nameof(Provider)] ?? defaults.Provider,
            SqlitePath = section[nameof(SqlitePath)] ?? defaults.SqlitePath,
            ConnectionString = section[nameof(ConnectionString)],
            BatchSize = batch is null
                ? defaults.BatchSize
                : int.TryParse(batch, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                    ? n
                    : throw new FleetPersistenceException($"{SectionName}:{nameof(BatchSize)} must be a whole number, not '{batch}'."),
        };
    }

    /// <summary>The provider, lower-cased; throws with a clear message when the settings cannot work.</summary>
    public string Validate()
    {
        var provider = (Provider ?? "").Trim().ToLowerInvariant();
        switch (provider)
        {
            case Sqlite:
                if (string.IsNullOrWhiteSpace(SqlitePath))
                {
                    throw new FleetPersistenceException($"{SectionName}:{nameof(SqlitePath)} is empty: give the SQLite database file, e.g. data/fleetctl.db.");
                }

                break;
            case PostgreSql:
                if (string.IsNullOrWhiteSpace(ConnectionString))
                {
                    throw new FleetPersistenceException(
                        $"{SectionName}:{nameof(ConnectionString)} is required when {SectionName}:{nameof(Provider)} is 'postgresql' " +
                        "(e.g. Host=db;Port=5432;Database=fleetctl;Username=fleetctl;Password=...).");
                }

                break;
            default:
                throw new FleetPersistenceException(
                    $"{SectionName}:{nameof(Provider)} '{Provider}' is not supported: use 'sqlite' (default) or 'postgresql'.");
        }

        if (BatchSize < 1)
        {
            throw new FleetPersistenceException($"{SectionName}:{nameof(BatchSize)} must be at least 1, not {BatchSize}.");
        }

        return provider;
    }

    /// <summary>Safe to log: the connection string is never included.</summary>
    public override string ToString() =>
        $"Provider={Provider}, SqlitePath={SqlitePath}, ConnectionString={(string.IsNullOrEmpty(ConnectionString) ? "(none)" : "(set)")}, BatchSize={BatchSize}";
}

/// <summary>The persistence settings cannot work (unknown provider, missing connection string, ...).</summary>
public sealed class FleetPersistenceException : Exception
{
    public FleetPersistenceException() { }

    public FleetPersistenceException(string message) : base(message) { }

    public FleetPersistenceException(string message, Exception inner) : base(message, inner) { }
}
