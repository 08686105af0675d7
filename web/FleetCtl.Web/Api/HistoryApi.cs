using System.ComponentModel;
using System.Globalization;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FleetCtl.Web.Api;

/// <summary><c>/api/v1/history</c>: the persisted events (SA changes, connectivity, alerts) through <see cref="HistoryQuery"/>.</summary>
internal static class HistoryApi
{
    public const string Tag = "history";

    /// <summary>CSV is an export: larger pages than JSON.</summary>
    public const int CsvDefaultLimit = 10_000;
    public const int CsvMaxLimit = 100_000;

    private static readonly string[] s_orders = ["newest", "oldest"];
    private static readonly string[] s_formats = ["json", "csv"];

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/history", QueryAsync).WithTags(Tag).WithName("QueryHistory")
            .WithSummary("Query the persisted events of the fleet or of one gateway, as JSON pages or as a CSV download")
            .WithDescription("Times compare with each event's own time: `from` inclusive, `to` exclusive. " +
                "`format=csv` (or `Accept: text/csv`) answers `text/csv` with the columns at, gateway, kind, summary, sequenceNr, " +
                $"a Content-Disposition file name and the number of matching events in `X-Total-Count`; its `limit` defaults to {CsvDefaultLimit} and may be up to {CsvMaxLimit}.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<Page<HistoryItem>>, HistoryCsvResult, ProblemHttpResult>> QueryAsync(
        HttpContext http,
        [FromServices] HistoryQuery history,
        FleetInventory inventory,
        [Description("Only this gateway's events (any case).")] string? gateway,
        [Description("Only these kinds (repeatable or comma-separated, OR): sa (every SA change), ike-up, ike-down, ike-rekey, ike-update, child-up, child-down, child-rekey, connectivity, alert.")]
        [FromQuery(Name = "kind")] string[]? kind,
        [Description("Only changes of this SA: an IKE_SA or CHILD_SA name (any case) or unique id.")] string? sa,
        [Description("Events at or after this time, ISO 8601 (e.g. 2026-11-03T08:00:00Z; without an offset, UTC).")] string? from,
        [Description("Events before this time, ISO 8601; must be after 'from'.")] string? to,
        [Description("How many matching events to skip (default 0).")] int? offset,
        [Description("Page size: 0 to 1000 (default 100); for CSV up to 100000 (default 10000).")] int? limit,
        [Description("newest (default) or oldest first.")] string? order,
        [Description("json (default) or csv; without it, 'Accept: text/csv' asks for CSV.")] string? format,
        CancellationToken ct)
    {
        bool csv;
        if (format is null)
        {
            csv = http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(HistoryCsvResult.ContentType, StringComparison.OrdinalIgnoreCase));
        }
        else if (s_formats.Contains(format.Trim().ToLowerInvariant()))
        {
            csv = format.Trim().Equals("csv", StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            return ApiProblems.BadParameter("format", format, ApiQuery.OneOf(s_formats));
        }

        var pagingProblem = csv
            ? ApiQuery.Paging(offset, limit, out var skip, out var take, CsvDefaultLimit, CsvMaxLimit)
            : ApiQuery.Paging(offset, limit, out skip, out take);
        if (pagingProblem is not null)
        {
            return pagingProblem;
        }

        string? gatewayName = null;
        if (gateway is not null)
        {
            if (ApiQuery.Gateway(inventory, gateway.Trim(), "gateway", out var definition) is { } gatewayProblem)
            {
                return gatewayProblem;
            }

            gatewayName = definition.Name;
        }

        var kinds = new List<string>();
        foreach (var value in ApiQuery.Values(kind))
        {
            var known = HistoryKinds.All.FirstOrDefault(k => k.Equals(value, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                return ApiProblems.BadParameter("kind", value, ApiQuery.OneOf(HistoryKinds.All));
            }

            kinds.Add(known);
        }

        if (ParseTime("from", from, out var fromTime) is { } fromProblem)
        {
            return fromProblem;
        }

        if (ParseTime("to", to, out var toTime) is { } toProblem)
        {
            return toProblem;
        }

        if (fromTime is { } f && toTime is { } t && f >= t)
        {
            return ApiProblems.BadRequest($"from ({f:O}) must be before to ({t:O})");
        }

        var newest = true;
        if (order is not null)
        {
            var o = order.Trim().ToLowerInvariant();
            if (!s_orders.Contains(o))
            {
                return ApiProblems.BadParameter("order", order, ApiQuery.OneOf(s_orders));
            }

            newest = o == "newest";
        }

        var page = await history.QueryAsync(new HistoryFilter
        {
            Gateway = gatewayName,
            Sa = string.IsNullOrWhiteSpace(sa) ? null : sa.Trim(),
            Kinds = kinds,
            From = fromTime,
            To = toTime,
            Offset = skip,
            Limit = take,
            NewestFirst = newest,
        }, ct).ConfigureAwait(false);

        if (csv)
        {
            var name = $"fleetctl-history{(gatewayName is null ? "" : "-" + gatewayName)}-{DateTimeOffset.UtcNow:yyyyMMdd'T'HHmmss'Z'}.csv";
            return new HistoryCsvResult(page.Entries, page.Total, name);
        }

        return TypedResults.Ok(new Page<HistoryItem>([.. page.Entries.Select(HistoryItem.From)], page.Total, skip, take));
    }

    /// <summary>An ISO 8601 time; one without an offset counts as UTC.</summary>
    internal static ProblemHttpResult? ParseTime(string parameter, string? value, out DateTimeOffset? time)
    {
        time = null;
        if (value is null)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return ApiProblems.BadParameter(parameter, value, "is not an ISO 8601 time, e.g. 2026-11-03T08:00:00Z");
        }

        time = parsed;
        return null;
    }
}
