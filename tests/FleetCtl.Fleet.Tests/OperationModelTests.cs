using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Operations;

namespace FleetCtl.Fleet.Tests;

/// <summary>Selector, action, plan and request: matching and the validation messages an operator sees.</summary>
public sealed class OperationModelTests
{
    [Theory]
    [InlineData("site-*", "site-7", true)]
    [InlineData("site-*", "SITE-7", true)]
    [InlineData("site-?", "site-17", false)]
    [InlineData("*@example.com", "alice@example.com", true)]
    [InlineData("*@example.com", "alice@example.org", false)]
    [InlineData("*", "", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxbyy", false)]
    [InlineData("rw-eap", "rw-eap", true)]
    [InlineData("rw-eap", "rw-eap2", false)]
    public void Wildcards_match_like_a_shell(string pattern, string value, bool matches) =>
        Assert.Equal(matches, Wildcard.IsMatch(pattern, value));

    [Fact]
    public void An_empty_request_for_every_sa_is_valid_and_a_bad_one_says_every_problem()
    {
        Assert.Empty(new OperationRequest { Action = OperationAction.Terminate(SaLevel.Ike) }.Problems());

        var bad = new OperationRequest
        {
            Selector = new OperationSelector { Connection = " ", IkeVersion = 3, MinAge = TimeSpan.FromHours(2), MaxAge = TimeSpan.FromHours(1) },
            Action = new OperationAction { Kind = OperationActionKind.Redirect, TargetGateway = "gw-2", TargetAddress = "198.51.100.2" },
            Plan = new OperationPlan { WaveSize = 0, PauseBetweenWaves = TimeSpan.FromHours(2), MaxConcurrentPerGateway = 0, MaxFailureRate = 1.5, ItemTimeout = TimeSpan.Zero },
        };
        var problems = bad.Problems();
        Assert.Contains("The connection filter is empty; leave it out to match any connection.", problems);
        Assert.Contains("IKE version 3 is not 1 or 2.", problems);
        Assert.Contains(problems, p => p.StartsWith("The minimum age", StringComparison.Ordinal));
        Assert.Contains("Redirect to a gateway or to an address, not both.", problems);
        Assert.Contains("The wave size must be between 1 and 100000, not 0.", problems);
        Assert.Contains(problems, p => p.StartsWith("The pause between waves must be", StringComparison.Ordinal));
        Assert.Contains("The concurrent items per gateway must be between 1 and 100, not 0.", problems);
        Assert.Contains(problems, p => p.StartsWith("The failure rate threshold must be between 0 and 1", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("The item timeout must be", StringComparison.Ordinal));
        var thrown = Assert.Throws<OperationValidationException>(bad.Validate);
        Assert.Equal(problems, thrown.Problems);
    }

    [Fact]
    public void Actions_refuse_what_cannot_work()
    {
        Assert.Contains("Reauthentication applies to IKE_SAs: rekey CHILD_SAs without reauth.", OperationAction.Rekey(SaLevel.Child, reauth: true).Problems());
        Assert.Contains("Initiate needs the connection name.", OperationAction.Initiate(" ").Problems());
        Assert.Contains("Initiate takes exact connection and child names, without wildcards.", OperationAction.Initiate("site-*").Problems());
        Assert.Contains(OperationAction.RedirectToAddress("not an address!").Problems(), p => p.Contains("neither an IP address nor a host name", StringComparison.Ordinal));
        Assert.Empty(OperationAction.RedirectToAddress("2001:db8::1").Problems());
        Assert.Empty(OperationAction.RedirectToAddress("gw2.example.net").Problems());
        Assert.Contains("Redirect moves whole IKE_SAs: the level must be ike.",
            (OperationAction.Redirect("gw-2") with { Level = SaLevel.Child }).Problems());
        Assert.Contains("Initiate runs once per selected gateway: select gateways only (names, tags, state), no SA filters.",
            new OperationRequest { Action = OperationAction.Initiate("s2s", "net"), Selector = new OperationSelector { RemoteId = "x" } }.Problems());
    }

    [Fact]
    public void A_drain_names_its_gateways_and_takes_every_sa()
    {
        Assert.Empty(OperationRequest.ForDrain("gw-1", "gw-2").Problems());
        Assert.Empty(OperationRequest.ForDrain("gw-1", null, null, "gw-3").Problems());
        Assert.Contains("A drain names the gateways it drains, exactly (no wildcards).", OperationRequest.ForDrain("gw-*", "gw-2").Problems());
        Assert.Contains("A drain takes every IKE_SA of its gateways: no SA, tag or state filters.",
            (OperationRequest.ForDrain("gw-1", "gw-2") with { Selector = new OperationSelector { Gateways = ["gw-1"], Connection = "x" } }).Problems());
        Assert.Contains("A drain redirects: its action must be redirect.",
            (OperationRequest.ForDrain("gw-1", "gw-2") with { Action = OperationAction.Terminate(SaLevel.Ike) }).Problems());
    }

    [Fact]
    public void Selectors_match_gateways_by_name_tag_and_state_and_sas_by_every_filter()
    {
        var gateway = new Inventory.GatewayDefinition
        {
            Name = "fra1-hub", Uri = "unix:///x",
            Tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["site"] = "fra1", ["role"] = "hub" },
        };
        Assert.True(new OperationSelector { Gateways = ["FRA1-*"], Tags = new Dictionary<string, string> { ["Site"] = "fra?" } }.MatchesGateway(gateway));
        Assert.False(new OperationSelector { Tags = new Dictionary<string, string> { ["role"] = "branch" } }.MatchesGateway(gateway));
        Assert.False(new OperationSelector { Gateways = ["ams1-hub"] }.MatchesGateway(gateway));
        Assert.False(new OperationSelector { States = [GatewayConnectionState.Connected] }.MatchesState(GatewayConnectionState.Unreachable));

        var now = DateTimeOffset.UnixEpoch.AddDays(1);
        var sa = new State.IkeSaInfo
        {
            Key = "5:aa", Name = "rw-eap", UniqueId = 5, IkeVersion = 2, RemoteHost = "203.0.113.5", RemoteId = "203.0.113.5", RemoteEapId = "alice@example.com",
            EstablishedAt = now.AddHours(-2),
        };
        Assert.True(new OperationSelector { RemoteId = "*@example.com", Connection = "rw-*", IkeVersion = 2, MinAge = TimeSpan.FromHours(1) }.MatchesIke(sa, now, true));
        Assert.False(new OperationSelector { MaxAge = TimeSpan.FromHours(1) }.MatchesIke(sa, now, true));
        Assert.True(new OperationSelector { MaxAge = TimeSpan.FromHours(1) }.MatchesIke(sa, now, false));
        Assert.False(new OperationSelector { RemoteHost = "198.51.100.*" }.MatchesIke(sa, now, true));
        Assert.False(new OperationSelector { MinAge = TimeSpan.FromHours(1) }.MatchesIke(sa with { EstablishedAt = null }, now, true));
    }

    [Fact]
    public void A_run_replays_outcomes_written_one_by_one_and_in_groups_and_ignores_a_late_second_answer()
    {
        var t = DateTimeOffset.UnixEpoch;
        var items = Enumerable.Range(0, 4).Select(i => new OperationItem { Id = i, Gateway = "gw-" + (i % 2), Wave = 1, Connection = "s2s", IkeKey = i + "/aa" }).ToArray();
        var request = new OperationRequest { Action = OperationAction.Terminate(SaLevel.Ike) };
        IOperationEvent[] events =
        [
            new OperationStarted(1, t, "alice", "p", "h", t, request, 4, ["gw-0", "gw-1"], []),
            new OperationItemsPlanned(1, t, items),
            new OperationItemsDispatched(1, t, [0, 1, 2, 3]),
            new OperationItemFinished(1, t, 0, ItemStatus.Succeeded, "success", 2),
            new OperationItemsFinished(1, t, [new ItemResult(1, ItemStatus.Failed, "no IKE_SA found", 3, t), new ItemResult(2, ItemStatus.Succeeded, "success", 1, t)]),
            new OperationItemsFinished(1, t, [new ItemResult(1, ItemStatus.Succeeded, "late", 9, t)]),
        ];
        var run = events.Aggregate((OperationRun?)null, OperationRun.Apply)!;

        Assert.Equal(ItemStatus.Succeeded, run.Status(0));
        Assert.Equal(ItemStatus.Failed, run.Status(1));
        Assert.Equal(ItemStatus.Succeeded, run.Status(2));
        Assert.Equal(ItemStatus.InFlight, run.Status(3));
        Assert.Equal((2, 1, 1), (run.Totals.Succeeded, run.Totals.Failed, run.Totals.InFlight));
        Assert.Equal(1, run.InFlight("gw-1"));
        Assert.Equal(0, run.InFlight("gw-0"));
    }

    [Fact]
    public void A_record_asked_for_a_window_of_items_carries_only_that_window_and_counts_what_matches()
    {
        var t = DateTimeOffset.UnixEpoch;
        var items = Enumerable.Range(0, 10).Select(i => new OperationItem { Id = i, Gateway = "gw-" + (i % 3), Wave = 1 + (i / 5), Connection = "s2s", IkeKey = i + "/aa" }).ToArray();
        var request = new OperationRequest { Action = OperationAction.Terminate(SaLevel.Ike) };
        IOperationEvent[] events =
        [
            new OperationStarted(1, t, "alice", "p", "h", t, request, 10, ["gw-0", "gw-1", "gw-2"],
                [new SkippedItem("gw-0", "IKEv1 SA cannot be redirected", "v1-a"), new SkippedItem("gw-1", "IKEv1 SA cannot be redirected", "v1-b"),
                 new SkippedItem("gw-9", "unreachable")]),
            new OperationItemsPlanned(1, t, items),
            new OperationItemsDispatched(1, t, [0, 1, 2, 3, 4, 5, 6]),
            new OperationItemsFinished(1, t,
            [
                new ItemResult(0, ItemStatus.Succeeded, "success", 1, t), new ItemResult(1, ItemStatus.Failed, "no IKE_SA found", 1, t),
                new ItemResult(2, ItemStatus.TimedOut, "no answer within 30s", 1, t), new ItemResult(3, ItemStatus.Succeeded, "success", 1, t),
                new ItemResult(4, ItemStatus.Failed, "no IKE_SA found", 1, t), new ItemResult(5, ItemStatus.Gone, "already gone", 1, t),
            ]),
            new OperationDrainChecked(1, t, new DrainReport(t,
                [.. Enumerable.Range(0, 3).Select(i => new DrainRemainder("gw-0", "v1-" + i, i, null, null, 1, "IKEv1 SA cannot be redirected"))], [])),
        ];
        var run = events.Aggregate((OperationRun?)null, OperationRun.Apply)!;
        var full = run.Record();
        Assert.Equal((10, 10), (full.Items.Count, full.ItemsMatching));

        var failures = run.Record(OperationItemsView.Failures());
        Assert.Equal([1, 2, 4], failures.Items.Select(i => i.Item.Id));
        Assert.Equal(3, failures.ItemsMatching);
        Assert.Equal(full.Summary.Counts.Failures, failures.ItemsMatching); // the page's "failed only (N)" comes from the counts

        var window = run.Record(new OperationItemsView { Offset = 4, Limit = 3 });
        Assert.Equal([4, 5, 6], window.Items.Select(i => i.Item.Id));
        Assert.Equal(10, window.ItemsMatching);
        var pending = run.Record(new OperationItemsView { Statuses = new HashSet<ItemStatus> { ItemStatus.Pending, ItemStatus.InFlight }, Offset = 2 });
        Assert.Equal([8, 9], pending.Items.Select(i => i.Item.Id));
        Assert.Equal(4, pending.ItemsMatching);
        Assert.Empty(run.Record(new OperationItemsView { Offset = 20 }).Items);

        // the same windows as narrowing the full record (what a fake or a client does with it)
        foreach (var view in new[] { OperationItemsView.Failures(2), new OperationItemsView { Offset = 4, Limit = 3 }, OperationItemsView.All })
        {
            var asked = run.Record(view);
            var narrowed = full.Select(view);
            Assert.Equal(narrowed.Items, asked.Items);
            Assert.Equal(narrowed.ItemsMatching, asked.ItemsMatching);
        }

        // the skipped entries (and a drain check's remaining SAs) can be limited too (a drain can skip thousands of IKEv1 SAs); the total still counts them all
        var fewSkipped = run.Record(new OperationItemsView { Limit = 0, ListLimit = 2 });
        Assert.Equal((0, 10, 2, 3), (fewSkipped.Items.Count, fewSkipped.ItemsMatching, fewSkipped.Skipped.Count, fewSkipped.SkippedTotal));
        Assert.Equal(["v1-a", "v1-b"], fewSkipped.Skipped.Select(k => k.Connection));
        Assert.Equal((3, 3), (full.Skipped.Count, full.SkippedTotal));
        Assert.Equal(fewSkipped.Skipped, full.Select(new OperationItemsView { ListLimit = 2 }).Skipped);
        Assert.Equal((2, 3), (fewSkipped.DrainReport!.Remaining.Count, fewSkipped.RemainingTotal));
        Assert.False(run.Record(new OperationItemsView { ListLimit = 1 }).DrainReport!.Clean); // capped, still not clean
        Assert.Equal((3, 3), (full.DrainReport!.Remaining.Count, full.RemainingTotal));

        Assert.NotNull(new OperationItemsView { Offset = -1 }.Validate());
        Assert.NotNull(new OperationItemsView { ListLimit = 0 }.Validate()); // an empty list would read as a clean drain
        Assert.NotNull(new OperationItemsView { Limit = -1 }.Validate());
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("5s", 5)]
    [InlineData(" 2M ", 120)]
    [InlineData("1.5h", 5400)]
    [InlineData("30", 30)]
    [InlineData("00:01:05", 65)]
    [InlineData("0s", 0)]
    public void Durations_read_as_operators_write_them(string text, double seconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5s")]
    [InlineData("-00:00:05")]
    [InlineData("5 parsecs")]
    public void Durations_refuse_what_is_not_one(string? text) => Assert.False(Durations.TryParse(text, out _));
}
