using Akka.Actor;
using Akka.TestKit.Xunit2;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Operations;
using FleetCtl.Simulator;
using FleetCtl.Vici;
using Microsoft.Extensions.Logging.Abstractions;
using SimOptions = FleetCtl.Simulator.GatewayOptions;

namespace FleetCtl.Fleet.Tests;

/// <summary>The gateway actor's side of operations: running an item on its own session, checking it after a restart, relisting on demand.</summary>
public sealed class GatewayActorCommandTests : TestKit, IAsyncLifetime
{
    private const string Config = """
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _dir = Directory.CreateTempSubdirectory("fleetctl-cmd-").FullName;
    private SimulatedGateway _sim = null!;
    private IActorRef _actor = null!;

    public GatewayActorCommandTests() : base(Config) { }

    public async Task InitializeAsync()
    {
        _sim = new SimulatedGateway(new SimOptions
        {
            Name = "gw-cmd", Index = 3, SaCount = 12, Seed = 11, ListenUri = "unix://" + Path.Combine(_dir, "gw-cmd.vici"),
        });
        _sim.Start();
        _actor = Sys.ActorOf(GatewayActor.Props(_sim.Name, _sim.Uri!, new ViciGatewayConnector(new ViciClientOptions { CommandTimeout = TimeSpan.FromSeconds(5) }),
            CreateTestProbe().Ref, OperationsHost.FastGateways, NullLogger.Instance));
        await Poll.UntilAsync(async () => (await View()).Status is { State: GatewayConnectionState.Connected, LastResyncAt: not null }, "connected");
    }

    public async Task DisposeAsync()
    {
        await _sim.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<GatewayView> View() => _actor.Ask<GatewayView>(new GetGatewayView(_sim.Name), Wait);

    private async Task<(Operations.OperationItem Item, SaCommand Command)> TerminateFirstAsync()
    {
        var sa = (await View()).Sas.First(s => s.IkeVersion == 2);
        var item = new OperationItem { Id = 0, Gateway = _sim.Name, Wave = 1, Connection = sa.Name, IkeKey = sa.Key, IkeId = sa.UniqueId };
        return (item, SaCommand.For(OperationAction.Terminate(SaLevel.Ike), item));
    }

    [Fact]
    public async Task An_item_runs_on_the_session_and_answers_with_the_daemons_words()
    {
        var (item, command) = await TerminateFirstAsync();
        var probe = CreateTestProbe();

        _actor.Tell(new RunSaCommand(_sim.Name, 7, 0, command, TimeSpan.FromSeconds(5)), probe.Ref);
        var done = probe.ExpectMsg<SaCommandDone>(Wait);
        Assert.Equal((7L, 0, ItemStatus.Succeeded, "success, matches 1"), (done.OperationId, done.ItemId, done.Status, done.Message));
        Assert.DoesNotContain(_sim.GetIkeSas(), s => s.UniqueId == item.IkeId);

        // again: the SA is gone by the actor's own state, so nothing is sent and the item is Gone
        await Poll.UntilAsync(async () => (await View()).Sas.All(s => s.Key != item.IkeKey), "the SA's down event");
        _actor.Tell(new RunSaCommand(_sim.Name, 7, 1, command, TimeSpan.FromSeconds(5)), probe.Ref);
        Assert.Equal(ItemStatus.Gone, probe.ExpectMsg<SaCommandDone>(Wait).Status);
        Assert.Equal(1, _sim.CommandsHandled("terminate"));

        // a refusal is an answer with charon's errmsg
        _sim.FailCommand("rekey", "rekeying not possible right now");
        var other = (await View()).Sas.First();
        var rekey = SaCommand.For(OperationAction.Rekey(SaLevel.Ike), item with { IkeKey = other.Key, IkeId = other.UniqueId });
        _actor.Tell(new RunSaCommand(_sim.Name, 7, 2, rekey, TimeSpan.FromSeconds(5)), probe.Ref);
        var refused = probe.ExpectMsg<SaCommandDone>(Wait);
        Assert.Equal((ItemStatus.Failed, "rekeying not possible right now"), (refused.Status, refused.Message));

        // no answer in time: timed out
        using (_sim.StallResponses())
        {
            _actor.Tell(new RunSaCommand(_sim.Name, 7, 3, rekey, TimeSpan.FromMilliseconds(300)), probe.Ref);
            Assert.Equal(ItemStatus.TimedOut, probe.ExpectMsg<SaCommandDone>(Wait).Status);
        }
    }

    [Fact]
    public async Task A_restarted_operation_that_asks_about_an_item_still_running_gets_its_answer_and_it_runs_once()
    {
        var (item, command) = await TerminateFirstAsync();
        var before = CreateTestProbe();
        var after = CreateTestProbe();
        var stall = _sim.StallResponses();

        _actor.Tell(new RunSaCommand(_sim.Name, 9, 0, command, TimeSpan.FromSeconds(10)), before.Ref);
        _actor.Tell(new VerifySaCommand(_sim.Name, 9, 0, command, TimeSpan.FromSeconds(10)), after.Ref);
        Assert.Equal(SaCommandEffect.Running, after.ExpectMsg<SaCommandVerified>(Wait).Effect);
        _actor.Tell(new RunSaCommand(_sim.Name, 9, 0, command, TimeSpan.FromSeconds(10)), after.Ref); // sent again: not run twice

        stall.Dispose();
        Assert.Equal(ItemStatus.Succeeded, after.ExpectMsg<SaCommandDone>(Wait).Status);
        before.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, _sim.CommandsHandled("terminate"));

        // done now: the state says so
        await Poll.UntilAsync(async () => (await View()).Sas.All(s => s.Key != item.IkeKey), "the SA's down event");
        _actor.Tell(new VerifySaCommand(_sim.Name, 9, 0, command, TimeSpan.FromSeconds(10)), after.Ref);
        Assert.Equal(SaCommandEffect.Visible, after.ExpectMsg<SaCommandVerified>(Wait).Effect);

        // and an SA that is still up: not done
        var up = (await View()).Sas.First();
        _actor.Tell(new VerifySaCommand(_sim.Name, 9, 1, command with { IkeKey = up.Key, IkeId = up.UniqueId }, TimeSpan.FromSeconds(10)), after.Ref);
        Assert.Equal(SaCommandEffect.NotVisible, after.ExpectMsg<SaCommandVerified>(Wait).Effect);
    }

    [Fact]
    public async Task A_fresh_view_comes_after_a_new_listing()
    {
        var listed = (await View()).Status.LastResyncAt;
        var probe = CreateTestProbe();

        _actor.Tell(new GetFreshGatewayView(_sim.Name), probe.Ref);
        _actor.Tell(new GetFreshGatewayView(_sim.Name), probe.Ref);
        var first = probe.ExpectMsg<GatewayView>(Wait);
        var second = probe.ExpectMsg<GatewayView>(Wait);

        Assert.True(first.Status.LastResyncAt > listed);
        Assert.True(second.Status.LastResyncAt >= first.Status.LastResyncAt);
        Assert.Equal(_sim.IkeSaCount, second.Sas.Count);
    }
}
