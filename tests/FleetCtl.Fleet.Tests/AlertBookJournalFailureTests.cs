using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.TestKit.Xunit2;
using FleetCtl.Fleet.Alerts;
using static FleetCtl.Fleet.Tests.AlertBookTests;

namespace FleetCtl.Fleet.Tests;

/// <summary>An in-memory journal whose writes can be made to fail; its own switch, so it never meets the gateway tests' one.</summary>
public sealed class FailingAlertJournal : MemoryJournal
{
    public static volatile bool Failing;
    private static int s_refused;

    /// <summary>Writes refused so far.</summary>
    public static int Refused => Volatile.Read(ref s_refused);

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        if (Failing)
        {
            Interlocked.Increment(ref s_refused);
            throw new InvalidOperationException("journal unavailable (test)");
        }

        return base.WriteMessagesAsync(messages, cancellationToken);
    }
}

public sealed class AlertBookJournalFailureTests : TestKit
{
    public AlertBookJournalFailureTests() : base($$"""
        akka.loglevel = ERROR
        akka.persistence.journal.plugin = "akka.persistence.journal.failing-alerts"
        akka.persistence.journal.failing-alerts {
          class = "{{typeof(FailingAlertJournal).AssemblyQualifiedName}}"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """)
    {
    }

    [Fact]
    public async Task A_failed_journal_write_stops_the_book_and_its_supervisor_brings_it_back()
    {
        var options = new AlertBookOptions { RestartBackoffMin = TimeSpan.FromMilliseconds(50), RestartBackoffMax = TimeSpan.FromMilliseconds(200) };
        var bus = CreateTestProbe();
        var book = Sys.ActorOf(AlertBookActor.SupervisedProps(bus.Ref, options));
        book.Tell(Raised("gw-1", "ts-mismatch", "s2s", T0));
        Assert.Single((await book.Ask<AlertPage>(new ListAlerts(new AlertQuery()), TimeSpan.FromSeconds(5))).Items);

        var refusedBefore = FailingAlertJournal.Refused;
        FailingAlertJournal.Failing = true;
        book.Tell(Raised("gw-1", "cert-expired", "s2s", T0.AddMinutes(1)));
        await AwaitConditionAsync(() => Task.FromResult(FailingAlertJournal.Refused > refusedBefore), TimeSpan.FromSeconds(10));
        FailingAlertJournal.Failing = false;

        // started again: recovered the first alert (the refused one is lost) and keeps working, through the same supervisor
        await AwaitAssertAsync(async () =>
        {
            var page = await book.Ask<AlertPage>(new ListAlerts(new AlertQuery()), TimeSpan.FromMilliseconds(500));
            Assert.Equal(["ts-mismatch"], page.Items.Select(a => a.AlertType));
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        book.Tell(Raised("gw-1", "vip-failure", null, T0.AddMinutes(2)));
        var after = await book.Ask<AlertPage>(new ListAlerts(new AlertQuery()), TimeSpan.FromSeconds(5));
        Assert.Equal([(2L, "vip-failure"), (1L, "ts-mismatch")], after.Items.Select(a => (a.Id, a.AlertType)));
    }
}
