using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;
using FleetCtl.Fleet.Inventory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FleetCtl.Web.Tests;

[Collection(DemoFleetAppCollection.Name)]
public sealed class FleetHostingTests(DemoFleetAppFixture app)
{
    [Fact]
    public void Cluster_settings_default_to_a_single_node_on_loopback()
    {
        var settings = FleetHosting.ClusterSettings(new ConfigurationBuilder().Build());

        Assert.Equal("127.0.0.1", settings.Hostname);
        Assert.Equal(0, settings.Port);
        Assert.Empty(settings.SeedNodes);
    }

    [Fact]
    public void Cluster_settings_read_Fleet_Cluster()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fleet:Cluster:Hostname"] = "0.0.0.0",
            ["Fleet:Cluster:PublicHostname"] = "node1.example",
            ["Fleet:Cluster:Port"] = "4053",
            ["Fleet:Cluster:SeedNodes:0"] = "akka.tcp://fleetctl@node1.example:4053",
            ["Fleet:Cluster:SeedNodes:1"] = "akka.tcp://fleetctl@node2.example:4053",
            ["Fleet:Cluster:Roles"] = "web, gateways",
        }).Build();

        var settings = FleetHosting.ClusterSettings(configuration);

        Assert.Equal("0.0.0.0", settings.Hostname);
        Assert.Equal("node1.example", settings.PublicHostname);
        Assert.Equal(4053, settings.Port);
        Assert.Equal(["akka.tcp://fleetctl@node1.example:4053", "akka.tcp://fleetctl@node2.example:4053"], settings.SeedNodes);
        Assert.Equal(["web", "gateways"], settings.Roles);
    }

    [Fact]
    public void Persistence_defaults_to_the_sqlite_journal_and_refuses_bad_settings()
    {
        var config = FleetHosting.PersistenceConfig(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fleet:Persistence:SqlitePath"] = Path.Combine(Path.GetTempPath(), "fleetctl-hosting-test", "h.db"),
        }).Build());

        Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("akka.persistence.snapshot-store.sql", config.GetString("akka.persistence.snapshot-store.plugin"));
        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Fleet:Persistence:Provider"] = "oracle" }).Build();
        var e = Assert.Throws<FleetCtl.Fleet.Persistence.FleetPersistenceException>(() => FleetHosting.PersistenceConfig(bad));
        Assert.Contains("oracle", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Directory_lists_inventory_gateways_as_connecting_until_they_report()
    {
        var inventory = FleetInventory.Create([new GatewayDefinition { Name = "b", Uri = "unix:///x/b.vici" }, new GatewayDefinition { Name = "a", Uri = "unix:///x/a.vici" },
            new GatewayDefinition { Name = "c", Kind = GatewayKind.Libreswan, Command = "ssh c sudo ipsec whack" }]);
        var directory = new FleetDirectory(inventory);
        var seen = new List<string>();
        directory.Changed += s => seen.Add(s.Gateway);
        directory.Changed += _ => throw new InvalidOperationException("a broken listener");

        Assert.Equal(["a", "b", "c"], directory.All.Select(s => s.Gateway));
        Assert.All(directory.All, s => Assert.Equal(GatewayConnectionState.Connecting, s.State));
        Assert.Equal([GatewayKind.StrongSwan, GatewayKind.StrongSwan, GatewayKind.Libreswan], directory.All.Select(s => s.Kind)); // before any report
        Assert.Equal("ssh c sudo ipsec whack", directory.All[2].Uri);

        directory.Update(new GatewayStatus { Gateway = "a", Uri = "unix:///x/a.vici", State = GatewayConnectionState.Connected, IkeSas = 3 });

        Assert.True(directory.TryGet("a", out var a));
        Assert.Equal(GatewayConnectionState.Connected, a.State);
        Assert.Equal(3, a.IkeSas);
        Assert.Equal(["a"], seen);
    }

    [Fact]
    public async Task Directory_notifies_live_changes_from_the_bus()
    {
        var directory = app.Services.GetRequiredService<FleetDirectory>();
        var changed = new TaskCompletionSource<GatewayStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(GatewayStatus s) => changed.TrySetResult(s);
        directory.Changed += OnChanged;
        try
        {
            // gateway actors publish their status on fleet.gateways as it changes (churn keeps SA counts moving)
            var status = await changed.Task.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.StartsWith("gw-", status.Gateway, StringComparison.Ordinal);
        }
        finally
        {
            directory.Changed -= OnChanged;
        }
    }
}
