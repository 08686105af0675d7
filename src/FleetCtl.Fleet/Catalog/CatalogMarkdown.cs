using System.Globalization;
using System.Text;
using FleetCtl.Vici.Events;

namespace FleetCtl.Fleet.Catalog;

/// <summary>
/// Renders the catalog as docs/catalog.md: grouped by source, then by primary category, with a table of contents and
/// every field of every entry. The output is deterministic (LF line endings, no timestamps) so a test can compare it
/// with the committed file.
/// </summary>
public static class CatalogMarkdown
{
    /// <summary>The committed file, relative to the repository root.</summary>
    public const string RelativePath = "docs/catalog.md";

    /// <summary>The command that regenerates the committed file.</summary>
    public const string RegenerateCommand =
        "FLEETCTL_UPDATE_DOCS=1 dotnet test tests/FleetCtl.Fleet.Tests --filter FullyQualifiedName~CatalogDocsTests";

    private static readonly (CatalogSource Source, string Title, string Intro)[] s_sources =
    [
        (CatalogSource.ViciAlert, "strongSwan alerts",
            "charon raises an `alert` event (strongSwan 6.0.3 and later) for specific error conditions; FleetCtl " +
            "registers for it on every gateway. There is one entry per alert type, keyed `vici.alert.<type>`. When the " +
            "alert concerns an IKE_SA, the event carries that SA's connection name, unique id, addresses and identities; " +
            "charon's internal details (the proposals received, the rejected certificate) are only in its log."),
        (CatalogSource.Controller, "Controller events",
            "Events FleetCtl raises itself: its VICI connection to each gateway, resynchronisation, the SA lifecycle as it " +
            "sees it (from the `ike-updown`, `ike-rekey`, `ike-update`, `child-updown` and `child-rekey` events), tunnels " +
            "that should be up, the inventory, the journal, its own start and stop, and the fleet operations operators run."),
        (CatalogSource.LogDerived, "Alerts derived from charon's log",
            "Alerts recognised in charon's `log` event, for daemons older than 6.0.3 that have no `alert` event."),
        (CatalogSource.Diagnosis, "Tunnel diagnoses",
            "Why a tunnel is down, as the diagnosis engine tells it from the charon log lines of both peers (the `log` " +
            "event). The initiator usually sees only a notify (AUTHENTICATION_FAILED, NO_PROPOSAL_CHOSEN, TS_UNACCEPTABLE); " +
            "the responder logs the reason. Each cause has one or more rules (docs/diagnosis.md lists the lines they match)."),
    ];

    private static readonly Dictionary<string, string> s_categoryTitles = new(StringComparer.Ordinal)
    {
        [CatalogCategories.Auth] = "Authentication and authorization",
        [CatalogCategories.Cert] = "Certificates",
        [CatalogCategories.Ike] = "IKE_SAs",
        [CatalogCategories.Ipsec] = "CHILD_SAs (IPsec)",
        [CatalogCategories.Kernel] = "Kernel SAs and policies",
        [CatalogCategories.Pool] = "Virtual IP pools",
        [CatalogCategories.Network] = "Network, reachability and retransmits",
        [CatalogCategories.Daemon] = "The charon daemon",
        [CatalogCategories.Vici] = "Gateway connections (VICI)",
        [CatalogCategories.Controller] = "The controller",
        [CatalogCategories.Inventory] = "Inventory",
        [CatalogCategories.Operations] = "Fleet operations",
    };

    /// <summary>The full docs/catalog.md for <see cref="FleetCatalog.All"/>.</summary>
    public static string Render() => Render(FleetCatalog.All);

    /// <summary>The document for the given entries (any subset, any order).</summary>
    public static string Render(IEnumerable<CatalogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var sections = BuildSections(entries.ToList());
        var md = new Markdown();

        md.Line("# FleetCtl event catalog");
        md.Line();
        md.Line($"<!-- Generated from src/FleetCtl.Fleet/Catalog/ by CatalogMarkdown.Render(); do not edit by hand. Regenerate: {RegenerateCommand} -->");
        md.Line();
        md.Line("Every event FleetCtl reports — strongSwan's alerts and the controller's own events — with what it means, " +
            "what the gateway does about it, and what to do. The same texts appear in the dashboard next to each event.");
        md.Line();
        md.Line("- **ID** is stable and unique; with the **key** it is the `EventId` of the log entry " +
            "(`new EventId(id, key)`), so logs can be filtered by either. Ids 1000–1099 are strongSwan alerts, 2000 and up " +
            "the controller's own events.");
        md.Line("- **Default severity**: Debug, Information, Notice, Warning, Error, Critical. Notice (normal but significant) " +
            "is logged at Information level.");
        md.Line("- **Parameters** are the structured-logging properties that come with the event; `gateway` is always the " +
            "gateway's name in the inventory.");
        md.Line("- **Gateway action** is what charon (for controller events: the controller) does by itself; **proposed " +
            "action** is what the operator should check or do. `swanctl.conf` keys are written as in swanctl.conf(5), " +
            "`strongswan.conf` keys with their `charon.` prefix.");
        md.Line();

        md.Line("## Contents");
        md.Line();
        foreach (var section in sections)
        {
            md.Line($"- [{section.Number}. {section.Title}](#{section.Anchor}) ({Count(section.Categories.Sum(c => c.Entries.Count), "entry", "entries")})");
            foreach (var category in section.Categories)
            {
                md.Line($"  - [{category.Number}. {category.Title}](#{category.Anchor})");
                foreach (var (entry, number) in category.Entries)
                {
                    md.Line($"    - [{number}. [ID: {entry.Id}] {Text(entry.Title)}](#{EntryAnchor(entry)}) — `{entry.Key}`, {entry.Severity}");
                }
            }
        }

        md.Line();

        foreach (var section in sections)
        {
            md.Line($"<a id=\"{section.Anchor}\"></a>");
            md.Line();
            md.Line($"## {section.Number}. {section.Title}");
            md.Line();
            md.Line(Text(section.Intro));
            md.Line();
            foreach (var category in section.Categories)
            {
                md.Line($"<a id=\"{category.Anchor}\"></a>");
                md.Line();
                md.Line($"### {category.Number}. {category.Title}");
                md.Line();
                md.Line($"These events are filed under the {category.Code} category.");
                md.Line();
                foreach (var (entry, number) in category.Entries)
                {
                    RenderEntry(md, entry, number);
                }
            }
        }

        return md.ToString();
    }

    private static void RenderEntry(Markdown md, CatalogEntry entry, string number)
    {
        md.Line($"<a id=\"{EntryAnchor(entry)}\"></a>");
        md.Line();
        md.Line($"#### {number}. [ID: {entry.Id}] {Text(entry.Title)}");
        md.Line();
        md.Line("| | |");
        md.Line("|---|---|");
        md.Line($"| Key | `{entry.Key}` |");
        md.Line($"| Log categories | {string.Join(", ", entry.Categories)} |");
        md.Line($"| Default severity | {entry.Severity} |");
        md.Line($"| Source | {SourceText(entry)} |");
        md.Line($"| Parameters | {(entry.Parameters.Count == 0 ? "none" : string.Join(", ", entry.Parameters.Select(p => $"`{p}`")))} |");
        md.Line();
        md.Line("**Explanation**");
        md.Line();
        md.Line(Text(entry.Explanation));
        md.Line();
        md.Line("**Gateway action**");
        md.Line();
        md.Line(Text(entry.GatewayAction));
        md.Line();
        md.Line("**Proposed action**");
        md.Line();
        md.Line(Text(entry.ProposedAction));
        md.Line();
    }

    private static string SourceText(CatalogEntry entry) => entry.Source switch
    {
        CatalogSource.ViciAlert when entry.AlertType is { } t && t != ViciAlertType.Unknown =>
            $"VICI `alert` event, `type = {ViciAlertTypes.ToWireName(t)}`",
        CatalogSource.ViciAlert => "VICI `alert` event of a type not listed here",
        CatalogSource.Controller => "FleetCtl controller",
        CatalogSource.LogDerived => "charon's log (`log` event)",
        CatalogSource.Diagnosis => "diagnosis engine, from both peers' charon logs",
        _ => entry.Source.ToString(),
    };

    private static List<Section> BuildSections(List<CatalogEntry> entries)
    {
        var sections = new List<Section>();
        foreach (var (source, title, intro) in s_sources)
        {
            var ofSource = entries.Where(e => e.Source == source).ToList();
            if (ofSource.Count == 0)
            {
                continue;
            }

            var sectionNumber = (sections.Count + 1).ToString(CultureInfo.InvariantCulture);
            var categories = new List<CategorySection>();
            var codes = CatalogCategories.All
                .Concat(ofSource.Select(e => e.PrimaryCategory).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                .Distinct(StringComparer.Ordinal);
            foreach (var code in codes)
            {
                var ofCategory = ofSource.Where(e => e.PrimaryCategory == code).OrderBy(e => e.Id).ToList();
                if (ofCategory.Count == 0)
                {
                    continue;
                }

                var categoryNumber = $"{sectionNumber}.{categories.Count + 1}";
                categories.Add(new CategorySection(
                    code,
                    s_categoryTitles.GetValueOrDefault(code, code),
                    categoryNumber,
                    $"{Slug(source.ToString())}-{Slug(code)}",
                    ofCategory.Select((e, i) => (e, $"{categoryNumber}.{i + 1}")).ToList()));
            }

            sections.Add(new Section(title, intro, sectionNumber, Slug(source.ToString()), categories));
        }

        return sections;
    }

    private static string EntryAnchor(CatalogEntry entry) => "id-" + entry.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>ViciAlert</c> → <c>vici-alert</c>, <c>IKE</c> → <c>ike</c>.</summary>
    private static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            if (i > 0 && char.IsUpper(text[i]) && char.IsLower(text[i - 1]))
            {
                sb.Append('-');
            }

            sb.Append(char.ToLowerInvariant(text[i]));
        }

        return sb.ToString();
    }

    private static string Count(int n, string one, string many) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many);

    /// <summary>
    /// Prose for Markdown: outside `code spans`, escapes the characters Markdown or HTML would eat
    /// (<c>&lt;conn&gt;</c> would vanish as an unknown HTML tag, <c>eap-*</c> could start emphasis).
    /// </summary>
    internal static string Text(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        var inCode = false;
        foreach (var c in text)
        {
            if (c == '`')
            {
                inCode = !inCode;
                sb.Append(c);
            }
            else if (inCode)
            {
                sb.Append(c);
            }
            else
            {
                switch (c)
                {
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '*': sb.Append("\\*"); break;
                    case '|': sb.Append("\\|"); break;
                    case '\n': sb.Append(' '); break;
                    default: sb.Append(c); break;
                }
            }
        }

        return sb.ToString();
    }

    private sealed record Section(string Title, string Intro, string Number, string Anchor, List<CategorySection> Categories);

    private sealed record CategorySection(string Code, string Title, string Number, string Anchor, List<(CatalogEntry Entry, string Number)> Entries);

    /// <summary>A StringBuilder that always ends lines with LF, whatever the platform.</summary>
    private sealed class Markdown
    {
        private readonly StringBuilder _sb = new();

        public void Line(string text = "") => _sb.Append(text).Append('\n');

        public override string ToString() => _sb.ToString();
    }
}
