using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.Operations;
using FleetCtl.Fleet.State;

namespace FleetCtl.Fleet.Tests;

/// <summary>The preview's rules on hand-made views: which SAs become items, in which waves, and what is skipped and why.</summary>
public sealed class OperationPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static readonly FleetInventory Inventory = FleetInventory.Create(
    [
        new GatewayDefinition { Name = "gw-1", Uri = "unix:///1", DrainTarget = "gw-2" },
        new GatewayDefinition { Name = "gw-2", Uri = "unix:///2" },
        new GatewayDefinition { Name = "gw-3", Uri = "unix:///3", DrainTarget = "gw-4" },
        new GatewayDefinition { Name = "gw-4", Uri = "unix:///4", Tags = new Dictionary<string, string> { ["redirect-address"] = "192.0.2.4" } },
        new GatewayDefinition { Name = "lw-1", Kind = GatewayKind.Libreswan, Command = "whack" },
    ]);

    private static IkeSaInfo Sa(long id, string name, int version = 2, string state = "ESTABLISHED", string local = "198.51.100.1",
        params string[] children) => new()
    {
        Key = $"{id}:{id:x16}", Name = name, UniqueId = id, IkeVersion = version, State = state, LocalHost = local,
        RemoteHost = $"203.0.113.{id}", RemoteId = $"peer-{id}", EstablishedAt = Now.AddMinutes(-id),
        Children = [.. children.Select((c, i) => new ChildSaInfo { Key = $"{id * 10 + i}", Name = c, UniqueId = id * 10 + i, State = "INSTALLED", InstalledAt = Now.AddMinutes(-1) })],
    };

    private static GatewayView View(string gateway, GatewayConnectionState state, IReadOnlyList<IkeSaInfo> sas, params ConfiguredConnection[] conns) => new(
        new GatewayStatus { Gateway = gateway, Uri = "x", State = state, LastError = state == GatewayConnectionState.Unreachable ? "connection refused" : null },
        sas, conns, []);

    private static PlannedItems Plan(OperationRequest request, params GatewayView[] views)
    {
        var looks = views.ToDictionary(v => v.Status.Gateway, GatewayLook.Of, StringComparer.OrdinalIgnoreCase);
        return OperationPlanner.Plan(request, Inventory, OperationPlanner.SelectGateways(request, Inventory), looks, Now);
    }

    [Fact]
    public void A_redirect_takes_established_ikev2_sas_and_says_why_it_skips_the_others()
    {
        var gw1 = View("gw-1", GatewayConnectionState.Connected,
            [Sa(1, "site-1"), Sa(2, "legacy-xauth", version: 1), Sa(3, "site-3", state: "CONNECTING"), Sa(4, "rw-eap", children: "rw")]);
        var gw2 = View("gw-2", GatewayConnectionState.Connected, [Sa(7, "site-7", local: "198.51.100.2")]);
        var plan = Plan(new OperationRequest { Selector = new OperationSelector { Gateways = ["gw-1", "gw-2", "gw-9"] }, Action = OperationAction.Redirect("gw-2") },
            gw1, gw2);

        Assert.Equal([1L, 4L], plan.Items.Select(i => i.IkeId!.Value));
        Assert.All(plan.Items, i => Assert.Equal(("198.51.100.2", "gw-2"), (i.Target, i.TargetGateway)));
        Assert.Equal(
        [
            ("gw-9", null, "not a gateway of the inventory"),
            ("gw-1", (long?)2, OperationPlanner.ReasonIkeV1),
            ("gw-1", 3, "the IKE_SA is CONNECTING, not ESTABLISHED"),
            ("gw-2", 7, OperationPlanner.ReasonOwnGateway),
        ], plan.Skipped.Select(s => (s.Gateway, s.IkeId, s.Reason)));
        Assert.Equal(["gw-1", "gw-2"], plan.Gateways);
    }

    [Fact]
    public void Drain_targets_come_from_the_inventory_and_an_unknown_target_address_skips_the_gateway()
    {
        // gw-3 drains to gw-4, whose address is tagged; gw-1 drains to gw-2, which is unreachable: no peers go there
        var plan = Plan(OperationRequest.ForDrain("gw-1", null, null, "gw-3"),
            View("gw-1", GatewayConnectionState.Connected, [Sa(1, "site-1")]),
            View("gw-3", GatewayConnectionState.Connected, [Sa(5, "site-5"), Sa(6, "site-6")]),
            View("gw-2", GatewayConnectionState.Unreachable, [Sa(9, "site-9", local: "198.51.100.2")]),
            View("gw-4", GatewayConnectionState.Connected, []));

        Assert.Equal([("gw-3", 5L, "192.0.2.4"), ("gw-3", 6L, "192.0.2.4")], plan.Items.Select(i => (i.Gateway, i.IkeId!.Value, i.Target!)));
        var skipped = Assert.Single(plan.Skipped);
        Assert.Equal("gw-1", skipped.Gateway);
        Assert.True(skipped.WholeGateway);
        Assert.StartsWith("target gateway gw-2 is unreachable since", skipped.Reason, StringComparison.Ordinal);
        Assert.EndsWith("connection refused: peers sent there might find nobody", skipped.Reason, StringComparison.Ordinal);

        // connected but with neither SAs nor addressed connections: its address is unknown
        var unknown = Plan(OperationRequest.ForDrain("gw-1", null),
            View("gw-1", GatewayConnectionState.Connected, [Sa(1, "site-1")]),
            View("gw-2", GatewayConnectionState.Connected, []));
        Assert.StartsWith("the address of target gateway gw-2 is unknown", Assert.Single(unknown.Skipped).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreachable_gateways_are_skipped_whole_and_the_state_filter_unselects()
    {
        var all = new OperationRequest { Action = OperationAction.Terminate(SaLevel.Ike) };
        var plan = Plan(all,
            View("gw-1", GatewayConnectionState.Unreachable, []),
            View("gw-2", GatewayConnectionState.Connected, [Sa(1, "a")]),
            View("gw-3", GatewayConnectionState.Connecting, []));

        Assert.Equal([("gw-2", 1L)], plan.Items.Select(i => (i.Gateway, i.IkeId!.Value)));
        Assert.Equal(["gw-1", "gw-3", "gw-4", "lw-1"], plan.Skipped.Select(s => s.Gateway));
        Assert.Contains("connection refused", plan.Skipped[0].Reason, StringComparison.Ordinal);
        Assert.Equal("gateway unreachable: no answer from its actor", plan.Skipped[2].Reason); // gw-4: no view at all
        Assert.Equal("gateway unreachable: no answer from its actor", plan.Skipped[3].Reason); // lw-1: no view either

        var connectedOnly = Plan(all with { Selector = new OperationSelector { States = [GatewayConnectionState.Connected], Gateways = ["gw-?"] } },
            View("gw-1", GatewayConnectionState.Unreachable, []),
            View("gw-2", GatewayConnectionState.Connected, [Sa(1, "a")]),
            View("gw-3", GatewayConnectionState.Connected, []),
            View("gw-4", GatewayConnectionState.Connected, []));
        Assert.Empty(connectedOnly.Skipped);
        Assert.Equal(["gw-2", "gw-3", "gw-4"], connectedOnly.Gateways);
    }

    [Fact]
    public void A_libreswan_gateway_takes_terminate_rekey_and_initiate_but_its_sas_are_not_redirected()
    {
        var lw = View("lw-1", GatewayConnectionState.Connected, [Sa(4, "to-hq")], new ConfiguredConnection("to-hq", [], [], "IKEv2", []));
        var terminate = Plan(new OperationRequest { Selector = new OperationSelector { Gateways = ["lw-1"] }, Action = OperationAction.Terminate(SaLevel.Ike) }, lw);
        Assert.Equal([("lw-1", 4L)], terminate.Items.Select(i => (i.Gateway, i.IkeId!.Value)));
        Assert.Empty(terminate.Skipped);

        var down = lw with { Sas = [] };
        var initiate = Plan(new OperationRequest { Selector = new OperationSelector { Gateways = ["lw-1"] }, Action = OperationAction.Initiate("to-hq") }, down);
        Assert.Equal(["lw-1"], initiate.Items.Select(i => i.Gateway));

        var redirect = Plan(new OperationRequest { Selector = new OperationSelector { Gateways = ["lw-1"] }, Action = OperationAction.Redirect("gw-2") },
            lw, View("gw-2", GatewayConnectionState.Connected, []));
        Assert.Empty(redirect.Items);
        Assert.Equal(OperationPlanner.ReasonLibreswanRedirect, Assert.Single(redirect.Skipped).Reason);
        Assert.Contains("whack redirects every peer of a connection at once", redirect.Skipped[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Child_level_actions_make_one_item_per_matching_child()
    {
        var view = View("gw-2", GatewayConnectionState.Connected, [Sa(1, "site-1", children: ["net", "voice"]), Sa(2, "site-2", children: ["net"]), Sa(3, "rw", children: ["rw"])]);
        var plan = Plan(new OperationRequest
        {
            Selector = new OperationSelector { Gateways = ["gw-2"], Connection = "site-*", Child = "net" },
            Action = OperationAction.Rekey(SaLevel.Child),
        }, view);

        Assert.Equal([(1L, "net", 10L), (2L, "net", 20L)], plan.Items.Select(i => (i.IkeId!.Value, i.Child!, i.ChildId!.Value)));
        Assert.Equal(SaCommandKind.RekeyChild, SaCommand.For(OperationAction.Rekey(SaLevel.Child), plan.Items[0]).Kind);
    }

    [Fact]
    public void Initiate_makes_one_item_per_gateway_where_the_child_is_loaded_and_down()
    {
        var conn = new ConfiguredConnection("s2s", ["198.51.100.1"], ["203.0.113.50"], "IKEv2", [new ConfiguredChild("net", "TUNNEL", [], [])]);
        var rw = new ConfiguredConnection("rw", ["198.51.100.1"], ["%any"], "IKEv2", [new ConfiguredChild("net", "TUNNEL", [], [])]);
        var plan = Plan(new OperationRequest { Selector = new OperationSelector { Gateways = ["gw-1", "gw-2", "gw-3", "gw-4"] }, Action = OperationAction.Initiate("s2s", "net") },
            View("gw-1", GatewayConnectionState.Connected, [], conn),
            View("gw-2", GatewayConnectionState.Connected, [Sa(1, "s2s", children: "net")], conn),
            View("gw-3", GatewayConnectionState.Connected, []),
            View("gw-4", GatewayConnectionState.Connected, [], rw with { Name = "s2s" }));

        Assert.Equal(("gw-1", "s2s", "net"), plan.Items.Select(i => (i.Gateway, i.Connection!, i.Child!)).Single());
        Assert.Equal(
        [
            ("gw-2", "CHILD_SA 'net' is already installed"),
            ("gw-3", "connection 's2s' is not loaded on this gateway"),
            ("gw-4", "connection 's2s' accepts any peer (remote %any): it can only respond, not initiate"),
        ], plan.Skipped.Select(s => (s.Gateway, s.Reason)));
    }

    [Fact]
    public void Items_are_dealt_into_waves_round_robin_over_gateways_and_the_hash_fingerprints_them()
    {
        var request = new OperationRequest
        {
            Selector = new OperationSelector { Gateways = ["gw-1", "gw-2"] },
            Action = OperationAction.Terminate(SaLevel.Ike),
            Plan = new OperationPlan { WaveSize = 3 },
        };
        var views = new[]
        {
            View("gw-1", GatewayConnectionState.Connected, [Sa(1, "a"), Sa(2, "b"), Sa(3, "c"), Sa(4, "d")]),
            View("gw-2", GatewayConnectionState.Connected, [Sa(5, "e")]),
        };
        var plan = Plan(request, views);

        Assert.Equal([(0, 1, "gw-1", 1L), (1, 1, "gw-2", 5L), (2, 1, "gw-1", 2L), (3, 2, "gw-1", 3L), (4, 2, "gw-1", 4L)],
            plan.Items.Select(i => (i.Id, i.Wave, i.Gateway, i.IkeId!.Value)));
        var hash = OperationPreview.ComputeHash(request, plan.Items, plan.Skipped);
        Assert.StartsWith("sha256:", hash, StringComparison.Ordinal);
        Assert.Equal(hash, OperationPreview.ComputeHash(request, Plan(request, views).Items, plan.Skipped));
        Assert.NotEqual(hash, OperationPreview.ComputeHash(request, plan.Items.Take(4).ToList(), plan.Skipped));
    }

    [Fact]
    public void Inventory_problems_name_unknown_targets_and_drained_gateways()
    {
        Assert.Equal(["The redirect target 'gw-9' is not a gateway of the inventory.", "Gateway 'gw-8' to drain is not in the inventory."],
            OperationPlanner.InventoryProblems(OperationRequest.ForDrain("gw-8", "gw-9"), Inventory));
    }
}
