using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using FleetCtl.Fleet.Alerts;
using FleetCtl.Fleet.Catalog;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Persistence;

namespace FleetCtl.Fleet.Tests;

public sealed class AlertBookTests : TestKit
{
    private static readonly Config s_config = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """).WithFallback(FleetPersistenceConfig.Serialization);

    internal static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_ask = TimeSpan.FromSeconds(5);
    private readonly ManualClock _clock = new(T0.AddHours(1));

    public AlertBookTests() : base(s_config) { }

    internal static AlertRaised Raised(string gateway, string type, string? connection, DateTimeOffset at, string description = "no proposal chosen") =>
        new(gateway, at, type, connection, "203.0.113.7", "site-7", description, Derived: false);

    internal static GatewayStatus Status(string gateway, GatewayConnectionState state, DateTimeOffset since, string? error = null) => new()
    {
        Gateway = gateway,
        Uri = $"unix:///run/{gateway}.vici",
        State = state,
        Since = since,
        UnreachableSince = state == GatewayConnectionState.Unreachable ? since : null,
        LastError = error,
    };

    private (IActorRef Book, TestProbe Bus) Start(AlertBookOptions? options = null, string name = "book")
    {
        var bus = CreateTestProbe();
        var book = Sys.ActorOf(AlertBookActor.Props(bus.Ref, options ?? new AlertBookOptions(), _clock), name);
        Assert.Equal(FleetTopics.Alerts, bus.ExpectMsg<Subscribe>().Topic);
        Assert.Equal(FleetTopics.Gateways, bus.ExpectMsg<Subscribe>().Topic);
        return (book, bus);
    }

    private static Task<AlertPage> List(IActorRef book, AlertQuery? query = null) => book.Ask<AlertPage>(new ListAlerts(query ?? new AlertQuery()), s_ask);

    private static Task<AcknowledgeResult> Ack(IActorRef book, long id, string user = "alice", string? comment = null) =>
        book.Ask<AcknowledgeResult>(new AcknowledgeAlert(id, user, comment), s_ask);

    [Fact]
    public async Task Repeats_of_an_open_alert_are_counted_on_it_and_others_open_new_alerts()
    {
        var (book, _) = Start();
        book.Tell(Raised("gw-1", "proposal-mismatch-ike", "s2s", T0));
        book.Tell(Raised("gw-1", "proposal-mismatch-ike", "s2s", T0.AddMinutes(5), "again"));
        book.Tell(Raised("gw-1", "proposal-mismatch-ike", "dmz", T0.AddMinutes(1)));
        book.Tell(Raised("gw-2", "proposal-mismatch-ike", "s2s", T0.AddMinutes(2)));
        book.Tell(Raised("gw-1", "peer-auth-failed", null, T0.AddMinutes(3)));
        book.Tell(Raised("gw-1", "peer-auth-failed", null, T0.AddMinutes(4)));
        book.Tell(Raised("gw-2", "something-new", "s2s", T0.AddMinutes(6)));

        var page = await List(book);

        Assert.Equal(5, page.Total);
        // newest first, by last occurrence
        Assert.Equal([5L, 1L, 4L, 3L, 2L], page.Items.Select(a => a.Id));
        var s2s = page.Items.Single(a => a.Id == 1);
        Assert.Equal(("gw-1", "proposal-mismatch-ike", "s2s", 2, T0, T0.AddMinutes(5)), (s2s.Gateway, s2s.AlertType, s2s.Connection, s2s.Count, s2s.FirstAt, s2s.LastAt));
        Assert.Equal("no proposal chosen", s2s.Description);
        Assert.Equal((1014, CatalogSeverity.Error, AlertState.Open), (s2s.CatalogId, s2s.Severity, s2s.State));
        Assert.Equal(2, page.Items.Single(a => a.Id == 4).Count);
        var unknown = page.Items.Single(a => a.Id == 5);
        Assert.Equal((CatalogIds.UnknownAlert, FleetCatalog.Get(CatalogIds.UnknownAlert).Severity), (unknown.CatalogId, unknown.Severity));
    }

    [Fact]
    public async Task Acknowledging_closes_an_alert_once_and_a_repeat_then_opens_a_new_one()
    {
        var (book, _) = Start();
        book.Tell(Raised("gw-1", "ts-mismatch", "s2s", T0));

        var acked = Assert.IsType<AcknowledgeResult.Acknowledged>(await Ack(book, 1, "alice", "peer changed its subnets"));
        Assert.Equal((AlertState.Acknowledged, "alice", _clock.Now, "peer changed its subnets"),
            (acked.Alert.State, acked.Alert.AcknowledgedBy, acked.Alert.AcknowledgedAt, acked.Alert.Comment));
        Assert.Equal(1, acked.Id);

        var again = Assert.IsType<AcknowledgeResult.AlreadyAcknowledged>(await Ack(book, 1, "bob", "me too"));
        Assert.Equal(("alice", "peer changed its subnets"), (again.Alert.AcknowledgedBy, again.Alert.Comment));

        book.Tell(Raised("gw-1", "ts-mismatch", "s2s", T0.AddMinutes(1)));
        var page = await List(book);
        Assert.Equal([(2L, AlertState.Open, 1), (1L, AlertState.Acknowledged, 1)], page.Items.Select(a => (a.Id, a.State, a.Count)));
    }

    [Fact]
    public async Task Unknown_ids_and_invalid_acknowledgements_are_refused_without_a_change()
    {
        var (book, bus) = Start();
        book.Tell(Raised("gw-1", "ts-mismatch", "s2s", T0));
        Assert.IsType<AlertChanged>(bus.ExpectMsg<Publish>().Message);

        Assert.Equal(new AcknowledgeResult.NotFound(99), await Ack(book, 99));
        Assert.Equal(99, (await Ack(book, 99)).Id);
        var tooLong = Assert.IsType<AcknowledgeResult.Invalid>(await Ack(book, 1, "alice", new string('x', AcknowledgeAlert.MaxCommentLength + 1)));
        Assert.Contains("500", tooLong.Reason, StringComparison.Ordinal);
        Assert.IsType<AcknowledgeResult.Invalid>(await Ack(book, 1, " "));
        Assert.IsType<AcknowledgeResult.Acknowledged>(await Ack(book, 1, "alice", new string('x', AcknowledgeAlert.MaxCommentLength)));

        // the next publication is the acknowledgement: the refusals published nothing
        Assert.Equal(AlertState.Acknowledged, Assert.IsType<AlertChanged>(bus.ExpectMsg<Publish>().Message).Alert.State);
    }

    [Fact]
    public async Task An_unreachable_gateway_opens_one_alert_that_resolves_when_it_is_connected_again()
    {
        var (book, _) = Start();
        var down = T0.AddMinutes(10);
        book.Tell(Status("gw-1", GatewayConnectionState.Connected, T0));
        book.Tell(Status("gw-1", GatewayConnectionState.Unreachable, down, "connection refused"));
        // retries: connecting, unreachable again ... the same outage
        book.Tell(Status("gw-1", GatewayConnectionState.Connecting, down.AddSeconds(1)) with { UnreachableSince = down });
        book.Tell(Status("gw-1", GatewayConnectionState.Unreachable, down.AddSeconds(2), "connection refused") with { UnreachableSince = down });
        book.Tell(Status("gw-1", GatewayConnectionState.Unreachable, down.AddSeconds(3), "connection refused") with { UnreachableSince = down });

        var alert = Assert.Single((await List(book)).Items);
        Assert.Equal((FleetAlertTypes.GatewayUnreachable, CatalogIds.GatewayUnreachable, CatalogSeverity.Error, AlertState.Open, down, 1),
            (alert.AlertType, alert.CatalogId, alert.Severity, alert.State, alert.FirstAt, alert.Count));
        Assert.Contains("connection refused", alert.Description, StringComparison.Ordinal);
        Assert.IsType<AcknowledgeResult.Acknowledged>(await Ack(book, alert.Id, "alice", "host rebooting"));

        var up = T0.AddMinutes(20);
        book.Tell(Status("gw-1", GatewayConnectionState.Connected, up));
        var resolved = Assert.Single((await List(book)).Items);
        Assert.Equal((AlertState.Resolved, up, "alice"), (resolved.State, resolved.ResolvedAt, resolved.AcknowledgedBy));
        Assert.IsType<AcknowledgeResult.AlreadyResolved>(await Ack(book, alert.Id));
        Assert.Equal(0, (await book.Ask<AlertCounts>(GetAlertCounts.Instance, s_ask)).Total);

        // a later outage is a new alert, and an open one resolves too
        book.Tell(Status("gw-1", GatewayConnectionState.Unreachable, T0.AddMinutes(30), "timeout"));
        book.Tell(Status("gw-1", GatewayConnectionState.Connected, T0.AddMinutes(31)));
        var page = await List(book);
        Assert.Equal([(2L, AlertState.Resolved), (1L, AlertState.Resolved)], page.Items.Select(a => (a.Id, a.State)));
    }

    [Fact]
    public async Task Counts_cover_open_and_acknowledged_alerts()
    {
        var (book, _) = Start();
        book.Tell(Raised("gw-1", "ts-mismatch", "a", T0));
        book.Tell(Raised("gw-1", "ts-mismatch", "b", T0));
        book.Tell(Raised("gw-2", "retransmit-send", "a", T0));
        book.Tell(Status("gw-3", GatewayConnectionState.Unreachable, T0));
        book.Tell(Status("gw-4", GatewayConnectionState.Unreachable, T0));
        book.Tell(Status("gw-4", GatewayConnectionState.Connected, T0.AddMinutes(1)));
        await Ack(book, 2);

        var counts = await book.Ask<AlertCounts>(GetAlertCounts.Instance, s_ask);

        Assert.Equal((3, 1, 4), (counts.Open, counts.Acknowledged, counts.Total));
        Assert.Equal(new Dictionary<string, int> { ["ts-mismatch"] = 2, ["retransmit-send"] = 1, [FleetAlertTypes.GatewayUnreachable] = 1 }, counts.ByType);
        Assert.Equal(new Dictionary<string, int> { ["gw-1"] = 2, ["gw-2"] = 1, ["gw-3"] = 1 }, counts.ByGateway);
        Assert.Equal(new Dictionary<CatalogSeverity, int> { [CatalogSeverity.Error] = 3, [CatalogSeverity.Information] = 1 }, counts.BySeverity);
    }

    [Fact]
    public async Task Queries_filter_by_state_gateway_type_severity_and_text_and_page()
    {
        var (book, _) = Start();
        book.Tell(Raised("gw-1", "ts-mismatch", "s2s", T0));
        book.Tell(Raised("gw-1", "retransmit-send", "s2s", T0.AddMinutes(1)));
        book.Tell(Raised("gw-2", "ts-mismatch", "dmz", T0.AddMinutes(2), "TS_UNACCEPTABLE from peer"));
        book.Tell(Raised("gw-2", "cert-expired", "dmz", T0.AddMinutes(3)));
        await Ack(book, 4, "alice", "renewal ordered");

        async Task<string> Ids(AlertQuery q) => string.Join(",", (await List(book, q)).Items.Select(a => a.Id));

        Assert.Equal("3,2,1", await Ids(new AlertQuery { States = [AlertState.Open] }));
        Assert.Equal("4", await Ids(new AlertQuery { States = [AlertState.Acknowledged, AlertState.Resolved] }));
        Assert.Equal("4,3", await Ids(new AlertQuery { Gateway = "gw-2" }));
        Assert.Equal("3,1", await Ids(new AlertQuery { Type = "TS-MISMATCH" }));
        Assert.Equal("4,3,1", await Ids(new AlertQuery { MinSeverity = CatalogSeverity.Warning }));
        Assert.Equal("3", await Ids(new AlertQuery { Text = "ts_unacceptable" }));
        Assert.Equal("4", await Ids(new AlertQuery { Text = "Renewal" }));
        Assert.Equal("3", await Ids(new AlertQuery { Gateway = "gw-2", States = [AlertState.Open], MinSeverity = CatalogSeverity.Error }));

        var page = await List(book, new AlertQuery { Offset = 1, Limit = 2 });
        Assert.Equal((4, "3,2"), (page.Total, string.Join(",", page.Items.Select(a => a.Id))));
        Assert.Empty((await List(book, new AlertQuery { Offset = 4 })).Items);

        Assert.Null(new AlertQuery().Validate());
        Assert.NotNull(new AlertQuery { Limit = AlertQuery.MaxLimit + 1 }.Validate());
        Assert.NotNull(new AlertQuery { Limit = 0 }.Validate());
        Assert.NotNull(new AlertQuery { Offset = -1 }.Validate());
    }

    [Fact]
    public async Task Only_the_oldest_closed_alerts_are_dropped_beyond_the_cap()
    {
        var (book, _) = Start(new AlertBookOptions { MaxClosedAlerts = 2 });
        foreach (var type in new[] { "ts-mismatch", "cert-expired", "vip-failure", "unique-keep", "ike-sa-expired" })
        {
            book.Tell(Raised("gw-1", type, "s2s", T0));
        }

        book.Tell(Status("gw-2", GatewayConnectionState.Unreachable, T0));
        await Ack(book, 3);
        await Ack(book, 1);
        book.Tell(Status("gw-2", GatewayConnectionState.Connected, T0.AddMinutes(1))); // closes 6: 3 goes
        await Ack(book, 5); // 1 goes

        var page = await List(book);
        Assert.Equal([2L, 4L, 5L, 6L], page.Items.Select(a => a.Id).Order());
        Assert.Equal([2L, 4L], page.Items.Where(a => a.State == AlertState.Open).Select(a => a.Id).Order());
        Assert.IsType<AcknowledgeResult.NotFound>(await Ack(book, 3));

        // ids are never reused
        book.Tell(Raised("gw-1", "ts-mismatch", "s2s", T0.AddMinutes(2)));
        Assert.Equal(7, (await List(book, new AlertQuery { Limit = 1 })).Items[0].Id);
    }

    [Fact]
    public async Task Every_change_is_published_as_AlertChanged_after_it_is_persisted()
    {
        var (book, bus) = Start();
        book.Tell(Raised("gw-1", "ts-mismatch", "s2s", T0));
        book.Tell(Raised("gw-1", "ts-mismatch", "s2s", T0.AddMinutes(1)));
        await Ack(book, 1, "alice");
        book.Tell(Status("gw-1", GatewayConnectionState.Unreachable, T0.AddMinutes(2)));
        book.Tell(Status("gw-1", GatewayConnectionState.Connected, T0.AddMinutes(3)));

        var published = Enumerable.Range(0, 5).Select(_ => bus.ExpectMsg<Publish>()).ToList();
        Assert.All(published, p => Assert.Equal(FleetTopics.AlertBook, p.Topic));
        Assert.Equal([(1L, AlertState.Open, 1), (1L, AlertState.Open, 2), (1L, AlertState.Acknowledged, 2), (2L, AlertState.Open, 1), (2L, AlertState.Resolved, 1)],
            published.Select(p => ((AlertChanged)p.Message).Alert).Select(a => (a.Id, a.State, a.Count)));
        Assert.Equal((await List(book)).Items.OrderBy(a => a.Id), [((AlertChanged)published[2].Message).Alert, ((AlertChanged)published[4].Message).Alert]);
    }

    [Fact]
    public async Task A_restarted_book_recovers_from_snapshot_and_events_and_continues_the_ids()
    {
        var options = new AlertBookOptions { SnapshotEvery = 3, MaxClosedAlerts = 2 };
        var (book, _) = Start(options, "book-1");
        for (var i = 0; i < 4; i++)
        {
            book.Tell(Raised("gw-1", "ts-mismatch", $"c{i}", T0.AddMinutes(i)));
        }

        book.Tell(Raised("gw-1", "ts-mismatch", "c0", T0.AddMinutes(5)));
        await Ack(book, 1);
        await Ack(book, 2);
        await Ack(book, 3); // 1 is dropped
        book.Tell(Status("gw-2", GatewayConnectionState.Unreachable, T0.AddMinutes(6), "refused"));
        var before = await List(book);
        Watch(book);
        book.Tell(PoisonPill.Instance);
        ExpectTerminated(book);

        var (again, _) = Start(options, "book-2");
        var after = await List(again);
        Assert.Equal(before.Items, after.Items);
        Assert.Equal([2L, 3L, 4L, 5L], after.Items.Select(a => a.Id).Order());

        // still one outage of gw-2: its alert resolves; new alerts continue the ids; the cap still holds
        again.Tell(Status("gw-2", GatewayConnectionState.Connected, T0.AddMinutes(7)));
        again.Tell(Raised("gw-3", "vip-failure", null, T0.AddMinutes(8)));
        var page = await List(again);
        Assert.Equal([3L, 4L, 5L, 6L], page.Items.Select(a => a.Id).Order());
        Assert.Equal(AlertState.Resolved, page.Items.Single(a => a.Id == 5).State);
    }
}
