using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Akka.Remote.Hosting;
using FleetCtl.Fleet.Alerts;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.Operations;
using FleetCtl.Fleet.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace FleetCtl.Fleet.Hosting;

/// <summary>What <see cref="FleetHostingExtensions.AddFleet"/> needs besides configuration.</summary>
public sealed class FleetHostingOptions
{
    /// <summary>The gateways; null: <see cref="InventoryLoader.Load"/> from configuration.</summary>
    public FleetInventory? Inventory { get; set; }

    /// <summary>Base folder for a relative inventory file path.</summary>
    public string? BaseDirectory { get; set; }

    /// <summary>How every gateway actor keeps its connection (<c>Fleet:Gateway</c>).</summary>
    public GatewayOptions Gateway { get; set; } = new();

    /// <summary>How the alert book keeps its alerts and how long <see cref="IFleetAlerts"/> waits for it.</summary>
    public AlertBookOptions Alerts { get; set; } = new();

    /// <summary>How fleet operations are previewed, run and reported, and how long <see cref="IFleetOperations"/> waits.</summary>
    public OperationsOptions Operations { get; set; } = new();

    /// <summary>How often <see cref="FleetTimeline"/> samples and how much it keeps.</summary>
    public FleetTimelineOptions Timeline { get; set; } = new();

    /// <summary>Extra Akka.Hosting setup, run after the fleet's.</summary>
    public Action<AkkaConfigurationBuilder, IServiceProvider>? ConfigureAkka { get; set; }
}

/// <summary>The fleet's actor system, wired in one place.</summary>
public static class FleetHostingExtensions
{
    /// <summary>
    /// Adds the fleet: a cluster (single node unless <c>Fleet:Cluster:SeedNodes</c> says otherwise), the <c>gateway</c>
    /// shard region of <see cref="GatewayActor"/>s (every inventory gateway woken at start), DistributedPubSub as their
    /// bus, persistence from <see cref="FleetHosting.PersistenceConfig"/>, Akka logging into Microsoft.Extensions.Logging,
    /// <see cref="FleetDirectory"/> and <see cref="IFleetQueries"/>; the alert book (<see cref="AlertBookActor"/>, a cluster
    /// singleton under <see cref="AlertBookKey"/>) and <see cref="IFleetAlerts"/>; fleet operations (<see cref="OperationsManagerActor"/>,
    /// a cluster singleton under <see cref="OperationsManagerKey"/>, which wakes unfinished operations at start) and
    /// <see cref="IFleetOperations"/>; <see cref="FleetTimeline"/> with its
    /// <see cref="FleetTimelineActor"/>; <see cref="IFleetEventStream"/> with its <see cref="FleetEventStreamActor"/>.
    /// </summary>
    public static IServiceCollection AddFleet(this IServiceCollection services, IConfiguration configuration, Action<FleetHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new FleetHostingOptions();
        configure?.Invoke(options);
        var inventory = options.Inventory ?? InventoryLoader.Load(configuration, options.BaseDirectory);
        var cluster = FleetHosting.ClusterSettings(configuration);

        services.AddSingleton(inventory);
        services.AddSingleton(options.Gateway);
        services.TryAddSingleton<IGatewayConnector>(sp =>
        {
            var gateway = sp.GetRequiredService<GatewayOptions>();
            return new GatewayConnectors(new ViciGatewayConnector(), new LibreswanGatewayConnector(gateway.LibreswanPollInterval, null,
                new FleetCtl.Libreswan.CommandOptions { Timeout = gateway.LibreswanCommandTimeout }));
        });
        services.AddSingleton<FleetDirectory>();
        services.AddSingleton<IFleetQueries, FleetQueries>();
        services.AddSingleton(options.Alerts);
        services.AddSingleton<IFleetAlerts, FleetAlerts>();
        options.Operations.Validate();
        services.AddSingleton(options.Operations);
        services.AddSingleton<IFleetOperations, FleetOperations>();
        services.AddSingleton<Diagnosis.IFleetDiagnosis, Diagnosis.FleetDiagnosis>();
        options.Timeline.Validate();
        services.AddSingleton(options.Timeline);
        services.AddSingleton(sp => new FleetTimeline(sp.GetRequiredService<FleetDirectory>(), options.Timeline, sp.GetService<TimeProvider>()));
        services.AddSingleton<FleetEventStream>();
        services.AddSingleton<IFleetEventStream>(sp => sp.GetRequiredService<FleetEventStream>());

        services.AddAkka(FleetHosting.SystemName, (builder, sp) =>
        {
            builder.AddHocon(FleetHosting.PersistenceConfig(configuration), HoconAddMode.Prepend);
            builder.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            builder.WithRemoting(new RemoteOptions
            {
                HostName = cluster.Hostname,
                Port = cluster.Port,
                PublicHostName = cluster.PublicHostname,
            });
            builder.WithClustering(new ClusterOptions
            {
                SeedNodes = cluster.SeedNodes.Count > 0 ? cluster.SeedNodes.ToArray() : null,
                Roles = cluster.Roles.Count > 0 ? cluster.Roles.ToArray() : null,
            });
            builder.WithDistributedPubSub(string.Empty);
            // a singleton even on one node, so running several nodes later needs no redesign
            builder.WithSingleton<AlertBookKey>(
                "alert-book",
                (system, _, _) => AlertBookActor.SupervisedProps(DistributedPubSub.Get(system).Mediator, options.Alerts, sp.GetService<TimeProvider>()),
                new ClusterSingletonOptions(),
                createProxyToo: true);
            builder.WithShardRegion<GatewayRegion>(
                FleetHosting.GatewayRegionName,
                (system, _, _) => GatewayEntityProps(system, sp),
                new GatewayMessageExtractor(),
                new ShardOptions { StateStoreMode = StateStoreMode.DData, RememberEntities = false });
            // after the gateway region: operations send their items to it
            builder.WithSingleton<OperationsManagerKey>(
                "operations",
                (system, registry, _) => OperationsManagerActor.SupervisedProps(inventory, registry.Get<GatewayRegion>(), DistributedPubSub.Get(system).Mediator,
                    options.Operations, sp.GetRequiredService<ILoggerFactory>().CreateLogger("FleetCtl.Fleet.Operations"), sp.GetService<TimeProvider>()),
                new ClusterSingletonOptions(),
                createProxyToo: true);
            builder.WithActors((system, registry) =>
            {
                if (cluster.SeedNodes.Count == 0)
                {
                    // single node: the node is its own seed (its port is only known once remoting is up)
                    var self = Akka.Cluster.Cluster.Get(system);
                    self.Join(self.SelfAddress);
                }

                var mediator = DistributedPubSub.Get(system).Mediator;
                var feeder = system.ActorOf(FleetDirectoryActor.Props(sp.GetRequiredService<FleetDirectory>(), mediator, registry.Get<OperationsManagerKey>()),
                    "fleet-directory");
                registry.Register<FleetDirectoryKey>(feeder);
                var timeline = system.ActorOf(FleetTimelineActor.Props(sp.GetRequiredService<FleetTimeline>(), mediator), "fleet-timeline");
                registry.Register<FleetTimelineKey>(timeline);
                var events = system.ActorOf(FleetEventStreamActor.Props(sp.GetRequiredService<FleetEventStream>(), mediator, sp.GetService<TimeProvider>()),
                    "fleet-event-stream");
                registry.Register<FleetEventStreamKey>(events);

                // no remember-entities yet: wake every gateway of the inventory so all connect at start
                // (the region buffers these until the shard coordinator is up)
                var region = registry.Get<GatewayRegion>();
                foreach (var gateway in inventory)
                {
                    region.Tell(new WakeGateway(gateway.Name));
                }
            });
            options.ConfigureAkka?.Invoke(builder, sp);
        });
        return services;
    }

    private static Func<string, Props> GatewayEntityProps(ActorSystem system, IServiceProvider sp)
    {
        var inventory = sp.GetRequiredService<FleetInventory>();
        var connector = sp.GetRequiredService<IGatewayConnector>();
        var gatewayOptions = sp.GetRequiredService<GatewayOptions>();
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger<GatewayActor>();
        var bus = DistributedPubSub.Get(system).Mediator;
        return name => inventory.TryGet(name, out var gateway) && Address(gateway) is { } address
            ? GatewayActor.SupervisedProps(gateway.Name, address, connector, bus, gatewayOptions, logger)
            : UnknownGatewayActor.Props(name);
    }

    /// <summary>How the gateway actor reaches a gateway: its VICI URI, or for libreswan its whack command.</summary>
    private static string? Address(GatewayDefinition gateway) => gateway.Kind switch
    {
        GatewayKind.Libreswan when gateway.Command is { } command => LibreswanGatewayConnector.AddressFor(command),
        GatewayKind.StrongSwan => gateway.Uri,
        _ => null,
    };
}

/// <summary>Stands in for a name the inventory does not have (or cannot reach): answers failures and stops.</summary>
internal sealed class UnknownGatewayActor : ReceiveActor
{
    public UnknownGatewayActor(string name)
    {
        ReceiveAny(_ =>
        {
            Sender.Tell(new Status.Failure(new KeyNotFoundException($"no gateway '{name}' in the inventory")));
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        });
    }

    public static Props Props(string name) => Akka.Actor.Props.Create(() => new UnknownGatewayActor(name));
}
