namespace FleetCtl.Fleet.Operations;

/// <summary>
/// One thing an operation does: one SA on one gateway (or, for initiate, one gateway), in one wave. Fixed by the
/// preview; execution runs exactly these. The SA fields are what the preview saw, for the audit trail and the tables.
/// </summary>
public sealed record OperationItem
{
    /// <summary>Position in the operation (0-based, unique within it).</summary>
    public required int Id { get; init; }

    public required string Gateway { get; init; }

    /// <summary>The wave it runs in (1-based).</summary>
    public required int Wave { get; init; }

    /// <summary>The IKE connection name (initiate: the connection initiated).</summary>
    public string? Connection { get; init; }

    /// <summary>The IKE_SA's key (unique id and SPI); null for initiate.</summary>
    public string? IkeKey { get; init; }

    public long? IkeId { get; init; }

    public int? IkeVersion { get; init; }

    /// <summary>The CHILD_SA name (CHILD_SA items; initiate: the child initiated).</summary>
    public string? Child { get; init; }

    /// <summary>The CHILD_SA's key, for CHILD_SA items.</summary>
    public string? ChildKey { get; init; }

    public long? ChildId { get; init; }

    public string? RemoteId { get; init; }

    public string? RemoteHost { get; init; }

    /// <summary>When the SA was established (IKE) or installed (CHILD), as the preview saw it.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Redirect: the address sent as VICI <c>gateway</c>.</summary>
    public string? Target { get; init; }

    /// <summary>Redirect: the inventory gateway behind <see cref="Target"/>, when it is one.</summary>
    public string? TargetGateway { get; init; }

    public override string ToString() =>
        $"#{Id} {Gateway} {(IkeId is null ? Connection + (Child is null ? "" : "/" + Child) : $"{Connection}[{IkeId}]" + (ChildId is null ? "" : $" {Child}{{{ChildId}}}"))}";
}

/// <summary>Something the selector matched that the operation will not touch, and why (shown in the preview and kept in the audit).</summary>
/// <param name="Gateway">The gateway.</param>
/// <param name="Reason">Why, as a sentence, e.g. "IKEv1 SA cannot be redirected (IKEv2 redirect, RFC 5685)".</param>
/// <param name="Connection">The SA's connection (null when the whole gateway is skipped).</param>
/// <param name="IkeKey">The IKE_SA's key, when an SA is skipped.</param>
/// <param name="IkeId">The IKE_SA's unique id.</param>
/// <param name="Child">The CHILD_SA's name, for CHILD_SA items.</param>
/// <param name="ChildId">The CHILD_SA's unique id.</param>
/// <param name="RemoteId">The peer's identity.</param>
/// <param name="RemoteHost">The peer's address.</param>
public sealed record SkippedItem(string Gateway, string Reason, string? Connection = null, string? IkeKey = null, long? IkeId = null,
    string? Child = null, long? ChildId = null, string? RemoteId = null, string? RemoteHost = null)
{
    /// <summary>True when the whole gateway was skipped (unreachable, not strongSwan, ...), not one SA.</summary>
    public bool WholeGateway => Connection is null && IkeKey is null;
}

/// <summary>Where an item is in its life.</summary>
public enum ItemStatus
{
    /// <summary>Not sent yet.</summary>
    Pending,

    /// <summary>Sent to its gateway actor; no answer yet.</summary>
    InFlight,

    /// <summary>The gateway answered success.</summary>
    Succeeded,

    /// <summary>The gateway answered failure (its <c>errmsg</c> is the item's message), or could not be asked.</summary>
    Failed,

    /// <summary>No answer within the item timeout.</summary>
    TimedOut,

    /// <summary>The SA was already gone when its turn came: nothing was sent.</summary>
    Gone,

    /// <summary>The operation was cancelled before the item was sent.</summary>
    Cancelled,
}

/// <summary>How a finished item counts.</summary>
public static class ItemStatuses
{
    public static bool IsTerminal(this ItemStatus status) => status is not (ItemStatus.Pending or ItemStatus.InFlight);

    /// <summary>Failed or timed out: what the stop rule counts.</summary>
    public static bool IsFailure(this ItemStatus status) => status is ItemStatus.Failed or ItemStatus.TimedOut;
}
