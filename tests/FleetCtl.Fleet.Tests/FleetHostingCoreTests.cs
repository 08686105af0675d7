using FleetCtl.Fleet.Alerts;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static FleetCtl.Fleet.Tests.SaMessages;

namespace FleetCtl.Fleet.Tests;

/// <summary>The alert book, the timeline and the event stream as <see cref="FleetHostingExtensions.AddFleet"/> wires them, in a real host.</summary>
public sealed class FleetHostingCoreTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fleetctl-hosting-" + Guid.NewGuid().ToString("N"));
    private readonly FakeGateway _up = new();
    private IHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_unreachable_gateway_shows_up_in_the_alert_book_the_event_stream_and_the_timeline()
    {
        _up.SetSas(("s2s", Ike(1, "1111111111111111", ("net", 1, "c0000001"))));
        _up.Start();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Fleet:Persistence:SqlitePath"] = Path.Combine(_dir, "fleetctl.db") });
        builder.Services.AddLogging();
        builder.Services.AddFleet(builder.Configuration, options =>
        {
            options.Inventory = FleetInventory.Create(
            [
                new GatewayDefinition { Name = "gw-up", Uri = _up.Uri },
                new GatewayDefinition { Name = "gw-down", Uri = "unix://" + Path.Combine(_dir, "nobody-listens.vici") },
            ]);
            options.Gateway = new GatewayOptions { BackoffMin = TimeSpan.FromMilliseconds(100), BackoffMax = TimeSpan.FromSeconds(1), RefreshInterval = TimeSpan.Zero };
            options.Timeline = new FleetTimelineOptions
            {
                SampleInterval = TimeSpan.FromMilliseconds(100), GatewaySampleInterval = TimeSpan.FromMilliseconds(100), Retention = TimeSpan.FromMinutes(5),
            };
        });
        _host = builder.Build();
        var stream = _host.Services.GetRequiredService<IFleetEventStream>();
        await using var subscription = stream.Subscribe([FleetTopics.AlertBook, FleetTopics.Gateways]);
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        await _host.StartAsync();
        var alerts = _host.Services.GetRequiredService<IFleetAlerts>();

        // the book (a cluster singleton, up once the node joined itself) opens an alert for the unreachable gateway
        var alert = await Eventually(async () =>
            Assert.Single((await alerts.ListAsync(new AlertQuery { Type = FleetAlertTypes.GatewayUnreachable })).Items));
        Assert.Equal(("gw-down", AlertState.Open), (alert.Gateway, alert.State));

        await Assert.ThrowsAsync<ArgumentException>(() => alerts.ListAsync(new AlertQuery { Limit = AlertQuery.MaxLimit + 1 }));
        Assert.IsType<AcknowledgeResult.Invalid>(await alerts.AcknowledgeAsync(alert.Id, "noc", new string('x', 501)));
        var acked = Assert.IsType<AcknowledgeResult.Acknowledged>(await alerts.AcknowledgeAsync(alert.Id, "noc", "checking the host"));
        Assert.Equal(("noc", "checking the host"), (acked.Alert.AcknowledgedBy, acked.Alert.Comment));
        Assert.IsType<AcknowledgeResult.NotFound>(await alerts.AcknowledgeAsync(alert.Id + 100, "noc", null));
        var counts = await alerts.CountsAsync();
        Assert.Equal((0, 1), (counts.Open, counts.Acknowledged));
        Assert.Equal(1, counts.ByGateway["gw-down"]);

        // the event stream carried the gateways' statuses and the book's changes, acknowledgement included
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            var sawStatus = false;
            await foreach (var message in subscription.Reader.ReadAllAsync(timeout.Token))
            {
                sawStatus |= message is { Topic: FleetTopics.Gateways, Payload: GatewayStatus };
                if (sawStatus && message.Payload is AlertChanged { Alert.State: AlertState.Acknowledged } changed)
                {
                    Assert.Equal(FleetTopics.AlertBook, message.Topic);
                    Assert.Equal(alert.Id, changed.Alert.Id);
                    break;
                }
            }
        }

        // the timeline samples the directory: one gateway connected with its SA, one unreachable
        var timeline = _host.Services.GetRequiredService<FleetTimeline>();
        await Eventually(() =>
        {
            Assert.Contains(timeline.Fleet(since), p => p is { Total: 2, Connected: 1, Unreachable: 1, IkeSas: 1, ChildSas: 1 });
            Assert.Contains(timeline.Gateway("gw-up", since), p => p.IkeSas == 1);
            return Task.FromResult(0);
        });
    }

    private static async Task<T> Eventually<T>(Func<Task<T>> attempt)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        await _up.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
