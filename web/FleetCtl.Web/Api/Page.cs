using FleetCtl.Fleet.Inventory;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FleetCtl.Web.Api;

/// <summary>One page of a list: <see cref="Items"/> are entries <see cref="Offset"/> .. <see cref="Offset"/>+count-1 of
/// <see cref="Total"/> matching entries. <see cref="Limit"/> is the page size that was applied.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Offset, int Limit);

/// <summary>Query values shared by the list endpoints, checked the same way everywhere.</summary>
internal static class ApiQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Checks <c>offset</c> (≥ 0, default 0) and <c>limit</c> (<paramref name="minLimit"/>..<paramref name="maxLimit"/>,
    /// default <paramref name="defaultLimit"/>; a list whose store needs a page of at least one says so with <c>minLimit = 1</c>).</summary>
    public static ProblemHttpResult? Paging(int? offset, int? limit, out int checkedOffset, out int checkedLimit,
        int defaultLimit = DefaultLimit, int maxLimit = MaxLimit, int minLimit = 0)
    {
        checkedOffset = offset ?? 0;
        checkedLimit = limit ?? defaultLimit;
        if (checkedOffset < 0)
        {
            return ApiProblems.BadParameter("offset", $"{offset}", "is negative; give 0 or more");
        }

        return checkedLimit < minLimit || checkedLimit > maxLimit
            ? ApiProblems.BadParameter("limit", $"{limit}", $"is out of range; give {minLimit} to {maxLimit}")
            : null;
    }

    /// <summary>Values of a repeatable parameter, each also split at commas: <c>?state=a&amp;state=b,c</c> gives a, b, c.</summary>
    public static IReadOnlyList<string> Values(IEnumerable<string?>? values) =>
        [.. (values ?? []).SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    /// <summary>The gateway named <paramref name="name"/> (ignoring case): 400 when the name cannot be a gateway's, 404 when there is none.</summary>
    public static ProblemHttpResult? Gateway(FleetInventory inventory, string name, string parameter, out GatewayDefinition gateway)
    {
        gateway = null!;
        if (GatewayDefinition.NameProblem(name) is { } problem)
        {
            return ApiProblems.BadRequest($"{parameter}: gateway {problem}");
        }

        if (!inventory.TryGet(name, out var found))
        {
            return ApiProblems.NotFound($"no gateway '{name}'");
        }

        gateway = found;
        return null;
    }

    public static string OneOf(IEnumerable<string> allowed) => "is not one of " + string.Join(", ", allowed);
}
