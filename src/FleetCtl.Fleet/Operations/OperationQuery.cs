namespace FleetCtl.Fleet.Operations;

/// <summary>Which operations to list; filters combine with AND. Newest first (by id).</summary>
public sealed record OperationQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;

    /// <summary>Only operations in one of these states; empty: every state.</summary>
    public IReadOnlyCollection<OperationState> States { get; init; } = [];

    /// <summary>Only operations started by this user (exact, ignoring case).</summary>
    public string? User { get; init; }

    /// <summary>Only operations that selected this gateway (exact name, ignoring case).</summary>
    public string? Gateway { get; init; }

    /// <summary>Only operations with this action.</summary>
    public OperationActionKind? Kind { get; init; }

    public int Offset { get; init; }

    public int Limit { get; init; } = DefaultLimit;

    /// <summary>Why the query cannot be answered as it is, or null.</summary>
    public string? Validate() => Hosting.Paging.Problem(Offset, Limit, MaxLimit);

    public bool Matches(OperationSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return (States.Count == 0 || States.Contains(summary.State))
            && (User is null || string.Equals(summary.User, User, StringComparison.OrdinalIgnoreCase))
            && (Gateway is null || summary.Gateways.Contains(Gateway, StringComparer.OrdinalIgnoreCase))
            && (Kind is null || summary.Kind == Kind);
    }
}

/// <summary>A page of operation summaries and how many matched in all.</summary>
public sealed record OperationPage(IReadOnlyList<OperationSummary> Items, int Total);

/// <summary>The manager's index of operations and drain marks, rebuilt from its events. Not thread-safe.</summary>
public sealed class OperationIndex
{
    private readonly SortedDictionary<long, OperationSummary> _operations = [];
    private readonly HashSet<long> _closed = [];
    private readonly Dictionary<string, DrainMark> _marks = new(StringComparer.OrdinalIgnoreCase);

    public long LastId { get; private set; }

    public IReadOnlyCollection<DrainMark> Marks => _marks.Values;

    /// <summary>Operations registered and not closed: to wake after a restart.</summary>
    public IEnumerable<long> Open => _operations.Keys.Where(id => !_closed.Contains(id));

    public bool TryGet(long id, out OperationSummary summary) => _operations.TryGetValue(id, out summary!);

    public bool IsClosed(long id) => _closed.Contains(id);

    public void Apply(IOperationIndexEvent e)
    {
        switch (e)
        {
            case OperationIndexed indexed:
                _operations[indexed.Summary.Id] = indexed.Summary;
                LastId = Math.Max(LastId, indexed.Summary.Id);
                break;
            case OperationClosed closed:
                _operations[closed.Summary.Id] = closed.Summary;
                _closed.Add(closed.Summary.Id);
                break;
            case DrainMarkSet set:
                _marks[set.Mark.Gateway] = set.Mark;
                break;
            case DrainMarkCleared cleared:
                _marks.Remove(cleared.Gateway);
                break;
        }
    }

    /// <summary>A live summary from a running operation (not persisted; a closed one is never overwritten).</summary>
    public void Update(OperationSummary summary)
    {
        if (_operations.ContainsKey(summary.Id) && !_closed.Contains(summary.Id))
        {
            _operations[summary.Id] = summary;
        }
    }

    public OperationPage Query(OperationQuery query)
    {
        var matching = _operations.Values.Reverse().Where(query.Matches).ToList();
        var offset = Math.Max(0, query.Offset);
        var limit = Math.Clamp(query.Limit, 1, OperationQuery.MaxLimit);
        return new OperationPage([.. matching.Skip(offset).Take(limit)], matching.Count);
    }

    public OperationIndexSnapshot Snapshot() => new(LastId, [.. _operations.Values], [.. _marks.Values]);

    public void Restore(OperationIndexSnapshot snapshot)
    {
        _operations.Clear();
        _closed.Clear();
        _marks.Clear();
        LastId = snapshot.LastId;
        foreach (var summary in snapshot.Operations)
        {
            _operations[summary.Id] = summary;
            if (summary.State.IsFinal() && summary.EndedAt is not null)
            {
                _closed.Add(summary.Id);
            }
        }

        foreach (var mark in snapshot.Marks)
        {
            _marks[mark.Gateway] = mark;
        }
    }
}
