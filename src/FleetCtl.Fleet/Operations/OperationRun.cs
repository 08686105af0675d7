namespace FleetCtl.Fleet.Operations;

/// <summary>
/// The state of one operation, rebuilt from its events (<see cref="Apply"/> is the only way it changes), with the
/// bookkeeping the actor needs to pick the next items: per-wave counts, items in flight per gateway, and queues of
/// the current wave's pending items per gateway. Not thread-safe: owned by one <see cref="OperationActor"/>.
/// </summary>
public sealed class OperationRun
{
    private readonly List<OperationControl> _controls = [];
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private OperationItem[] _items = [];
    private ItemStatus[] _status = [];
    private string?[] _message = [];
    private double?[] _duration = [];
    private int[] _attempts = [];
    private DateTimeOffset?[] _finishedAt = [];
    private int _planned;
    private List<int>[] _waveItems = [];
    private ItemCounts[] _waveCounts = [];
    private DateTimeOffset?[] _waveFinishedAt = [];
    private ItemCounts _totals = ItemCounts.Empty;

    public OperationRun(OperationStarted started)
    {
        ArgumentNullException.ThrowIfNull(started);
        Started = started;
        State = OperationState.Running;
        _items = new OperationItem[started.ItemCount];
        _status = new ItemStatus[started.ItemCount];
        _message = new string?[started.ItemCount];
        _duration = new double?[started.ItemCount];
        _attempts = new int[started.ItemCount];
        _finishedAt = new DateTimeOffset?[started.ItemCount];
    }

    public OperationStarted Started { get; }

    public long Id => Started.OperationId;

    public OperationRequest Request => Started.Request;

    public OperationPlan Plan => Started.Request.Plan;

    public OperationState State { get; private set; }

    public string? Reason { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>Every item's plan arrived (all <see cref="OperationItemsPlanned"/> chunks were recorded).</summary>
    public bool FullyPlanned => _planned == _items.Length;

    public int ItemCount => _items.Length;

    public int WaveCount => _waveItems.Length;

    public ItemCounts Totals => _totals;

    public DrainReport? DrainReport { get; private set; }

    /// <summary>The end of the last finished wave (the next one may start a pause after it).</summary>
    public DateTimeOffset? LastWaveFinishedAt { get; private set; }

    /// <summary>True once <see cref="OperationEnded"/> was recorded.</summary>
    public bool Ended => EndedAt is not null;

    /// <summary>The first wave that is not finished (1-based), or <see cref="WaveCount"/> + 1 when all are.</summary>
    public int CurrentWave
    {
        get
        {
            for (var w = 0; w < _waveFinishedAt.Length; w++)
            {
                if (_waveFinishedAt[w] is null)
                {
                    return w + 1;
                }
            }

            return _waveFinishedAt.Length + 1;
        }
    }

    public OperationItem Item(int id) => _items[id];

    public ItemStatus Status(int id) => _status[id];

    public int Attempts(int id) => _attempts[id];

    public ItemCounts WaveCounts(int wave) => _waveCounts[wave - 1];

    public bool IsWaveFinished(int wave) => _waveFinishedAt[wave - 1] is not null;

    /// <summary>Items sent and not answered yet, per gateway.</summary>
    public int InFlight(string gateway) => _inFlight.TryGetValue(gateway, out var n) ? n : 0;

    /// <summary>The ids of a wave's items.</summary>
    public IReadOnlyList<int> WaveItems(int wave) => _waveItems[wave - 1];

    /// <summary>Items in flight (sent, not answered).</summary>
    public IEnumerable<int> InFlightItems() => Enumerable.Range(0, _items.Length).Where(i => _status[i] == ItemStatus.InFlight);

    /// <summary>Creates the run from its first event, or applies a later one.</summary>
    public static OperationRun? Apply(OperationRun? run, IOperationEvent e)
    {
        if (e is OperationStarted started)
        {
            return new OperationRun(started);
        }

        run?.Apply(e);
        return run;
    }

    public void Apply(IOperationEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        switch (e)
        {
            case OperationItemsPlanned planned:
                foreach (var item in planned.Items)
                {
                    AddItem(item);
                }

                break;
            case OperationItemsDispatched dispatched:
                foreach (var id in dispatched.Items)
                {
                    _attempts[id]++;
                    SetStatus(id, ItemStatus.InFlight);
                }

                break;
            case OperationItemFinished finished:
                Finish(new ItemResult(finished.Item, finished.Status, finished.Message, finished.DurationMs, finished.At));
                break;
            case OperationItemsFinished finished:
                foreach (var result in finished.Results)
                {
                    Finish(result);
                }

                break;
            case OperationWaveFinished wave:
                _waveFinishedAt[wave.Wave - 1] = wave.At;
                LastWaveFinishedAt = wave.At;
                break;
            case OperationPaused paused:
                State = OperationState.Paused;
                _controls.Add(new OperationControl(paused.At, "paused", paused.User, null));
                break;
            case OperationResumed resumed:
                State = OperationState.Running;
                Reason = null;
                _controls.Add(new OperationControl(resumed.At, "resumed", resumed.User, null));
                break;
            case OperationHalted halted:
                State = OperationState.Halted;
                Reason = halted.Reason;
                _controls.Add(new OperationControl(halted.At, "halted", "stop rule", halted.Reason));
                break;
            case OperationCancelled cancelled:
                State = OperationState.Cancelled;
                _controls.Add(new OperationControl(cancelled.At, "cancelled", cancelled.User, null));
                for (var i = 0; i < _planned; i++)
                {
                    if (_status[i] == ItemStatus.Pending)
                    {
                        _finishedAt[i] = cancelled.At;
                        _message[i] = $"cancelled by {cancelled.User}";
                        SetStatus(i, ItemStatus.Cancelled);
                    }
                }

                break;
            case OperationDrainChecked drain:
                DrainReport = drain.Report;
                break;
            case OperationEnded ended:
                State = ended.State;
                Reason = ended.Reason ?? Reason;
                EndedAt = ended.At;
                break;
        }
    }

    /// <summary>Records that the actor came back after a restart (not persisted: it shows in the controls of this life only).</summary>
    public void NoteRestart(DateTimeOffset at, int inFlight) =>
        _controls.Add(new OperationControl(at, "resumed-after-restart", "controller", $"{inFlight} items were in flight and are checked against their gateways"));

    /// <summary>Failure rate of a finished wave among the items that ran (succeeded, failed, timed out).</summary>
    public (double Rate, int Ran) FailureRate(int wave)
    {
        var c = WaveCounts(wave);
        var ran = c.Succeeded + c.Failures;
        return (ran == 0 ? 0 : (double)c.Failures / ran, ran);
    }

    public OperationSummary Summary() => new()
    {
        Id = Id,
        Kind = Request.Action.Kind,
        Drain = Request.Drain,
        Action = Request.Action.ToString(),
        Selector = Request.Selector.ToString(),
        Description = Request.Description,
        State = State,
        User = Started.User,
        CreatedAt = Started.At,
        EndedAt = EndedAt,
        Gateways = Started.Gateways,
        PreviewId = Started.PreviewId,
        PreviewHash = Started.PreviewHash,
        Counts = _totals,
        Skipped = Started.Skipped.Count,
        Waves = WaveCount,
        CurrentWave = Math.Min(CurrentWave, WaveCount),
        Reason = Reason,
    };

    public OperationProgress Progress(DateTimeOffset at, int maxWaves)
    {
        var current = Math.Min(CurrentWave, WaveCount);
        var first = Math.Max(1, Math.Min(current - (maxWaves / 2), WaveCount - maxWaves + 1));
        var last = Math.Min(WaveCount, first + maxWaves - 1);
        var waves = new List<WaveProgress>(Math.Max(0, last - first + 1));
        for (var w = first; w <= last; w++)
        {
            waves.Add(new WaveProgress(w, _waveCounts[w - 1], _waveFinishedAt[w - 1]));
        }

        return new OperationProgress(Id, Request.Action.Kind, Request.Drain, State, at, _totals, current, WaveCount, waves, Reason);
    }

    /// <summary>The audit record with the items <paramref name="view"/> asks for (every item when null).</summary>
    public OperationRecord Record(OperationItemsView? view = null)
    {
        view ??= OperationItemsView.All;
        var items = new List<ItemRecord>(Math.Min(_planned, view.Limit));
        var matching = 0;
        for (var i = 0; i < _planned; i++)
        {
            if (!view.Matches(_status[i]))
            {
                continue;
            }

            if (matching >= view.Offset && items.Count < view.Limit)
            {
                items.Add(new ItemRecord(_items[i], _status[i], _message[i], _duration[i], _attempts[i], _finishedAt[i]));
            }

            matching++;
        }

        return new OperationRecord(
            Summary(),
            Request,
            items,
            view.Cap(Started.Skipped),
            [.. Enumerable.Range(1, WaveCount).Select(w => new WaveProgress(w, _waveCounts[w - 1], _waveFinishedAt[w - 1]))],
            [.. _controls],
            view.Cap(DrainReport)) { ItemsMatching = matching, SkippedTotal = Started.Skipped.Count, RemainingTotal = DrainReport?.Remaining.Count ?? 0 };
    }

    private void AddItem(OperationItem item)
    {
        _items[item.Id] = item;
        _planned++;
        if (item.Wave > _waveItems.Length)
        {
            var old = _waveItems.Length;
            Array.Resize(ref _waveItems, item.Wave);
            Array.Resize(ref _waveCounts, item.Wave);
            Array.Resize(ref _waveFinishedAt, item.Wave);
            for (var w = old; w < item.Wave; w++)
            {
                _waveItems[w] = [];
                _waveCounts[w] = ItemCounts.Empty;
            }
        }

        _waveItems[item.Wave - 1].Add(item.Id);
        _waveCounts[item.Wave - 1] = _waveCounts[item.Wave - 1].Add(ItemStatus.Pending, 1) with { Total = _waveCounts[item.Wave - 1].Total + 1 };
        _totals = _totals.Add(ItemStatus.Pending, 1) with { Total = _totals.Total + 1 };
    }

    /// <summary>An item's answer; a second answer for a finished item (late, after a timeout was recorded) changes nothing.</summary>
    private void Finish(ItemResult result)
    {
        if (_status[result.Item].IsTerminal())
        {
            return;
        }

        _message[result.Item] = result.Message;
        _duration[result.Item] = result.DurationMs;
        _finishedAt[result.Item] = result.At;
        SetStatus(result.Item, result.Status);
    }

    private void SetStatus(int id, ItemStatus status)
    {
        var old = _status[id];
        if (old == status)
        {
            return;
        }

        _status[id] = status;
        var wave = _items[id].Wave - 1;
        _waveCounts[wave] = _waveCounts[wave].Move(old, status);
        _totals = _totals.Move(old, status);
        var gateway = _items[id].Gateway;
        if (old == ItemStatus.InFlight)
        {
            _inFlight[gateway] = InFlight(gateway) - 1;
        }

        if (status == ItemStatus.InFlight)
        {
            _inFlight[gateway] = InFlight(gateway) + 1;
        }
    }
}
