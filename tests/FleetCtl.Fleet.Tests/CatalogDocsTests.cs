using FleetCtl.Fleet.Catalog;

namespace FleetCtl.Fleet.Tests;

/// <summary>docs/catalog.md is generated from the catalog; this keeps the committed copy from going stale.</summary>
public sealed class CatalogDocsTests
{
    private const string UpdateVariable = "FLEETCTL_UPDATE_DOCS";

    [Fact]
    public void Committed_catalog_md_matches_the_catalog()
    {
        var path = Path.Combine(FindRepositoryRoot(), CatalogMarkdown.RelativePath);
        var expected = CatalogMarkdown.Render();

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            if (!File.Exists(path) || File.ReadAllText(path) != expected)
            {
                File.WriteAllText(path, expected);
            }

            return;
        }

        Assert.True(File.Exists(path), $"{CatalogMarkdown.RelativePath} is missing. Generate it with:\n  {CatalogMarkdown.RegenerateCommand}");
        var actual = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (actual != expected)
        {
            Assert.Fail($"{CatalogMarkdown.RelativePath} is stale: the catalog changed but the document was not regenerated " +
                $"({FirstDifference(actual, expected)}). Regenerate it and commit the result:\n  {CatalogMarkdown.RegenerateCommand}");
        }
    }

    [Fact]
    public void Rendering_is_deterministic_and_uses_LF()
    {
        var once = CatalogMarkdown.Render();

        Assert.Equal(once, CatalogMarkdown.Render());
        Assert.DoesNotContain('\r', once);
        Assert.EndsWith("\n", once, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_entry_is_rendered_with_all_its_fields_and_listed_in_the_contents()
    {
        var md = CatalogMarkdown.Render();
        var contents = md[md.IndexOf("## Contents", StringComparison.Ordinal)..md.IndexOf("<a id=", StringComparison.Ordinal)];

        foreach (var e in FleetCatalog.All)
        {
            Assert.Contains($"<a id=\"id-{e.Id}\"></a>", md, StringComparison.Ordinal);
            Assert.Contains($"(#id-{e.Id})", contents, StringComparison.Ordinal);
            Assert.Contains($"[ID: {e.Id}] {CatalogMarkdown.Text(e.Title)}", md, StringComparison.Ordinal);
            Assert.Contains($"| Key | `{e.Key}` |", md, StringComparison.Ordinal);
            Assert.Contains(CatalogMarkdown.Text(e.Explanation), md, StringComparison.Ordinal);
            Assert.Contains(CatalogMarkdown.Text(e.GatewayAction), md, StringComparison.Ordinal);
            Assert.Contains(CatalogMarkdown.Text(e.ProposedAction), md, StringComparison.Ordinal);
        }

        Assert.Contains("## 1. strongSwan alerts", md, StringComparison.Ordinal);
        Assert.Contains("## 2. Controller events", md, StringComparison.Ordinal);
        Assert.DoesNotContain("derived from charon's log", md[md.IndexOf("## 1.", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public void Prose_outside_code_spans_is_escaped_and_code_spans_are_kept()
    {
        Assert.Equal("IKE_SA &lt;conn&gt;[n] and `connections.<conn>.proposals`, eap-\\* and `ike-*`",
            CatalogMarkdown.Text("IKE_SA <conn>[n] and `connections.<conn>.proposals`, eap-* and `ike-*`"));
    }

    [Fact]
    public void A_subset_renders_only_its_sections()
    {
        var md = CatalogMarkdown.Render([FleetCatalog.Get(CatalogIds.GatewayUnreachable)]);

        Assert.Contains("## 1. Controller events", md, StringComparison.Ordinal);
        Assert.Contains("### 1.1. Gateway connections (VICI)", md, StringComparison.Ordinal);
        Assert.Contains("#### 1.1.1. [ID: 2003] Gateway unreachable", md, StringComparison.Ordinal);
        Assert.DoesNotContain("## 2.", md, StringComparison.Ordinal);
        Assert.DoesNotContain("vici.alert.", md, StringComparison.Ordinal);
    }

    /// <summary>The directory holding FleetCtl.sln, found by walking up from the test binaries.</summary>
    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FleetCtl.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"FleetCtl.sln not found above {AppContext.BaseDirectory}");
    }

    private static string FirstDifference(string actual, string expected)
    {
        var a = actual.Split('\n');
        var e = expected.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, e.Length); i++)
        {
            var left = i < a.Length ? a[i] : "(end of file)";
            var right = i < e.Length ? e[i] : "(end of file)";
            if (left != right)
            {
                return $"first difference at line {i + 1}: committed \"{Shorten(left)}\", generated \"{Shorten(right)}\"";
            }
        }

        return "they differ";
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "...";
}
