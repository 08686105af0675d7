using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using FleetCtl.Fleet;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Persistence;
using FleetCtl.Fleet.State;
using FleetCtl.Web.Components.Pages;

namespace FleetCtl.Web.Tests.Components;

public sealed class GatewayPageTests : DashboardContext
{
    private const string Gw = "fra-hub-1";

    public GatewayPageTests()
    {
        Queries.Set(View(Status(Gw, ike: 2, child: 3, down: 1), Sas()));
        History.Entries.AddRange(
        [
            Connectivity(1, T0.AddMinutes(-30), GatewayConnectionState.Connecting, null),
            Connectivity(2, T0.AddMinutes(-29), GatewayConnectionState.Unreachable, "connection refused"),
            Connectivity(3, T0.AddMinutes(-5), GatewayConnectionState.Connected, null),
            new HistoryEntry(Gw, T0.AddMinutes(-4), "ike-up", "IKE_SA up", new object(), 4), // not connectivity: not asked for
        ]);
    }

    private IRenderedComponent<Gateway> Open(string name = Gw) => Render<Gateway>(p => p.Add(x => x.Name, name));

    private static string Text(IRenderedComponent<Gateway> page, string testId) => page.Find($"[data-testid='{testId}']").TextContent;

    [Fact]
    public void Header_shows_the_connection_as_the_controller_sees_it()
    {
        var page = Open();

        Assert.Equal(Gw, Text(page, "gw-name").Trim());
        Assert.Equal("Connected", Text(page, "gw-state").Trim());
        Assert.Equal($"tcp://{Gw}.vpn.example.net:4502", Text(page, "gw-uri").Trim());
        Assert.Contains("strongSwan 5.9.8", Text(page, "gw-daemon"), StringComparison.Ordinal);
        Assert.Contains("340ms", Text(page, "gw-resync"), StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid='event-ok-ike-updown']"));
        Assert.NotNull(page.Find("[data-testid='event-unsupported-alert']"));
        Assert.Empty(page.FindAll("[data-testid='gw-retry']"));
    }

    [Fact]
    public void A_libreswan_gateway_shows_its_daemon_and_command()
    {
        Queries.Set(View(Status(Gw) with { Kind = FleetCtl.Fleet.Inventory.GatewayKind.Libreswan, Uri = "ssh fra-hub-1 sudo ipsec whack", DaemonVersion = "4.10", AlertsFromLogs = false, SupportedEvents = [] }, Sas()));

        var page = Open();

        Assert.Equal("libreswan 4.10", Text(page, "gw-daemon").Trim());
        Assert.Equal("ssh fra-hub-1 sudo ipsec whack", Text(page, "gw-uri").Trim());
        Assert.Contains("Command", page.Find("[data-testid='gw-header']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_gateway_says_why_and_when_it_retries()
    {
        Queries.Set(View(Status(Gw, GatewayConnectionState.Unreachable, error: "connect: connection refused") with
        {
            UnreachableSince = T0.AddMinutes(-3),
            FailedAttempts = 4,
            NextAttemptAt = T0.AddSeconds(20),
        }, []));

        var page = Open();

        Assert.Contains("connection refused", Text(page, "gw-last-error"), StringComparison.Ordinal);
        var retry = Text(page, "gw-retry");
        Assert.Contains("4 failed attempts", retry, StringComparison.Ordinal);
        Assert.Contains("in 20s", retry, StringComparison.Ordinal);
        Assert.Contains("3m 0s ago", retry, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid='ike-none']"));
    }

    [Fact]
    public void Ike_sas_show_what_an_operator_checks_and_expand_to_their_child_sas()
    {
        var page = Open();

        var ike = Text(page, "ike-7");
        foreach (var expected in new[] { "site-a", "#7", "IKEv2", "ESTABLISHED", "198.51.100.1[4500]", "203.0.113.9[4500]", "NAT",
                     "gw.example.net", "peer-a.example.net", "AES_CBC-256/", "HMAC_SHA2_256_128/", "PRF_HMAC_SHA2_256/", "CURVE_25519",
                     "10m 0s ago", "in 50m 0s", "in 2h 0m" })
        {
            Assert.Contains(expected, ike, StringComparison.Ordinal);
        }

        Assert.Contains("c0ffee00c0ffee00_i 0badf00d0badf00d_r", Text(page, "ike-detail-7"), StringComparison.Ordinal);

        var net = Text(page, "child-71");
        foreach (var expected in new[] { "net", "#71", "TUNNEL", "ESP in UDP", "INSTALLED", "c1a0b0c0_i", "c2a0b0c0_o", "AES_GCM_16-256",
                     "1.5 MiB", "12.3k pkts", "512 B", "8 pkts", "10.1.0.0/16", "10.2.0.0/16", "9m 0s ago", "in 41m 0s", "in 51m 0s" })
        {
            Assert.Contains(expected, net, StringComparison.Ordinal);
        }

        Assert.NotNull(page.Find("[data-testid='child-72']"));
        Assert.NotNull(page.Find("[data-testid='ike-8']"));
        Assert.NotNull(page.Find("[data-testid='child-81']"));
        Assert.Contains("IKE_SAs (2)", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ike_sa_collapses_and_expands_and_all_at_once()
    {
        var page = Open();

        page.Find("[data-testid='ike-toggle-7']").Click();
        Assert.Empty(page.FindAll("[data-testid='child-71']"));
        Assert.NotNull(page.Find("[data-testid='child-81']"));

        page.Find("[data-testid='ike-toggle-7']").Click();
        Assert.NotNull(page.Find("[data-testid='child-71']"));

        page.Find("[data-testid='expand-all']").Click();
        Assert.Empty(page.FindAll("[data-testid^='child-']"));
        page.Find("[data-testid='expand-all']").Click();
        Assert.Equal(3, page.FindAll("[data-testid^='child-']").Count);
    }

    [Fact]
    public void The_sa_filter_finds_by_remote_id_and_traffic_selector()
    {
        var page = Open();

        page.Find("input[data-testid='sa-filter']").Input("peer-b");
        AdvanceUntil(() => Assert.Empty(page.FindAll("[data-testid='ike-7']")));
        Assert.NotNull(page.Find("[data-testid='ike-8']"));

        page.Find("input[data-testid='sa-filter']").Input("10.2.0.0");
        AdvanceUntil(() => Assert.NotNull(page.Find("[data-testid='ike-7']")));
        Assert.Empty(page.FindAll("[data-testid='ike-8']"));
    }

    [Fact]
    public void Down_tunnels_configured_connections_and_connection_history_are_listed()
    {
        var page = Open();

        Assert.Contains("10.3.0.0/16", Text(page, "down-site-a/voice"), StringComparison.Ordinal);
        var conn = Text(page, "conn-site-a");
        Assert.Contains("198.51.100.1", conn, StringComparison.Ordinal);
        Assert.Contains("203.0.113.9", conn, StringComparison.Ordinal);
        Assert.Contains("voice", page.Find("[data-testid='conns-table']").TextContent, StringComparison.Ordinal);

        Assert.NotNull(History.LastFilter);
        Assert.Equal(Gw, History.LastFilter.Gateway);
        Assert.Equal(["connectivity"], History.LastFilter.Kinds);
        Assert.Equal(50, History.LastFilter.Limit);
        var rows = page.FindAll("[data-testid^='history-'][data-testid]").Where(e => e.TagName == "TR").ToList();
        Assert.Equal(["history-3", "history-2", "history-1"], rows.Select(r => r.GetAttribute("data-testid")));
        Assert.Contains("connection refused", Text(page, "history-2"), StringComparison.Ordinal);
        Assert.Contains("Unreachable", Text(page, "history-2"), StringComparison.Ordinal);
    }

    [Fact]
    public void History_that_cannot_be_read_does_not_take_the_page_down()
    {
        History.Failure = new InvalidOperationException("journal offline");

        var page = Open();

        Assert.Contains("journal offline", Text(page, "history-error"), StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid='ike-7']"));
    }

    [Fact]
    public void Unknown_gateway_says_there_is_no_such_gateway()
    {
        var page = Open("no-such-gw");

        Assert.Contains("no-such-gw", Text(page, "no-such-gateway"), StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid='ike-table']"));
    }

    [Fact]
    public void A_status_change_of_this_gateway_reloads_the_view_coalesced()
    {
        var page = Open();
        Advance(TimeSpan.FromMilliseconds(600)); // past the first throttle window
        var calls = Queries.Calls;

        // changes of other gateways are ignored
        Directory.Update(Status("nyc-hub-1", GatewayConnectionState.Unreachable));
        Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal(calls, Queries.Calls);

        // a burst for this one: the new SA shows after one (or two) reloads, not twenty
        Queries.Set(View(Status(Gw, ike: 3, child: 4), [.. Sas(), Ike(9, "site-c", "peer-c.example.net", [Child(91, "net", "10.9.0.0/16")])]));
        for (var i = 0; i < 20; i++)
        {
            Directory.Update(Status(Gw, ike: 3, child: 4));
        }

        Advance(Gateway.RefreshInterval);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='ike-9']")), Patience);
        Assert.InRange(Queries.Calls - calls, 1, 2);
        Assert.NotNull(page.Find("[data-testid='child-91']"));
    }

    [Fact]
    public void While_open_the_page_polls_so_new_sas_appear_without_a_status_change()
    {
        var page = Open();
        Queries.Set(View(Status(Gw, ike: 2, child: 3, down: 1), [.. Sas(), Ike(10, "site-d", "peer-d.example.net", [])]));

        Advance(Gateway.PollInterval);

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='ike-10']")), Patience);
    }

    [Fact]
    public void Closing_the_page_stops_polling_and_listening()
    {
        var page = Open();
        DisposeComponentsAsync().GetAwaiter().GetResult();
        var calls = Queries.Calls;

        Directory.Update(Status(Gw, GatewayConnectionState.Unreachable));
        Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(calls, Queries.Calls);
    }

    [Fact]
    public void Connectivity_history_is_read_again_only_when_the_state_changes()
    {
        var page = Open();
        var first = History.LastFilter;

        Advance(Gateway.PollInterval); // a poll with the same state: the history is not read again
        Assert.Same(first, History.LastFilter);

        Queries.Set(View(Status(Gw, GatewayConnectionState.Unreachable, error: "gone"), []));
        History.Entries.Add(Connectivity(5, T0, GatewayConnectionState.Unreachable, "gone"));
        Directory.Update(Status(Gw, GatewayConnectionState.Unreachable, error: "gone"));
        Advance(Gateway.RefreshInterval);

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='history-5']")), Patience);
        Assert.NotSame(first, History.LastFilter);
    }

    [Fact]
    public void Diagnose_on_a_down_tunnel_shows_the_verdict_panel_and_a_missing_connection_says_so()
    {
        Diagnosis.Put(FakeFleetDiagnosis.PskMismatch(Gw, "lon-branch-1", T0, "site-a"));
        var page = Open();
        Assert.Empty(page.FindAll("[data-testid='diag-section']"));

        page.Find("[data-testid='diagnose-site-a/voice']").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='diag-panel']")), Patience);
        Assert.Equal((Gw, "site-a", "voice"), Diagnosis.LastRequest);
        Assert.Contains("lon-branch-1", page.Find("[data-testid='diag-revealed']").TextContent, StringComparison.Ordinal);
        Assert.Contains("child=voice", page.Find("[data-testid='diag-retry']").GetAttribute("href"), StringComparison.Ordinal);

        page.Find("[data-testid='diag-close']").Click();
        Assert.Empty(page.FindAll("[data-testid='diag-section']"));

        page.Find("[data-testid='diagnose-site-b']").Click();
        page.WaitForAssertion(() => Assert.Contains("connection 'site-b' is not loaded", page.Find("[data-testid='diag-error']").TextContent, StringComparison.Ordinal), Patience);
        Assert.Equal((Gw, "site-b", (string?)null), Diagnosis.LastRequest);
    }

    [Fact]
    public void A_diagnosis_is_in_the_url_so_a_shared_link_opens_it_and_closing_removes_it()
    {
        Diagnosis.Put(FakeFleetDiagnosis.PskMismatch(Gw, "lon-branch-1", T0, "site-a"));
        var nav = Services.GetRequiredService<NavigationManager>();

        // the Diagnose button puts the tunnel in the URL
        var page = Open();
        page.Find("[data-testid='diagnose-site-a/voice']").Click();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='diag-panel']")), Patience);
        Assert.EndsWith("?diagnose=site-a%2Fvoice", nav.Uri, StringComparison.Ordinal);
        page.Find("[data-testid='diag-close']").Click();
        Assert.DoesNotContain("diagnose=", nav.Uri, StringComparison.Ordinal);

        // a link with it opens the page with the diagnosis run
        nav.NavigateTo(nav.GetUriWithQueryParameter("diagnose", "site-a/voice"));
        var shared = Render<Gateway>(p => p.Add(x => x.Name, Gw));
        shared.WaitForAssertion(() => Assert.NotNull(shared.Find("[data-testid='diag-panel']")), Patience);
        Assert.Equal((Gw, "site-a", "voice"), Diagnosis.LastRequest);
    }

    [Fact]
    public void The_log_section_shows_the_newest_line_first_and_filters()
    {
        Diagnosis.PutLog(Gw,
            new FleetCtl.Fleet.Diagnosis.GatewayLogLine(T0, "IKE", 1, "site-a", 7, "initiating IKE_SA site-a[7] to 203.0.113.9"),
            new FleetCtl.Fleet.Diagnosis.GatewayLogLine(T0.AddSeconds(1), "IKE", 1, "site-a", 7, "received NO_PROPOSAL_CHOSEN notify error"));
        var page = Open();

        var lines = page.FindAll("[data-testid='log-line']");
        Assert.Equal(2, lines.Count);
        Assert.Contains("[IKE] <site-a|7> received NO_PROPOSAL_CHOSEN notify error", lines[0].TextContent, StringComparison.Ordinal);

        page.Find("[data-testid='log-filter']").Input("initiating");
        Assert.Contains("initiating IKE_SA", Assert.Single(page.FindAll("[data-testid='log-line']")).TextContent, StringComparison.Ordinal);
    }

    private GatewayView View(GatewayStatus status, IReadOnlyList<IkeSaInfo> sas) => new(
        status with
        {
            LastResyncDuration = TimeSpan.FromMilliseconds(340),
            LastResyncAt = T0.AddMinutes(-5),
            SupportedEvents = ["ike-updown", "child-updown", "log"],
            UnsupportedEvents = ["alert"],
            AlertsFromLogs = true,
        },
        sas,
        [
            new ConfiguredConnection("site-a", ["198.51.100.1"], ["203.0.113.9"], "IKEv2",
                [new ConfiguredChild("net", "TUNNEL", ["10.1.0.0/16"], ["10.2.0.0/16"]), new ConfiguredChild("voice", "TUNNEL", ["10.1.0.0/16"], ["10.3.0.0/16"])]),
            new ConfiguredConnection("site-b", ["198.51.100.1"], ["203.0.113.10"], "IKEv2", [new ConfiguredChild("net", "TUNNEL", ["10.1.0.0/16"], ["10.4.0.0/16"])]),
        ],
        [new DownTunnel("site-a", "voice", ["10.1.0.0/16"], ["10.3.0.0/16"])]);

    private static IReadOnlyList<IkeSaInfo> Sas() =>
    [
        Ike(7, "site-a", "peer-a.example.net",
        [
            Child(71, "net", "10.2.0.0/16") with { BytesIn = 1_572_864, PacketsIn = 12_345, BytesOut = 512, PacketsOut = 8 },
            Child(72, "net", "10.2.0.0/16"),
        ]),
        Ike(8, "site-b", "peer-b.example.net", [Child(81, "net", "10.4.0.0/16")]),
    ];

    private static IkeSaInfo Ike(long id, string name, string remoteId, IReadOnlyList<ChildSaInfo> children) => new()
    {
        Key = $"{id}-c0ffee",
        Name = name,
        UniqueId = id,
        IkeVersion = 2,
        State = "ESTABLISHED",
        LocalHost = "198.51.100.1",
        LocalPort = 4500,
        LocalId = "gw.example.net",
        RemoteHost = "203.0.113.9",
        RemotePort = 4500,
        RemoteId = remoteId,
        Initiator = true,
        InitiatorSpi = "c0ffee00c0ffee00",
        ResponderSpi = "0badf00d0badf00d",
        NatAny = true,
        EncrAlg = "AES_CBC",
        EncrKeysize = 256,
        IntegAlg = "HMAC_SHA2_256_128",
        PrfAlg = "PRF_HMAC_SHA2_256",
        DhGroup = "CURVE_25519",
        EstablishedAt = T0.AddMinutes(-10),
        RekeyAt = T0.AddMinutes(50),
        ReauthAt = T0.AddHours(2),
        Children = children,
    };

    private static ChildSaInfo Child(long id, string name, string remoteTs) => new()
    {
        Key = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Name = name,
        UniqueId = id,
        State = "INSTALLED",
        Mode = "TUNNEL",
        Protocol = "ESP",
        Encap = true,
        SpiIn = "c1a0b0c0",
        SpiOut = "c2a0b0c0",
        EncrAlg = "AES_GCM_16",
        EncrKeysize = 256,
        InstalledAt = T0.AddMinutes(-9),
        RekeyAt = T0.AddMinutes(41),
        ExpiresAt = T0.AddMinutes(51),
        LocalTs = ["10.1.0.0/16"],
        RemoteTs = [remoteTs],
    };

    private static HistoryEntry Connectivity(long seq, DateTimeOffset at, GatewayConnectionState state, string? error) =>
        new(Gw, at, "connectivity", error is null ? $"{state}" : $"{state}: {error}", new GatewayConnectivityChanged(Gw, at, state, error, "5.9.8"), seq);
}
