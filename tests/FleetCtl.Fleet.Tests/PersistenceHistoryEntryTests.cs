using Akka.Persistence.Query;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Persistence;
using FleetCtl.Fleet.State;

namespace FleetCtl.Fleet.Tests;

public sealed class PersistenceHistoryEntryTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static HistoryEntry? Entry(object evt, long seq = 5) =>
        HistoryQuery.ToEntry(new EventEnvelope(new Sequence(seq), "gateway-g", seq, evt, 0, []));

    [Fact]
    public void Alerts_and_connectivity_changes_become_entries_with_a_summary()
    {
        var alert = Entry(new AlertRaised("g", T, "proposal-mismatch-ike", "s2s", "203.0.113.7", null, "no proposal chosen", Derived: true))!;
        Assert.Equal(("g", T, "alert", "proposal-mismatch-ike s2s: no proposal chosen", 5L), (alert.Gateway, alert.At, alert.Kind, alert.Summary, alert.SequenceNr));

        var lost = Entry(new GatewayConnectivityChanged("g", T, GatewayConnectionState.Unreachable, "connection refused", "5.9.8"))!;
        Assert.Equal(("connectivity", "Unreachable: connection refused"), (lost.Kind, lost.Summary));
        Assert.Equal("Connected", Entry(new GatewayConnectivityChanged("g", T, GatewayConnectionState.Connected, null, null))!.Summary);
    }

    [Fact]
    public void Sa_changes_say_what_and_how_it_was_learned()
    {
        var child = new ChildSaInfo { Key = "3", Name = "net", UniqueId = 3, State = "INSTALLED", LocalTs = ["10.1.0.0/16"], RemoteTs = ["10.2.0.0/16"] };
        var down = Entry(new ChildSaDown("g", T, SaChangeCause.Resync, "1/x", "s2s", child))!;
        Assert.Equal("child-down", down.Kind);
        Assert.Equal("CHILD_SA down in s2s: net#3 INSTALLED 10.1.0.0/16 === 10.2.0.0/16 (found on resync)", down.Summary);
        Assert.IsType<ChildSaDown>(down.Event);
    }

    [Fact]
    public void The_Sa_filter_matches_IKE_and_CHILD_SA_names_case_insensitively_and_unique_ids_exactly()
    {
        var net = new ChildSaInfo { Key = "3", Name = "net", UniqueId = 3 };
        var ike = new IkeSaInfo { Key = "7:1111111111111111", Name = "s2s", UniqueId = 7, Children = [net] };
        SaChange[] ikeChanges =
        [
            new IkeSaUp("g", T, SaChangeCause.Event, ike), new IkeSaDown("g", T, SaChangeCause.Event, ike),
            new IkeSaUpdated("g", T, SaChangeCause.Event, ike), new IkeSaRekeyed("g", T, SaChangeCause.Event, "5:2222222222222222", ike),
        ];
        SaChange[] childChanges =
        [
            new ChildSaUp("g", T, SaChangeCause.Event, ike.Key, "s2s", net), new ChildSaDown("g", T, SaChangeCause.Event, ike.Key, "s2s", net),
            new ChildSaRekeyed("g", T, SaChangeCause.Event, ike.Key, "s2s", "2", net),
        ];

        foreach (var change in ikeChanges.Concat(childChanges))
        {
            Assert.All(new[] { "s2s", "S2S", "7", "net", "NET", "3" }, sa => Assert.True(HistoryQuery.Concerns(change, sa), $"{change.Kind} {sa}"));
            Assert.All(new[] { "dmz", "07", "8", "s2", "1111111111111111", "" }, sa => Assert.False(HistoryQuery.Concerns(change, sa), $"{change.Kind} {sa}"));
        }

        // a rekey also concerns the SA it replaced
        Assert.True(HistoryQuery.Concerns(ikeChanges[3], "5"));
        Assert.True(HistoryQuery.Concerns(childChanges[2], "2"));
        Assert.False(HistoryQuery.Concerns(ikeChanges[0], "5"));
        Assert.False(HistoryQuery.Concerns(childChanges[0], "2"));
        // an IKE_SA change without children matches only the IKE_SA
        Assert.False(HistoryQuery.Concerns(new IkeSaDown("g", T, SaChangeCause.Event, ike with { Children = [] }), "net"));
    }

    [Fact]
    public void Anything_else_is_not_history() => Assert.Null(Entry("a string"));
}
