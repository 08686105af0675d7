using FleetCtl.Fleet.Hosting;
using FleetCtl.Fleet.Operations;
using FleetCtl.Simulator;
using Microsoft.Extensions.DependencyInjection;

namespace FleetCtl.Fleet.Tests;

/// <summary>
/// Fleet operations end to end: the controller as AddFleet wires it (cluster singleton manager, sharded gateway actors,
/// SQLite journal) against simulated strongSwan gateways that speak real VICI, redirect peers between each other and
/// count the commands they handle.
/// </summary>
public sealed class OperationsSimulatorTests : IAsyncLifetime
{
    private const string Redirect = "redirect";
    private readonly string _data = Directory.CreateTempSubdirectory("fleetctl-ops-").FullName;
    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    private async Task<SimulatedFleet> FleetAsync(int gateways, int sas, int seed = 5)
    {
        var fleet = new SimulatedFleet(new FleetOptions { Gateways = gateways, SasPerGateway = sas, Seed = seed });
        _owned.Add(fleet);
        await fleet.StartAsync();
        return fleet;
    }

    private async Task<OperationsHost> HostAsync(SimulatedFleet fleet, Action<OperationsOptions>? configure = null, TimeProvider? clock = null)
    {
        var host = await OperationsHost.StartAsync(OperationsHost.InventoryOf(fleet), _data, configure, clock);
        _owned.Add(host);
        return host;
    }

    private static async Task<long> ExecuteAsync(OperationsHost host, OperationPreview preview, string user = "alice")
    {
        var started = Assert.IsType<ExecuteResult.Started>(await host.Operations.ExecuteAsync(preview.Id, user, preview.Hash));
        Assert.Equal((preview.Id, preview.Hash, user), (started.Operation.PreviewId, started.Operation.PreviewHash, started.Operation.User));
        return started.Operation.Id;
    }

    private static long Handled(SimulatedFleet fleet, string command) => fleet.Gateways.Sum(g => g.CommandsHandled(command));

    [Fact]
    public async Task A_preview_lists_exactly_the_matching_sas_and_the_skipped_ones_with_reasons_and_sends_nothing()
    {
        var fleet = await FleetAsync(4, 30);
        await using var host = await HostAsync(fleet);
        var sources = new[] { "gw-001", "gw-002", "gw-003" };

        var preview = await host.Operations.PreviewAsync(new OperationRequest
        {
            Selector = new OperationSelector { Gateways = ["gw-00?"] },
            Action = OperationAction.Redirect("gw-004"),
            Plan = new OperationPlan { WaveSize = 25 },
        });

        // gw-00? selects gw-004 too: its SAs are skipped as already on the target
        var expectedItems = sources.SelectMany(g => fleet[g].GetIkeSas().Where(s => s.Version == 2).Select(s => (g, (long)s.UniqueId))).Order().ToList();
        Assert.Equal(expectedItems, preview.Items.Select(i => (i.Gateway, i.IkeId!.Value)).Order());
        var expectedSkipped = sources.SelectMany(g => fleet[g].GetIkeSas().Where(s => s.Version == 1).Select(s => (g, (long)s.UniqueId, OperationPlanner.ReasonIkeV1)))
            .Concat(fleet["gw-004"].GetIkeSas().Select(s => ("gw-004", (long)s.UniqueId, s.Version == 1 ? OperationPlanner.ReasonIkeV1 : OperationPlanner.ReasonOwnGateway)))
            .Order().ToList();
        Assert.Contains(expectedSkipped, s => s.Item3 == OperationPlanner.ReasonIkeV1);
        Assert.Equal(expectedSkipped, preview.Skipped.Select(s => (s.Gateway, s.IkeId!.Value, s.Reason)).Order());
        Assert.All(preview.Items, i => Assert.Equal((fleet["gw-004"].Address, "gw-004"), (i.Target, i.TargetGateway)));
        Assert.Equal((preview.Items.Count + 24) / 25, preview.Waves);
        Assert.Equal(["gw-001", "gw-002", "gw-003", "gw-004"], preview.ByGateway().Select(g => g.Gateway));
        Assert.Equal(0, Handled(fleet, Redirect));

        // a CHILD_SA selector with wildcards: exactly the 'net' children of site connections on one gateway
        var children = await host.Operations.PreviewAsync(new OperationRequest
        {
            Selector = new OperationSelector { Gateways = ["gw-002"], Connection = "site-*", Child = "n?t" },
            Action = OperationAction.Terminate(SaLevel.Child),
        });
        var expectedChildren = fleet["gw-002"].GetIkeSas().Where(s => s.Name.StartsWith("site-", StringComparison.Ordinal))
            .SelectMany(s => s.Children.Where(c => c.Name == "net").Select(c => (long)c.UniqueId)).Order().ToList();
        Assert.NotEmpty(expectedChildren);
        Assert.Equal(expectedChildren, children.Items.Select(i => i.ChildId!.Value).Order());
        Assert.Empty(children.Skipped);

        // kept, by id, with its hash; an invalid request is refused with every problem
        Assert.Equal(preview.Hash, (await host.Operations.GetPreviewAsync(preview.Id))!.Hash);
        var invalid = await Assert.ThrowsAsync<OperationValidationException>(() => host.Operations.PreviewAsync(OperationRequest.ForDrain("gw-001", "gw-404")));
        Assert.Equal(["The redirect target 'gw-404' is not a gateway of the inventory."], invalid.Problems);
    }

    [Fact]
    public async Task An_unreachable_gateway_is_skipped_whole_with_its_error_and_a_drain_to_it_is_skipped_too()
    {
        var fleet = await FleetAsync(3, 5);
        await using var host = await HostAsync(fleet);
        await fleet["gw-002"].StopAsync();
        await Poll.UntilAsync(() => host.Directory.TryGet("gw-002", out var s) && s.State == Gateways.GatewayConnectionState.Unreachable, "gw-002 unreachable");

        var terminate = await host.Operations.PreviewAsync(new OperationRequest { Action = OperationAction.Terminate(SaLevel.Ike) });
        var skipped = Assert.Single(terminate.Skipped);
        Assert.True(skipped.WholeGateway);
        Assert.Equal("gw-002", skipped.Gateway);
        Assert.StartsWith("gateway unreachable: unreachable since", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(fleet["gw-001"].IkeSaCount + fleet["gw-003"].IkeSaCount, terminate.Items.Count);

        // and no peers are sent to it: they might find nobody there
        var drain = await host.Operations.PreviewAsync(OperationRequest.ForDrain("gw-001", "gw-002"));
        Assert.Empty(drain.Items);
        Assert.Matches("^target gateway gw-002 is unreachable since .*: peers sent there might find nobody$", Assert.Single(drain.Skipped).Reason);
    }

    [Fact]
    public async Task A_drain_of_a_thousand_sas_across_ten_gateways_in_waves_ends_with_every_sa_on_the_target()
    {
        var fleet = await FleetAsync(11, 100);
        await using var host = await HostAsync(fleet);
        var sources = fleet.Gateways.Take(10).Select(g => g.Name).ToArray();
        var target = fleet["gw-011"];
        var before = sources.ToDictionary(g => g, g => fleet[g].GetIkeSas());
        var targetBefore = target.GetIkeSas().Count;
        Assert.Equal(1000, before.Values.Sum(s => s.Count));
        await using var progress = host.Services.GetRequiredService<IFleetEventStream>().Subscribe([FleetTopics.Operations], capacity: 100_000);

        var preview = await host.Operations.PreviewAsync(OperationRequest.ForDrain(sources[0], target.Name,
            new OperationPlan { WaveSize = 100, PauseBetweenWaves = TimeSpan.FromMilliseconds(50), MaxConcurrentPerGateway = 4 }, sources[1..]));
        Assert.Equal(1000, preview.Items.Count + preview.Skipped.Count);
        Assert.All(preview.Skipped, s => Assert.Equal(OperationPlanner.ReasonIkeV1, s.Reason));
        Assert.True(preview.Waves >= 9, $"{preview.Waves} waves");

        var id = await ExecuteAsync(host, preview);
        var record = await host.WaitFinalAsync(id, TimeSpan.FromMinutes(3));

        Assert.Equal(OperationState.Completed, record.Summary.State);
        Assert.Equal(preview.Items.Count, record.Summary.Counts.Succeeded);
        Assert.All(record.Items, i => Assert.Equal((ItemStatus.Succeeded, 1), (i.Status, i.Attempts)));
        Assert.All(record.Waves, w => Assert.NotNull(w.FinishedAt));
        Assert.Equal(preview.Items.Count, Handled(fleet, Redirect)); // one command per item, none twice

        // the simulated gateways: only the IKEv1 SAs stayed; every other peer is on the target now
        var moved = before.Values.SelectMany(s => s).Where(s => s.Version == 2).ToList();
        foreach (var source in sources)
        {
            Assert.Equal(before[source].Where(s => s.Version == 1).Select(s => s.UniqueId).Order(), fleet[source].GetIkeSas().Select(s => s.UniqueId).Order());
        }

        var onTarget = target.GetIkeSas();
        Assert.Equal(targetBefore + moved.Count, onTarget.Count);
        Assert.Empty(moved.Select(s => (s.RemoteId, s.RemoteHost)).Except(onTarget.Select(s => (s.RemoteId, s.RemoteHost))));

        // the drain confirmed it from each gateway's own fresh listing: what remains is the IKEv1 SAs, with the reason
        var report = Assert.IsType<DrainReport>(record.DrainReport);
        Assert.Empty(report.Unconfirmed);
        Assert.Equal(preview.Skipped.Select(s => (s.Gateway, s.IkeId)).Order(), report.Remaining.Select(r => (r.Gateway, r.IkeId)).Order());
        Assert.All(report.Remaining, r => Assert.Equal("skipped: " + OperationPlanner.ReasonIkeV1, r.Reason));

        // the controller's own view of both sides agrees (events of the redirects, no resync needed)
        await Poll.UntilAsync(async () => (await host.Queries.GetGatewayViewAsync(target.Name))!.Sas.Count == onTarget.Count, "the target's view");
        foreach (var source in sources)
        {
            Assert.Equal(fleet[source].GetIkeSas().Count, (await host.Queries.GetGatewayViewAsync(source))!.Sas.Count);
        }

        // progress went out on the bus, ending with the final state; the drained gateways are marked as draining
        var seen = new List<OperationProgress>();
        await Poll.UntilAsync(() =>
        {
            while (progress.Reader.TryRead(out var message))
            {
                if (message.Payload is OperationProgress p && p.OperationId == id)
                {
                    seen.Add(p);
                }
            }

            return seen.Count > 0 && seen[^1].State.IsFinal();
        }, "the final progress on the bus");

        Assert.Contains(seen, p => p.State == OperationState.Running && p.Totals.Finished > 0 && p.Totals.Finished < p.Totals.Total);
        Assert.Equal(OperationState.Completed, seen[^1].State);
        Assert.True(seen.Count < 200, $"{seen.Count} progress messages: not throttled");
        Assert.All(seen, p => Assert.True(p.Waves.Count <= 64));
        await Poll.UntilAsync(() => sources.All(g => host.Directory.DrainMarkOf(g)?.OperationId == id), "the drain marks in the directory");
        Assert.Equal(sources.Order(), (await host.Operations.GetDrainMarksAsync()).Select(m => m.Gateway).Order());
        Assert.True(await host.Operations.ClearDrainMarkAsync("gw-001", "alice"));
        await Poll.UntilAsync(() => host.Directory.DrainMarkOf("gw-001") is null, "the cleared mark in the directory");
    }

    [Fact]
    public async Task Pause_resume_and_cancel_mid_way_leave_the_rest_untouched()
    {
        var fleet = await FleetAsync(3, 20);
        await using var host = await HostAsync(fleet);
        var before = fleet["gw-001"].GetIkeSas();
        var preview = await host.Operations.PreviewAsync(new OperationRequest
        {
            Selector = new OperationSelector { Gateways = ["gw-001"] },
            Action = OperationAction.Redirect("gw-003"),
            Plan = new OperationPlan { WaveSize = 5, PauseBetweenWaves = TimeSpan.FromMinutes(10) },
        });
        Assert.True(preview.Waves >= 3);
        var id = await ExecuteAsync(host, preview);
        await host.WaitAsync(id, r => r.Waves[0].FinishedAt is not null, "the first wave");

        Assert.Equal(OperationState.Paused, Assert.IsType<OperationControlResult.Done>(await host.Operations.PauseAsync(id, "bob")).Operation.State);
        Assert.IsType<OperationControlResult.Refused>(await host.Operations.PauseAsync(id, "bob"));
        Assert.Equal(OperationState.Running, Assert.IsType<OperationControlResult.Done>(await host.Operations.ResumeAsync(id, "bob")).Operation.State);
        Assert.IsType<OperationControlResult.Refused>(await host.Operations.ResumeAsync(id, "bob"));
        Assert.IsType<OperationControlResult.Invalid>(await host.Operations.CancelAsync(id, " "));
        Assert.IsType<OperationControlResult.NotFound>(await host.Operations.CancelAsync(id + 100, "bob"));
        Assert.IsType<OperationControlResult.Done>(await host.Operations.CancelAsync(id, "bob"));

        var record = await host.WaitFinalAsync(id);
        Assert.Equal(OperationState.Cancelled, record.Summary.State);
        var wave1 = record.Items.Where(i => i.Item.Wave == 1).ToList();
        Assert.All(wave1, i => Assert.Equal(ItemStatus.Succeeded, i.Status));
        Assert.All(record.Items.Where(i => i.Item.Wave > 1), i => Assert.Equal((ItemStatus.Cancelled, 0, "cancelled by bob"), (i.Status, i.Attempts, i.Message)));
        Assert.Equal(["paused", "resumed", "cancelled"], record.Controls.Select(c => c.What));
        Assert.All(record.Controls, c => Assert.Equal("bob", c.By));

        // only the first wave was sent; every other SA is still there, untouched (same unique ids)
        Assert.Equal(wave1.Count, Handled(fleet, Redirect));
        var movedIds = wave1.Select(i => (uint)i.Item.IkeId!.Value).ToHashSet();
        Assert.Equal(before.Select(s => s.UniqueId).Where(u => !movedIds.Contains(u)).Order(), fleet["gw-001"].GetIkeSas().Select(s => s.UniqueId).Order());
        Assert.IsType<OperationControlResult.Refused>(await host.Operations.CancelAsync(id, "bob"));
    }

    [Fact]
    public async Task A_controller_restart_mid_way_resumes_and_finishes_with_no_item_done_twice() =>
        await OperationsRestartScenario.RunAsync(await FleetAsync(4, 25), _data, postgres: null);

    [Fact]
    public async Task An_operation_actor_killed_mid_way_picks_up_the_answers_of_its_items_in_flight_and_sends_nothing_twice()
    {
        var fleet = await FleetAsync(3, 15);
        await using var host = await HostAsync(fleet, o => (o.RestartBackoffMin, o.RestartBackoffMax) = (TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500)));
        var preview = await host.Operations.PreviewAsync(new OperationRequest
        {
            Selector = new OperationSelector { Gateways = ["gw-001"] },
            Action = OperationAction.Redirect("gw-003"),
            Plan = new OperationPlan { WaveSize = 100, MaxConcurrentPerGateway = 3, ItemTimeout = TimeSpan.FromMinutes(1) },
        });
        var stall = fleet["gw-001"].StallResponses();
        var id = await ExecuteAsync(host, preview);
        await host.WaitAsync(id, r => r.Summary.Counts.InFlight == 3, "three items in flight");

        var system = host.Services.GetRequiredService<Akka.Actor.ActorSystem>();
        system.ActorSelection($"/user/operations/operations/manager/operation-{id}-*/operation").Tell(Akka.Actor.PoisonPill.Instance);
        await host.WaitAsync(id, r => r.Controls.Any(c => c.What == "resumed-after-restart"), "the operation actor to come back");
        stall.Dispose();

        var record = await host.WaitFinalAsync(id);
        Assert.Equal(OperationState.Completed, record.Summary.State);
        Assert.All(record.Items, i => Assert.Equal((ItemStatus.Succeeded, 1), (i.Status, i.Attempts)));
        Assert.Equal(preview.Items.Count, fleet["gw-001"].CommandsHandled(Redirect));
    }

    [Fact]
    public async Task Initiate_and_terminate_run_on_the_chosen_gateways_only()
    {
        var fleet = await FleetAsync(2, 20);
        await using var host = await HostAsync(fleet);
        var gw1 = fleet["gw-001"];
        var down = gw1.GetConnectionNames().Except(gw1.GetIkeSas().Select(s => s.Name)).First(n => n.StartsWith("site-", StringComparison.Ordinal));

        var initiate = await host.Operations.PreviewAsync(new OperationRequest
        {
            Selector = new OperationSelector { Tags = new Dictionary<string, string> { ["region"] = "*" } },
            Action = OperationAction.Initiate(down, "net"),
        });
        Assert.Equal(("gw-001", down), (Assert.Single(initiate.Items).Gateway, initiate.Items[0].Connection));
        Assert.Equal(("gw-002", $"connection '{down}' is not loaded on this gateway"), (Assert.Single(initiate.Skipped).Gateway, initiate.Skipped[0].Reason));
        Assert.Equal(OperationState.Completed, (await host.WaitFinalAsync(await ExecuteAsync(host, initiate))).Summary.State);
        Assert.Contains(gw1.GetIkeSas(), s => s.Name == down && s.Children.Any(c => c.Name == "net"));

        var gw2 = fleet["gw-002"];
        var sites = gw2.GetIkeSas().Where(s => s.RemoteId.StartsWith("gw-site-", StringComparison.Ordinal)).ToList();
        var others = gw2.GetIkeSas().Select(s => s.UniqueId).Except(sites.Select(s => s.UniqueId)).ToList();
        var terminate = await host.Operations.PreviewAsync(new OperationRequest
        {
            Selector = new OperationSelector { Gateways = ["gw-002"], RemoteId = "GW-SITE-*.example.org" },
            Action = OperationAction.Terminate(SaLevel.Ike),
        });
        Assert.Equal(sites.Select(s => (long)s.UniqueId).Order(), terminate.Items.Select(i => i.IkeId!.Value).Order());
        var record = await host.WaitFinalAsync(await ExecuteAsync(host, terminate, "bob"));
        Assert.Equal((OperationState.Completed, sites.Count), (record.Summary.State, record.Summary.Counts.Succeeded));
        Assert.Equal(others.Order(), gw2.GetIkeSas().Select(s => s.UniqueId).Order());
        Assert.Equal(0, gw1.CommandsHandled("terminate"));

        var page = await host.Operations.ListAsync(new OperationQuery { Limit = 1 });
        Assert.Equal((2, OperationActionKind.Terminate), (page.Total, Assert.Single(page.Items).Kind));
    }

    [Fact]
    public async Task A_gateway_that_fails_every_item_trips_the_stop_rule()
    {
        var fleet = await FleetAsync(3, 20);
        fleet["gw-002"].FailCommand(Redirect, "peer does not support redirection");
        await using var host = await HostAsync(fleet);
        var preview = await host.Operations.PreviewAsync(new OperationRequest
        {
            Selector = new OperationSelector { Gateways = ["gw-001", "gw-002"] },
            Action = OperationAction.Redirect("gw-003"),
            Plan = new OperationPlan { WaveSize = 10, PauseBetweenWaves = TimeSpan.Zero, MaxFailureRate = 0.2 },
            Description = "CHG-7 move peers off gw-001 and gw-002",
        });
        Assert.True(preview.Waves >= 2);
        var id = await ExecuteAsync(host, preview, "token:nightly");

        var record = await host.WaitAsync(id, r => r.Summary.State == OperationState.Halted, "the stop rule");
        Assert.StartsWith("wave 1 of", record.Summary.Reason, StringComparison.Ordinal);
        Assert.Contains("above the 20 % threshold", record.Summary.Reason, StringComparison.Ordinal);
        var wave1 = record.Items.Where(i => i.Item.Wave == 1).ToList();
        Assert.All(wave1.Where(i => i.Item.Gateway == "gw-002"), i => Assert.Equal((ItemStatus.Failed, "peer does not support redirection"), (i.Status, i.Message)));
        Assert.All(wave1.Where(i => i.Item.Gateway == "gw-001"), i => Assert.Equal(ItemStatus.Succeeded, i.Status));
        Assert.All(record.Items.Where(i => i.Item.Wave > 1), i => Assert.Equal(ItemStatus.Pending, i.Status));
        Assert.Equal(wave1.Count, Handled(fleet, Redirect));
        Assert.Equal("stop rule", record.Controls.Single(c => c.What == "halted").By);

        Assert.IsType<OperationControlResult.Done>(await host.Operations.CancelAsync(id, "alice"));
        Assert.Equal(OperationState.Cancelled, (await host.WaitFinalAsync(id)).Summary.State);
        var byUser = await host.Operations.ListAsync(new OperationQuery { User = "token:nightly", States = [OperationState.Cancelled] });
        Assert.Equal(("CHG-7 move peers off gw-001 and gw-002", 1), (Assert.Single(byUser.Items).Description, byUser.Total));
        Assert.Empty((await host.Operations.ListAsync(new OperationQuery { Gateway = "gw-003" })).Items);
    }

    [Fact]
    public async Task Execution_refuses_unknown_expired_altered_and_repeated_previews()
    {
        var fleet = await FleetAsync(2, 10);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var host = await HostAsync(fleet, o => o.PreviewTtl = TimeSpan.FromMinutes(15), clock);
        var request = new OperationRequest { Selector = new OperationSelector { Gateways = ["gw-001"], IkeVersion = 2 }, Action = OperationAction.Rekey(SaLevel.Ike) };

        var unknown = Assert.IsType<ExecuteResult.Refused>(await host.Operations.ExecuteAsync("0000000000000000", "alice"));
        Assert.Equal(ExecuteRefusal.UnknownPreview, unknown.Reason);

        var old = await host.Operations.PreviewAsync(request);
        clock.Now += TimeSpan.FromMinutes(16);
        Assert.Equal(ExecuteRefusal.ExpiredPreview, Assert.IsType<ExecuteResult.Refused>(await host.Operations.ExecuteAsync(old.Id, "alice")).Reason);
        Assert.Null(await host.Operations.GetPreviewAsync(old.Id));

        var fresh = await host.Operations.PreviewAsync(request);
        Assert.Equal(ExecuteRefusal.HashMismatch,
            Assert.IsType<ExecuteResult.Refused>(await host.Operations.ExecuteAsync(fresh.Id, "alice", "sha256:0000")).Reason);
        Assert.Equal(ExecuteRefusal.Invalid, Assert.IsType<ExecuteResult.Refused>(await host.Operations.ExecuteAsync(fresh.Id, " ")).Reason);
        var id = await ExecuteAsync(host, fresh);
        var again = Assert.IsType<ExecuteResult.Refused>(await host.Operations.ExecuteAsync(fresh.Id, "bob"));
        Assert.Equal((ExecuteRefusal.AlreadyExecuted, (long?)id), (again.Reason, again.OperationId));

        // and what ran is exactly the preview: every IKEv2 SA of gw-001 rekeyed, nothing else touched
        var record = await host.WaitFinalAsync(id);
        Assert.Equal(OperationState.Completed, record.Summary.State);
        Assert.Equal(fresh.Items.Count, fleet["gw-001"].CommandsHandled("rekey"));
        Assert.Equal(0, fleet["gw-002"].CommandsHandled("rekey"));
        Assert.Empty(fleet["gw-001"].GetIkeSas().Select(s => (long)s.UniqueId).Intersect(fresh.Items.Select(i => i.IkeId!.Value)));
    }
}
