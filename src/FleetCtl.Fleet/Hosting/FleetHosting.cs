using System.Globalization;
using Akka.Configuration;
using Microsoft.Extensions.Configuration;

namespace FleetCtl.Fleet.Hosting;

/// <summary>Configuration pieces of the fleet's actor system that are not Akka.Hosting builder calls.</summary>
public static class FleetHosting
{
    /// <summary>Actor system name (every node of a fleet cluster must use the same).</summary>
    public const string SystemName = "fleetctl";

    /// <summary>The sharding type name of the gateway actors.</summary>
    public const string GatewayRegionName = "gateway";

    /// <summary>
    /// The journal, snapshot store and read journal from <c>Fleet:Persistence</c>: a SQLite file by default
    /// (<c>data/fleetctl.db</c>, created on first start), PostgreSQL by connection string. See docs/history.md.
    /// </summary>
    /// <exception cref="FleetCtl.Fleet.Persistence.FleetPersistenceException">The settings are invalid; the message says which.</exception>
    public static Config PersistenceConfig(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return FleetCtl.Fleet.Persistence.FleetPersistenceConfig.Build(FleetCtl.Fleet.Persistence.FleetPersistenceOptions.FromConfiguration(configuration));
    }

    /// <summary>Reads <c>Fleet:Cluster</c>; everything is optional (defaults: a single node on 127.0.0.1, a free port, joining itself).</summary>
    public static FleetClusterSettings ClusterSettings(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Fleet:Cluster");
        var port = section["Port"] is { Length: > 0 } p ? int.Parse(p, NumberStyles.Integer, CultureInfo.InvariantCulture) : 0;
        return new FleetClusterSettings
        {
            Hostname = section["Hostname"] is { Length: > 0 } h ? h : "127.0.0.1",
            PublicHostname = section["PublicHostname"] is { Length: > 0 } ph ? ph : null,
            Port = port,
            SeedNodes = ReadList(section.GetSection("SeedNodes")),
            Roles = ReadList(section.GetSection("Roles")),
        };
    }

    private static string[] ReadList(IConfigurationSection section)
    {
        // either an array (SeedNodes:0, SeedNodes:1 ...) or one comma-separated string
        if (section.Value is { Length: > 0 } single)
        {
            return single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        return section.GetChildren().Select(c => c.Value).OfType<string>().Where(v => v.Length > 0).ToArray();
    }
}

/// <summary>Cluster membership of this node (<c>Fleet:Cluster</c>). No seed nodes: the node joins itself (a single-node cluster).</summary>
public sealed record FleetClusterSettings
{
    public string Hostname { get; init; } = "127.0.0.1";
    public string? PublicHostname { get; init; }
    public int Port { get; init; }
    public IReadOnlyList<string> SeedNodes { get; init; } = [];
    public IReadOnlyList<string> Roles { get; init; } = [];
}
