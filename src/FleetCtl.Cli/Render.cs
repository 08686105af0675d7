using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FleetCtl.Cli;

/// <summary>The Spectre.Console tables. Every value goes in as <see cref="Text"/>, never as markup, so names with brackets print as they are.</summary>
public static class Render
{
    public static IAnsiConsole CreateConsole(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(context.Out),
            Ansi = context.Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = context.Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = context.Interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!context.Interactive)
        {
            console.Profile.Width = 400; // piped: never wrap a row
        }
        return console;
    }

    public static Table Gateways(IEnumerable<GatewayStatusDto> gateways, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("NAME", "STATE", "SINCE", "IKE_SAS", "CHILD_SAS", "TUNNELS DOWN", "DAEMON", "TAGS", "LAST ERROR");
        foreach (var column in table.Columns.Skip(3).Take(3))
        {
            column.RightAligned();
        }
        foreach (var g in gateways)
        {
            table.AddRow(
                new Text(g.Gateway),
                new Text(g.State ?? "?", StateStyle(g.State)),
                new Text(Ago(g.Since, now)),
                new Text(g.IkeSas.ToString(CultureInfo.InvariantCulture)),
                new Text(g.ChildSas.ToString(CultureInfo.InvariantCulture)),
                new Text(g.TunnelsDown.ToString(CultureInfo.InvariantCulture), g.TunnelsDown > 0 ? new Style(Color.Red) : Style.Plain),
                new Text(g.Daemon ?? g.DaemonVersion ?? "-"),
                new Text(Tags(g.Tags)),
                new Text(g.LastError ?? "", new Style(Color.Grey)));
        }
        return table;
    }

    /// <summary><c>region=eu-central,role=hub,site=fra1</c>, keys in order.</summary>
    public static string Tags(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return tags.Count == 0 ? "-" : string.Join(',', tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
    }

    public static Table Sas(IEnumerable<IkeSaDto> sas, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sas);
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("NAME", "#", "STATE", "REMOTE", "PROPOSAL", "ESTABLISHED", "CHILD_SAS");
        foreach (var ike in sas)
        {
            var remote = ike.RemoteId is { Length: > 0 } id && id != ike.RemoteHost ? $"{ike.RemoteHost}\n{id}" : ike.RemoteHost ?? "-";
            table.AddRow(
                new Text(ike.Name),
                new Text(ike.UniqueId?.ToString(CultureInfo.InvariantCulture) ?? "-"),
                new Text(ike.State ?? "?", StateStyle(ike.State)),
                new Text(remote),
                new Text(Proposal(ike)),
                new Text(ike.EstablishedAt is { } at ? Ago(at, now) : "-"),
                Children(ike.Children));
        }
        return table;
    }

    /// <summary>One line per CHILD_SA: <c>net#12 INSTALLED 10.1.0.0/16 === 10.2.0.0/16 spi c1a2b3c4/c5d6e7f8 in 1.2 MB out 3.4 kB</c>.</summary>
    private static IRenderable Children(IReadOnlyList<ChildSaDto> children)
    {
        if (children.Count == 0)
        {
            return new Text("(none)", new Style(Color.Grey));
        }
        var lines = children.Select(c =>
            $"{c.Name}#{c.UniqueId?.ToString(CultureInfo.InvariantCulture) ?? "-"} {c.State ?? "?"} "
            + $"{string.Join(',', c.LocalTs)} === {string.Join(',', c.RemoteTs)} "
            + $"spi {c.SpiIn ?? "-"}/{c.SpiOut ?? "-"} in {Bytes(c.BytesIn)} out {Bytes(c.BytesOut)}");
        return new Text(string.Join('\n', lines));
    }

    public static Table History(IEnumerable<HistoryItemDto> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var table = new Table().Border(TableBorder.Simple).AddColumns("AT (UTC)", "GATEWAY", "KIND", "SUMMARY");
        foreach (var e in events)
        {
            table.AddRow(
                new Text(e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)),
                new Text(e.Gateway),
                new Text(e.Kind, KindStyle(e.Kind)),
                new Text(e.Summary));
        }
        return table;
    }

    public static Table Catalog(IEnumerable<CatalogItemDto> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var table = new Table().Border(TableBorder.Simple).AddColumns("ID", "SEVERITY", "CATEGORY", "KEY", "TITLE");
        table.Columns[0].RightAligned();
        foreach (var e in entries)
        {
            table.AddRow(
                new Text(e.Id.ToString(CultureInfo.InvariantCulture)),
                new Text(e.Severity ?? "?", SeverityStyle(e.Severity)),
                new Text(string.Join(',', e.Categories)),
                new Text(e.Key),
                new Text(e.Title));
        }
        return table;
    }

    public static Table Alerts(IEnumerable<AlertItemDto> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var table = new Table().Border(TableBorder.Simple).AddColumns("ID", "SEVERITY", "STATE", "GATEWAY", "TYPE", "CONNECTION", "COUNT", "LAST (UTC)", "TITLE / ACK");
        table.Columns[0].RightAligned();
        table.Columns[6].RightAligned();
        foreach (var item in alerts)
        {
            var a = item.Alert;
            table.AddRow(
                new Text(a.Id.ToString(CultureInfo.InvariantCulture)),
                new Text(a.Severity ?? "?", SeverityStyle(a.Severity)),
                new Text(a.State ?? "?"),
                new Text(a.Gateway),
                new Text(a.Derived ? a.AlertType + " (derived)" : a.AlertType),
                new Text(a.Connection ?? a.RemoteHost ?? "-"),
                new Text(a.Count.ToString(CultureInfo.InvariantCulture)),
                new Text(a.LastAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                new Text(a.AcknowledgedBy is { } by ? $"ack {by}: {a.Comment}" : item.Explanation.Title));
        }
        return table;
    }

    /// <summary>One alert in full: what happened, then the catalog's explanation and proposed action.</summary>
    public static void Alert(IAnsiConsole console, AlertItemDto item)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(item);
        var a = item.Alert;
        console.Write(new Text($"alert {a.Id}: {a.AlertType} on {a.Gateway} — {item.Explanation.Title}\n", new Style(decoration: Decoration.Bold)));
        var facts = new Grid().AddColumn().AddColumn();
        facts.AddRow(new Text("severity"), new Text(a.Severity ?? "?", SeverityStyle(a.Severity)));
        facts.AddRow(new Text("state"), new Text(a.State + (a.AcknowledgedBy is { } by ? $" by {by} at {a.AcknowledgedAt:u}" + (a.Comment is null ? "" : $": {a.Comment}") : "")));
        facts.AddRow(new Text("connection"), new Text(a.Connection ?? "-"));
        facts.AddRow(new Text("remote"), new Text($"{a.RemoteHost ?? "-"} {a.RemoteId}".Trim()));
        facts.AddRow(new Text("seen"), new Text(string.Create(CultureInfo.InvariantCulture, $"{a.Count}x, first {a.FirstAt:u}, last {a.LastAt:u}")));
        facts.AddRow(new Text("source"), new Text(a.Derived ? "derived from charon's log (the daemon has no alert event)" : "the daemon's alert event"));
        facts.AddRow(new Text("description"), new Text(a.Description));
        facts.AddRow(new Text("catalog"), new Text($"[{item.Explanation.Id}] {item.Explanation.Key}"));
        console.Write(facts);
        foreach (var (heading, text) in (ReadOnlySpan<(string, string)>)[("Explanation", item.Explanation.Explanation), ("Gateway action", item.Explanation.GatewayAction), ("Proposed action", item.Explanation.ProposedAction)])
        {
            console.WriteLine();
            console.Write(new Text(heading + "\n", new Style(decoration: Decoration.Underline)));
            console.Write(new Text(text + "\n"));
        }
    }

    /// <summary>One entry in full: a header line, its facts, then explanation, gateway action and proposed action.</summary>
    public static void CatalogEntry(IAnsiConsole console, CatalogItemDto e)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(e);
        console.Write(new Text($"[{e.Id}] {e.Key}: {e.Title}\n", new Style(decoration: Decoration.Bold)));
        var facts = new Grid().AddColumn().AddColumn();
        facts.AddRow(new Text("severity"), new Text(e.Severity ?? "?", SeverityStyle(e.Severity)));
        facts.AddRow(new Text("categories"), new Text(string.Join(", ", e.Categories)));
        facts.AddRow(new Text("source"), new Text(e.Source + (e.AlertType is null ? "" : $" ({e.AlertType})")));
        facts.AddRow(new Text("parameters"), new Text(e.Parameters.Count == 0 ? "-" : string.Join(", ", e.Parameters)));
        console.Write(facts);
        foreach (var (heading, text) in (ReadOnlySpan<(string, string)>)[("Explanation", e.Explanation), ("Gateway action", e.GatewayAction), ("Proposed action", e.ProposedAction)])
        {
            console.WriteLine();
            console.Write(new Text(heading + "\n", new Style(decoration: Decoration.Underline)));
            console.Write(new Text(text + "\n"));
        }
    }

    public static string Proposal(IkeSaDto ike)
    {
        ArgumentNullException.ThrowIfNull(ike);
        var encr = ike.EncrAlg is null ? null : ike.EncrKeysize is { } size ? $"{ike.EncrAlg}_{size}" : ike.EncrAlg;
        var parts = new[] { encr, ike.IntegAlg, ike.PrfAlg, ike.DhGroup }.Where(p => !string.IsNullOrEmpty(p));
        var text = string.Join('/', parts);
        return text.Length == 0 ? "-" : text;
    }

    public static string Bytes(ulong bytes) => bytes switch
    {
        < 1000 => $"{bytes} B",
        < 1000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:0.#} kB"),
        < 1000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.#} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:0.#} GB"),
    };

    /// <summary>How long ago, coarsely: <c>42s ago</c>, <c>5m ago</c>, <c>3h12m ago</c>, <c>2d4h ago</c>.</summary>
    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        if (at == default)
        {
            return "-";
        }
        var d = now - at;
        if (d < TimeSpan.Zero)
        {
            d = TimeSpan.Zero;
        }
        return d.TotalSeconds < 60 ? $"{(int)d.TotalSeconds}s ago"
            : d.TotalMinutes < 60 ? $"{(int)d.TotalMinutes}m ago"
            : d.TotalHours < 24 ? $"{(int)d.TotalHours}h{d.Minutes}m ago"
            : $"{(int)d.TotalDays}d{d.Hours}h ago";
    }

    private static Style KindStyle(string kind) => kind switch
    {
        "ike-down" or "child-down" or "alert" => new Style(Color.Red),
        "ike-up" or "child-up" => new Style(Color.Green),
        _ => Style.Plain,
    };

    private static Style SeverityStyle(string? severity) => severity switch
    {
        "Critical" or "Error" => new Style(Color.Red),
        "Warning" => new Style(Color.Yellow),
        _ => Style.Plain,
    };

    private static Style StateStyle(string? state) => state?.ToUpperInvariant() switch
    {
        "CONNECTED" or "ESTABLISHED" or "INSTALLED" => new Style(Color.Green),
        "UNREACHABLE" or "DESTROYING" or "DELETING" => new Style(Color.Red),
        _ => new Style(Color.Yellow),
    };
}
