using FleetCtl.Fleet.Diagnosis;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.State;

namespace FleetCtl.Fleet.Tests.Diagnosis;

/// <summary>Finding the managed gateway at the far end of a tunnel, and remembering it instead of asking the whole fleet each time.</summary>
public sealed class ManagedPeersTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    private sealed class Views : IFleetQueries
    {
        public Dictionary<string, string> LocalAddress { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<string> Asked { get; } = [];

        /// <summary>Gateways that have not listed their state yet (just started, or never reached).</summary>
        public HashSet<string> NotListed { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Task<GatewayView?> GetGatewayViewAsync(string name, CancellationToken cancellationToken = default)
        {
            lock (Asked)
            {
                Asked.Add(name);
            }

            var status = new GatewayStatus
            {
                Gateway = name, Uri = $"unix:///run/{name}.vici", State = GatewayConnectionState.Connected,
                LastResyncAt = NotListed.Contains(name) ? null : T0,
            };
            ConfiguredConnection[] connections = LocalAddress.TryGetValue(name, out var address) ? [new ConfiguredConnection("s2s", [address], ["%any"], "2", [])] : [];
            return Task.FromResult<GatewayView?>(new GatewayView(status, [], connections, []));
        }
    }

    private static (ManagedPeers Peers, Views Views, ManualClock Clock) Fleet(int gateways)
    {
        var inventory = FleetInventory.Create([.. Enumerable.Range(1, gateways).Select(i => new GatewayDefinition { Name = $"gw-{i}", Uri = $"unix:///run/gw-{i}.vici" })]);
        var views = new Views();
        for (var i = 1; i <= gateways; i++)
        {
            views.LocalAddress[$"gw-{i}"] = $"10.0.0.{i}";
        }

        var clock = new ManualClock(T0);
        return (new ManagedPeers(inventory, views, clock), views, clock);
    }

    private static HashSet<string> Set(params string[] addresses) => new(addresses, StringComparer.OrdinalIgnoreCase);

    [Fact]
    public async Task The_peer_found_once_is_asked_alone_next_time()
    {
        var (peers, views, _) = Fleet(20);
        Assert.Equal("gw-7", await peers.FindAsync("gw-1", Set("10.0.0.7"), default));
        Assert.Equal(20, views.Asked.Count); // the first time: every gateway

        views.Asked.Clear();
        Assert.Equal("gw-7", await peers.FindAsync("gw-1", Set("10.0.0.7"), default));
        Assert.Equal(["gw-7"], views.Asked);
        // from the other end too: the scan saw gw-1's own address
        views.Asked.Clear();
        Assert.Equal("gw-1", await peers.FindAsync("gw-7", Set("10.0.0.1"), default));
        Assert.Equal(["gw-1"], views.Asked);
    }

    [Fact]
    public async Task A_peer_that_moved_is_found_again_and_never_the_gateway_itself()
    {
        var (peers, views, _) = Fleet(5);
        Assert.Equal("gw-3", await peers.FindAsync("gw-1", Set("10.0.0.3"), default));

        // the address moved from gw-3 to gw-5 (re-addressed, or a standby took over)
        views.LocalAddress["gw-3"] = "10.0.0.99";
        views.LocalAddress["gw-5"] = "10.0.0.3";
        views.Asked.Clear();
        Assert.Equal("gw-5", await peers.FindAsync("gw-1", Set("10.0.0.3"), default));
        Assert.Equal("gw-3", views.Asked[0]); // checked first, no longer the owner, then every gateway
        Assert.Equal(1 + 5, views.Asked.Count);

        // a tunnel to one's own address has no managed peer
        Assert.Null(await peers.FindAsync("gw-5", Set("10.0.0.3"), default));
    }

    [Fact]
    public async Task Addresses_nobody_owned_in_a_scan_are_not_looked_for_again_for_a_minute()
    {
        var (peers, views, clock) = Fleet(10);
        Assert.Null(await peers.FindAsync("gw-1", Set("198.51.100.7"), default));
        Assert.Equal(10, views.Asked.Count);

        views.Asked.Clear();
        clock.Now = T0 + ManagedPeers.UnmanagedFor - TimeSpan.FromSeconds(1);
        Assert.Null(await peers.FindAsync("gw-1", Set("198.51.100.7"), default));
        Assert.Null(await peers.FindAsync("gw-2", Set("203.0.113.9"), default)); // nobody owned it in that scan either
        Assert.Equal("gw-6", await peers.FindAsync("gw-2", Set("10.0.0.6"), default)); // but the scan saw gw-6's address
        Assert.Equal(["gw-6"], views.Asked);
        views.Asked.Clear();

        // a minute later a new gateway may hold it: the fleet is asked again
        views.LocalAddress["gw-4"] = "198.51.100.7";
        clock.Now = T0 + ManagedPeers.UnmanagedFor;
        Assert.Equal("gw-4", await peers.FindAsync("gw-1", Set("198.51.100.7"), default));
        Assert.Equal(10, views.Asked.Count);
        Assert.Null(await peers.FindAsync("gw-1", Set(), default));
    }

    [Fact]
    public async Task A_scan_while_a_gateway_has_not_listed_its_state_says_nothing_about_addresses_nobody_owned()
    {
        var (peers, views, _) = Fleet(4);
        views.NotListed.Add("gw-3");
        views.LocalAddress.Remove("gw-3");
        Assert.Null(await peers.FindAsync("gw-1", Set("10.0.0.3"), default));

        // gw-3 lists its connections: the next diagnosis finds it at once, not a minute later
        views.NotListed.Clear();
        views.LocalAddress["gw-3"] = "10.0.0.3";
        views.Asked.Clear();
        Assert.Equal("gw-3", await peers.FindAsync("gw-1", Set("10.0.0.3"), default));
        Assert.Equal(4, views.Asked.Count);
    }
}
