using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.Operations;
using FleetCtl.Fleet.State;
using FleetCtl.Vici.Events;
using FleetCtl.Vici.Models;

namespace FleetCtl.Fleet.Gateways;

/// <summary>What the daemon said about itself when the session opened.</summary>
/// <param name="UnsupportedEvents">Monitoring events the daemon refused (e.g. <c>alert</c> before strongSwan 6.0.3).</param>
public sealed record DaemonInfo(string? Daemon, string? Version, IReadOnlyList<string> SupportedEvents, IReadOnlyList<string> UnsupportedEvents)
{
    /// <summary>False on daemons without the <c>alert</c> event: alerts must then come from log analysis.</summary>
    public bool HasNativeAlerts => SupportedEvents.Contains(ViciEventNames.Alert);

    /// <summary>Which kind of gateway: strongSwan (charon over VICI) or libreswan (pluto, polled through whack).</summary>
    public GatewayKind Kind { get; init; } = GatewayKind.StrongSwan;

    /// <summary>Alerts must come from log analysis: a strongSwan daemon without the <c>alert</c> event (before 6.0.3).
    /// A libreswan gateway has neither the event nor a log stream.</summary>
    public bool AlertsFromLogs => !HasNativeAlerts && Kind == GatewayKind.StrongSwan;
}

/// <summary>One listing of a gateway: its SAs and its loaded connections.</summary>
public sealed record GatewaySync(IReadOnlyList<IkeSa> Sas, IReadOnlyList<ConfiguredConnection> Connections, TimeSpan Duration);

/// <summary>
/// An open session with one gateway, whatever the kind: strongSwan over VICI (events pushed), libreswan through whack (polled).
/// The gateway actor drives it from outside its own thread and only ever receives its results as messages.
/// </summary>
public interface IGatewaySession : IAsyncDisposable
{
    DaemonInfo Daemon { get; }

    /// <summary>Events dropped because the reader fell behind; when it grows the actor resyncs.</summary>
    long DroppedEvents { get; }

    /// <summary>For a gateway that pushes no events (libreswan): how often the actor relists it, replacing the fleet's
    /// refresh interval. Null for event-pushing gateways.</summary>
    TimeSpan? PollInterval => null;

    /// <summary>Lists SAs and connections, within <paramref name="deadline"/> (one stuck gateway must not stall anything).</summary>
    Task<GatewaySync> SyncAsync(TimeSpan deadline, CancellationToken cancellationToken);

    /// <summary>The gateway's events as they arrive. Ends (throws) when the session is lost.</summary>
    IAsyncEnumerable<ViciTypedEvent> ReadEventsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs one SA command (an operation's item) within <paramref name="timeout"/>. A refusal by the daemon is an answer
    /// (<see cref="SaCommandAnswer.Success"/> false with its <c>errmsg</c>), not an exception; a lost connection or a
    /// timeout throws. Sessions that cannot run commands throw <see cref="NotSupportedException"/>.
    /// </summary>
    Task<SaCommandAnswer> ExecuteAsync(SaCommand command, TimeSpan timeout, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"this gateway's session cannot run '{command?.Verb}'");
}

/// <summary>Opens sessions. Registering events comes first, so nothing between connect and listing is missed.</summary>
public interface IGatewayConnector
{
    Task<IGatewaySession> ConnectAsync(string gateway, string uri, CancellationToken cancellationToken);
}
