using FleetCtl.Fleet.Inventory;
using FleetCtl.Vici;
using Microsoft.Extensions.Configuration;

namespace FleetCtl.Fleet.Tests;

public sealed class InventoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleetctl-inventory-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string FullYaml = """
        # two sites, one hub each
        gateways:
          - name: fra1-hub
            uri: tls://fra1-hub.example.net:4503
            tags: {site: fra1, region: eu, role: hub}
            drainTarget: ams1-hub
            tls:
              clientCertificate: /etc/fleetctl/tls/client.pem
              clientKey: /etc/fleetctl/tls/client.key
              ca: /etc/fleetctl/tls/ca.pem
          - name: ams1-hub
            uri: unix:///var/run/charon.vici
            tags:
              site: ams1
              region: eu
              role: hub
            drainTarget: fra1-hub
          - name: lon1-edge
            kind: libreswan
            command: ssh lon1-edge sudo ipsec whack
            tags: {site: lon1, rack: 12}
        """;

    private const string FullJson = """
        {
          // comments and trailing commas are fine
          "gateways": [
            {
              "name": "fra1-hub",
              "uri": "tls://fra1-hub.example.net:4503",
              "tags": { "site": "fra1", "region": "eu", "role": "hub" },
              "drainTarget": "ams1-hub",
              "tls": { "clientCertificate": "/etc/fleetctl/tls/client.pem", "clientKey": "/etc/fleetctl/tls/client.key", "ca": "/etc/fleetctl/tls/ca.pem" },
            },
            { "name": "ams1-hub", "uri": "unix:///var/run/charon.vici", "tags": { "site": "ams1", "region": "eu", "role": "hub" }, "drainTarget": "fra1-hub" },
            { "name": "lon1-edge", "kind": "libreswan", "command": "ssh lon1-edge sudo ipsec whack", "tags": { "site": "lon1", "rack": 12 } },
          ],
        }
        """;

    // ---------------------------------------------------------------- sources

    [Fact]
    public void Yaml_file_declares_gateways_with_every_field()
    {
        var inventory = InventoryLoader.LoadFile(Write("fleet.yaml", FullYaml));

        AssertFullFleet(inventory);
        Assert.Equal(Path.Combine(_dir, "fleet.yaml") + ":3:5", inventory["fra1-hub"].Origin);
        Assert.Equal([Path.Combine(_dir, "fleet.yaml") + ": 3 gateways"], inventory.Sources);
    }

    [Fact]
    public void Yml_extension_is_yaml_too()
    {
        AssertFullFleet(InventoryLoader.LoadFile(Write("fleet.yml", FullYaml)));
    }

    [Fact]
    public void Json_file_declares_the_same_fleet()
    {
        var inventory = InventoryLoader.LoadFile(Write("fleet.json", FullJson));

        AssertFullFleet(inventory);
        Assert.Equal(Path.Combine(_dir, "fleet.json") + ":4:5", inventory["fra1-hub"].Origin);
    }

    [Fact]
    public void Configuration_section_declares_gateways()
    {
        var configuration = Config(new()
        {
            ["Fleet:Gateways:0:Name"] = "fra1-hub",
            ["Fleet:Gateways:0:Uri"] = "tls://fra1-hub.example.net:4503",
            ["Fleet:Gateways:0:Tags:site"] = "fra1",
            ["Fleet:Gateways:0:Tags:region"] = "eu",
            ["Fleet:Gateways:0:Tags:role"] = "hub",
            ["Fleet:Gateways:0:DrainTarget"] = "ams1-hub",
            ["Fleet:Gateways:0:Tls:ClientCertificate"] = "/etc/fleetctl/tls/client.pem",
            ["Fleet:Gateways:0:Tls:ClientKey"] = "/etc/fleetctl/tls/client.key",
            ["Fleet:Gateways:0:Tls:Ca"] = "/etc/fleetctl/tls/ca.pem",
            ["Fleet:Gateways:1:Name"] = "ams1-hub",
            ["Fleet:Gateways:1:Uri"] = "unix:///var/run/charon.vici",
            ["Fleet:Gateways:1:Tags:site"] = "ams1",
            ["Fleet:Gateways:1:Tags:region"] = "eu",
            ["Fleet:Gateways:1:Tags:role"] = "hub",
            ["Fleet:Gateways:1:DrainTarget"] = "fra1-hub",
            ["Fleet:Gateways:2:Name"] = "lon1-edge",
            ["Fleet:Gateways:2:Kind"] = "libreswan",
            ["Fleet:Gateways:2:Command"] = "ssh lon1-edge sudo ipsec whack",
            ["Fleet:Gateways:2:Tags:site"] = "lon1",
            ["Fleet:Gateways:2:Tags:rack"] = "12",
        });

        var inventory = InventoryLoader.Load(configuration, _dir);

        AssertFullFleet(inventory);
        Assert.Equal("configuration Fleet:Gateways:1", inventory["ams1-hub"].Origin);
        Assert.Equal(["configuration Fleet:Gateways: 3 gateways"], inventory.Sources);
    }

    [Fact]
    public void Configuration_indices_are_ordered_numerically()
    {
        var configuration = Config(new()
        {
            ["Fleet:Gateways:10:Name"] = "gw-10", ["Fleet:Gateways:10:Uri"] = "tcp://127.0.0.1:4510",
            ["Fleet:Gateways:2:Name"] = "gw-2", ["Fleet:Gateways:2:Uri"] = "tcp://127.0.0.1:4502",
        });

        Assert.Equal(["gw-2", "gw-10"], InventoryLoader.Load(configuration).Select(g => g.Name));
    }

    [Fact]
    public void Environment_variables_with_double_underscores_declare_gateways()
    {
        var prefix = $"FLEETCTL_TEST_{Guid.NewGuid():N}_";
        var variables = new Dictionary<string, string>
        {
            ["Fleet__Gateways__0__Name"] = "gw-env",
            ["Fleet__Gateways__0__Uri"] = "tcp://10.1.2.3:4502",
            ["Fleet__Gateways__0__Tags__site"] = "fra1",
            ["Fleet__Gateways__0__DrainTarget"] = "gw-env-2",
            ["Fleet__Gateways__1__Name"] = "gw-env-2",
            ["Fleet__Gateways__1__Uri"] = "exec:ssh gw2 socat - UNIX-CONNECT:/var/run/charon.vici",
        };
        try
        {
            foreach (var (key, value) in variables)
            {
                Environment.SetEnvironmentVariable(prefix + key, value);
            }

            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            var inventory = InventoryLoader.Load(configuration);

            Assert.Equal(["gw-env", "gw-env-2"], inventory.Select(g => g.Name));
            Assert.Equal("tcp://10.1.2.3:4502", inventory["gw-env"].Uri);
            Assert.Equal("fra1", inventory["gw-env"].Tag("site"));
            Assert.Equal("gw-env-2", inventory["gw-env"].DrainTarget);
            Assert.Equal(ViciTransportKind.Exec, inventory["gw-env-2"].ParseEndpoint().Kind);
        }
        finally
        {
            foreach (var key in variables.Keys)
            {
                Environment.SetEnvironmentVariable(prefix + key, null);
            }
        }
    }

    [Fact]
    public void Appsettings_json_can_name_the_inventory_file_and_add_gateways_of_its_own()
    {
        Write("fleet.yaml", """
            gateways:
              - name: from-file
                uri: tcp://127.0.0.1:4501
            """);
        var appsettings = Write("appsettings.json", """
            {
              "Fleet": {
                "InventoryFile": "fleet.yaml",
                "Gateways": [
                  { "Name": "from-config", "Uri": "tcp://127.0.0.1:4502", "DrainTarget": "from-file" }
                ]
              }
            }
            """);
        var configuration = new ConfigurationBuilder().AddJsonFile(appsettings).Build();

        var inventory = InventoryLoader.Load(configuration, _dir);

        Assert.Equal(["from-file", "from-config"], inventory.Select(g => g.Name)); // file first, then configuration
        Assert.Equal(["fleet.yaml: 1 gateway", "configuration Fleet:Gateways: 1 gateway"], inventory.Sources);
        Assert.Equal("fleet.yaml:2:5", inventory["from-file"].Origin);
    }

    [Fact]
    public void Environment_overrides_a_field_of_an_appsettings_gateway_through_configuration_layering()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Fleet:Gateways:0:Name"] = "gw-a", ["Fleet:Gateways:0:Uri"] = "tcp://127.0.0.1:4501" })
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Fleet:Gateways:0:Uri"] = "tcp://127.0.0.1:4999" })
            .Build();

        Assert.Equal("tcp://127.0.0.1:4999", InventoryLoader.Load(configuration)["gw-a"].Uri);
    }

    [Fact]
    public void Absolute_inventory_file_path_ignores_the_base_directory()
    {
        var path = Write("fleet.json", """{ "gateways": [ { "name": "gw-a", "uri": "tcp://127.0.0.1:4501" } ] }""");

        var inventory = InventoryLoader.Load(Config(new() { ["Fleet:InventoryFile"] = path }), "/nonexistent");

        Assert.Equal("gw-a", Assert.Single(inventory).Name);
    }

    [Theory]
    [InlineData("fleet.yaml", "")]
    [InlineData("fleet.yaml", "# nothing yet\n")]
    [InlineData("fleet.yaml", "gateways:\n")]
    [InlineData("fleet.yaml", "gateways: []\n")]
    [InlineData("fleet.json", "")]
    [InlineData("fleet.json", "{}")]
    [InlineData("fleet.json", "{ \"gateways\": null }")]
    [InlineData("fleet.json", "{ \"gateways\": [] }")]
    public void Empty_inventory_files_are_valid(string file, string text)
    {
        var inventory = InventoryLoader.LoadFile(Write(file, text));

        Assert.True(inventory.IsEmpty);
        Assert.Empty(inventory);
    }

    [Fact]
    public void No_inventory_at_all_is_valid_and_empty()
    {
        var inventory = InventoryLoader.Load(Config([]));

        Assert.True(inventory.IsEmpty);
        Assert.Empty(inventory.Sources);
        Assert.Same(FleetInventory.Empty.GetType(), inventory.GetType());
        Assert.True(FleetInventory.Empty.IsEmpty);
    }

    [Fact]
    public void Values_are_trimmed_and_null_fields_are_absent()
    {
        var inventory = InventoryLoader.Parse("""
            gateways:
              - name: "  gw-a  "
                uri: " tcp://127.0.0.1:4501 "
                drainTarget: ~
                tags:
                tls: null
            """, InventoryFileFormat.Yaml, "fleet.yaml");

        var gw = Assert.Single(inventory);
        Assert.Equal("gw-a", gw.Name);
        Assert.Equal("tcp://127.0.0.1:4501", gw.Uri);
        Assert.Null(gw.DrainTarget);
        Assert.Empty(gw.Tags);
        Assert.Null(gw.Tls);
    }

    [Fact]
    public void Field_names_ignore_case_like_configuration_keys()
    {
        var inventory = InventoryLoader.Parse("""{ "Gateways": [ { "NAME": "gw-a", "Uri": "tcp://127.0.0.1:4501", "DRAINTARGET": null } ] }""",
            InventoryFileFormat.Json, "fleet.json");

        Assert.Equal("gw-a", Assert.Single(inventory).Name);
    }

    // ---------------------------------------------------------------- lookups and code-built inventories

    [Fact]
    public void Lookup_by_name_ignores_case_and_tags_can_select_gateways()
    {
        var inventory = InventoryLoader.Parse(FullYaml, InventoryFileFormat.Yaml, "fleet.yaml");

        Assert.Same(inventory["fra1-hub"], inventory["FRA1-HUB"]);
        Assert.True(inventory.TryGet("Ams1-Hub", out var ams));
        Assert.Equal("ams1-hub", ams.Name);
        Assert.True(inventory.Contains("lon1-edge"));
        Assert.False(inventory.Contains("nyc1-hub"));
        Assert.False(inventory.TryGet(null, out _));
        Assert.Contains("nyc1-hub", Assert.Throws<KeyNotFoundException>(() => inventory["nyc1-hub"]).Message, StringComparison.Ordinal);
        Assert.Equal(["fra1-hub", "ams1-hub"], inventory.WithTag("role", "hub").Select(g => g.Name));
        Assert.Equal(["fra1-hub", "ams1-hub"], inventory.WithTag("Region", "EU").Select(g => g.Name));
        Assert.Equal("eu", inventory["fra1-hub"].Tag("REGION"));
        Assert.Null(inventory["fra1-hub"].Tag("rack"));
    }

    [Fact]
    public void Tags_of_a_loaded_inventory_cannot_be_changed()
    {
        var gw = InventoryLoader.Parse(FullYaml, InventoryFileFormat.Yaml, "fleet.yaml")["fra1-hub"];

        var asDictionary = Assert.IsAssignableFrom<IDictionary<string, string>>(gw.Tags);
        Assert.Throws<NotSupportedException>(() => asDictionary["site"] = "elsewhere");
    }

    [Fact]
    public void Inventory_built_in_code_is_validated_like_a_loaded_one()
    {
        var demo = FleetInventory.Create(
            Enumerable.Range(1, 3).Select(i => new GatewayDefinition
            {
                Name = $"demo-{i}",
                Uri = $"tcp://127.0.0.1:{4500 + i}",
                Tags = new Dictionary<string, string> { ["site"] = "demo" },
            }), "demo fleet");

        Assert.Equal(3, demo.Count);
        Assert.Equal(["demo fleet: 3 gateways"], demo.Sources);
        Assert.Equal(3, demo.WithTag("site", "demo").Count());

        var e = Assert.Throws<InventoryException>(() => FleetInventory.Create(
        [
            new GatewayDefinition { Name = "demo-1", Uri = "tcp://127.0.0.1:4501" },
            new GatewayDefinition { Name = "demo-1", Uri = "tcp://127.0.0.1:4502" },
        ], "demo fleet"));
        Assert.Equal("demo-1 (demo fleet gateway #2): duplicate name; 'demo-1' is already declared at demo fleet gateway #1", Assert.Single(e.Problems));
    }

    [Fact]
    public void Endpoint_of_a_strongswan_gateway_parses_and_libreswan_has_none()
    {
        var inventory = InventoryLoader.Parse(FullYaml, InventoryFileFormat.Yaml, "fleet.yaml");

        var endpoint = inventory["fra1-hub"].ParseEndpoint();
        Assert.Equal(ViciTransportKind.Tls, endpoint.Kind);
        Assert.Equal(4503, endpoint.Port);
        Assert.Throws<InvalidOperationException>(() => inventory["lon1-edge"].ParseEndpoint());
    }

    // ---------------------------------------------------------------- errors: each names the entry

    [Fact]
    public void Duplicate_names_in_one_file_name_both_positions()
    {
        var problem = SingleProblem("""
            gateways:
              - name: gw-a
                uri: tcp://127.0.0.1:4501
              - name: gw-a
                uri: tcp://127.0.0.1:4502
            """);

        Assert.Equal("gw-a (fleet.yaml:4:5): duplicate name; 'gw-a' is already declared at fleet.yaml:2:5", problem);
    }

    [Fact]
    public void Duplicate_names_across_file_and_configuration_name_both_sources()
    {
        Write("fleet.yaml", "gateways:\n  - name: gw-a\n    uri: tcp://127.0.0.1:4501\n");
        var configuration = Config(new()
        {
            ["Fleet:InventoryFile"] = "fleet.yaml",
            ["Fleet:Gateways:0:Name"] = "gw-a",
            ["Fleet:Gateways:0:Uri"] = "tcp://127.0.0.1:4502",
        });

        var e = Assert.Throws<InventoryException>(() => InventoryLoader.Load(configuration, _dir));

        Assert.Equal("gw-a (configuration Fleet:Gateways:0): duplicate name; 'gw-a' is already declared at fleet.yaml:2:5", Assert.Single(e.Problems));
    }

    [Fact]
    public void Names_differing_only_in_case_are_duplicates()
    {
        var problem = SingleProblem("""
            gateways:
              - {name: gw-a, uri: "tcp://127.0.0.1:4501"}
              - {name: GW-A, uri: "tcp://127.0.0.1:4502"}
            """);

        Assert.Equal("GW-A (fleet.yaml:3:5): duplicate name; 'gw-a' is already declared at fleet.yaml:2:5 (names are compared ignoring case)", problem);
    }

    [Theory]
    [InlineData("name: \"\"")]
    [InlineData("name: \"   \"")]
    [InlineData("name: ~")]
    [InlineData("tags: {site: fra1}")]
    public void A_gateway_without_a_name_is_reported_by_position(string nameLine)
    {
        var problem = SingleProblem($"""
            gateways:
              - uri: tcp://127.0.0.1:4501
                {nameLine}
            """);

        Assert.Equal("fleet.yaml:2:5: gateway has no name", problem);
    }

    [Theory]
    [InlineData("gw a", "contains a space")]
    [InlineData("gw/a", "contains '/'")]
    [InlineData("gw:a?b", "contains ':', '?'")]
    [InlineData("gw-ä", "contains 'ä'")]
    [InlineData("../etc", "contains '/'")]
    [InlineData(".hidden", "must start with a letter or digit")]
    [InlineData("-gw", "must start with a letter or digit")]
    [InlineData("g12345678901234567890123456789012345678901234567890123456789012345", "longer than 64 characters")]
    public void Names_unsafe_for_urls_and_persistence_ids_are_rejected(string name, string why)
    {
        var problem = SingleProblem($"gateways:\n  - name: \"{name}\"\n    uri: tcp://127.0.0.1:4501\n");

        Assert.StartsWith($"{name} (fleet.yaml:2:5): name '{name}' ", problem, StringComparison.Ordinal);
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gw.a_b-c")]
    [InlineData("GW1")]
    [InlineData("1st")]
    public void Names_of_letters_digits_dots_underscores_and_dashes_are_fine(string name)
    {
        Assert.Equal(name, Assert.Single(InventoryLoader.Parse($"gateways:\n  - {{name: {name}, uri: \"tcp://127.0.0.1:4501\"}}\n", InventoryFileFormat.Yaml)).Name);
    }

    [Fact]
    public void Missing_uri_is_reported_with_examples()
    {
        var problem = SingleProblem("gateways:\n  - name: gw-a\n");

        Assert.StartsWith("gw-a (fleet.yaml:2:5): uri is missing; give the gateway's VICI URI, e.g. unix:///var/run/charon.vici", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://gw1:80", "unsupported scheme")]
    [InlineData("tcp://gw1", "expected host:port")]
    [InlineData("tcp://gw1:99999", "port '99999' is not a number from 1 to 65535")]
    [InlineData("unix://relative/path", "unix:// needs an absolute path")]
    [InlineData("exec:", "exec: needs a command")]
    public void Bad_uri_includes_the_ViciEndpoint_message(string uri, string parseMessage)
    {
        var problem = SingleProblem($"gateways:\n  - name: gw-a\n    uri: \"{uri}\"\n");

        ViciEndpoint.TryParse(uri, out _, out var expected);
        Assert.Equal($"gw-a (fleet.yaml:2:5): uri is invalid: {expected}", problem);
        Assert.Contains(parseMessage, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Drain_target_that_does_not_exist_is_reported()
    {
        var problem = SingleProblem("gateways:\n  - {name: gw-a, uri: \"tcp://127.0.0.1:4501\", drainTarget: gw-z}\n");

        Assert.Equal("gw-a (fleet.yaml:2:5): drain target 'gw-z' is not a gateway of the inventory", problem);
    }

    [Fact]
    public void Drain_target_pointing_at_itself_is_reported()
    {
        var problem = SingleProblem("gateways:\n  - {name: gw-a, uri: \"tcp://127.0.0.1:4501\", drainTarget: GW-A}\n");

        Assert.StartsWith("gw-a (fleet.yaml:2:5): drain target 'GW-A' is the gateway itself", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Drain_target_with_an_invalid_name_is_reported_once_at_the_target()
    {
        var problem = SingleProblem("""
            gateways:
              - {name: gw-a, uri: "tcp://127.0.0.1:4501", drainTarget: "gw b"}
              - {name: "gw b", uri: "tcp://127.0.0.1:4502"}
            """);

        Assert.StartsWith("gw b (fleet.yaml:3:5): name 'gw b' contains a space", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Drain_target_may_be_declared_later_or_in_the_other_source()
    {
        Write("fleet.yaml", "gateways:\n  - {name: gw-a, uri: \"tcp://127.0.0.1:4501\", drainTarget: gw-b}\n");
        var configuration = Config(new()
        {
            ["Fleet:InventoryFile"] = "fleet.yaml",
            ["Fleet:Gateways:0:Name"] = "gw-b",
            ["Fleet:Gateways:0:Uri"] = "tcp://127.0.0.1:4502",
        });

        Assert.Equal("gw-b", InventoryLoader.Load(configuration, _dir)["gw-a"].DrainTarget);
    }

    [Fact]
    public void Missing_inventory_file_is_reported_with_the_configured_and_resolved_path()
    {
        var e = Assert.Throws<InventoryException>(() => InventoryLoader.Load(Config(new() { ["Fleet:InventoryFile"] = "nope.yaml" }), _dir));

        Assert.Equal($"nope.yaml: inventory file not found (looked for {Path.Combine(_dir, "nope.yaml")}; Fleet:InventoryFile)", Assert.Single(e.Problems));
    }

    [Fact]
    public void Unreadable_inventory_file_is_reported()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "fleet.yaml")); // a directory cannot be read as a file

        var e = Assert.Throws<InventoryException>(() => InventoryLoader.Load(Config(new() { ["Fleet:InventoryFile"] = "fleet.yaml" }), _dir));

        Assert.StartsWith("fleet.yaml: cannot read the inventory file: ", Assert.Single(e.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Inventory_file_of_another_type_is_reported()
    {
        var e = Assert.Throws<InventoryException>(() => InventoryLoader.Load(Config(new() { ["Fleet:InventoryFile"] = "fleet.toml" }), _dir));

        Assert.Equal("fleet.toml: unsupported inventory file type '.toml'; use .yaml, .yml or .json", Assert.Single(e.Problems));
    }

    [Fact]
    public void Yaml_syntax_errors_give_line_and_column()
    {
        var problem = SingleProblem("gateways:\n  - name: gw-a\n     uri: tcp://127.0.0.1:4501\n");

        Assert.Equal("fleet.yaml:3:9: not valid YAML: While scanning a plain scalar value, found invalid mapping.", problem);
    }

    [Fact]
    public void Yaml_duplicate_keys_are_reported_by_position()
    {
        var problem = SingleProblem("gateways:\n  - name: gw-a\n    name: gw-b\n");

        Assert.StartsWith("fleet.yaml:3:5: not valid YAML: ", problem, StringComparison.Ordinal);
        Assert.Contains("Duplicate key", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_syntax_errors_give_line_and_column()
    {
        var e = Assert.Throws<InventoryException>(() => InventoryLoader.Parse(
            "{\n  \"gateways\": [\n    {\"name\": \"gw-a\" \"uri\": \"tcp://127.0.0.1:4501\"}\n  ]\n}\n", InventoryFileFormat.Json, "fleet.json"));

        Assert.Equal("fleet.json:3:21: not valid JSON: '\"' is invalid after a value. Expected either ',', '}', or ']'.", Assert.Single(e.Problems));
    }

    [Fact]
    public void Json_duplicate_fields_and_data_after_the_document_are_reported()
    {
        var duplicate = Assert.Throws<InventoryException>(() => InventoryLoader.Parse(
            "{ \"gateways\": [ { \"name\": \"gw-a\", \"uri\": \"tcp://127.0.0.1:4501\", \"URI\": \"tcp://127.0.0.1:4502\" } ] }", InventoryFileFormat.Json, "fleet.json"));
        var trailing = Assert.Throws<InventoryException>(() => InventoryLoader.Parse("{ \"gateways\": [] } []", InventoryFileFormat.Json, "fleet.json"));

        Assert.Equal("gw-a (fleet.json:1:66): field 'URI' is given twice", Assert.Single(duplicate.Problems));
        Assert.StartsWith("fleet.json:1:20: not valid JSON: ", Assert.Single(trailing.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Misspelt_fields_are_errors_not_silently_ignored()
    {
        var problem = SingleProblem("gateways:\n  - name: gw-a\n    uri: tcp://127.0.0.1:4501\n    drain_target: gw-b\n");

        Assert.Equal("gw-a (fleet.yaml:4:5): unknown field 'drain_target'; a gateway has name, uri, kind, command, tags, drainTarget, tls", problem);
    }

    [Fact]
    public void Unknown_top_level_keys_are_errors()
    {
        var problem = SingleProblem("gateway:\n  - name: gw-a\n");

        Assert.Equal("fleet.yaml:1:1: unknown top-level key 'gateway'; an inventory file holds only 'gateways'", problem);
    }

    [Theory]
    [InlineData("gateways: {name: gw-a}\n", "fleet.yaml:1:11: 'gateways' must be a list of gateways, found a mapping")]
    [InlineData("- name: gw-a\n", "fleet.yaml:1:1: expected a mapping with a 'gateways' list at the top of fleet.yaml, found a list")]
    [InlineData("gateways:\n  - gw-a\n", "fleet.yaml:2:5: a gateway must be a mapping of name, uri, kind, command, tags, drainTarget, tls; found a single value")]
    [InlineData("gateways:\n  - {name: gw-a, uri: [tcp://127.0.0.1:4501]}\n", "gw-a (fleet.yaml:2:23): 'uri' must be a single value, found a list")]
    [InlineData("gateways:\n  - {name: gw-a, uri: \"tcp://127.0.0.1:4501\", tags: [a, b]}\n", "gw-a (fleet.yaml:2:53): 'tags' must be a mapping such as {site: fra1, region: eu, role: hub}, found a list")]
    [InlineData("gateways:\n  - {name: gw-a, uri: \"tcp://127.0.0.1:4501\", tags: {site: {x: 1}}}\n", "gw-a (fleet.yaml:2:60): tag 'site' must be a single value, found a mapping")]
    public void Wrongly_shaped_values_are_reported_where_they_are(string yaml, string expected)
    {
        Assert.Equal(expected, SingleProblem(yaml));
    }

    [Fact]
    public void Unknown_kind_is_reported_without_follow_up_noise()
    {
        var problem = SingleProblem("gateways:\n  - {name: gw-a, kind: openswan}\n");

        Assert.Equal("gw-a (fleet.yaml:2:24): kind 'openswan' is not strongswan or libreswan", problem);
    }

    [Theory]
    [InlineData("{name: gw-a, kind: libreswan}", "gw-a (fleet.yaml:2:5): command is missing; a libreswan gateway needs the command that runs whack on it, e.g. 'ssh gw5 sudo ipsec whack'")]
    [InlineData("{name: gw-a, kind: libreswan, command: \"ssh gw5 'sudo whack\"}", "gw-a (fleet.yaml:2:5): command is invalid: exec command has an unterminated ' quote")]
    [InlineData("{name: gw-a, kind: libreswan, command: whack, uri: \"unix:///run/pluto.ctl\"}", "gw-a (fleet.yaml:2:5): 'uri' is for strongSwan's VICI; a libreswan gateway is reached through 'command'")]
    [InlineData("{name: gw-a, uri: \"tcp://127.0.0.1:4501\", command: whack}", "gw-a (fleet.yaml:2:5): 'command' is only for libreswan gateways; a strongSwan gateway is reached through 'uri' (exec:<command> runs a command)")]
    public void Kind_decides_between_uri_and_command(string gateway, string expected)
    {
        Assert.Equal(expected, SingleProblem($"gateways:\n  - {gateway}\n"));
    }

    [Theory]
    [InlineData("uri: \"tcp://127.0.0.1:4501\", tls: {ca: /etc/ca.pem}", "tls settings apply only to tls:// URIs, but uri is 'tcp://127.0.0.1:4501'")]
    [InlineData("uri: \"tls://gw:4503\", tls: {clientKey: /etc/k.pem}", "tls.clientKey is given without tls.clientCertificate")]
    [InlineData("uri: \"tls://gw:4503\", tls: {clientCertificate: \"-----BEGIN CERTIFICATE-----\\nMIIB\"}", "tls.clientCertificate must be a file path, not PEM content; the inventory holds no key material")]
    [InlineData("uri: \"tls://gw:4503\", tls: {password: hunter2}", "unknown field 'tls.password'; tls has clientCertificate, clientKey, ca (file paths)")]
    public void Tls_settings_are_paths_for_tls_uris_only(string fields, string expected)
    {
        var problem = SingleProblem($"gateways:\n  - {{name: gw-a, {fields}}}\n");

        Assert.StartsWith("gw-a (fleet.yaml:2:", problem, StringComparison.Ordinal);
        Assert.EndsWith(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_names_for_one_daemon_are_reported()
    {
        var problem = SingleProblem("""
            gateways:
              - {name: gw-a, uri: "/var/run/charon.vici"}
              - {name: gw-b, uri: "unix:///var/run/charon.vici"}
            """);

        Assert.StartsWith("gw-b (fleet.yaml:3:5): uri 'unix:///var/run/charon.vici' is also the uri of gw-a (fleet.yaml:2:5)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_gateways_must_be_an_array()
    {
        var e = Assert.Throws<InventoryException>(() => InventoryLoader.Load(Config(new() { ["Fleet:Gateways:gw-a:Uri"] = "tcp://127.0.0.1:4501" })));

        Assert.StartsWith("configuration Fleet:Gateways:gw-a: expected an array index under Fleet:Gateways", Assert.Single(e.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_errors_name_the_configuration_path()
    {
        var e = Assert.Throws<InventoryException>(() => InventoryLoader.Load(Config(new()
        {
            ["Fleet:Gateways:0:Name"] = "gw-a",
            ["Fleet:Gateways:0:Url"] = "tcp://127.0.0.1:4501",
            ["Fleet:Gateways:1:Uri"] = "tcp://127.0.0.1:4502",
        })));

        Assert.Equal(
        [
            "gw-a (configuration Fleet:Gateways:0:Url): unknown field 'Url'; a gateway has name, uri, kind, command, tags, drainTarget, tls",
            "gw-a (configuration Fleet:Gateways:0): uri is missing; give the gateway's VICI URI, e.g. unix:///var/run/charon.vici, tcp://gw1.example.net:4502, tls://gw1.example.net:4503 or exec:ssh gw1 socat - UNIX-CONNECT:/var/run/charon.vici",
            "configuration Fleet:Gateways:1: gateway has no name",
        ], e.Problems);
    }

    [Fact]
    public void Every_problem_is_collected_one_per_line_each_starting_with_the_gateway_or_position()
    {
        var e = Assert.Throws<InventoryException>(() => InventoryLoader.Parse("""
            gateways:
              - name: gw-a
                uri: http://gw-a
              - name: gw b
                uri: tcp://127.0.0.1:4502
                drainTarget: gw-z
              - uri: tcp://127.0.0.1:4503
              - name: gw-a
                uri: tcp://127.0.0.1:4504
            """, InventoryFileFormat.Yaml, "fleet.yaml"));

        Assert.Equal(
        [
            "gw-a (fleet.yaml:2:5): uri is invalid: VICI URI 'http://gw-a' has an unsupported scheme; expected unix:///path, tcp://host:port, tls://host:port or exec:command",
            "gw b (fleet.yaml:4:5): name 'gw b' contains a space; use only letters, digits, '.', '_' and '-' (names become part of URLs and persistence ids)",
            "fleet.yaml:7:5: gateway has no name",
            "gw-a (fleet.yaml:8:5): duplicate name; 'gw-a' is already declared at fleet.yaml:2:5",
            "gw b (fleet.yaml:4:5): drain target 'gw-z' is not a gateway of the inventory",
        ], e.Problems);
        var lines = e.Message.Split('\n');
        Assert.Equal("The fleet inventory is invalid (5 problems):", lines[0]);
        Assert.Equal(e.Problems, lines[1..]);
    }

    [Fact]
    public void File_and_configuration_problems_are_reported_together()
    {
        Write("fleet.json", "{ \"gateways\": [ { \"name\": \"gw-a\" } ] }");
        var configuration = Config(new()
        {
            ["Fleet:InventoryFile"] = "fleet.json",
            ["Fleet:Gateways:0:Name"] = "gw b",
            ["Fleet:Gateways:0:Uri"] = "tcp://127.0.0.1:4502",
        });

        var e = Assert.Throws<InventoryException>(() => InventoryLoader.Load(configuration, _dir));

        Assert.Equal(2, e.Problems.Count);
        Assert.StartsWith("gw-a (fleet.json:1:17): uri is missing", e.Problems[0], StringComparison.Ordinal);
        Assert.StartsWith("gw b (configuration Fleet:Gateways:0): name 'gw b' contains a space", e.Problems[1], StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- helpers

    private static void AssertFullFleet(FleetInventory inventory)
    {
        Assert.Equal(["fra1-hub", "ams1-hub", "lon1-edge"], inventory.Select(g => g.Name));

        var fra = inventory["fra1-hub"];
        Assert.Equal(GatewayKind.StrongSwan, fra.Kind);
        Assert.Equal("tls://fra1-hub.example.net:4503", fra.Uri);
        Assert.Equal("ams1-hub", fra.DrainTarget);
        Assert.Equal(new Dictionary<string, string> { ["site"] = "fra1", ["region"] = "eu", ["role"] = "hub" }, fra.Tags.OrderBy(t => t.Key).ToDictionary());
        Assert.Equal(new GatewayTls("/etc/fleetctl/tls/client.pem", "/etc/fleetctl/tls/client.key", "/etc/fleetctl/tls/ca.pem"), fra.Tls);
        Assert.Null(fra.Command);

        var ams = inventory["ams1-hub"];
        Assert.Equal("unix:///var/run/charon.vici", ams.Uri);
        Assert.Equal("fra1-hub", ams.DrainTarget);
        Assert.Equal("ams1", ams.Tag("site"));
        Assert.Null(ams.Tls);

        var lon = inventory["lon1-edge"];
        Assert.Equal(GatewayKind.Libreswan, lon.Kind);
        Assert.Equal("ssh lon1-edge sudo ipsec whack", lon.Command);
        Assert.Null(lon.Uri);
        Assert.Equal("12", lon.Tag("rack")); // a number in YAML or JSON is its text
        Assert.Null(lon.DrainTarget);
    }

    private static string SingleProblem(string yaml)
    {
        var e = Assert.Throws<InventoryException>(() => InventoryLoader.Parse(yaml, InventoryFileFormat.Yaml, "fleet.yaml"));
        return Assert.Single(e.Problems);
    }

    private static IConfiguration Config(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
