using System.Text.RegularExpressions;
using FleetCtl.Fleet.Inventory;
using Microsoft.Extensions.Configuration;

namespace FleetCtl.Fleet.Tests;

/// <summary>The examples in docs/inventory.md must load: a doc whose example fails is worse than none.</summary>
public sealed partial class InventoryDocsTests
{
    private static readonly string s_doc = File.ReadAllText(Path.Combine(FindRepositoryRoot(), "docs", "inventory.md"));

    [GeneratedRegex(@"```(?<lang>\w+)\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    private static List<string> Blocks(string lang) =>
        CodeBlock().Matches(s_doc).Where(m => m.Groups["lang"].Value == lang).Select(m => m.Groups["body"].Value).ToList();

    [Fact]
    public void The_yaml_example_loads()
    {
        var inventory = InventoryLoader.Parse(Blocks("yaml")[0], InventoryFileFormat.Yaml, "fleet.yaml");

        Assert.Equal(["fra1-hub", "ams1-hub", "lab-gw1", "lon1-edge"], inventory.Select(g => g.Name));
    }

    [Fact]
    public void The_json_example_loads()
    {
        var inventory = InventoryLoader.Parse(Blocks("json")[0], InventoryFileFormat.Json, "fleet.json");

        Assert.Equal(["fra1-hub", "ams1-hub"], inventory.Select(g => g.Name));
    }

    [Fact]
    public void The_appsettings_example_declares_its_gateway()
    {
        var appsettings = Blocks("json").Single(b => b.Contains("\"Fleet\"", StringComparison.Ordinal));
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(appsettings))).Build();

        Assert.Equal("/etc/fleetctl/fleet.yaml", configuration[InventoryLoader.InventoryFileKey]);
        var gateways = new ConfigurationBuilder()
            .AddInMemoryCollection(configuration.AsEnumerable().Where(kv => kv.Key != InventoryLoader.InventoryFileKey))
            .Build();
        Assert.Equal("lab-gw1", Assert.Single(InventoryLoader.Load(gateways)).Name);
    }

    [Fact]
    public void The_environment_example_loads()
    {
        var exports = Blocks("sh").Single(b => b.Contains("Fleet__Gateways__0__Name", StringComparison.Ordinal))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('#')[0].Trim())
            .Where(l => l.StartsWith("export ", StringComparison.Ordinal) && !l.Contains("InventoryFile", StringComparison.Ordinal))
            .Select(l => l["export ".Length..].Split('=', 2))
            .ToDictionary(kv => kv[0].Replace("__", ":", StringComparison.Ordinal), kv => (string?)kv[1]); // what the environment provider does

        var inventory = InventoryLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(exports).Build());

        Assert.Equal(["lab-gw1", "lab-gw2"], inventory.Select(g => g.Name));
    }

    [Fact]
    public void The_sample_error_message_is_the_real_one()
    {
        var sample = Blocks("text").Single(b => b.StartsWith("The fleet inventory is invalid", StringComparison.Ordinal)).TrimEnd('\n');

        var e = Assert.Throws<InventoryException>(() => InventoryLoader.Parse("""
            gateways:
              - name: fra1-hub
                uri: tcp://fra1-hub.example.net
                drainTarget: ams1-hub
              - name: ams1 hub
                uri: tls://ams1-hub.example.net:4503
                drain_target: fra1-hub
              - uri: unix:///var/run/charon.vici
              - name: FRA1-HUB
                kind: libreswan
            """, InventoryFileFormat.Yaml, "/etc/fleetctl/fleet.yaml"));

        Assert.Equal(sample, e.Message);
    }

    [Fact]
    public void Several_yaml_documents_are_an_error()
    {
        var e = Assert.Throws<InventoryException>(() => InventoryLoader.Parse(
            "gateways: []\n---\ngateways: []\n", InventoryFileFormat.Yaml, "fleet.yaml"));

        Assert.Equal("fleet.yaml:3:1: the file has 2 YAML documents; expected one", Assert.Single(e.Problems));
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
