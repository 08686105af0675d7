using System.Security.Claims;
using FleetCtl.Fleet.Alerts;
using FleetCtl.Fleet.Catalog;
using FleetCtl.Web.Auth;

namespace FleetCtl.Web.Api;

/// <summary>The catalog's words for an alert: what it means and what to do.</summary>
public sealed record AlertExplanation(int Id, string Key, string Title, string Severity, string Explanation, string GatewayAction, string ProposedAction)
{
    public static AlertExplanation For(FleetAlert alert)
    {
        var entry = FleetCatalog.TryGet(alert.CatalogId, out var found) ? found : FleetAlertTypes.CatalogEntryFor(alert.AlertType);
        return new(entry.Id, entry.Key, entry.Title, entry.Severity.ToString(), entry.Explanation, entry.GatewayAction, entry.ProposedAction);
    }
}

/// <summary>An alert as the API shows it: the alert book's record and its catalog explanation.</summary>
public sealed record AlertDto(FleetAlert Alert, AlertExplanation Explanation);

public sealed record AlertListDto(IReadOnlyList<AlertDto> Items, int Total, int Offset, int Limit);

public sealed record AcknowledgeRequest(string? Comment);

/// <summary><c>/api/v1/alerts</c>: the alert book (list, one, counts) and acknowledgement (operators).</summary>
public static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder endpoints)
    {
        var alerts = endpoints.MapGroup("/api/v1/alerts").WithTags("alerts").RequireAuthorization(FleetPolicies.Viewer);
        alerts.MapGet("/", ListAsync).WithSummary("Alerts, newest first: filter by state, gateway, type, severity, text; paged");
        alerts.MapGet("/counts", async (IFleetAlerts book, CancellationToken ct) => Results.Ok(await book.CountsAsync(ct).ConfigureAwait(false)))
            .WithSummary("Open and acknowledged alerts counted by type, gateway and severity");
        alerts.MapGet("/{id:long}", GetAsync).WithSummary("One alert with its explanation and proposed action");
        alerts.MapPost("/{id:long}/ack", AcknowledgeAsync).RequireAuthorization(FleetPolicies.Operator)
            .WithSummary("Acknowledge an alert with an optional comment (operators)");
        return endpoints;
    }

    private static async Task<IResult> ListAsync(HttpContext context, int? offset, int? limit, IFleetAlerts book, CancellationToken ct)
    {
        var q = context.Request.Query;
        var states = new List<AlertState>();
        foreach (var s in ApiQuery.Values(q["state"]))
        {
            if (s.Equals("active", StringComparison.OrdinalIgnoreCase))
            {
                states.AddRange([AlertState.Open, AlertState.Acknowledged]);
            }
            else if (Enum.TryParse<AlertState>(s, ignoreCase: true, out var state) && Enum.IsDefined(state))
            {
                states.Add(state);
            }
            else
            {
                return ApiProblems.BadRequest($"state: '{s}' is not one of open, acknowledged, resolved, active");
            }
        }

        CatalogSeverity? severity = null;
        if (q["severity"].ToString() is { Length: > 0 } sev)
        {
            if (!Enum.TryParse<CatalogSeverity>(sev, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return ApiProblems.BadRequest($"severity: '{sev}' is not one of {string.Join(", ", Enum.GetNames<CatalogSeverity>()).ToLowerInvariant()}");
            }

            severity = parsed;
        }

        if (ApiQuery.Paging(offset, limit, out var skip, out var take, AlertQuery.DefaultLimit, AlertQuery.MaxLimit, minLimit: 1) is { } pagingProblem)
        {
            return pagingProblem;
        }

        var query = new AlertQuery
        {
            States = states.Distinct().ToArray(),
            Gateway = q["gateway"].ToString() is { Length: > 0 } g ? g : null,
            Type = q["type"].ToString() is { Length: > 0 } t ? t : null,
            MinSeverity = severity,
            Text = q["q"].ToString() is { Length: > 0 } text ? text : null,
            Offset = skip,
            Limit = take,
        };
        var page = await book.ListAsync(query, ct).ConfigureAwait(false);
        return Results.Ok(new AlertListDto([.. page.Items.Select(a => new AlertDto(a, AlertExplanation.For(a)))], page.Total, skip, take));
    }

    private static async Task<IResult> GetAsync(long id, IFleetAlerts book, CancellationToken ct) =>
        await book.GetAsync(id, ct).ConfigureAwait(false) is { } alert
            ? Results.Ok(new AlertDto(alert, AlertExplanation.For(alert)))
            : ApiProblems.NotFound($"no alert {id}");

    private static async Task<IResult> AcknowledgeAsync(long id, AcknowledgeRequest? request, ClaimsPrincipal user, IFleetAlerts book, CancellationToken ct)
    {
        var comment = string.IsNullOrWhiteSpace(request?.Comment) ? null : request.Comment.Trim();
        var result = await book.AcknowledgeAsync(id, user.Identity!.Name!, comment, ct).ConfigureAwait(false);
        return result switch
        {
            AcknowledgeResult.Acknowledged a => Results.Ok(new AlertDto(a.Alert, AlertExplanation.For(a.Alert))),
            AcknowledgeResult.AlreadyAcknowledged a => ApiProblems.Result(StatusCodes.Status409Conflict, "Conflict",
                $"alert {id} was already acknowledged by {a.Alert.AcknowledgedBy} at {a.Alert.AcknowledgedAt:u}"),
            AcknowledgeResult.AlreadyResolved a => ApiProblems.Result(StatusCodes.Status409Conflict, "Conflict",
                $"alert {id} is resolved (at {a.Alert.ResolvedAt:u}); nothing to acknowledge"),
            AcknowledgeResult.NotFound => ApiProblems.NotFound($"no alert {id}"),
            AcknowledgeResult.Invalid i => ApiProblems.BadRequest(i.Reason),
            _ => ApiProblems.Result(StatusCodes.Status500InternalServerError, "Error", "unexpected answer from the alert book"),
        };
    }
}
