using FleetCtl.Fleet.Alerts;
using FleetCtl.Fleet.Catalog;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Vici.Events;
using MudBlazor;

namespace FleetCtl.Web.Dashboard;

/// <summary>What the alerts page lists: states, least severity, gateway or text, type. Combined with AND.</summary>
public sealed record AlertFilter
{
    /// <summary>The active alerts: open and acknowledged, any severity, any gateway, any type.</summary>
    public static AlertFilter Default { get; } = new();

    /// <summary>Empty: every state.</summary>
    public IReadOnlySet<AlertState> States { get; init; } = new HashSet<AlertState> { AlertState.Open, AlertState.Acknowledged };

    /// <summary>Only alerts at least this severe; null: any.</summary>
    public CatalogSeverity? MinSeverity { get; init; }

    /// <summary>
    /// A gateway's exact name (any case) lists that gateway's alerts only; any other text is looked for in the gateway,
    /// type, connection, remote host and id, description, comment and acknowledging user.
    /// </summary>
    public string Text { get; init; } = "";

    /// <summary>Only alerts of this type (<c>proposal-mismatch-ike</c>); null: any.</summary>
    public string? Type { get; init; }

    public bool IsDefault =>
        States.SetEquals(Default.States) && MinSeverity is null && string.IsNullOrWhiteSpace(Text) && Type is null;

    /// <summary>The alert book's query for one page of this filter.</summary>
    public AlertQuery ToQuery(FleetInventory inventory, int offset, int limit)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var text = Text.Trim();
        var gateway = text.Length > 0 && inventory.TryGet(text, out var definition) ? definition.Name : null;
        return new AlertQuery
        {
            States = [.. States],
            MinSeverity = MinSeverity,
            Gateway = gateway,
            Text = gateway is null && text.Length > 0 ? text : null,
            Type = Type,
            Offset = offset,
            Limit = limit,
        };
    }
}

/// <summary>The alerts page's pure parts: choices, chart data, colours and what an acknowledgement came to.</summary>
public static class AlertsView
{
    /// <summary>Bars in the "by gateway" chart.</summary>
    public const int TopGateways = 15;

    /// <summary>Bars in the "by type" chart.</summary>
    public const int TopTypes = 15;

    /// <summary>The severities offered as "at least" filter, least severe first (Debug is never raised as an alert).</summary>
    public static IReadOnlyList<CatalogSeverity> SeverityChoices { get; } =
        [CatalogSeverity.Information, CatalogSeverity.Notice, CatalogSeverity.Warning, CatalogSeverity.Error, CatalogSeverity.Critical];

    /// <summary>Every alert type there can be: charon's, by wire name, and the controller's own, sorted.</summary>
    public static IReadOnlyList<string> TypeChoices { get; } =
        [.. ViciAlertTypes.All.Select(ViciAlertTypes.ToWireName).Append(FleetAlertTypes.GatewayUnreachable).Order(StringComparer.Ordinal)];

    /// <summary>The <paramref name="max"/> biggest counts, biggest first (ties by name), as chart labels and values.</summary>
    public static (string[] Labels, double[] Values) Top(IReadOnlyDictionary<string, int> counts, int max)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var top = counts.Where(c => c.Value > 0)
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.OrdinalIgnoreCase)
            .Take(max).ToList();
        return ([.. top.Select(c => c.Key)], [.. top.Select(c => (double)c.Value)]);
    }

    /// <summary>The chip colour of a severity: red for error and worse, amber for warning, blue for notice.</summary>
    public static Color SeverityColor(CatalogSeverity severity) => severity switch
    {
        >= CatalogSeverity.Error => Color.Error,
        CatalogSeverity.Warning => Color.Warning,
        CatalogSeverity.Notice => Color.Info,
        _ => Color.Default,
    };

    /// <summary>The <c>fleet-chip-*</c> / tile tone of a severity: error, warning or default.</summary>
    public static string SeverityTone(CatalogSeverity severity) => SeverityColor(severity) switch
    {
        Color.Error => "error",
        Color.Warning => "warning",
        _ => "default",
    };

    /// <summary>Open wants attention (amber), acknowledged is someone's (blue), resolved is over (green).</summary>
    public static Color StateColor(AlertState state) => state switch
    {
        AlertState.Open => Color.Warning,
        AlertState.Acknowledged => Color.Info,
        AlertState.Resolved => Color.Success,
        _ => Color.Default,
    };

    /// <summary>What to tell the operator about an acknowledgement, and whether it took.</summary>
    public static (string Message, bool Done) Describe(AcknowledgeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result switch
        {
            AcknowledgeResult.Acknowledged a => ($"Acknowledged alert {a.Id}.", true),
            AcknowledgeResult.AlreadyAcknowledged a =>
                ($"Already acknowledged by {a.Alert.AcknowledgedBy} at {Format.Time(a.Alert.AcknowledgedAt)}; nothing changed.", false),
            AcknowledgeResult.AlreadyResolved a => ($"Resolved at {Format.Time(a.Alert.ResolvedAt)}; nothing to acknowledge.", false),
            AcknowledgeResult.NotFound n => ($"Alert {n.Id} is no longer in the alert book.", false),
            AcknowledgeResult.Invalid i => (i.Reason, false),
            _ => ("Unexpected answer from the alert book.", false),
        };
    }
}
