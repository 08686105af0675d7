using Microsoft.Extensions.Logging;

namespace FleetCtl.Fleet.Gateways;

/// <summary>The gateway actor's log lines. Event ids are the catalog's controller entries (docs/catalog.md).</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 2000, EventName = "fleet.gateway.connecting", Level = LogLevel.Debug, Message = "Gateway {Gateway}: connecting to {Uri} (failed attempts so far: {Attempts})")]
    public static partial void Connecting(ILogger logger, string gateway, string uri, int attempts);

    [LoggerMessage(EventId = 2001, EventName = "fleet.gateway.connected", Level = LogLevel.Information, Message = "Gateway {Gateway}: connected, strongSwan {Version}, events {Events}")]
    public static partial void Connected(ILogger logger, string gateway, string? version, string events);

    [LoggerMessage(EventId = 2002, EventName = "fleet.gateway.connection-lost", Level = LogLevel.Warning, Message = "Gateway {Gateway}: connection lost: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string gateway, string reason);

    [LoggerMessage(EventId = 2003, EventName = "fleet.gateway.unreachable", Level = LogLevel.Warning, Message = "Gateway {Gateway}: unreachable ({Reason}); attempt {Attempts}, next in {DelayMs:0} ms")]
    public static partial void Unreachable(ILogger logger, string gateway, string reason, int attempts, double delayMs);

    [LoggerMessage(EventId = 2005, EventName = "fleet.gateway.resync-completed", Level = LogLevel.Information, Message = "Gateway {Gateway}: resync in {DurationMs:0} ms: {IkeSas} IKE_SAs, {ChildSas} CHILD_SAs, {Differences} differences")]
    public static partial void ResyncCompleted(ILogger logger, string gateway, double durationMs, int ikeSas, int childSas, int differences);

    [LoggerMessage(EventId = 2006, EventName = "fleet.gateway.resync-started", Level = LogLevel.Debug, Message = "Gateway {Gateway}: resync ({Why})")]
    public static partial void ResyncStarted(ILogger logger, string gateway, string why);

    [LoggerMessage(EventId = 2008, EventName = "fleet.gateway.events-dropped", Level = LogLevel.Warning, Message = "Gateway {Gateway}: {Count} events dropped (the controller fell behind); resyncing")]
    public static partial void EventsDropped(ILogger logger, string gateway, long count);

    [LoggerMessage(EventId = 2009, EventName = "fleet.gateway.alert-unsupported", Level = LogLevel.Information, Message = "Gateway {Gateway}: strongSwan {Version} has no 'alert' event (6.0.3+); alerts will be derived from its log")]
    public static partial void AlertEventUnsupported(ILogger logger, string gateway, string? version);

    [LoggerMessage(EventId = 2030, EventName = "fleet.journal.snapshot-failed", Level = LogLevel.Warning, Message = "Gateway {Gateway}: saving a state snapshot failed")]
    public static partial void SnapshotFailed(ILogger logger, string gateway, Exception error);
}
