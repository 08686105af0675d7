using System.Globalization;
using System.Security.Claims;
using CsvHelper;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Operations;
using FleetCtl.Web.Auth;

namespace FleetCtl.Web.Api;

/// <summary>An operation as a script sends it. Durations in seconds; every part optional but the action.</summary>
public sealed record OperationRequestDto(SelectorDto? Selector, ActionDto? Action, PlanDto? Plan, bool Drain = false, bool? MarkDraining = null,
    string? Description = null);

public sealed record SelectorDto(string[]? Gateways = null, Dictionary<string, string>? Tags = null, string[]? States = null, string? Connection = null,
    string? Child = null, string? RemoteId = null, string? RemoteHost = null, int? IkeVersion = null, double? MinAgeSeconds = null, double? MaxAgeSeconds = null);

/// <summary><c>kind</c>: redirect, terminate, rekey, initiate. <c>level</c>: ike (default) or child.</summary>
public sealed record ActionDto(string? Kind, string? Level = null, string? TargetGateway = null, string? TargetAddress = null, bool Reauth = false,
    bool Force = false, string? Connection = null, string? Child = null);

public sealed record PlanDto(int? WaveSize = null, double? PauseSeconds = null, int? MaxConcurrentPerGateway = null, double? MaxFailureRate = null,
    double? ItemTimeoutSeconds = null);

public sealed record DrainRequestDto(string? Gateway, string? Target = null, PlanDto? Plan = null, string? Description = null);

public sealed record ExecuteRequestDto(string? PreviewId, string? Hash);

/// <summary>
/// <c>/api/v1/operations</c>: preview (operators), execute a preview by id and hash (operators), list and read the audit
/// record (viewers), export items as CSV, pause/resume/cancel (operators); <c>/api/v1/drains</c>: the draining marks.
/// </summary>
public static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder endpoints)
    {
        var ops = endpoints.MapGroup("/api/v1/operations").WithTags("operations").RequireAuthorization(FleetPolicies.Viewer);
        ops.MapPost("/preview", PreviewAsync).RequireAuthorization(FleetPolicies.Operator)
            .WithSummary("Preview an operation: the exact SAs per gateway and wave, and what is skipped and why (nothing is sent)");
        ops.MapPost("/drain", DrainAsync).RequireAuthorization(FleetPolicies.Operator)
            .WithSummary("Preview a drain: redirect every IKE_SA of a gateway to its target (or its drain target), then confirm");
        ops.MapGet("/previews/{id}", async (string id, IFleetOperations operations, CancellationToken ct) =>
                await operations.GetPreviewAsync(id, ct).ConfigureAwait(false) is { } preview ? Results.Ok(preview) : ApiProblems.NotFound($"no preview '{id}' (unknown or expired)"))
            .RequireAuthorization(FleetPolicies.Operator).WithSummary("A preview by id");
        ops.MapPost("/", ExecuteAsync).RequireAuthorization(FleetPolicies.Operator)
            .WithSummary("Run a preview, exactly as previewed: send its id and hash");
        ops.MapGet("/", ListAsync).WithSummary("Operations, newest first: filter by state, user, gateway; paged");
        ops.MapGet("/{id:long}", async (long id, IFleetOperations operations, CancellationToken ct) =>
                await operations.GetAsync(id, ct).ConfigureAwait(false) is { } record ? Results.Ok(record) : ApiProblems.NotFound($"no operation {id}"))
            .WithSummary("The audit record: who, when, selector, preview id and hash, every item's result, controls, outcome");
        ops.MapGet("/{id:long}/items", ItemsAsync).WithSummary("An operation's items and results; format=csv for a download");
        foreach (var verb in (string[])["pause", "resume", "cancel"])
        {
            ops.MapPost($"/{{id:long}}/{verb}", (long id, ClaimsPrincipal user, IFleetOperations operations, CancellationToken ct) => ControlAsync(verb, id, user, operations, ct))
                .RequireAuthorization(FleetPolicies.Operator).WithSummary($"{char.ToUpperInvariant(verb[0])}{verb[1..]} an operation");
        }

        var drains = endpoints.MapGroup("/api/v1/drains").WithTags("operations").RequireAuthorization(FleetPolicies.Viewer);
        drains.MapGet("/", async (IFleetOperations operations, CancellationToken ct) => Results.Ok(await operations.GetDrainMarksAsync(ct).ConfigureAwait(false)))
            .WithSummary("Gateways marked draining");
        drains.MapDelete("/{gateway}", async (string gateway, ClaimsPrincipal user, IFleetOperations operations, CancellationToken ct) =>
                await operations.ClearDrainMarkAsync(gateway, user.Identity!.Name!, ct).ConfigureAwait(false) ? Results.NoContent() : ApiProblems.NotFound($"gateway '{gateway}' is not marked draining"))
            .RequireAuthorization(FleetPolicies.Operator).WithSummary("Clear a gateway's draining mark");
        return endpoints;
    }

    private static async Task<IResult> PreviewAsync(OperationRequestDto? body, IFleetOperations operations, CancellationToken ct)
    {
        if (body is null)
        {
            return ApiProblems.BadRequest("send JSON {\"selector\": {...}, \"action\": {\"kind\": \"terminate\", ...}, \"plan\": {...}}");
        }

        var (request, problems) = ToRequest(body);
        return request is null ? Problems(problems) : await RunPreviewAsync(operations, request, ct).ConfigureAwait(false);
    }

    private static async Task<IResult> DrainAsync(DrainRequestDto? body, IFleetOperations operations, CancellationToken ct)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.Gateway))
        {
            return ApiProblems.BadRequest("send JSON {\"gateway\": \"gw-1\", \"target\": \"gw-2\"} (target optional: the gateway's drain target)");
        }

        var problems = new List<string>();
        var plan = ToPlan(body.Plan, problems);
        if (problems.Count > 0)
        {
            return Problems(problems);
        }

        var request = OperationRequest.ForDrain(body.Gateway.Trim(), string.IsNullOrWhiteSpace(body.Target) ? null : body.Target.Trim(), plan) with
        {
            Description = body.Description,
        };
        return await RunPreviewAsync(operations, request, ct).ConfigureAwait(false);
    }

    private static async Task<IResult> RunPreviewAsync(IFleetOperations operations, OperationRequest request, CancellationToken ct)
    {
        try
        {
            return Results.Ok(await operations.PreviewAsync(request, ct).ConfigureAwait(false));
        }
        catch (OperationValidationException e)
        {
            return Problems(e.Problems);
        }
    }

    private static async Task<IResult> ExecuteAsync(ExecuteRequestDto? body, ClaimsPrincipal user, IFleetOperations operations, CancellationToken ct)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.PreviewId))
        {
            return ApiProblems.BadRequest("send JSON {\"previewId\": ..., \"hash\": ...} from a preview");
        }

        var result = await operations.ExecuteAsync(body.PreviewId.Trim(), user.Identity!.Name!, body.Hash, ct).ConfigureAwait(false);
        return result switch
        {
            ExecuteResult.Started s => Results.Created($"/api/v1/operations/{s.Operation.Id}", s.Operation),
            ExecuteResult.Refused { Reason: ExecuteRefusal.UnknownPreview } r => ApiProblems.NotFound(r.Message),
            ExecuteResult.Refused { Reason: ExecuteRefusal.Invalid } r => ApiProblems.BadRequest(r.Message),
            ExecuteResult.Refused r => ApiProblems.Result(StatusCodes.Status409Conflict, "Conflict", r.Message),
            _ => ApiProblems.Result(StatusCodes.Status500InternalServerError, "Error", "unexpected answer from the operations manager"),
        };
    }

    private static async Task<IResult> ListAsync(HttpContext http, IFleetOperations operations, CancellationToken ct)
    {
        var q = http.Request.Query;
        var states = new List<OperationState>();
        foreach (var s in q["state"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Enum.TryParse<OperationState>(s, ignoreCase: true, out var state) || !Enum.IsDefined(state))
            {
                return ApiProblems.BadRequest($"state: '{s}' is not one of {string.Join(", ", Enum.GetNames<OperationState>()).ToLowerInvariant()}");
            }

            states.Add(state);
        }

        if (!Paging.TryRead(q, OperationQuery.DefaultLimit, OperationQuery.MaxLimit, out var offset, out var limit, out var error))
        {
            return ApiProblems.BadRequest(error);
        }

        var page = await operations.ListAsync(new OperationQuery
        {
            States = states,
            User = q["user"].ToString() is { Length: > 0 } u ? u : null,
            Gateway = q["gateway"].ToString() is { Length: > 0 } g ? g : null,
            Offset = offset,
            Limit = limit,
        }, ct).ConfigureAwait(false);
        return Results.Ok(new Page<OperationSummary>(page.Items, page.Total, offset, limit));
    }

    private static async Task<IResult> ItemsAsync(long id, string? format, IFleetOperations operations, HttpContext http, CancellationToken ct)
    {
        if (await operations.GetAsync(id, ct).ConfigureAwait(false) is not { } record)
        {
            return ApiProblems.NotFound($"no operation {id}");
        }

        if (!string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            return format is null or "json" ? Results.Ok(record.Items) : ApiProblems.BadRequest($"format: '{format}' is not one of json, csv");
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"fleetctl-operation-{id}-items.csv\"";
        await using var csv = CsvWriter.Create(http.Response.Body, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteHeader(["item", "wave", "gateway", "connection", "ikeId", "child", "childId", "remoteId", "remoteHost", "target", "status", "message",
            "durationMs", "attempts", "finishedAt"]);
        foreach (var r in record.Items)
        {
            var i = r.Item;
            await csv.WriteRecordAsync([
                Num(i.Id), Num(i.Wave), i.Gateway, i.Connection ?? "", i.IkeId?.ToString(CultureInfo.InvariantCulture) ?? "", i.Child ?? "",
                i.ChildId?.ToString(CultureInfo.InvariantCulture) ?? "", i.RemoteId ?? "", i.RemoteHost ?? "", i.Target ?? "", r.Status.ToString(),
                r.Message ?? "", r.DurationMs?.ToString("0.#", CultureInfo.InvariantCulture) ?? "", Num(r.Attempts),
                r.FinishedAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? "",
            ], ct).ConfigureAwait(false);
        }

        await csv.FlushAsync(ct).ConfigureAwait(false);
        return Results.Empty;
    }

    private static async Task<IResult> ControlAsync(string verb, long id, ClaimsPrincipal user, IFleetOperations operations, CancellationToken ct)
    {
        var name = user.Identity!.Name!;
        var result = verb switch
        {
            "pause" => await operations.PauseAsync(id, name, ct).ConfigureAwait(false),
            "resume" => await operations.ResumeAsync(id, name, ct).ConfigureAwait(false),
            _ => await operations.CancelAsync(id, name, ct).ConfigureAwait(false),
        };
        return result switch
        {
            OperationControlResult.Done d => Results.Ok(d.Operation),
            OperationControlResult.Refused r => ApiProblems.Result(StatusCodes.Status409Conflict, "Conflict",
                $"operation {id} is {r.State.ToString().ToLowerInvariant()}: {r.Reason}"),
            OperationControlResult.NotFound => ApiProblems.NotFound($"no operation {id}"),
            OperationControlResult.Invalid i => ApiProblems.BadRequest(i.Reason),
            _ => ApiProblems.Result(StatusCodes.Status500InternalServerError, "Error", "unexpected answer from the operation"),
        };
    }

    /// <summary>The engine's request from the API's shape, or every problem with it.</summary>
    public static (OperationRequest? Request, List<string> Problems) ToRequest(OperationRequestDto dto)
    {
        var problems = new List<string>();
        if (dto.Action is not { } a || string.IsNullOrWhiteSpace(a.Kind))
        {
            problems.Add("action.kind is required: redirect, terminate, rekey or initiate");
            return (null, problems);
        }

        if (!Enum.TryParse<OperationActionKind>(a.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            problems.Add($"action.kind: '{a.Kind}' is not one of {string.Join(", ", Enum.GetNames<OperationActionKind>()).ToLowerInvariant()}");
        }

        var level = SaLevel.Ike;
        if (a.Level is { Length: > 0 } l && (!Enum.TryParse(l, ignoreCase: true, out level) || !Enum.IsDefined(level)))
        {
            problems.Add($"action.level: '{l}' is not one of ike, child");
        }

        var s = dto.Selector ?? new SelectorDto();
        var states = new List<GatewayConnectionState>();
        foreach (var st in s.States ?? [])
        {
            if (Enum.TryParse<GatewayConnectionState>(st, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                states.Add(parsed);
            }
            else
            {
                problems.Add($"selector.states: '{st}' is not one of {string.Join(", ", Enum.GetNames<GatewayConnectionState>()).ToLowerInvariant()}");
            }
        }

        var plan = ToPlan(dto.Plan, problems);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var request = new OperationRequest
        {
            Selector = new OperationSelector
            {
                Gateways = s.Gateways ?? [],
                Tags = s.Tags ?? new Dictionary<string, string>(),
                States = states,
                Connection = s.Connection,
                Child = s.Child,
                RemoteId = s.RemoteId,
                RemoteHost = s.RemoteHost,
                IkeVersion = s.IkeVersion,
                MinAge = s.MinAgeSeconds is { } min ? TimeSpan.FromSeconds(min) : null,
                MaxAge = s.MaxAgeSeconds is { } max ? TimeSpan.FromSeconds(max) : null,
            },
            Action = new OperationAction
            {
                Kind = kind, Level = level, TargetGateway = a.TargetGateway, TargetAddress = a.TargetAddress, Reauth = a.Reauth, Force = a.Force,
                Connection = a.Connection, Child = a.Child,
            },
            Plan = plan,
            Drain = dto.Drain,
            MarkDraining = dto.MarkDraining ?? true,
            Description = dto.Description,
        };
        problems.AddRange(request.Problems());
        return problems.Count > 0 ? (null, problems) : (request, problems);
    }

    private static OperationPlan ToPlan(PlanDto? dto, List<string> problems)
    {
        var plan = new OperationPlan();
        if (dto is null)
        {
            return plan;
        }

        TimeSpan Seconds(double value, string name)
        {
            if (double.IsNaN(value) || value < 0 || value > 86_400)
            {
                problems.Add($"plan.{name}: {value.ToString(CultureInfo.InvariantCulture)} is not between 0 and 86400 seconds");
                return TimeSpan.Zero;
            }

            return TimeSpan.FromSeconds(value);
        }

        return plan with
        {
            WaveSize = dto.WaveSize ?? plan.WaveSize,
            PauseBetweenWaves = dto.PauseSeconds is { } p ? Seconds(p, "pauseSeconds") : plan.PauseBetweenWaves,
            MaxConcurrentPerGateway = dto.MaxConcurrentPerGateway ?? plan.MaxConcurrentPerGateway,
            MaxFailureRate = dto.MaxFailureRate ?? plan.MaxFailureRate,
            ItemTimeout = dto.ItemTimeoutSeconds is { } t ? Seconds(t, "itemTimeoutSeconds") : plan.ItemTimeout,
        };
    }

    private static IResult Problems(IReadOnlyList<string> problems) =>
        ApiProblems.BadRequest(problems.Count == 1 ? problems[0] : $"{problems.Count} problems: " + string.Join(" ", problems));

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}
