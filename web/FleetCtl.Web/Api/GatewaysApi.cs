using System.ComponentModel;
using Akka.Actor;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;
using FleetCtl.Fleet.Inventory;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FleetCtl.Web.Api;

/// <summary><c>/api/v1/gateways</c>: the list and one gateway answer from <see cref="FleetDirectory"/> and the inventory
/// (no actor is asked); only <c>/sas</c> asks the gateway's actor.</summary>
internal static class GatewaysApi
{
    public const string Tag = "gateways";

    /// <summary>What <c>sort</c> takes (any case), each also with a <c>-</c> prefix for descending.</summary>
    public static readonly IReadOnlyList<string> SortKeys = ["name", "state", "ikeSas", "childSas", "tunnelsDown"];

    private static readonly string[] s_states = Enum.GetNames<GatewayConnectionState>();

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/gateways", List).WithTags(Tag).WithName("ListGateways")
            .WithSummary("List gateways, with paging, filters and sorting")
            .WithDescription("Filters combine with AND; repeated `state` values with OR, repeated `tag` values with AND. " +
                "Every item carries the gateway's inventory tags.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/gateways/{name}", Get).WithTags(Tag).WithName("GetGateway")
            .WithSummary("One gateway: its connection status and its inventory entry (tags, drain target)")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/gateways/{name}/sas", GetSasAsync).WithTags(Tag).WithName("GetGatewaySas")
            .WithSummary("One gateway's live IKE_SAs and CHILD_SAs, its down tunnels and its configured connections")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static Results<Ok<Page<GatewaySummary>>, ProblemHttpResult> List(
        FleetDirectory directory,
        FleetInventory inventory,
        [Description("How many matching gateways to skip (default 0).")] int? offset,
        [Description("Page size: 0 to 1000 (default 100).")] int? limit,
        [Description("Only gateways in this connection state: Connecting, Syncing, Connected or Unreachable (any case; repeatable or comma-separated, OR).")]
        [FromQuery(Name = "state")] string[]? state,
        [Description("Only gateways with this inventory tag, as key=value (case-insensitive; repeatable, AND), e.g. site=fra1.")]
        [FromQuery(Name = "tag")] string[]? tag,
        [Description("Only gateways whose name, URI or a tag value contains this text (case-insensitive).")] string? q,
        [Description("Order by name, state, ikeSas, childSas or tunnelsDown; a leading '-' sorts descending. Ties go by name, ascending. Default: name.")]
        string? sort)
    {
        if (ApiQuery.Paging(offset, limit, out var skip, out var take) is { } pagingProblem)
        {
            return pagingProblem;
        }

        var states = new HashSet<GatewayConnectionState>();
        foreach (var value in ApiQuery.Values(state))
        {
            if (s_states.FirstOrDefault(s => string.Equals(s, value, StringComparison.OrdinalIgnoreCase)) is not { } name)
            {
                return ApiProblems.BadParameter("state", value, ApiQuery.OneOf(s_states));
            }

            states.Add(Enum.Parse<GatewayConnectionState>(name));
        }

        var tags = new List<(string Key, string Value)>();
        foreach (var value in tag ?? [])
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || string.IsNullOrWhiteSpace(value[..eq]))
            {
                return ApiProblems.BadParameter("tag", value, "is not key=value, e.g. site=fra1");
            }

            tags.Add((value[..eq].Trim(), value[(eq + 1)..].Trim()));
        }

        if (ParseSort(sort) is not { } order)
        {
            return ApiProblems.BadParameter("sort", sort, ApiQuery.OneOf(SortKeys) + " (a leading '-' sorts descending)");
        }

        var text = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        var matched = directory.All
            .Select(s => GatewaySummary.From(s, inventory.TryGet(s.Gateway, out var definition) ? definition : null))
            .Where(g => states.Count == 0 || states.Contains(g.State))
            .Where(g => tags.TrueForAll(t => g.Tags.TryGetValue(t.Key, out var v) && string.Equals(v, t.Value, StringComparison.OrdinalIgnoreCase)))
            .Where(g => text is null || Contains(g.Gateway, text) || Contains(g.Uri, text) || g.Tags.Values.Any(v => Contains(v, text)))
            .ToList();
        matched.Sort(order);
        return TypedResults.Ok(new Page<GatewaySummary>([.. matched.Skip(skip).Take(take)], matched.Count, skip, take));
    }

    private static Results<Ok<GatewayDetail>, ProblemHttpResult> Get(
        [Description("The gateway's name (any case).")] string name, FleetDirectory directory, FleetInventory inventory)
    {
        if (ApiQuery.Gateway(inventory, name, "name", out var gateway) is { } problem)
        {
            return problem;
        }

        // the directory starts with every inventory gateway, so a status is always there
        return directory.TryGet(gateway.Name, out var status)
            ? TypedResults.Ok(GatewayDetail.Create(status, gateway))
            : ApiProblems.Unavailable($"gateway '{gateway.Name}' has no status yet");
    }

    private static async Task<Results<Ok<GatewaySas>, ProblemHttpResult>> GetSasAsync(
        [Description("The gateway's name (any case).")] string name, IFleetQueries queries, FleetInventory inventory, CancellationToken ct)
    {
        if (ApiQuery.Gateway(inventory, name, "name", out var gateway) is { } problem)
        {
            return problem;
        }

        try
        {
            return await queries.GetGatewayViewAsync(gateway.Name, ct).ConfigureAwait(false) is { } view
                ? TypedResults.Ok(GatewaySas.From(view))
                : ApiProblems.NotFound($"no gateway '{name}'");
        }
        catch (AskTimeoutException)
        {
            return ApiProblems.Unavailable($"the actor of gateway '{gateway.Name}' did not answer in time; try again");
        }
        catch (KeyNotFoundException e)
        {
            // e.g. a libreswan gateway: in the inventory, but no VICI actor keeps its SAs
            return ApiProblems.Unavailable($"gateway '{gateway.Name}' has no live SA view: {e.Message}");
        }
    }

    private static bool Contains(string? haystack, string needle) => haystack?.Contains(needle, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The comparison for <c>sort</c>, or null when the value is not a sort key.</summary>
    internal static Comparison<GatewaySummary>? ParseSort(string? sort)
    {
        var value = string.IsNullOrWhiteSpace(sort) ? "name" : sort.Trim();
        var descending = value.StartsWith('-');
        var key = descending ? value[1..] : value;
        Comparison<GatewaySummary>? primary = key.ToUpperInvariant() switch
        {
            "NAME" => (a, b) => string.CompareOrdinal(a.Gateway, b.Gateway),
            "STATE" => (a, b) => a.State.CompareTo(b.State),
            "IKESAS" => (a, b) => a.IkeSas.CompareTo(b.IkeSas),
            "CHILDSAS" => (a, b) => a.ChildSas.CompareTo(b.ChildSas),
            "TUNNELSDOWN" => (a, b) => a.TunnelsDown.CompareTo(b.TunnelsDown),
            _ => null,
        };
        if (primary is null)
        {
            return null;
        }

        var sign = descending ? -1 : 1;
        return (a, b) =>
        {
            var c = primary(a, b);
            return c != 0 ? sign * c : string.CompareOrdinal(a.Gateway, b.Gateway);
        };
    }
}
