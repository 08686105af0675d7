using FleetCtl.Fleet.Catalog;
using Microsoft.Extensions.Logging;

namespace FleetCtl.Fleet.Gateways;

/// <summary>The gateway actor's log lines. Event ids and names are the catalog's controller entries (docs/catalog.md).</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = CatalogIds.GatewayConnecting, EventName = "fleet.gateway.connecting", Level = LogLevel.Debug, Message = "Gateway {Gateway}: connecting to {Uri} (failed attempts so far: {Attempts})")]
    public static partial void Connecting(ILogger logger, string gateway, string uri, int attempts);

    [LoggerMessage(EventId = CatalogIds.GatewayConnected, EventName = "fleet.gateway.connected", Level = LogLevel.Information, Message = "Gateway {Gateway}: connected, strongSwan {Version}, events {Events}")]
    public static partial void Connected(ILogger logger, string gateway, string? version, string events);

    [LoggerMessage(EventId = CatalogIds.GatewayConnectionLost, EventName = "fleet.gateway.connection-lost", Level = LogLevel.Warning, Message = "Gateway {Gateway}: connection lost: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string gateway, string reason);

    [LoggerMessage(EventId = CatalogIds.GatewayUnreachable, EventName = "fleet.gateway.unreachable", Level = LogLevel.Warning, Message = "Gateway {Gateway}: unreachable ({Reason}); attempt {Attempts}, next in {DelayMs:0} ms")]
    public static partial void Unreachable(ILogger logger, string gateway, string reason, int attempts, double delayMs);

    [LoggerMessage(EventId = CatalogIds.AlertEventUnsupported, EventName = "fleet.gateway.alert-event-unsupported", Level = LogLevel.Information, Message = "Gateway {Gateway}: strongSwan {Version} has no 'alert' event (6.0.3+); alerts will be derived from its log")]
    public static partial void AlertEventUnsupported(ILogger logger, string gateway, string? version);

    [LoggerMessage(EventId = CatalogIds.ResyncCompleted, EventName = "fleet.gateway.resync-completed", Level = LogLevel.Information, Message = "Gateway {Gateway}: resync ({Why}) in {DurationMs:0} ms: {IkeSas} IKE_SAs, {ChildSas} CHILD_SAs")]
    public static partial void ResyncCompleted(ILogger logger, string gateway, string why, double durationMs, int ikeSas, int childSas);

    [LoggerMessage(EventId = CatalogIds.ResyncDifferences, EventName = "fleet.gateway.resync-differences", Level = LogLevel.Information, Message = "Gateway {Gateway}: resync found {Differences} changes that happened while the controller was not watching")]
    public static partial void ResyncDifferences(ILogger logger, string gateway, int differences);

    [LoggerMessage(EventId = CatalogIds.ResyncTimedOut, EventName = "fleet.gateway.resync-timed-out", Level = LogLevel.Warning, Message = "Gateway {Gateway}: connect and resync did not finish within {TimeoutMs:0} ms")]
    public static partial void ResyncTimedOut(ILogger logger, string gateway, double timeoutMs);

    [LoggerMessage(EventId = CatalogIds.EventBufferOverflow, EventName = "fleet.gateway.event-buffer-overflow", Level = LogLevel.Warning, Message = "Gateway {Gateway}: {Count} events dropped (the controller fell behind); resyncing")]
    public static partial void EventsDropped(ILogger logger, string gateway, long count);

    /// <summary>One SA change, at Debug, under the catalog entry of its kind (ike-up, child-rekey, ...).</summary>
    public static void SaChanged(ILogger logger, string gateway, State.SaChange change)
    {
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var id = change switch
        {
            State.IkeSaUp => CatalogIds.IkeSaUp,
            State.IkeSaDown => CatalogIds.IkeSaDown,
            State.IkeSaRekeyed => CatalogIds.IkeSaRekeyed,
            State.IkeSaUpdated => CatalogIds.IkeSaUpdated,
            State.ChildSaUp => CatalogIds.ChildSaUp,
            State.ChildSaDown => CatalogIds.ChildSaDown,
            _ => CatalogIds.ChildSaRekeyed,
        };
        logger.Log(LogLevel.Debug, FleetCatalog.EventIdOf(id), (Gateway: gateway, Change: change), null,
            static (s, _) => $"Gateway {s.Gateway}: {s.Change.Kind} ({s.Change.Cause}) {s.Change}");
    }

    [LoggerMessage(EventId = CatalogIds.CommandFailed, EventName = "fleet.gateway.command-failed", Level = LogLevel.Warning, Message = "Gateway {Gateway}: {Command} failed: {Error} ({ElapsedMs:0} ms, operation {OperationId})")]
    public static partial void CommandFailed(ILogger logger, string gateway, string command, string error, double elapsedMs, long operationId);

    [LoggerMessage(EventId = CatalogIds.JournalSnapshotFailed, EventName = "fleet.journal.snapshot-failed", Level = LogLevel.Warning, Message = "Gateway {Gateway}: saving a state snapshot failed")]
    public static partial void SnapshotFailed(ILogger logger, string gateway, Exception error);
}
