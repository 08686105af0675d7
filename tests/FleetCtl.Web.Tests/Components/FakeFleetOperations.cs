using FleetCtl.Fleet.Operations;

namespace FleetCtl.Web.Tests.Components;

/// <summary>
/// Fleet operations in memory: previews made from the request with items the test sets per gateway, records the test
/// puts (and changes, as progress would), and every execute and steering call remembered.
/// </summary>
public sealed class FakeFleetOperations(TimeProvider time) : IFleetOperations
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, OperationRecord> _records = [];
    private readonly Dictionary<string, OperationPreview> _previews = [];
    private readonly List<(string PreviewId, string User, string? Hash)> _executions = [];
    private readonly List<(string What, long Id, string User)> _controls = [];

    /// <summary>Items each previewed gateway gets (SA count per gateway), for previews.</summary>
    public Dictionary<string, int> SasPerGateway { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<SkippedItem> Skip { get; } = [];

    public OperationRequest? LastRequest { get; private set; }

    public IReadOnlyList<(string PreviewId, string User, string? Hash)> Executions { get { lock (_gate) { return [.. _executions]; } } }

    public IReadOnlyList<(string What, long Id, string User)> Controls { get { lock (_gate) { return [.. _controls]; } } }

    public void Put(OperationRecord record)
    {
        lock (_gate)
        {
            _records[record.Summary.Id] = record;
        }
    }

    public Task<OperationPreview> PreviewAsync(OperationRequest request, CancellationToken cancellationToken = default)
    {
        request.Validate();
        LastRequest = request;
        var gateways = request.Selector.Gateways.Count > 0 ? request.Selector.Gateways : [.. SasPerGateway.Keys];
        var items = new List<OperationItem>();
        foreach (var g in gateways)
        {
            for (var i = 0; i < SasPerGateway.GetValueOrDefault(g); i++)
            {
                items.Add(new OperationItem
                {
                    Id = items.Count, Gateway = g, Wave = 1 + items.Count / request.Plan.WaveSize, Connection = "rw", IkeId = 100 + i,
                    IkeKey = $"{100 + i}", RemoteHost = $"198.51.100.{i + 1}", RemoteId = $"peer{i}@example.com",
                    Target = request.Action.TargetGateway, TargetGateway = request.Action.TargetGateway,
                });
            }
        }

        var now = time.GetUtcNow();
        var preview = new OperationPreview
        {
            Id = $"pv-{_previews.Count + 1}", Hash = "sha256:" + new string('a', 64), CreatedAt = now, ExpiresAt = now.AddMinutes(10),
            Request = request, Items = items, Skipped = [.. Skip], Gateways = gateways,
        };
        lock (_gate)
        {
            _previews[preview.Id] = preview;
        }

        return Task.FromResult(preview);
    }

    public Task<OperationPreview?> GetPreviewAsync(string previewId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_previews.GetValueOrDefault(previewId));
        }
    }

    public Task<ExecuteResult> ExecuteAsync(string previewId, string user, string? expectedHash = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _executions.Add((previewId, user, expectedHash));
            if (!_previews.TryGetValue(previewId, out var preview))
            {
                return Task.FromResult<ExecuteResult>(new ExecuteResult.Refused(previewId, ExecuteRefusal.UnknownPreview, "no such preview"));
            }

            var id = _records.Count == 0 ? 1 : _records.Keys.Max() + 1;
            var record = Record(id, preview, user, time.GetUtcNow());
            _records[id] = record;
            return Task.FromResult<ExecuteResult>(new ExecuteResult.Started(record.Summary));
        }
    }

    public Task<OperationControlResult> PauseAsync(long operationId, string user, CancellationToken cancellationToken = default) => Control("pause", operationId, user, OperationState.Paused);

    public Task<OperationControlResult> ResumeAsync(long operationId, string user, CancellationToken cancellationToken = default) => Control("resume", operationId, user, OperationState.Running);

    public Task<OperationControlResult> CancelAsync(long operationId, string user, CancellationToken cancellationToken = default) => Control("cancel", operationId, user, OperationState.Cancelled);

    private Task<OperationControlResult> Control(string what, long id, string user, OperationState state)
    {
        lock (_gate)
        {
            _controls.Add((what, id, user));
            if (!_records.TryGetValue(id, out var record))
            {
                return Task.FromResult<OperationControlResult>(new OperationControlResult.NotFound(id));
            }

            record = record with { Summary = record.Summary with { State = state } };
            _records[id] = record;
            return Task.FromResult<OperationControlResult>(new OperationControlResult.Done(record.Summary));
        }
    }

    public Task<OperationRecord?> GetAsync(long operationId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_records.GetValueOrDefault(operationId));
        }
    }

    public Task<OperationRecord?> GetAsync(long operationId, OperationItemsView items, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ItemViews.Add(items);
            return Task.FromResult(_records.GetValueOrDefault(operationId)?.Select(items));
        }
    }

    /// <summary>The item views asked for, in order (the detail page asks for the window it shows).</summary>
    public List<OperationItemsView> ItemViews { get; } = [];

    public Task<OperationPage> ListAsync(OperationQuery query, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var all = _records.Values.Select(r => r.Summary).Where(query.Matches).OrderByDescending(s => s.Id).ToList();
            return Task.FromResult(new OperationPage([.. all.Skip(query.Offset).Take(query.Limit)], all.Count));
        }
    }

    public Task<IReadOnlyList<DrainMark>> GetDrainMarksAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<DrainMark>>([]);

    public Task<bool> ClearDrainMarkAsync(string gateway, string user, CancellationToken cancellationToken = default) => Task.FromResult(false);

    /// <summary>A running operation's record with every item pending, as it is right after it started.</summary>
    public static OperationRecord Record(long id, OperationPreview preview, string user, DateTimeOffset at)
    {
        var waves = preview.Items.GroupBy(i => i.Wave).OrderBy(g => g.Key)
            .Select(g => new WaveProgress(g.Key, ItemCounts.Empty with { Total = g.Count(), Pending = g.Count() }, null)).ToList();
        var summary = new OperationSummary
        {
            Id = id, Kind = preview.Request.Action.Kind, Drain = preview.Request.Drain, Action = preview.Request.Action.ToString(),
            Selector = preview.Request.Selector.ToString(), State = OperationState.Running, User = user, CreatedAt = at,
            Gateways = preview.Gateways, PreviewId = preview.Id, PreviewHash = preview.Hash,
            Counts = ItemCounts.Empty with { Total = preview.Items.Count, Pending = preview.Items.Count },
            Skipped = preview.Skipped.Count, Waves = waves.Count, CurrentWave = 1,
        };
        return new OperationRecord(summary, preview.Request, [.. preview.Items.Select(i => new ItemRecord(i, ItemStatus.Pending, null, null, 0, null))],
            preview.Skipped, waves, [], null);
    }

    /// <summary>The record with the first <paramref name="done"/> items of each wave succeeded and <paramref name="failed"/> more failed.</summary>
    public static OperationRecord Progressed(OperationRecord record, int done, int failed = 0, OperationState? state = null)
    {
        var items = record.Items.Select(i =>
        {
            var n = record.Items.Where(x => x.Item.Wave == i.Item.Wave).TakeWhile(x => x.Item.Id != i.Item.Id).Count();
            return n < done ? i with { Status = ItemStatus.Succeeded, DurationMs = 12 }
                : n < done + failed ? i with { Status = ItemStatus.Failed, Message = "no matching SAs to redirect found", DurationMs = 7 }
                : i;
        }).ToList();
        var waves = record.Waves.Select(w => new WaveProgress(w.Wave, Count(items.Where(i => i.Item.Wave == w.Wave)), null)).ToList();
        var summary = record.Summary with { Counts = Count(items), State = state ?? record.Summary.State };
        return record with { Summary = summary, Items = items, Waves = waves };
    }

    private static ItemCounts Count(IEnumerable<ItemRecord> items) =>
        items.Aggregate(ItemCounts.Empty, (c, i) => (c with { Total = c.Total + 1 }).Add(i.Status, 1));
}
