namespace FleetCtl.Fleet.Operations;

/// <summary>Where an operation is.</summary>
public enum OperationState
{
    /// <summary>Items are going out (or the next wave is waiting for its pause, or a drain is being confirmed).</summary>
    Running,

    /// <summary>Paused by an operator: no new items go out; those in flight finish. Resume or cancel.</summary>
    Paused,

    /// <summary>Stopped by the stop rule after a wave failed too much (<see cref="OperationSummary.Reason"/>). Resume (the next
    /// wave starts at once) or cancel.</summary>
    Halted,

    /// <summary>Cancelled by an operator: pending items were cancelled, those in flight finished. Final.</summary>
    Cancelled,

    /// <summary>Every item ran and none failed. Final.</summary>
    Completed,

    /// <summary>Every item ran and at least one failed (or the operation could not run at all). Final.</summary>
    Failed,
}

public static class OperationStates
{
    /// <summary>Cancelled, Completed or Failed: nothing more will happen.</summary>
    public static bool IsFinal(this OperationState state) => state is OperationState.Cancelled or OperationState.Completed or OperationState.Failed;
}

/// <summary>Item counts (of an operation, or of one wave). <see cref="Pending"/> and <see cref="InFlight"/> are not finished yet.</summary>
public sealed record ItemCounts(int Total, int Pending, int InFlight, int Succeeded, int Failed, int TimedOut, int Gone, int Cancelled)
{
    public static readonly ItemCounts Empty = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Items that will not change any more.</summary>
    public int Finished => Succeeded + Failed + TimedOut + Gone + Cancelled;

    /// <summary>Succeeded, or nothing left to do (the SA was already gone).</summary>
    public int Done => Succeeded + Gone;

    /// <summary>Failed or timed out: what the stop rule counts.</summary>
    public int Failures => Failed + TimedOut;

    /// <summary>Finished share, 0 to 100.</summary>
    public double Percent => Total == 0 ? 100 : 100.0 * Finished / Total;

    /// <summary>The counts with one item moved from one status to another.</summary>
    public ItemCounts Move(ItemStatus? from, ItemStatus to) => Add(from, -1).Add(to, 1);

    public ItemCounts Add(ItemStatus? status, int n) => status switch
    {
        ItemStatus.Pending => this with { Pending = Pending + n },
        ItemStatus.InFlight => this with { InFlight = InFlight + n },
        ItemStatus.Succeeded => this with { Succeeded = Succeeded + n },
        ItemStatus.Failed => this with { Failed = Failed + n },
        ItemStatus.TimedOut => this with { TimedOut = TimedOut + n },
        ItemStatus.Gone => this with { Gone = Gone + n },
        ItemStatus.Cancelled => this with { Cancelled = Cancelled + n },
        _ => this,
    };

    public override string ToString() =>
        $"{Finished}/{Total} finished: {Succeeded} succeeded, {Failed} failed, {TimedOut} timed out, {Gone} already gone, {Cancelled} cancelled; {Pending} pending, {InFlight} in flight";
}

/// <summary>One wave's counts; <see cref="FinishedAt"/> once every item of it finished.</summary>
public sealed record WaveProgress(int Wave, ItemCounts Counts, DateTimeOffset? FinishedAt);

/// <summary>An operation as lists show it (the index entry): who ran what, when, and how far it got.</summary>
public sealed record OperationSummary
{
    public required long Id { get; init; }

    public required OperationActionKind Kind { get; init; }

    public bool Drain { get; init; }

    /// <summary>The action in words, e.g. "redirect to gw-2".</summary>
    public required string Action { get; init; }

    /// <summary>The selector in words.</summary>
    public required string Selector { get; init; }

    public string? Description { get; init; }

    public required OperationState State { get; init; }

    /// <summary>Who started it: a user name, or a token's name (the edge decides the form, e.g. <c>token:ci-deploy</c>).</summary>
    public required string User { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it reached a final state.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The gateways the selector chose.</summary>
    public required IReadOnlyList<string> Gateways { get; init; }

    public required string PreviewId { get; init; }

    public required string PreviewHash { get; init; }

    public required ItemCounts Counts { get; init; }

    public int Skipped { get; init; }

    public int Waves { get; init; }

    /// <summary>The wave running or next to run (1-based); 0 when there are no items.</summary>
    public int CurrentWave { get; init; }

    /// <summary>Why it halted or failed, or the drain's outcome.</summary>
    public string? Reason { get; init; }
}

/// <summary>
/// Published on <see cref="FleetTopics.Operations"/> while an operation runs: at most once per
/// <see cref="OperationsOptions.ProgressInterval"/> plus once per state change. <see cref="Waves"/> holds a window of at
/// most <see cref="OperationsOptions.MaxWavesInProgress"/> waves around the current one (every wave when there are fewer);
/// <see cref="IFleetOperations.GetAsync"/> has them all.
/// </summary>
public sealed record OperationProgress(
    long OperationId,
    OperationActionKind Kind,
    bool Drain,
    OperationState State,
    DateTimeOffset At,
    ItemCounts Totals,
    int CurrentWave,
    int WaveCount,
    IReadOnlyList<WaveProgress> Waves,
    string? Reason);

/// <summary>One item with its outcome: the gateway's answer (<c>errmsg</c> on failure) in <see cref="Message"/>.</summary>
public sealed record ItemRecord(OperationItem Item, ItemStatus Status, string? Message, double? DurationMs, int Attempts, DateTimeOffset? FinishedAt);

/// <summary>Someone (or the stop rule) steered the operation: <c>paused</c>, <c>resumed</c>, <c>cancelled</c>, <c>halted</c>, <c>resumed-after-restart</c>.</summary>
public sealed record OperationControl(DateTimeOffset At, string What, string By, string? Detail);

/// <summary>An SA still on a drained gateway after the drain, and why.</summary>
public sealed record DrainRemainder(string Gateway, string Connection, long? IkeId, string? RemoteId, string? RemoteHost, int? IkeVersion, string Reason);

/// <summary>What a drain's check of each gateway's own state (after a fresh listing) found.</summary>
/// <param name="CheckedAt">When the check ended.</param>
/// <param name="Remaining">SAs still on the drained gateways, with the reason.</param>
/// <param name="Unconfirmed">Drained gateways whose state could not be listed, with the reason.</param>
public sealed record DrainReport(DateTimeOffset CheckedAt, IReadOnlyList<DrainRemainder> Remaining, IReadOnlyList<string> Unconfirmed)
{
    /// <summary>Nothing left and every gateway checked.</summary>
    public bool Clean => Remaining.Count == 0 && Unconfirmed.Count == 0;
}

/// <summary>
/// The audit record of an operation: the request, the preview it ran, its items with their outcomes, who steered it.
/// <see cref="Items"/> are every item, or the window an <see cref="OperationItemsView"/> asked for; <see cref="ItemsMatching"/>
/// counts the items that view matches (every item when none was given).
/// </summary>
public sealed record OperationRecord(
    OperationSummary Summary,
    OperationRequest Request,
    IReadOnlyList<ItemRecord> Items,
    IReadOnlyList<SkippedItem> Skipped,
    IReadOnlyList<WaveProgress> Waves,
    IReadOnlyList<OperationControl> Controls,
    DrainReport? DrainReport)
{
    // set only when a view narrowed the lists; otherwise the counts are those of the lists (also after a `with`)
    private readonly int? _itemsMatching;
    private readonly int? _skippedTotal;
    private readonly int? _remainingTotal;

    /// <summary>Items matching the view the record was asked with, of which <see cref="Items"/> is a window.</summary>
    public int ItemsMatching { get => _itemsMatching ?? Items.Count; init => _itemsMatching = value; }

    /// <summary>Entries skipped at preview, of which <see cref="Skipped"/> holds the first ones (all unless the view limited them).</summary>
    public int SkippedTotal { get => _skippedTotal ?? Skipped.Count; init => _skippedTotal = value; }

    /// <summary>SAs the drain check found left, of which the <see cref="DrainReport"/> holds the first ones (all unless the view limited them).</summary>
    public int RemainingTotal { get => _remainingTotal ?? DrainReport?.Remaining.Count ?? 0; init => _remainingTotal = value; }

    /// <summary>This record narrowed to the items <paramref name="view"/> selects from its <see cref="Items"/>.</summary>
    public OperationRecord Select(OperationItemsView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var matching = Items.Where(i => view.Matches(i.Status)).ToList();
        return this with
        {
            Items = [.. matching.Skip(view.Offset).Take(view.Limit)], ItemsMatching = matching.Count,
            Skipped = view.Cap(Skipped), SkippedTotal = SkippedTotal, DrainReport = view.Cap(DrainReport), RemainingTotal = RemainingTotal,
        };
    }
}

/// <summary>
/// Which of an operation's items a record carries: those of the given statuses (all when none are given), from the
/// <see cref="Offset"/>-th of them (by item id), at most <see cref="Limit"/>. A page that follows a large operation live asks
/// for the window it shows instead of every item each time.
/// </summary>
public sealed record OperationItemsView
{
    /// <summary>Every item: the full audit record.</summary>
    public static readonly OperationItemsView All = new();

    /// <summary>Only these statuses; empty for all.</summary>
    public IReadOnlySet<ItemStatus> Statuses { get; init; } = new HashSet<ItemStatus>();

    public int Offset { get; init; }

    public int Limit { get; init; } = int.MaxValue;

    /// <summary>
    /// At most this many entries of the record's other long lists: skipped at preview, and the SAs a drain check found
    /// left (a drain can skip, and leave, thousands of IKEv1 SAs). At least 1, so a drain report that is not clean stays so.
    /// </summary>
    public int ListLimit { get; init; } = int.MaxValue;

    /// <summary>The failed and timed-out items (what the stop rule counts), first <paramref name="limit"/> of them.</summary>
    public static OperationItemsView Failures(int limit = int.MaxValue) =>
        new() { Statuses = new HashSet<ItemStatus> { ItemStatus.Failed, ItemStatus.TimedOut }, Limit = limit };

    public bool Matches(ItemStatus status) => Statuses.Count == 0 || Statuses.Contains(status);

    /// <summary>The first <see cref="ListLimit"/> entries of a list (the list itself when it is short enough).</summary>
    public IReadOnlyList<T> Cap<T>(IReadOnlyList<T> list) => list.Count <= ListLimit ? list : [.. list.Take(ListLimit)];

    /// <summary>The report with the first <see cref="ListLimit"/> remaining SAs.</summary>
    public DrainReport? Cap(DrainReport? report) => report is null || report.Remaining.Count <= ListLimit ? report : report with { Remaining = Cap(report.Remaining) };

    /// <summary>Null when usable, else why not.</summary>
    public string? Validate() =>
        Offset < 0 ? $"offset {Offset} is negative" : Limit < 0 ? $"limit {Limit} is negative" : ListLimit < 1 ? $"list limit {ListLimit} is below 1" : null;
}
