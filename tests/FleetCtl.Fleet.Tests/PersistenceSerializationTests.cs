using Akka.Configuration;
using Akka.Persistence.Journal;
using Akka.TestKit.Xunit2;
using FleetCtl.Fleet.Alerts;
using FleetCtl.Fleet.Catalog;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Operations;
using FleetCtl.Fleet.Persistence;
using FleetCtl.Fleet.State;

namespace FleetCtl.Fleet.Tests;

public sealed class PersistenceSerializationTests : TestKit
{
    public PersistenceSerializationTests() : base(ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(FleetPersistenceConfig.Serialization)) { }

    private static readonly DateTimeOffset T = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static ChildSaInfo Child(string name, int id) => new()
    {
        Key = id.ToString(System.Globalization.CultureInfo.InvariantCulture), Name = name, UniqueId = id, Reqid = id, State = "INSTALLED",
        Mode = "TUNNEL", Protocol = "ESP", Encap = true, SpiIn = "c0000001", SpiOut = "c1000001", EncrAlg = "AES_GCM_16", EncrKeysize = 256,
        IntegAlg = null, DhGroup = "CURVE_25519", BytesIn = ulong.MaxValue, PacketsIn = 7, BytesOut = 1234, PacketsOut = 5,
        InstalledAt = T.AddMinutes(-3), RekeyAt = T.AddMinutes(50), ExpiresAt = T.AddHours(1),
        LocalTs = ["10.1.0.0/16", "fd00::/64"], RemoteTs = ["10.2.0.0/16"],
    };

    private static IkeSaInfo Ike(string name, int id) => new()
    {
        Key = $"{id}/111111111111111{id}", Name = name, UniqueId = id, IkeVersion = 2, State = "ESTABLISHED",
        LocalHost = "198.51.100.1", LocalPort = 4500, LocalId = "gw-hq", RemoteHost = "203.0.113.7", RemotePort = 4500, RemoteId = "site-7",
        RemoteEapId = "eap@x", RemoteXauthId = null, Initiator = true, InitiatorSpi = "1111111111111111", ResponderSpi = "00000000000000aa",
        NatAny = true, EncrAlg = "AES_CBC", EncrKeysize = 256, IntegAlg = "HMAC_SHA2_256_128", PrfAlg = "PRF_HMAC_SHA2_256", DhGroup = "CURVE_25519",
        EstablishedAt = T.AddMinutes(-5), RekeyAt = T.AddHours(3), ReauthAt = null,
        LocalVips = ["10.9.0.1"], RemoteVips = [], Children = [Child("net", 1), Child("voip", 2)],
    };

    public static TheoryData<object> Persisted() =>
    [
        new IkeSaUp("gw-1", T, SaChangeCause.Resync, Ike("s2s", 1)),
        new IkeSaDown("gw-1", T, SaChangeCause.Event, Ike("s2s", 1)),
        new IkeSaRekeyed("gw-1", T.ToOffset(TimeSpan.FromHours(2)), SaChangeCause.Event, "1/1111111111111111", Ike("s2s", 2)),
        new IkeSaUpdated("gw-1", T, SaChangeCause.Event, Ike("s2s", 2) with { Children = [] }),
        new ChildSaUp("gw-1", T, SaChangeCause.Event, "1/1111111111111111", "s2s", Child("net", 3)),
        new ChildSaDown("gw-1", T, SaChangeCause.Resync, "1/1111111111111111", "s2s", Child("net", 3)),
        new ChildSaRekeyed("gw-1", T, SaChangeCause.Event, "1/1111111111111111", "s2s", "3", Child("net", 4)),
        new GatewayConnectivityChanged("gw-1", T, GatewayConnectionState.Unreachable, "connection refused \"quoted\" ünïcode", "5.9.8"),
        new GatewayConnectivityChanged("gw-1", T, GatewayConnectionState.Connected, null, null),
        new AlertRaised("gw-1", T, "proposal-mismatch-ike", "s2s", "203.0.113.7", null, "no proposal chosen", Derived: true),
        new GatewaySnapshot([Ike("s2s", 1), Ike("dmz", 2)],
            [new ConfiguredConnection("s2s", ["198.51.100.1"], ["%any"], "IKEv2", [new ConfiguredChild("net", "TUNNEL", ["10.1.0.0/16"], ["10.2.0.0/16"])])]),
        new AlertOpened(7, T, "gw-1", "proposal-mismatch-ike", "s2s", "203.0.113.7", "site-7", "no proposal chosen", Derived: true),
        new AlertOpened(8, T, "gw-1", "gateway-unreachable", null, null, null, "connection refused", Derived: false),
        new AlertRepeated(7, T.AddMinutes(1)),
        new AlertAcknowledged(7, T.AddMinutes(2), "alice", "peer \"fixed\" ünïcode"),
        new AlertAcknowledged(8, T.AddMinutes(2), "bob", null),
        new AlertResolved(8, T.AddMinutes(3)),
        new AlertBookSnapshot(8,
        [
            new FleetAlert
            {
                Id = 7, Gateway = "gw-1", AlertType = "proposal-mismatch-ike", CatalogId = 1014, Severity = CatalogSeverity.Error, Connection = "s2s",
                RemoteHost = "203.0.113.7", RemoteId = "site-7", Description = "no proposal chosen", Derived = true, FirstAt = T, LastAt = T.AddMinutes(1),
                Count = 2, State = AlertState.Acknowledged, AcknowledgedBy = "alice", AcknowledgedAt = T.AddMinutes(2), Comment = "on it",
            },
            new FleetAlert
            {
                Id = 8, Gateway = "gw-1", AlertType = "gateway-unreachable", CatalogId = 2003, Severity = CatalogSeverity.Error,
                Description = "connection refused", FirstAt = T, LastAt = T, State = AlertState.Resolved, ResolvedAt = T.AddMinutes(3),
            },
        ]),
        new OperationStarted(3, T, "alice", "0123456789abcdef", "sha256:00ff", T.AddMinutes(-1), Request(), 2, ["gw-1", "gw-2"],
            [new SkippedItem("gw-1", OperationPlanner.ReasonIkeV1, "legacy", "9/99", 9, RemoteId: "user@x", RemoteHost: "203.0.113.9"),
             new SkippedItem("gw-3", "gateway unreachable: connection refused")]),
        new OperationItemsPlanned(3, T, [Item(0, 1), Item(1, 2) with { Child = "net", ChildKey = "4", ChildId = 4 }]),
        new OperationItemsDispatched(3, T, [0, 1]),
        new OperationItemFinished(3, T, 0, ItemStatus.Succeeded, "success, matches 1", 12.5),
        new OperationItemFinished(3, T, 1, ItemStatus.Failed, "no matching SAs to redirect found \"x\"", null),
        new OperationItemsFinished(3, T, [new ItemResult(0, ItemStatus.Succeeded, "success", 3.25, T), new ItemResult(2, ItemStatus.TimedOut, null, null, T)]),
        new OperationWaveFinished(3, T, 1),
        new OperationPaused(3, T, "bob"),
        new OperationResumed(3, T, "token:ci"),
        new OperationHalted(3, T, 1, "wave 1 of 2: 1 of 2 items failed (50 %), above the 20 % threshold"),
        new OperationCancelled(3, T, "bob"),
        new OperationDrainChecked(3, T, new DrainReport(T, [new DrainRemainder("gw-1", "legacy", 9, "user@x", "203.0.113.9", 1, "skipped: IKEv1")],
            ["gw-3: unreachable"])),
        new OperationEnded(3, T, OperationState.Cancelled, null),
        new OperationIndexed(T, Summary()),
        new OperationClosed(T, Summary() with { State = OperationState.Completed, EndedAt = T.AddMinutes(3), Reason = "done" }),
        new DrainMarkSet(T, new DrainMark("gw-1", 3, T, "gw-2")),
        new DrainMarkCleared(T, "gw-1", "alice"),
        new OperationIndexSnapshot(3, [Summary()], [new DrainMark("gw-1", 3, T, null)]),
    ];

    private static OperationRequest Request() => new()
    {
        Selector = new OperationSelector
        {
            Gateways = ["gw-1", "gw-*"], Tags = new Dictionary<string, string> { ["site"] = "fra*" }, States = [GatewayConnectionState.Connected],
            Connection = "site-*", Child = "net", RemoteId = "*@example.com", RemoteHost = "203.0.113.?", IkeVersion = 2,
            MinAge = TimeSpan.FromMinutes(5), MaxAge = TimeSpan.FromDays(2),
        },
        Action = OperationAction.Redirect("gw-2"),
        Plan = new OperationPlan { WaveSize = 10, PauseBetweenWaves = TimeSpan.FromSeconds(2), MaxFailureRate = 0.25, ItemTimeout = TimeSpan.FromSeconds(9) },
        Description = "CHG-42 \"maintenance\"",
    };

    private static OperationItem Item(int id, int wave) => new()
    {
        Id = id, Gateway = "gw-1", Wave = wave, Connection = "site-7", IkeKey = "7/1111111111111111", IkeId = 7, IkeVersion = 2,
        RemoteId = "site-7", RemoteHost = "203.0.113.7", Since = T.AddHours(-1), Target = "198.51.100.2", TargetGateway = "gw-2",
    };

    private static OperationSummary Summary() => new()
    {
        Id = 3, Kind = OperationActionKind.Redirect, Drain = true, Action = "redirect to gw-2", Selector = "gateways gw-1", State = OperationState.Running,
        User = "alice", CreatedAt = T, Gateways = ["gw-1"], PreviewId = "0123456789abcdef", PreviewHash = "sha256:00ff",
        Counts = new ItemCounts(2, 1, 1, 0, 0, 0, 0, 0), Skipped = 1, Waves = 2, CurrentWave = 1,
    };

    [Theory]
    [MemberData(nameof(Persisted))]
    public void Every_persisted_type_round_trips_through_the_serializer_the_journal_uses(object original)
    {
        var serializer = Sys.Serialization.FindSerializerFor(original);
        Assert.IsType<FleetJsonSerializer>(serializer);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, original);
        Assert.Equal(original.GetType().Name, manifest);

        var bytes = serializer.ToBinary(original);
        var back = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Assert.IsType(original.GetType(), back);
        Assert.Equivalent(original, back, strict: true);
        Assert.Equal(bytes, serializer.ToBinary(back)); // nothing lost, nothing added
    }

    [Fact]
    public void Every_persisted_type_is_covered()
    {
        var covered = Persisted().Cast<object[]>().Select(row => row[0].GetType()).ToHashSet();
        Assert.All(FleetJsonSerializer.Types, t => Assert.Contains(t, covered));
    }

    [Fact]
    public void An_unknown_manifest_fails_clearly()
    {
        var serializer = (FleetJsonSerializer)Sys.Serialization.FindSerializerForType(typeof(IkeSaUp));
        var e = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), "Nope"));
        Assert.Contains("Nope", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Events_are_tagged_with_their_kind()
    {
        var tagger = new FleetEventTagger();
        Assert.Equal(["sa", "ike-up"], Assert.IsType<Tagged>(tagger.ToJournal(new IkeSaUp("g", T, SaChangeCause.Event, Ike("s2s", 1)))).Tags);
        Assert.Equal(["sa", "child-rekey"],
            Assert.IsType<Tagged>(tagger.ToJournal(new ChildSaRekeyed("g", T, SaChangeCause.Event, "k", "s2s", "3", Child("net", 4)))).Tags);
        Assert.Equal(["connectivity"],
            Assert.IsType<Tagged>(tagger.ToJournal(new GatewayConnectivityChanged("g", T, GatewayConnectionState.Connected, null, null))).Tags);
        Assert.Equal(["alert"], Assert.IsType<Tagged>(tagger.ToJournal(new AlertRaised("g", T, "x", null, null, null, "d", false))).Tags);
        Assert.Equal("other", tagger.ToJournal("other"));
        // the alert book's events are not gateway history
        var opened = new AlertOpened(1, T, "g", "x", null, null, null, "d", false);
        Assert.Same(opened, tagger.ToJournal(opened));
    }
}
