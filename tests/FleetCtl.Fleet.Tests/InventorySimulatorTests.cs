using FleetCtl.Fleet.Inventory;
using FleetCtl.Simulator;

namespace FleetCtl.Fleet.Tests;

public class InventorySimulatorTests
{
    [Fact]
    public async Task The_simulator_writes_an_inventory_the_controller_loads()
    {
        var dir = Directory.CreateTempSubdirectory("fleetctl-siminv-").FullName;
        try
        {
            await using var fleet = new SimulatedFleet(new FleetOptions { Gateways = 3, SasPerGateway = 1, Directory = dir });
            await fleet.StartAsync();
            var inventory = InventoryLoader.LoadFile(fleet.WriteInventory());
            Assert.Equal(fleet.Gateways.Select(g => g.Name), inventory.Select(g => g.Name));
            Assert.Equal(fleet.Gateways.Select(g => g.Uri), inventory.Select(g => g.Uri));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
