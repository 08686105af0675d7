using System.Collections.Frozen;

namespace FleetCtl.Fleet.Inventory;

/// <summary>A gateway as read from a source, before the fleet-wide checks.</summary>
/// <param name="CheckEndpoint">False when <c>kind</c>, <c>uri</c> or <c>command</c> was already reported as malformed: the
/// uri/command checks are skipped rather than piling a "missing" on top.</param>
internal sealed record DeclaredGateway(GatewayDefinition Definition, string Where, bool CheckEndpoint = true);

/// <summary>Turns the <c>gateways</c> list of any source into <see cref="DeclaredGateway"/>s, reporting shape problems.</summary>
internal static class GatewayReader
{
    public const string NameField = "name";
    public const string UriField = "uri";
    public const string KindField = "kind";
    public const string CommandField = "command";
    public const string TagsField = "tags";
    public const string DrainTargetField = "drainTarget";
    public const string TlsField = "tls";
    public const string ClientCertificateField = "clientCertificate";
    public const string ClientKeyField = "clientKey";
    public const string CaField = "ca";

    private static readonly string[] s_fields = [NameField, UriField, KindField, CommandField, TagsField, DrainTargetField, TlsField];
    private static readonly string[] s_tlsFields = [ClientCertificateField, ClientKeyField, CaField];

    /// <summary>Reads a whole inventory file: <c>gateways: [...]</c> and nothing else at the top.</summary>
    public static void ReadFile(InventoryNode? root, string file, List<DeclaredGateway> into, List<string> problems)
    {
        switch (root)
        {
            case null:
            case ScalarNode { Value: null }:
                return; // an empty file: no gateways
            case MapNode map:
                InventoryNode? gateways = null;
                foreach (var entry in map.Entries)
                {
                    if (string.Equals(entry.Key, "gateways", StringComparison.OrdinalIgnoreCase))
                    {
                        gateways = entry.Value;
                    }
                    else
                    {
                        problems.Add($"{entry.KeyWhere}: unknown top-level key '{entry.Key}'; an inventory file holds only 'gateways'");
                    }
                }

                ReadList(gateways, into, problems);
                return;
            default:
                problems.Add($"{root.Where}: expected a mapping with a 'gateways' list at the top of {file}, found {root.Describe()}");
                return;
        }
    }

    /// <summary>Reads a <c>gateways</c> value: a list of mappings (null or empty: none).</summary>
    public static void ReadList(InventoryNode? gateways, List<DeclaredGateway> into, List<string> problems)
    {
        switch (gateways)
        {
            case null:
            case ScalarNode { Value: null }:
                return;
            case ListNode list:
                foreach (var item in list.Items)
                {
                    Read(item, into, problems);
                }

                return;
            default:
                problems.Add($"{gateways.Where}: 'gateways' must be a list of gateways, found {gateways.Describe()}");
                return;
        }
    }

    /// <summary>Reads one gateway mapping.</summary>
    public static void Read(InventoryNode node, List<DeclaredGateway> into, List<string> problems)
    {
        if (node is not MapNode map)
        {
            problems.Add($"{node.Where}: a gateway must be a mapping of {string.Join(", ", s_fields)}; found {node.Describe()}");
            return;
        }

        // the name first, so every other problem can start with it
        var name = map.Entries.Where(e => Is(e.Key, NameField)).Select(e => e.Value).OfType<ScalarNode>().FirstOrDefault()?.Value?.Trim();
        var label = string.IsNullOrEmpty(name) ? null : name;
        string Prefix(string where) => label is null ? where : $"{label} ({where})";

        string? uri = null, command = null, drainTarget = null;
        var kind = GatewayKind.StrongSwan;
        var checkEndpoint = true;
        IReadOnlyDictionary<string, string>? tags = null;
        GatewayTls? tls = null;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        foreach (var entry in map.Entries)
        {
            if (!seen.Add(entry.Key))
            {
                problems.Add($"{Prefix(entry.KeyWhere)}: field '{entry.Key}' is given twice");
                continue;
            }

            switch (Canonical(entry.Key, s_fields))
            {
                case NameField:
                    Scalar(entry, Prefix, problems); // the value itself was read above
                    break;
                case UriField:
                    uri = Scalar(entry, Prefix, problems);
                    checkEndpoint &= entry.Value is ScalarNode;
                    break;
                case CommandField:
                    command = Scalar(entry, Prefix, problems);
                    checkEndpoint &= entry.Value is ScalarNode;
                    break;
                case DrainTargetField:
                    drainTarget = Scalar(entry, Prefix, problems);
                    break;
                case KindField:
                    var kindText = Scalar(entry, Prefix, problems);
                    checkEndpoint &= entry.Value is ScalarNode;
                    if (kindText is null)
                    {
                        break;
                    }

                    if (string.Equals(kindText, "strongswan", StringComparison.OrdinalIgnoreCase))
                    {
                        kind = GatewayKind.StrongSwan;
                    }
                    else if (string.Equals(kindText, "libreswan", StringComparison.OrdinalIgnoreCase))
                    {
                        kind = GatewayKind.Libreswan;
                    }
                    else
                    {
                        checkEndpoint = false;
                        problems.Add($"{Prefix(entry.Value.Where)}: kind '{kindText}' is not strongswan or libreswan");
                    }

                    break;
                case TagsField:
                    tags = ReadTags(entry, Prefix, problems);
                    break;
                case TlsField:
                    tls = ReadTls(entry, Prefix, problems);
                    break;
                default:
                    problems.Add($"{Prefix(entry.KeyWhere)}: unknown field '{entry.Key}'; a gateway has {string.Join(", ", s_fields)}");
                    break;
            }
        }

        var definition = new GatewayDefinition
        {
            Name = name ?? string.Empty,
            Uri = uri,
            Kind = kind,
            Command = command,
            DrainTarget = drainTarget,
            Tls = tls,
            Origin = map.Where,
        };
        if (tags is not null)
        {
            definition = definition with { Tags = tags };
        }

        into.Add(new DeclaredGateway(definition, map.Where, checkEndpoint));
    }

    private static Dictionary<string, string>? ReadTags(MapEntry entry, Func<string, string> prefix, List<string> problems)
    {
        switch (entry.Value)
        {
            case ScalarNode { Value: null }:
                return null;
            case MapNode map:
                var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var tag in map.Entries)
                {
                    if (string.IsNullOrWhiteSpace(tag.Key))
                    {
                        problems.Add($"{prefix(tag.KeyWhere)}: a tag has an empty key");
                    }
                    else if (tags.ContainsKey(tag.Key))
                    {
                        problems.Add($"{prefix(tag.KeyWhere)}: tag '{tag.Key}' is given twice");
                    }
                    else if (tag.Value is ScalarNode scalar)
                    {
                        tags[tag.Key] = scalar.Value ?? string.Empty;
                    }
                    else
                    {
                        problems.Add($"{prefix(tag.Value.Where)}: tag '{tag.Key}' must be a single value, found {tag.Value.Describe()}");
                    }
                }

                return tags;
            default:
                problems.Add($"{prefix(entry.Value.Where)}: 'tags' must be a mapping such as {{site: fra1, region: eu, role: hub}}, found {entry.Value.Describe()}");
                return null;
        }
    }

    private static GatewayTls? ReadTls(MapEntry entry, Func<string, string> prefix, List<string> problems)
    {
        switch (entry.Value)
        {
            case ScalarNode { Value: null }:
                return null;
            case MapNode map:
                string? cert = null, key = null, ca = null;
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var field in map.Entries)
                {
                    if (!seen.Add(field.Key))
                    {
                        problems.Add($"{prefix(field.KeyWhere)}: field 'tls.{field.Key}' is given twice");
                        continue;
                    }

                    switch (Canonical(field.Key, s_tlsFields))
                    {
                        case ClientCertificateField:
                            cert = Scalar(field, prefix, problems, "tls.");
                            break;
                        case ClientKeyField:
                            key = Scalar(field, prefix, problems, "tls.");
                            break;
                        case CaField:
                            ca = Scalar(field, prefix, problems, "tls.");
                            break;
                        default:
                            problems.Add($"{prefix(field.KeyWhere)}: unknown field 'tls.{field.Key}'; tls has {string.Join(", ", s_tlsFields)} (file paths)");
                            break;
                    }
                }

                return cert is null && key is null && ca is null ? null : new GatewayTls(cert, key, ca);
            default:
                problems.Add($"{prefix(entry.Value.Where)}: 'tls' must be a mapping of {string.Join(", ", s_tlsFields)}, found {entry.Value.Describe()}");
                return null;
        }
    }

    /// <summary>The trimmed value of a single-value field (null when empty); a problem when it is a list or mapping.</summary>
    private static string? Scalar(MapEntry entry, Func<string, string> prefix, List<string> problems, string path = "")
    {
        if (entry.Value is ScalarNode scalar)
        {
            var value = scalar.Value?.Trim();
            return string.IsNullOrEmpty(value) ? null : value;
        }

        problems.Add($"{prefix(entry.Value.Where)}: '{path}{entry.Key}' must be a single value, found {entry.Value.Describe()}");
        return null;
    }

    private static bool Is(string key, string field) => string.Equals(key, field, StringComparison.OrdinalIgnoreCase);

    private static string? Canonical(string key, string[] fields) => fields.FirstOrDefault(f => Is(key, f));

    public static IReadOnlyDictionary<string, string> Freeze(IReadOnlyDictionary<string, string> tags) =>
        tags is FrozenDictionary<string, string> frozen && frozen.Comparer == StringComparer.OrdinalIgnoreCase
            ? frozen
            : tags.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
}
