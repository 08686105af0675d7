using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.TestKit.Xunit2;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.State;
using FleetCtl.Vici;
using Microsoft.Extensions.Logging.Abstractions;
using static FleetCtl.Fleet.Tests.SaMessages;

namespace FleetCtl.Fleet.Tests;

/// <summary>An in-memory journal whose writes can be made to fail, as an overloaded or vanished database's do.</summary>
public sealed class FailingJournal : MemoryJournal
{
    public static volatile bool Failing;
    private static int s_refused;

    private static int s_stored;

    /// <summary>Writes refused so far.</summary>
    public static int Refused => Volatile.Read(ref s_refused);

    /// <summary>Events stored so far.</summary>
    public static int Stored => Volatile.Read(ref s_stored);

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        if (Failing)
        {
            Interlocked.Increment(ref s_refused);
            throw new InvalidOperationException("journal unavailable (test)");
        }

        var writes = messages.ToList();
        var result = base.WriteMessagesAsync(writes, cancellationToken);
        Interlocked.Add(ref s_stored, writes.Sum(w => ((IEnumerable<IPersistentRepresentation>)w.Payload).Count()));
        return result;
    }
}

public sealed class GatewayActorJournalFailureTests : TestKit
{
    public GatewayActorJournalFailureTests() : base($$"""
        akka.loglevel = ERROR
        akka.persistence.journal.plugin = "akka.persistence.journal.failing"
        akka.persistence.journal.failing {
          class = "{{typeof(FailingJournal).AssemblyQualifiedName}}"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """)
    {
    }

    [Fact]
    public async Task A_failed_journal_write_does_not_lose_the_gateway()
    {
        await using var gw = new FakeGateway();
        gw.SetSas(("a", Ike(1, "1111111111111111")));
        gw.Start();
        var bus = new FleetCtl.Vici.Tests.Probe(CreateTestProbe());
        var options = new GatewayOptions { BackoffMin = TimeSpan.FromMilliseconds(50), ResyncTimeout = TimeSpan.FromSeconds(3), RefreshInterval = TimeSpan.Zero };
        var actor = Sys.ActorOf(GatewayActor.SupervisedProps("gw-jf", gw.Uri, new ViciGatewayConnector(new ViciClientOptions { CommandTimeout = TimeSpan.FromSeconds(3) }),
            bus.Ref, options, NullLogger.Instance));
        bus.SaChanges(1);
        bus.StatusWhere(s => s.State == GatewayConnectionState.Connected);

        // the journal fails while b comes up: Akka stops the persistent actor; its supervisor starts it again
        // a's up and the connectivity change must be in the journal before it fails, or they are lost with b's
        var stored = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (FailingJournal.Stored < 2 && DateTime.UtcNow < stored)
        {
            await Task.Delay(20);
        }

        Assert.True(FailingJournal.Stored >= 2, $"the journal stored {FailingJournal.Stored} events before the failure");
        var refusedBefore = FailingJournal.Refused;
        FailingJournal.Failing = true;
        gw.SetSas(("a", Ike(1, "1111111111111111")), ("b", Ike(2, "2222222222222222")));
        await gw.PublishAsync("ike-updown", new ViciMessage().Set("up", true).Set("b", Ike(2, "2222222222222222")));
        Assert.Equal("b", Assert.IsType<IkeSaUp>(Assert.Single(bus.SaChanges(1))).Sa.Name);
        // the journal comes back only once it has really refused b's write (not after a guessed delay)
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (FailingJournal.Refused == refusedBefore && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(FailingJournal.Refused > refusedBefore, "the journal was never asked to write b's change");
        FailingJournal.Failing = false;

        // restarted: recovered a (b's write was lost), resynced, found b again, and follows new events
        var again = Assert.IsType<IkeSaUp>(Assert.Single(bus.SaChanges(1)));
        Assert.Equal(("b", SaChangeCause.Resync), (again.Sa.Name, again.Cause));
        await gw.PublishAsync("ike-updown", new ViciMessage().Set("a", Ike(1, "1111111111111111")));
        Assert.Equal("a", Assert.IsType<IkeSaDown>(Assert.Single(bus.SaChanges(1))).Sa.Name);
        var view = await actor.Ask<GatewayView>(new GetGatewayView("gw-jf"), TimeSpan.FromSeconds(3));
        Assert.Equal(["b"], view.Sas.Select(s => s.Name));
    }
}
