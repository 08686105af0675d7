using FleetCtl.Fleet.State;
using static FleetCtl.Fleet.Tests.SaMessages;

namespace FleetCtl.Fleet.Tests;

public class GatewaySaStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void First_listing_brings_every_sa_up_as_found_by_resync()
    {
        var state = new GatewaySaState("gw-001");
        var changes = state.Reconcile([Sa("s2s", Ike(1, "1111111111111111", ("net", 1, "c0000001"), ("voip", 2, "c0000002"))), Sa("dc", Ike(2, "2222222222222222"))], Now);
        Assert.Equal(2, changes.Count);
        Assert.All(changes, c => Assert.Equal(SaChangeCause.Resync, c.Cause));
        Assert.Equal((2, 2), (state.IkeCount, state.ChildCount));
        var s2s = state.Snapshot().Single(s => s.Name == "s2s");
        Assert.Equal(Now.AddSeconds(-60), s2s.EstablishedAt);
        Assert.Null(s2s.ReauthAt); // 0 means never
        Assert.Equal(["net", "voip"], s2s.Children.Select(c => c.Name).Order());
    }

    [Fact]
    public void A_relisting_that_changed_yields_exactly_the_differences()
    {
        var state = new GatewaySaState("gw-001");
        state.Reconcile([Sa("a", Ike(1, "1111111111111111", ("net", 1, "c0000001"), ("voip", 2, "c0000002"))), Sa("b", Ike(2, "2222222222222222"))], Now);

        // while we were away: b went, c came, a lost voip and gained dmz
        var changes = state.Reconcile([Sa("a", Ike(1, "1111111111111111", ("net", 1, "c0000001"), ("dmz", 3, "c0000003"))), Sa("c", Ike(3, "3333333333333333"))], Now);

        Assert.Equal(
            ["child-down a/voip", "child-up a/dmz", "ike-down b", "ike-up c"],
            changes.Select(Describe).Order());
        Assert.Equal((2, 2), (state.IkeCount, state.ChildCount));
        Assert.Empty(state.Reconcile([Sa("a", Ike(1, "1111111111111111", ("net", 1, "c0000001"), ("dmz", 3, "c0000003"))), Sa("c", Ike(3, "3333333333333333"))], Now));
    }

    [Fact]
    public void Counters_refresh_silently()
    {
        var state = new GatewaySaState("gw-001");
        state.Reconcile([Sa("a", Ike(1, "1111111111111111", ("net", 1, "c0000001")))], Now);
        var more = Ike(1, "1111111111111111");
        more.Set("child-sas", new FleetCtl.Vici.ViciMessage().Set("net-1", Child("net", 1, "c0000001", bytesIn: 5000)));
        Assert.Empty(state.Reconcile([Sa("a", more)], Now));
        Assert.Equal(5000UL, state.Snapshot().Single().Children.Single().BytesIn);
    }

    [Fact]
    public void Events_are_idempotent()
    {
        var state = new GatewaySaState("gw-001");
        Assert.Single(state.Apply(IkeUpDown(true, "a", Ike(1, "1111111111111111")), Now));
        Assert.Empty(state.Apply(IkeUpDown(true, "a", Ike(1, "1111111111111111")), Now));
        Assert.Single(state.Apply(ChildUpDown(true, "a", 1, "1111111111111111", "net", 7, "c0000007"), Now));
        Assert.Empty(state.Apply(ChildUpDown(true, "a", 1, "1111111111111111", "net", 7, "c0000007"), Now));
        Assert.Single(state.Apply(ChildUpDown(false, "a", 1, "1111111111111111", "net", 7, "c0000007"), Now));
        Assert.Empty(state.Apply(ChildUpDown(false, "a", 1, "1111111111111111", "net", 7, "c0000007"), Now));
        Assert.Single(state.Apply(IkeUpDown(false, "a", Ike(1, "1111111111111111")), Now));
        Assert.Empty(state.Apply(IkeUpDown(false, "a", Ike(1, "1111111111111111")), Now));
        Assert.Equal(0, state.IkeCount);
    }

    [Fact]
    public void A_redundant_child_down_after_a_rekey_changes_nothing()
    {
        var state = new GatewaySaState("gw-001");
        state.Reconcile([Sa("a", Ike(1, "1111111111111111", ("net", 1, "c0000001")))], Now);
        var rekey = state.Apply(ChildRekey("a", 1, "1111111111111111", "net", 1, "c0000001", 2, "c0000002"), Now);
        var rekeyed = Assert.IsType<ChildSaRekeyed>(Assert.Single(rekey));
        Assert.Equal("1", rekeyed.OldKey);
        Assert.Equal("c0000002", rekeyed.Child.SpiIn);

        // strongSwan may still report the old CHILD_SA going down
        Assert.Empty(state.Apply(ChildUpDown(false, "a", 1, "1111111111111111", "net", 1, "c0000001"), Now));
        Assert.Equal("c0000002", state.Snapshot().Single().Children.Single().SpiIn);
    }

    [Fact]
    public void A_child_event_for_an_unknown_ike_sa_brings_the_ike_sa_up_first()
    {
        var state = new GatewaySaState("gw-001");
        var changes = state.Apply(ChildUpDown(true, "a", 4, "4444444444444444", "net", 9, "c0000009"), Now);
        Assert.Equal(["ike-up a", "child-up a/net"], changes.Select(Describe));
        Assert.Equal((1, 1), (state.IkeCount, state.ChildCount));
    }

    [Fact]
    public void Replaying_the_changes_rebuilds_the_same_state()
    {
        var live = new GatewaySaState("gw-001");
        var history = new List<SaChange>();
        history.AddRange(live.Reconcile([Sa("a", Ike(1, "1111111111111111", ("net", 1, "c0000001"))), Sa("b", Ike(2, "2222222222222222"))], Now));
        history.AddRange(live.Apply(ChildRekey("a", 1, "1111111111111111", "net", 1, "c0000001", 2, "c0000002"), Now));
        history.AddRange(live.Apply(ChildUpDown(true, "b", 2, "2222222222222222", "lan", 5, "c0000005"), Now));
        history.AddRange(live.Apply(IkeUpDown(false, "a", Ike(1, "1111111111111111")), Now));

        var replayed = new GatewaySaState("gw-001");
        foreach (var change in history)
        {
            replayed.Apply(change);
        }

        Assert.Equal(Keys(live), Keys(replayed));
    }

    private static string[] Keys(GatewaySaState s) =>
        [.. s.Snapshot().SelectMany(i => i.Children.Select(c => $"{i.Key}/{c.Key}/{c.SpiIn}").Prepend(i.Key))];

    private static string Describe(SaChange c) => c switch
    {
        IkeSaUp u => $"ike-up {u.Sa.Name}",
        IkeSaDown d => $"ike-down {d.Sa.Name}",
        ChildSaUp u => $"child-up {u.IkeName}/{u.Child.Name}",
        ChildSaDown d => $"child-down {d.IkeName}/{d.Child.Name}",
        _ => c.Kind,
    };
}
