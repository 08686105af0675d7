using System.Globalization;
using System.Security.Claims;
using CsvHelper;
using FleetCtl.Fleet.Operations;
using FleetCtl.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace FleetCtl.Web.Api;

/// <summary>A preview as the API shows it: the engine's preview with its items and skipped entries grouped per gateway.</summary>
public sealed record OperationPreviewDto(
    string Id,
    string Hash,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    OperationRequest Request,
    int Waves,
    int ItemCount,
    int SkippedCount,
    IReadOnlyList<GatewayPreview> Gateways)
{
    public static OperationPreviewDto From(OperationPreview p) =>
        new(p.Id, p.Hash, p.CreatedAt, p.ExpiresAt, p.Request, p.Waves, p.Items.Count, p.Skipped.Count, p.ByGateway());
}

/// <summary>Body of <c>POST /api/v1/operations</c>: the preview to run and the hash the operator confirmed.</summary>
public sealed record ExecuteOperationRequest(string? PreviewId, string? Hash);

/// <summary>Body of <c>POST /api/v1/operations/drain</c>: drain <see cref="Gateway"/> to <see cref="Target"/> (or its
/// inventory drain target). Durations take <c>500ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c> or <c>hh:mm:ss</c>.</summary>
public sealed record DrainOperationRequest(
    string? Gateway,
    string? Target = null,
    int? WaveSize = null,
    string? Pause = null,
    int? Concurrency = null,
    double? StopRate = null,
    string? ItemTimeout = null,
    bool? MarkDraining = null,
    string? Description = null);

/// <summary>
/// <c>/api/v1/operations</c> and <c>/api/v1/drains</c>: preview, execute and steer fleet operations (operators), and
/// read their audit records (viewers). Every refusal is problem+json with a detail that says why.
/// </summary>
public static class OperationsApi
{
    public const string Tag = "operations";

    /// <summary>Items per page of <c>GET /api/v1/operations/{id}/items</c> (JSON) unless <c>limit</c> says otherwise.</summary>
    public const int ItemsDefaultLimit = 1000;

    public const int ItemsMaxLimit = 10_000;

    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder endpoints)
    {
        var ops = endpoints.MapGroup("/api/v1/operations").WithTags(Tag).RequireAuthorization(FleetPolicies.Viewer)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        ops.MapPost("/preview", PreviewAsync).RequireAuthorization(FleetPolicies.Operator)
            .WithSummary("Preview an operation (selector, action, plan): the exact items per gateway and wave, and what is skipped and why (operators)")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        ops.MapPost("/drain", DrainAsync).RequireAuthorization(FleetPolicies.Operator)
            .WithSummary("Preview a drain of one gateway (redirect every IKE_SA to a target gateway); execute it like any preview (operators)")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        ops.MapGet("/previews/{id}", GetPreviewAsync).RequireAuthorization(FleetPolicies.Operator)
            .WithSummary("A kept preview (operators)").ProducesProblem(StatusCodes.Status404NotFound);
        ops.MapPost("/", ExecuteAsync).RequireAuthorization(FleetPolicies.Operator)
            .WithSummary("Execute a preview by its id and hash: 201 with the started operation (operators)")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        ops.MapGet("/", ListAsync).WithSummary("Operations, newest first: filter by state, user, gateway, action; paged");
        ops.MapGet("/{id:long}", GetAsync).WithSummary("One operation's full audit record: who, when, selector, preview id and hash, every item's result, outcome")
            .ProducesProblem(StatusCodes.Status404NotFound);
        ops.MapGet("/{id:long}/items", ItemsAsync)
            .WithSummary("One operation's items with their results, filtered by status and paged; format=csv exports every matching item (audit export)")
            .Produces<Page<ItemRecord>>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        ops.MapPost("/{id:long}/pause", (long id, ClaimsPrincipal user, IFleetOperations o, CancellationToken ct) => ControlAsync(id, "pause", o.PauseAsync(id, Who(user), ct)))
            .RequireAuthorization(FleetPolicies.Operator).WithSummary("Pause: no new items go out (operators)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        ops.MapPost("/{id:long}/resume", (long id, ClaimsPrincipal user, IFleetOperations o, CancellationToken ct) => ControlAsync(id, "resume", o.ResumeAsync(id, Who(user), ct)))
            .RequireAuthorization(FleetPolicies.Operator).WithSummary("Resume a paused or halted operation (operators)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        ops.MapPost("/{id:long}/cancel", (long id, ClaimsPrincipal user, IFleetOperations o, CancellationToken ct) => ControlAsync(id, "cancel", o.CancelAsync(id, Who(user), ct)))
            .RequireAuthorization(FleetPolicies.Operator).WithSummary("Cancel: pending items are cancelled, those in flight finish (operators)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var drains = endpoints.MapGroup("/api/v1/drains").WithTags(Tag).RequireAuthorization(FleetPolicies.Viewer)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        drains.MapGet("/", async (IFleetOperations o, CancellationToken ct) => TypedResults.Ok(await o.GetDrainMarksAsync(ct).ConfigureAwait(false)))
            .WithSummary("Gateways marked as draining");
        drains.MapDelete("/{gateway}", ClearDrainAsync).RequireAuthorization(FleetPolicies.Operator)
            .WithSummary("Remove a gateway's draining mark, e.g. after its maintenance (operators)").ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static string Who(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    private static async Task<Results<Ok<OperationPreviewDto>, ProblemHttpResult>> PreviewAsync(OperationRequest? request, IFleetOperations operations,
        CancellationToken ct)
    {
        if (request is null)
        {
            return ApiProblems.BadRequest("the body must be an operation request: {selector, action, plan, drain, description}");
        }

        return await PreviewCoreAsync(request, operations, ct).ConfigureAwait(false);
    }

    private static async Task<Results<Ok<OperationPreviewDto>, ProblemHttpResult>> PreviewCoreAsync(OperationRequest request, IFleetOperations operations,
        CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(OperationPreviewDto.From(await operations.PreviewAsync(request, ct).ConfigureAwait(false)));
        }
        catch (OperationValidationException e)
        {
            return Invalid(e.Problems);
        }
    }

    /// <summary>400 whose detail is every problem, one sentence each, and whose <c>problems</c> lists them.</summary>
    private static ProblemHttpResult Invalid(IReadOnlyList<string> problems) =>
        TypedResults.Problem(detail: string.Join(" ", problems), statusCode: StatusCodes.Status400BadRequest, title: "Invalid operation",
            type: "https://httpstatuses.io/400", extensions: new Dictionary<string, object?> { ["problems"] = problems });

    private static async Task<Results<Ok<OperationPreviewDto>, ProblemHttpResult>> DrainAsync(DrainOperationRequest? body, IFleetOperations operations,
        CancellationToken ct)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.Gateway))
        {
            return Invalid(["A drain needs the gateway to drain: {\"gateway\": \"gw-1\", \"target\": \"gw-2\"}."]);
        }

        var problems = new List<string>();
        var plan = new OperationPlan();
        if (body.WaveSize is { } wave)
        {
            plan = plan with { WaveSize = wave };
        }

        if (body.Concurrency is { } concurrency)
        {
            plan = plan with { MaxConcurrentPerGateway = concurrency };
        }

        if (body.StopRate is { } rate)
        {
            plan = plan with { MaxFailureRate = rate };
        }

        if (body.Pause is { } pause)
        {
            if (Durations.TryParse(pause, out var p))
            {
                plan = plan with { PauseBetweenWaves = p };
            }
            else
            {
                problems.Add($"pause: '{pause}' is not a duration (e.g. 500ms, 5s, 2m or 00:00:05).");
            }
        }

        if (body.ItemTimeout is { } timeout)
        {
            if (Durations.TryParse(timeout, out var t))
            {
                plan = plan with { ItemTimeout = t };
            }
            else
            {
                problems.Add($"itemTimeout: '{timeout}' is not a duration (e.g. 30s or 00:00:30).");
            }
        }

        var request = OperationRequest.ForDrain(body.Gateway.Trim(), string.IsNullOrWhiteSpace(body.Target) ? null : body.Target.Trim(), plan) with
        {
            MarkDraining = body.MarkDraining ?? true,
            Description = body.Description,
        };
        problems.AddRange(request.Problems());
        return problems.Count > 0 ? Invalid(problems) : await PreviewCoreAsync(request, operations, ct).ConfigureAwait(false);
    }

    private static async Task<Results<Ok<OperationPreviewDto>, ProblemHttpResult>> GetPreviewAsync(string id, IFleetOperations operations, CancellationToken ct) =>
        await operations.GetPreviewAsync(id, ct).ConfigureAwait(false) is { } preview
            ? TypedResults.Ok(OperationPreviewDto.From(preview))
            : ApiProblems.NotFound($"no preview '{id}' (unknown, expired, or made before the controller restarted): preview again");

    private static async Task<Results<Created<OperationSummary>, ProblemHttpResult>> ExecuteAsync(ExecuteOperationRequest? body, ClaimsPrincipal user,
        IFleetOperations operations, CancellationToken ct)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.PreviewId))
        {
            return ApiProblems.BadRequest("previewId is required: {\"previewId\": \"...\", \"hash\": \"sha256:...\"} from POST /api/v1/operations/preview");
        }

        if (string.IsNullOrWhiteSpace(body.Hash))
        {
            return ApiProblems.BadRequest("hash is required: the preview's hash, so only what was shown runs");
        }

        return await operations.ExecuteAsync(body.PreviewId, Who(user), body.Hash.Trim(), ct).ConfigureAwait(false) switch
        {
            ExecuteResult.Started started => TypedResults.Created($"/api/v1/operations/{started.Operation.Id}", started.Operation),
            ExecuteResult.Refused { Reason: ExecuteRefusal.UnknownPreview } r => ApiProblems.NotFound($"{r.Message} (no preview '{body.PreviewId}'): preview again"),
            ExecuteResult.Refused { Reason: ExecuteRefusal.ExpiredPreview } r => ApiProblems.NotFound($"{r.Message} (preview '{body.PreviewId}' expired): preview again"),
            ExecuteResult.Refused { Reason: ExecuteRefusal.Invalid } r => ApiProblems.BadRequest(r.Message),
            ExecuteResult.Refused r => TypedResults.Problem(detail: r.Message, statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                type: "https://httpstatuses.io/409",
                extensions: new Dictionary<string, object?> { ["reason"] = r.Reason.ToString(), ["operationId"] = r.OperationId }),
            _ => ApiProblems.Result(StatusCodes.Status500InternalServerError, "Error", "unexpected answer from the operations engine"),
        };
    }

    private static async Task<Results<Ok<Page<OperationSummary>>, ProblemHttpResult>> ListAsync(HttpContext context, int? offset, int? limit,
        IFleetOperations operations, CancellationToken ct)
    {
        var q = context.Request.Query;
        var states = new List<OperationState>();
        foreach (var s in ApiQuery.Values(q["state"]))
        {
            if (!Enum.TryParse<OperationState>(s, ignoreCase: true, out var state) || !Enum.IsDefined(state))
            {
                return ApiProblems.BadParameter("state", s, ApiQuery.OneOf(Enum.GetNames<OperationState>()));
            }

            states.Add(state);
        }

        OperationActionKind? kind = null;
        if (q["action"].ToString() is { Length: > 0 } a)
        {
            if (!Enum.TryParse<OperationActionKind>(a, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return ApiProblems.BadParameter("action", a, ApiQuery.OneOf(Enum.GetNames<OperationActionKind>()));
            }

            kind = parsed;
        }

        if (ApiQuery.Paging(offset, limit, out var skip, out var take, OperationQuery.DefaultLimit, OperationQuery.MaxLimit, minLimit: 1) is { } pagingProblem)
        {
            return pagingProblem;
        }

        var page = await operations.ListAsync(new OperationQuery
        {
            States = [.. states.Distinct()],
            User = q["user"].ToString() is { Length: > 0 } u ? u : null,
            Gateway = q["gateway"].ToString() is { Length: > 0 } g ? g : null,
            Kind = kind,
            Offset = skip,
            Limit = take,
        }, ct).ConfigureAwait(false);
        return TypedResults.Ok(new Page<OperationSummary>(page.Items, page.Total, skip, take));
    }

    /// <summary>The audit record: every item unless <c>status</c>, <c>offset</c> or <c>limit</c> narrow them (then
    /// <c>itemsMatching</c> says how many match); <c>limit=0</c> gives the record without items.</summary>
    private static async Task<Results<Ok<OperationRecord>, ProblemHttpResult>> GetAsync(HttpContext context, long id, int? offset, int? limit,
        IFleetOperations operations, CancellationToken ct)
    {
        if (ItemsView(context, offset, limit ?? int.MaxValue, int.MaxValue, minLimit: 0, out var view) is { } problem)
        {
            return problem;
        }

        return await operations.GetAsync(id, view, ct).ConfigureAwait(false) is { } record ? TypedResults.Ok(record) : ApiProblems.NotFound($"no operation {id}");
    }

    private static async Task<IResult> ItemsAsync(HttpContext context, long id, string? format, int? offset, int? limit, IFleetOperations operations,
        CancellationToken ct)
    {
        var csv = format?.Trim().ToLowerInvariant() switch
        {
            null or "" or "json" => false,
            "csv" => true,
            _ => (bool?)null,
        };
        if (csv is null)
        {
            return ApiProblems.BadParameter("format", format, "is not one of json, csv");
        }

        // the CSV is the audit export: every matching item; JSON is a page like every other list
        OperationItemsView view;
        var problem = csv.Value
            ? ItemsView(context, offset, limit ?? int.MaxValue, int.MaxValue, minLimit: 1, out view)
            : ItemsView(context, offset, limit ?? ItemsDefaultLimit, ItemsMaxLimit, minLimit: 1, out view);
        if (problem is not null)
        {
            return problem;
        }

        if (await operations.GetAsync(id, view, ct).ConfigureAwait(false) is not { } record)
        {
            return ApiProblems.NotFound($"no operation {id}");
        }

        return csv.Value
            ? new OperationItemsCsvResult(record)
            : TypedResults.Ok(new Page<ItemRecord>(record.Items, record.ItemsMatching, view.Offset, view.Limit));
    }

    /// <summary>Reads <c>status</c> (repeatable or comma-separated item statuses), <c>offset</c> and <c>limit</c> into a view of the items.</summary>
    private static ProblemHttpResult? ItemsView(HttpContext context, int? offset, int limit, int maxLimit, int minLimit, out OperationItemsView view)
    {
        view = OperationItemsView.All;
        var statuses = new HashSet<ItemStatus>();
        foreach (var s in ApiQuery.Values(context.Request.Query["status"]))
        {
            if (!Enum.TryParse<ItemStatus>(s, ignoreCase: true, out var status) || !Enum.IsDefined(status))
            {
                return ApiProblems.BadParameter("status", s, ApiQuery.OneOf(Enum.GetNames<ItemStatus>()));
            }

            statuses.Add(status);
        }

        if (ApiQuery.Paging(offset, limit, out var skip, out var take, limit, maxLimit, minLimit) is { } pagingProblem)
        {
            return pagingProblem;
        }

        view = new OperationItemsView { Statuses = statuses, Offset = skip, Limit = take };
        return null;
    }

    private static async Task<Results<Ok<OperationSummary>, ProblemHttpResult>> ControlAsync(long id, string what, Task<OperationControlResult> control) =>
        await control.ConfigureAwait(false) switch
        {
            OperationControlResult.Done done => TypedResults.Ok(done.Operation),
            OperationControlResult.Refused r => TypedResults.Problem(detail: $"cannot {what} operation {id}: it is {r.State}. {r.Reason}",
                statusCode: StatusCodes.Status409Conflict, title: "Conflict", type: "https://httpstatuses.io/409",
                extensions: new Dictionary<string, object?> { ["state"] = r.State.ToString() }),
            OperationControlResult.NotFound => ApiProblems.NotFound($"no operation {id}"),
            OperationControlResult.Invalid i => ApiProblems.BadRequest(i.Reason),
            _ => ApiProblems.Result(StatusCodes.Status500InternalServerError, "Error", "unexpected answer from the operations engine"),
        };

    private static async Task<Results<NoContent, ProblemHttpResult>> ClearDrainAsync(string gateway, ClaimsPrincipal user, IFleetOperations operations,
        CancellationToken ct) =>
        await operations.ClearDrainMarkAsync(gateway, Who(user), ct).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound($"gateway '{gateway}' is not marked as draining");
}

/// <summary>An operation's items as CSV (audit export): one row per item with its gateway, wave, SA, status and the
/// gateway's answer. Fields that start like a spreadsheet formula are escaped (peers choose identities).</summary>
public sealed class OperationItemsCsvResult(OperationRecord record) : IResult
{
    public static readonly string[] Columns =
        ["operation", "item", "wave", "gateway", "connection", "ikeId", "child", "childId", "remoteId", "remoteHost", "target", "status", "message", "durationMs", "attempts", "finishedAt"];

    private static readonly CsvWriterOptions s_options = new() { Injection = CsvInjection.Escape };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = $"operation-{record.Summary.Id}-items.csv" }.ToString();
        var ct = httpContext.RequestAborted;
        await using var csv = CsvWriter.Create(response.Body, s_options, leaveOpen: true);
        csv.WriteHeader(Columns);
        var id = record.Summary.Id.ToString(CultureInfo.InvariantCulture);
        foreach (var r in record.Items)
        {
            var i = r.Item;
            await csv.WriteRecordAsync([
                id,
                i.Id.ToString(CultureInfo.InvariantCulture),
                i.Wave.ToString(CultureInfo.InvariantCulture),
                i.Gateway,
                i.Connection ?? "",
                i.IkeId?.ToString(CultureInfo.InvariantCulture) ?? "",
                i.Child ?? "",
                i.ChildId?.ToString(CultureInfo.InvariantCulture) ?? "",
                i.RemoteId ?? "",
                i.RemoteHost ?? "",
                i.Target ?? "",
                r.Status.ToString(),
                r.Message ?? "",
                r.DurationMs?.ToString("0.###", CultureInfo.InvariantCulture) ?? "",
                r.Attempts.ToString(CultureInfo.InvariantCulture),
                r.FinishedAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? "",
            ], ct).ConfigureAwait(false);
        }

        await csv.FlushAsync(ct).ConfigureAwait(false);
    }
}
