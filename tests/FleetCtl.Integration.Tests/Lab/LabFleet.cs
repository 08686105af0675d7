using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FleetCtl.Integration.Tests.Lab;

/// <summary>The controller as the server hosts it (AddFleet, SQLite journal in <c>data</c>) over lab gateways, and the waits and
/// operation runs the real-daemon tests share.</summary>
internal static class LabFleet
{
    public static readonly GatewayOptions QuickGateways = new()
    {
        BackoffMin = TimeSpan.FromMilliseconds(100), BackoffMax = TimeSpan.FromSeconds(1), ResyncTimeout = TimeSpan.FromSeconds(10),
        RefreshInterval = TimeSpan.Zero, LibreswanPollInterval = TimeSpan.FromMilliseconds(500), LibreswanCommandTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Starts the host and waits until every gateway is connected.</summary>
    public static async Task<IHost> StartAsync(IEnumerable<GatewayDefinition> gateways, string data)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Fleet:Persistence:SqlitePath"] = Path.Combine(data, "fleetctl.db") });
        builder.Services.AddLogging();
        builder.Services.AddFleet(builder.Configuration, options =>
        {
            options.Inventory = FleetInventory.Create(gateways);
            options.Gateway = QuickGateways;
            options.Operations = new OperationsOptions { ProgressInterval = TimeSpan.FromMilliseconds(100), AskTimeout = TimeSpan.FromSeconds(30) };
        });
        var host = builder.Build();
        await host.StartAsync();
        var directory = host.Services.GetRequiredService<FleetDirectory>();
        await Until(() => Task.FromResult(directory.All.All(s => s.State == GatewayConnectionState.Connected)), "every lab gateway connected");
        return host;
    }

    /// <summary>Previews <paramref name="request"/>, executes the preview, and waits for the operation's final record.</summary>
    public static async Task<OperationRecord> RunAsync(IFleetOperations ops, OperationRequest request)
    {
        var preview = await ops.PreviewAsync(request);
        var started = Assert.IsType<ExecuteResult.Started>(await ops.ExecuteAsync(preview.Id, "integration-test", preview.Hash));
        return await FinalAsync(ops, started.Operation.Id);
    }

    public static async Task<OperationRecord> FinalAsync(IFleetOperations ops, long id)
    {
        OperationRecord? record = null;
        await Until(async () => (record = await ops.GetAsync(id)) is { } r && r.Summary.State.IsFinal(), $"operation {id} to finish");
        return record!;
    }

    public static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for: {what}");
            }

            await Task.Delay(100);
        }
    }
}
