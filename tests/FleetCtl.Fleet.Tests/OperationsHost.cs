using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.Operations;
using FleetCtl.Simulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FleetCtl.Fleet.Tests;

/// <summary>
/// The fleet as <see cref="FleetHostingExtensions.AddFleet"/> wires it, in a real host, on a simulated fleet and a SQLite
/// journal in <paramref name="dataDirectory"/> (or the PostgreSQL database <c>postgres</c> names): stop it and start another on
/// the same directory or database to restart the controller.
/// </summary>
internal sealed class OperationsHost(IHost host) : IAsyncDisposable
{
    public static readonly Gateways.GatewayOptions FastGateways = new()
    {
        BackoffMin = TimeSpan.FromMilliseconds(50),
        BackoffMax = TimeSpan.FromMilliseconds(500),
        ResyncTimeout = TimeSpan.FromSeconds(10),
        RefreshInterval = TimeSpan.Zero,
    };

    private bool _stopped;

    public IServiceProvider Services => host.Services;

    public IFleetOperations Operations => host.Services.GetRequiredService<IFleetOperations>();

    public IFleetQueries Queries => host.Services.GetRequiredService<IFleetQueries>();

    public FleetDirectory Directory => host.Services.GetRequiredService<FleetDirectory>();

    public static FleetInventory InventoryOf(SimulatedFleet fleet, Func<SimulatedGateway, string?>? drainTarget = null) =>
        FleetInventory.Create(fleet.Gateways.Select(g => new GatewayDefinition
        {
            Name = g.Name, Uri = g.Uri, Tags = g.Tags, DrainTarget = drainTarget?.Invoke(g),
        }));

    public static async Task<OperationsHost> StartAsync(FleetInventory inventory, string dataDirectory, Action<OperationsOptions>? configure = null,
        TimeProvider? clock = null, string? postgres = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(postgres is null
            ? new Dictionary<string, string?> { ["Fleet:Persistence:SqlitePath"] = Path.Combine(dataDirectory, "fleetctl.db") }
            : new Dictionary<string, string?> { ["Fleet:Persistence:Provider"] = "postgresql", ["Fleet:Persistence:ConnectionString"] = postgres });
        builder.Services.AddLogging();
        if (Environment.GetEnvironmentVariable("FLEETCTL_TEST_LOG") == "1")
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug);
        }
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.Services.AddFleet(builder.Configuration, options =>
        {
            options.Inventory = inventory;
            options.Gateway = FastGateways;
            options.Operations = new OperationsOptions { ProgressInterval = TimeSpan.FromMilliseconds(100), AskTimeout = TimeSpan.FromSeconds(30) };
            configure?.Invoke(options.Operations);
        });
        var host = builder.Build();
        await host.StartAsync();
        var started = new OperationsHost(host);
        await started.AllConnectedAsync(inventory.Count);
        return started;
    }

    /// <summary>Waits until every gateway of the inventory is connected and listed.</summary>
    public Task AllConnectedAsync(int count) => Poll.UntilAsync(() =>
        Directory.All.Count(s => s.State == GatewayConnectionState.Connected && s.LastResyncAt is not null) == count, "every gateway connected");

    /// <summary>Waits until the operation reaches a state that passes <paramref name="until"/>, and returns its record.</summary>
    public async Task<OperationRecord> WaitAsync(long id, Func<OperationRecord, bool> until, string what, TimeSpan? timeout = null)
    {
        OperationRecord? record = null;
        await Poll.UntilAsync(async () => (record = await Operations.GetAsync(id)) is { } r && until(r), what, timeout);
        return record!;
    }

    public Task<OperationRecord> WaitFinalAsync(long id, TimeSpan? timeout = null) =>
        WaitAsync(id, r => r.Summary.State.IsFinal(), $"operation {id} to finish", timeout);

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await host.StopAsync();
        host.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

/// <summary>Polling on state, with a deadline (never a fixed sleep as the assertion).</summary>
internal static class Poll
{
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(50);
        }
    }
}
