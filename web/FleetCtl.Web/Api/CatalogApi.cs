using System.ComponentModel;
using System.Globalization;
using FleetCtl.Fleet.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FleetCtl.Web.Api;

/// <summary>A documented event (<c>GET /api/v1/catalog</c>): what it means and what to do about it.</summary>
/// <param name="Id">Stable numeric id (the log's event id).</param>
/// <param name="Key">Stable dotted name, e.g. <c>vici.alert.proposal-mismatch-ike</c>.</param>
/// <param name="Categories">Upper-case categories, the first one primary.</param>
/// <param name="AlertType">The strongSwan alert type the entry documents, for VICI alerts.</param>
/// <param name="Parameters">The structured-logging properties that come with the event.</param>
/// <param name="GatewayAction">What charon (or the controller, for its own events) does by itself.</param>
/// <param name="ProposedAction">What the operator should check or do.</param>
public sealed record CatalogItem(
    int Id,
    string Key,
    string Title,
    IReadOnlyList<string> Categories,
    CatalogSeverity Severity,
    CatalogSource Source,
    string? AlertType,
    IReadOnlyList<string> Parameters,
    string Explanation,
    string GatewayAction,
    string ProposedAction)
{
    public static CatalogItem From(CatalogEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new CatalogItem(e.Id, e.Key, e.Title, e.Categories, e.Severity, e.Source, e.AlertType?.ToString(), e.Parameters,
            e.Explanation, e.GatewayAction, e.ProposedAction);
    }
}

/// <summary>The matching catalog entries, ordered by id.</summary>
public sealed record CatalogList(IReadOnlyList<CatalogItem> Items, int Total);

/// <summary><c>/api/v1/catalog</c>: <see cref="FleetCatalog"/>, the reference of every event FleetCtl reports.</summary>
internal static class CatalogApi
{
    public const string Tag = "catalog";

    private static readonly string[] s_severities = Enum.GetNames<CatalogSeverity>();

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/catalog", List).WithTags(Tag).WithName("ListCatalog")
            .WithSummary("Every documented event, optionally filtered")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/catalog/{idOrKey}", Get).WithTags(Tag).WithName("GetCatalogEntry")
            .WithSummary("One catalog entry by numeric id (e.g. 1005) or key (e.g. fleet.gateway.unreachable)")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static Results<Ok<CatalogList>, ProblemHttpResult> List(
        [Description("Only entries filed under this category (any case): AUTH, CERT, VICI, IKE, IPSEC, KERNEL, POOL, NETWORK, DAEMON, CONTROLLER, INVENTORY, ACCESS.")]
        string? category,
        [Description("Only entries of this default severity (any case; comma-separated for several): Debug, Information, Notice, Warning, Error, Critical.")]
        string? severity,
        [Description("Only entries whose id, key, title, explanation or actions contain this text (case-insensitive).")] string? q)
    {
        string? wantedCategory = null;
        if (!string.IsNullOrWhiteSpace(category))
        {
            wantedCategory = CatalogCategories.All.FirstOrDefault(c => c.Equals(category.Trim(), StringComparison.OrdinalIgnoreCase));
            if (wantedCategory is null)
            {
                return ApiProblems.BadParameter("category", category, ApiQuery.OneOf(CatalogCategories.All));
            }
        }

        var severities = new HashSet<CatalogSeverity>();
        foreach (var value in ApiQuery.Values(severity is null ? null : [severity]))
        {
            if (s_severities.FirstOrDefault(s => s.Equals(value, StringComparison.OrdinalIgnoreCase)) is not { } name)
            {
                return ApiProblems.BadParameter("severity", value, ApiQuery.OneOf(s_severities));
            }

            severities.Add(Enum.Parse<CatalogSeverity>(name));
        }

        var text = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        var items = FleetCatalog.All
            .Where(e => wantedCategory is null || e.Categories.Contains(wantedCategory))
            .Where(e => severities.Count == 0 || severities.Contains(e.Severity))
            .Where(e => text is null || Matches(e, text))
            .Select(CatalogItem.From)
            .ToList();
        return TypedResults.Ok(new CatalogList(items, items.Count));
    }

    private static Results<Ok<CatalogItem>, ProblemHttpResult> Get([Description("A numeric id or a key.")] string idOrKey)
    {
        var value = idOrKey.Trim();
        var found = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && FleetCatalog.TryGet(id, out var byId)
            ? byId
            : FleetCatalog.TryGet(value, out var byKey) ? byKey
            : FleetCatalog.All.FirstOrDefault(e => e.Key.Equals(value, StringComparison.OrdinalIgnoreCase));
        return found is null
            ? ApiProblems.NotFound($"no catalog entry '{idOrKey}' (give a numeric id or a key; GET /api/v1/catalog lists them)")
            : TypedResults.Ok(CatalogItem.From(found));
    }

    private static bool Matches(CatalogEntry e, string text) =>
        e.Id.ToString(CultureInfo.InvariantCulture).Contains(text, StringComparison.Ordinal)
        || e.Key.Contains(text, StringComparison.OrdinalIgnoreCase)
        || e.Title.Contains(text, StringComparison.OrdinalIgnoreCase)
        || e.Explanation.Contains(text, StringComparison.OrdinalIgnoreCase)
        || e.GatewayAction.Contains(text, StringComparison.OrdinalIgnoreCase)
        || e.ProposedAction.Contains(text, StringComparison.OrdinalIgnoreCase);
}
