using System.Diagnostics;
using System.Runtime.CompilerServices;
using FleetCtl.Fleet.Operations;
using FleetCtl.Libreswan;
using FleetCtl.Vici.Events;

namespace FleetCtl.Fleet.Gateways;

/// <summary>
/// A libreswan gateway, polled: pluto pushes nothing, so the session has no events and asks the gateway actor to relist
/// every <see cref="PollInterval"/>; the actor's reconcile turns each difference into the same SA up/down changes a
/// strongSwan gateway's events give. Commands run through whack: terminate deletes the state, initiate brings the
/// connection up, rekey rekeys the connection's IKE or IPsec SA; redirect is refused (FleetCtl does not drive
/// libreswan's redirect).
/// </summary>
internal sealed class LibreswanGatewaySession(LibreswanCommands commands, DaemonInfo daemon, TimeSpan pollInterval, LibreswanStatus? first) : IGatewaySession
{
    private LibreswanStatus? _first = first;
    private volatile LibreswanSaSnapshot? _last;

    public DaemonInfo Daemon { get; } = daemon;

    public long DroppedEvents => 0;

    public TimeSpan? PollInterval { get; } = pollInterval;

    public async Task<GatewaySync> SyncAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(deadline);
        var status = Interlocked.Exchange(ref _first, null) ?? await commands.StatusAsync(cts.Token).ConfigureAwait(false);
        var snapshot = LibreswanSas.FromStatus(status);
        _last = snapshot;
        return new GatewaySync(LibreswanMapping.IkeSas(status, snapshot), LibreswanMapping.Connections(status), watch.Elapsed);
    }

    public async IAsyncEnumerable<ViciTypedEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // nothing is pushed: the session lives until it is closed, and the actor polls
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        yield break;
    }

    public async Task<SaCommandAnswer> ExecuteAsync(SaCommand command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            var result = command.Kind switch
            {
                SaCommandKind.TerminateIke => await commands.DeleteStateAsync(Serial(command.IkeId), cts.Token).ConfigureAwait(false),
                SaCommandKind.TerminateChild => await commands.DeleteStateAsync(Serial(command.ChildId), cts.Token).ConfigureAwait(false),
                SaCommandKind.Initiate => await commands.UpAsync(command.Connection!, asynchronous: true, cts.Token).ConfigureAwait(false),
                SaCommandKind.RekeyIke => await commands.RekeyIkeAsync(ConnectionOf(command.IkeId), asynchronous: true, cts.Token).ConfigureAwait(false),
                SaCommandKind.RekeyChild => await commands.RekeyIpsecAsync(ConnectionOf(command.IkeId), asynchronous: true, cts.Token).ConfigureAwait(false),
                _ => null,
            };
            return result is null
                ? new SaCommandAnswer(false, LibreswanMapping.NoRedirect, null)
                : new SaCommandAnswer(true, null, 1);
        }
        catch (CommandTimeoutException)
        {
            throw new OperationCanceledException($"{command.Verb} took longer than {timeout.TotalSeconds:0.#} s");
        }
        catch (LibreswanCommandException e) when (e is not CommandNotFoundException && e.Result is not null)
        {
            return new SaCommandAnswer(false, e.Message, null); // whack refused: the answer, as charon's errmsg would be
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static int Serial(long? id) => id is { } n and > 0 and <= int.MaxValue
        ? (int)n
        : throw new ArgumentException("a libreswan state is addressed by its serial number, and the item has none");

    /// <summary>whack rekeys by connection: the connection of the IKE SA as last listed.</summary>
    private string ConnectionOf(long? ikeSerial) =>
        _last?.IkeSas.FirstOrDefault(s => s.Serial == ikeSerial)?.Connection
        ?? throw new ArgumentException($"IKE SA #{ikeSerial} is not in the gateway's last status");
}
