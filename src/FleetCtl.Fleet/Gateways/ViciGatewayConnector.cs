using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using FleetCtl.Fleet.Operations;
using FleetCtl.Fleet.State;
using FleetCtl.Vici;
using FleetCtl.Vici.Commands;
using FleetCtl.Vici.Events;
using FleetCtl.Vici.Models;

namespace FleetCtl.Fleet.Gateways;

/// <summary>Sessions with strongSwan gateways over VICI.</summary>
public sealed class ViciGatewayConnector(ViciClientOptions? options = null) : IGatewayConnector
{
    private readonly ViciClientOptions _options = options ?? new ViciClientOptions { CommandTimeout = TimeSpan.FromSeconds(15) };

    public async Task<IGatewaySession> ConnectAsync(string gateway, string uri, CancellationToken cancellationToken)
    {
        var client = await ViciClient.ConnectAsync(uri, _options, cancellationToken).ConfigureAwait(false);
        try
        {
            // events first: whatever happens from here on is either in the listing or in the event stream
            var supported = await client.RegisterMonitoringAsync(cancellationToken).ConfigureAwait(false);
            var version = await client.VersionAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var unsupported = ViciEventNames.Monitoring.Except(supported).ToList();
            return new ViciGatewaySession(client, new DaemonInfo(version.Daemon, version.Version, supported, unsupported));
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}

internal sealed class ViciGatewaySession(ViciClient client, DaemonInfo daemon) : IGatewaySession
{
    public DaemonInfo Daemon { get; } = daemon;

    public long DroppedEvents => client.DroppedEvents;

    public async Task<GatewaySync> SyncAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var conns = new List<ConfiguredConnection>();
        await foreach (var conn in client.ListConnsAsync(timeout: deadline, cancellationToken: cts.Token).ConfigureAwait(false))
        {
            conns.Add(SaMapping.ToConfigured(conn));
        }

        var left = deadline - watch.Elapsed;
        if (left <= TimeSpan.Zero)
        {
            throw new ViciTimeoutException("list-sas", deadline, connectionClosed: false);
        }

        var sas = new List<IkeSa>();
        await foreach (var sa in client.ListSasAsync(new ListSasRequest { NoBlock = true }, left, cts.Token).ConfigureAwait(false))
        {
            sas.Add(sa);
        }

        return new GatewaySync(sas, conns, watch.Elapsed);
    }

    public async IAsyncEnumerable<ViciTypedEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = client.Events;
        while (true)
        {
            bool more;
            try
            {
                more = await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }

            if (!more)
            {
                throw new ViciConnectionLostException("the VICI session ended");
            }

            while (reader.TryRead(out var ev))
            {
                yield return ViciEventParser.Parse(ev);
            }
        }
    }

    public async Task<SaCommandAnswer> ExecuteAsync(SaCommand command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var controlLog = new ControlLogLines();
        try
        {
            switch (command.Kind)
            {
                case SaCommandKind.Redirect:
                {
                    var r = await client.RedirectAsync(new RedirectRequest(command.Target!) { IkeId = command.IkeId }, timeout, cancellationToken)
                        .ConfigureAwait(false);
                    return new SaCommandAnswer(r.Success, r.ErrorMessage, r.Matches);
                }

                case SaCommandKind.TerminateIke or SaCommandKind.TerminateChild:
                {
                    var request = command.Kind == SaCommandKind.TerminateIke
                        ? new TerminateRequest { IkeId = command.IkeId, Force = command.Force ? true : null, TimeoutMs = DaemonTimeout(timeout) }
                        : new TerminateRequest { ChildId = command.ChildId, Force = command.Force ? true : null, TimeoutMs = DaemonTimeout(timeout) };
                    var r = await client.TerminateAsync(request, null, timeout, cancellationToken).ConfigureAwait(false);
                    return new SaCommandAnswer(r.Success, r.ErrorMessage, r.Matches);
                }

                case SaCommandKind.RekeyIke or SaCommandKind.RekeyChild:
                {
                    var request = command.Kind == SaCommandKind.RekeyIke
                        ? new RekeyRequest { IkeId = command.IkeId, Reauth = command.Reauth ? true : null }
                        : new RekeyRequest { ChildId = command.ChildId };
                    var r = await client.RekeyAsync(request, timeout, cancellationToken).ConfigureAwait(false);
                    return new SaCommandAnswer(r.Success, r.ErrorMessage, r.Matches);
                }

                default:
                {
                    var request = command.Child is null
                        ? InitiateRequest.ForIke(command.Connection!) with { TimeoutMs = DaemonTimeout(timeout) }
                        : InitiateRequest.ForChild(command.Child, command.Connection) with { TimeoutMs = DaemonTimeout(timeout) };
                    var r = await client.InitiateAsync(request, controlLog, timeout, cancellationToken).ConfigureAwait(false);
                    return new SaCommandAnswer(r.Success, r.Success ? r.ErrorMessage : WithReason(r.ErrorMessage, controlLog.Lines), null);
                }
            }
        }
        catch (ViciCommandFailedException e)
        {
            return new SaCommandAnswer(false, WithReason(e.ErrorMessage ?? e.Message, controlLog.Lines), e.Response.GetInt64("matches"));
        }
    }

    /// <summary>charon's own timeout a little under the client's, so charon gives up (and says so) before the client does.</summary>
    private static long DaemonTimeout(TimeSpan timeout) => Math.Max(500, (long)(timeout.TotalMilliseconds * 0.9));

    public ValueTask DisposeAsync() => client.DisposeAsync();

    /// <summary>
    /// charon's <c>errmsg</c> for a failed initiate only says that it failed ("establishing CHILD_SA 'net' failed"); the
    /// <c>control-log</c> of the call says why. The answer keeps the errmsg and adds the last lines that name a failure,
    /// so the operation's audit trail holds the reason (e.g. "received AUTHENTICATION_FAILED notify error").
    /// </summary>
    internal static string? WithReason(string? errmsg, IReadOnlyList<ControlLogEvent> log)
    {
        var reasons = log.Select(l => l.Message ?? "")
            .Where(Diagnosis.TunnelDiagnoser.NamesAFailure)
            .Where(m => !string.Equals(m, errmsg, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .TakeLast(3)
            .Select(m => Diagnosis.LogRedaction.Redact(m))
            .OfType<string>()
            .ToList();
        return reasons.Count == 0 ? errmsg : $"{errmsg ?? "initiate failed"} ({string.Join("; ", reasons)})";
    }

    /// <summary>Collects an initiate's <c>control-log</c> lines as they arrive (synchronously, unlike <see cref="Progress{T}"/>).</summary>
    private sealed class ControlLogLines : IProgress<ControlLogEvent>
    {
        private readonly List<ControlLogEvent> _lines = [];

        public IReadOnlyList<ControlLogEvent> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public void Report(ControlLogEvent value)
        {
            lock (_lines)
            {
                _lines.Add(value);
            }
        }
    }
}