namespace FleetCtl.Fleet.Operations;

/// <summary>What an <see cref="OperationActor"/> persists (persistence id <c>operation-{id}</c>); replaying them rebuilds the
/// operation, so its journal is its audit trail.</summary>
public interface IOperationEvent
{
    long OperationId { get; }

    DateTimeOffset At { get; }
}

/// <summary>The operation was accepted: who, from which preview, what. Its items follow in <see cref="OperationItemsPlanned"/> chunks.</summary>
public sealed record OperationStarted(long OperationId, DateTimeOffset At, string User, string PreviewId, string PreviewHash, DateTimeOffset PreviewedAt,
    OperationRequest Request, int ItemCount, IReadOnlyList<string> Gateways, IReadOnlyList<SkippedItem> Skipped) : IOperationEvent;

/// <summary>A chunk of the operation's items, in order.</summary>
public sealed record OperationItemsPlanned(long OperationId, DateTimeOffset At, IReadOnlyList<OperationItem> Items) : IOperationEvent;

/// <summary>These items are about to be sent to their gateways (recorded first: after a restart they are checked, not blindly resent).</summary>
public sealed record OperationItemsDispatched(long OperationId, DateTimeOffset At, IReadOnlyList<int> Items) : IOperationEvent;

/// <summary>An item finished: its status and the gateway's answer. Written by earlier versions, one event per item; still replayed.</summary>
public sealed record OperationItemFinished(long OperationId, DateTimeOffset At, int Item, ItemStatus Status, string? Message, double? DurationMs) : IOperationEvent;

/// <summary>Items finished: their statuses and the gateways' answers, as many as arrived while the previous such write was
/// under way (group commit: one journal row for a busy operation's hundreds of answers, one per answer for a quiet one).</summary>
public sealed record OperationItemsFinished(long OperationId, DateTimeOffset At, IReadOnlyList<ItemResult> Results) : IOperationEvent;

/// <summary>One item's outcome inside <see cref="OperationItemsFinished"/>, stamped when its answer arrived.</summary>
public sealed record ItemResult(int Item, ItemStatus Status, string? Message, double? DurationMs, DateTimeOffset At);

/// <summary>Every item of a wave finished.</summary>
public sealed record OperationWaveFinished(long OperationId, DateTimeOffset At, int Wave) : IOperationEvent;

public sealed record OperationPaused(long OperationId, DateTimeOffset At, string User) : IOperationEvent;

public sealed record OperationResumed(long OperationId, DateTimeOffset At, string User) : IOperationEvent;

/// <summary>The stop rule stopped the operation after <paramref name="Wave"/>.</summary>
public sealed record OperationHalted(long OperationId, DateTimeOffset At, int Wave, string Reason) : IOperationEvent;

/// <summary>An operator cancelled: every pending item is cancelled by this event.</summary>
public sealed record OperationCancelled(long OperationId, DateTimeOffset At, string User) : IOperationEvent;

/// <summary>A drain checked its gateways' own state.</summary>
public sealed record OperationDrainChecked(long OperationId, DateTimeOffset At, DrainReport Report) : IOperationEvent;

/// <summary>The operation reached its final state.</summary>
public sealed record OperationEnded(long OperationId, DateTimeOffset At, OperationState State, string? Reason) : IOperationEvent;

// ---- the operations index (persistence id "operations")

/// <summary>What the <see cref="OperationsManagerActor"/> persists: the index of operations and the drain marks.</summary>
public interface IOperationIndexEvent
{
    DateTimeOffset At { get; }
}

/// <summary>An operation was registered (before it starts): from now on it is woken after every controller restart until closed.</summary>
public sealed record OperationIndexed(DateTimeOffset At, OperationSummary Summary) : IOperationIndexEvent;

/// <summary>An operation reached its final state.</summary>
public sealed record OperationClosed(DateTimeOffset At, OperationSummary Summary) : IOperationIndexEvent;

/// <summary>A gateway was marked as draining (by a drain operation).</summary>
public sealed record DrainMarkSet(DateTimeOffset At, DrainMark Mark) : IOperationIndexEvent;

/// <summary>A gateway's draining mark was removed (by an operator, or because its drain was cancelled).</summary>
public sealed record DrainMarkCleared(DateTimeOffset At, string Gateway, string By) : IOperationIndexEvent;

/// <summary>The index's state: the last operation id and every operation's summary, and the drain marks.</summary>
public sealed record OperationIndexSnapshot(long LastId, IReadOnlyList<OperationSummary> Operations, IReadOnlyList<DrainMark> Marks);

/// <summary>
/// A gateway marked as draining: its peers are being (or were) moved away by <see cref="OperationId"/> — typically before
/// maintenance. Published on <see cref="FleetTopics.Operations"/> as <see cref="GatewayDrainingChanged"/>; merged into
/// <see cref="Hosting.FleetDirectory.DrainMarks"/>.
/// </summary>
public sealed record DrainMark(string Gateway, long OperationId, DateTimeOffset Since, string? Target);

/// <summary>A gateway's draining mark was set (<see cref="Mark"/>) or cleared (null). Published on <see cref="FleetTopics.Operations"/>.</summary>
public sealed record GatewayDrainingChanged(string Gateway, DrainMark? Mark);
