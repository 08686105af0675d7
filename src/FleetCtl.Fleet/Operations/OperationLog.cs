using FleetCtl.Fleet.Catalog;
using Microsoft.Extensions.Logging;

namespace FleetCtl.Fleet.Operations;

/// <summary>The operations' log lines. Event ids and names are the catalog's entries 2080–2099 (docs/catalog.md).</summary>
internal static partial class OperationLog
{
    [LoggerMessage(EventId = CatalogIds.OperationPreviewed, EventName = "fleet.operation.previewed", Level = LogLevel.Information, Message = "Preview {PreviewId} ({Hash}): {Action} on {Selector}: {Items} items in {Waves} waves, {Skipped} skipped")]
    public static partial void Previewed(ILogger logger, string previewId, string hash, string action, string selector, int items, int waves, int skipped);

    [LoggerMessage(EventId = CatalogIds.OperationStarted, EventName = "fleet.operation.started", Level = LogLevel.Information, Message = "Operation {OperationId} started by {User}: {Action} on {Selector}; {Items} items in {Waves} waves on {Gateways} gateways, {Skipped} skipped (preview {PreviewId}, {Hash})")]
    public static partial void Started(ILogger logger, long operationId, string user, string action, string selector, int items, int waves, int gateways, int skipped, string previewId, string hash);

    [LoggerMessage(EventId = CatalogIds.OperationCompleted, EventName = "fleet.operation.completed", Level = LogLevel.Information, Message = "Operation {OperationId} completed: {Counts}")]
    public static partial void Completed(ILogger logger, long operationId, ItemCounts counts);

    [LoggerMessage(EventId = CatalogIds.OperationFailed, EventName = "fleet.operation.failed", Level = LogLevel.Warning, Message = "Operation {OperationId} finished with failures: {Reason}; {Counts}")]
    public static partial void Failed(ILogger logger, long operationId, string? reason, ItemCounts counts);

    [LoggerMessage(EventId = CatalogIds.OperationHalted, EventName = "fleet.operation.halted", Level = LogLevel.Warning, Message = "Operation {OperationId} halted by its stop rule: {Reason}")]
    public static partial void Halted(ILogger logger, long operationId, string reason);

    [LoggerMessage(EventId = CatalogIds.OperationCancelled, EventName = "fleet.operation.cancelled", Level = LogLevel.Information, Message = "Operation {OperationId} cancelled by {User}: {Pending} pending items cancelled")]
    public static partial void Cancelled(ILogger logger, long operationId, string user, int pending);

    [LoggerMessage(EventId = CatalogIds.OperationPaused, EventName = "fleet.operation.paused", Level = LogLevel.Information, Message = "Operation {OperationId} paused by {User}")]
    public static partial void Paused(ILogger logger, long operationId, string user);

    [LoggerMessage(EventId = CatalogIds.OperationResumed, EventName = "fleet.operation.resumed", Level = LogLevel.Information, Message = "Operation {OperationId} resumed by {User}")]
    public static partial void Resumed(ILogger logger, long operationId, string user);

    [LoggerMessage(EventId = CatalogIds.OperationItemFailed, EventName = "fleet.operation.item-failed", Level = LogLevel.Warning, Message = "Operation {OperationId} item {ItemId} on {Gateway} ({Sa}) {Status}: {Error}")]
    public static partial void ItemFailed(ILogger logger, long operationId, int itemId, string gateway, string sa, ItemStatus status, string? error);

    [LoggerMessage(EventId = CatalogIds.OperationRecovered, EventName = "fleet.operation.recovered", Level = LogLevel.Information, Message = "Operation {OperationId} recovered after a restart: {Counts}; {InFlight} items that were in flight are checked against their gateways")]
    public static partial void Recovered(ILogger logger, long operationId, ItemCounts counts, int inFlight);

    [LoggerMessage(EventId = CatalogIds.DrainConfirmed, EventName = "fleet.drain.confirmed", Level = LogLevel.Information, Message = "Drain {OperationId}: {Gateways} empty by their own listing")]
    public static partial void DrainConfirmed(ILogger logger, long operationId, string gateways);

    [LoggerMessage(EventId = CatalogIds.DrainIncomplete, EventName = "fleet.drain.incomplete", Level = LogLevel.Warning, Message = "Drain {OperationId}: {Remaining} SAs remain on {Gateways}; {Unconfirmed} gateways could not be checked. First: {Example}")]
    public static partial void DrainIncomplete(ILogger logger, long operationId, int remaining, string gateways, int unconfirmed, string example);
}
