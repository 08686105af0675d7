using System.Text.RegularExpressions;
using FleetCtl.Fleet.Persistence;
using FleetCtl.Fleet.State;
using Microsoft.Extensions.Configuration;

namespace FleetCtl.Fleet.Tests;

/// <summary>docs/history.md must stay true: its keys, kinds and example match the code.</summary>
public sealed partial class PersistenceDocsTests
{
    private static readonly string s_doc = File.ReadAllText(Path.Combine(FindRepositoryRoot(), "docs", "history.md"));

    [GeneratedRegex(@"```json\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [Fact]
    public void Every_option_and_kind_is_documented()
    {
        foreach (var key in typeof(FleetPersistenceOptions).GetProperties().Select(p => p.Name))
        {
            Assert.Contains($"| `{key}` |", s_doc, StringComparison.Ordinal);
        }

        var kinds = new[] { "ike-up", "ike-down", "ike-rekey", "ike-update", "child-up", "child-down", "child-rekey", "sa", "connectivity", "alert" };
        Assert.All(kinds, k => Assert.Contains($"`{k}`", s_doc, StringComparison.Ordinal));
        Assert.All(FleetJsonSerializer.Types, t => Assert.Contains($"`{t.Name}`", s_doc, StringComparison.Ordinal));
        Assert.Contains(FleetJsonSerializer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), s_doc, StringComparison.Ordinal);

        // the kinds in the table are the ones the records report
        var t0 = DateTimeOffset.UnixEpoch;
        var ike = new IkeSaInfo { Key = "k", Name = "n" };
        var child = new ChildSaInfo { Key = "c", Name = "n" };
        SaChange[] changes =
        [
            new IkeSaUp("g", t0, SaChangeCause.Event, ike), new IkeSaDown("g", t0, SaChangeCause.Event, ike),
            new IkeSaRekeyed("g", t0, SaChangeCause.Event, "o", ike), new IkeSaUpdated("g", t0, SaChangeCause.Event, ike),
            new ChildSaUp("g", t0, SaChangeCause.Event, "k", "n", child), new ChildSaDown("g", t0, SaChangeCause.Event, "k", "n", child),
            new ChildSaRekeyed("g", t0, SaChangeCause.Event, "k", "n", "o", child),
        ];
        Assert.Equal(kinds.Take(7), changes.Select(c => c.Kind));
    }

    [Fact]
    public void The_appsettings_example_binds_and_builds()
    {
        var json = JsonBlock().Match(s_doc).Groups["body"].Value;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();
        var options = FleetPersistenceOptions.FromConfiguration(configuration);

        Assert.Equal("postgresql", options.Validate());
        Assert.Equal("PostgreSQL.15", FleetPersistenceConfig.Build(options).GetString("akka.persistence.journal.sql.provider-name"));
    }

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
}
