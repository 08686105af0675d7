using FleetCtl.Vici;

namespace FleetCtl.Fleet.Inventory;

/// <summary>The fleet-wide checks: names, URIs, commands, TLS paths, drain targets, duplicates.</summary>
internal static class InventoryValidator
{
    public const int MaxNameLength = 64;

    private const string UriExamples =
        "unix:///var/run/charon.vici, tcp://gw1.example.net:4502, tls://gw1.example.net:4503 or exec:ssh gw1 socat - UNIX-CONNECT:/var/run/charon.vici";

    /// <summary>Appends a problem for everything wrong; returns the definitions with frozen tags, in order.</summary>
    public static List<GatewayDefinition> Validate(IReadOnlyList<DeclaredGateway> gateways, List<string> problems)
    {
        var byName = new Dictionary<string, DeclaredGateway>(StringComparer.OrdinalIgnoreCase);
        var byUri = new Dictionary<string, DeclaredGateway>(StringComparer.Ordinal);
        var result = new List<GatewayDefinition>(gateways.Count);

        foreach (var gateway in gateways)
        {
            var def = gateway.Definition;
            var name = def.Name?.Trim() ?? string.Empty;
            var prefix = name.Length == 0 ? gateway.Where : $"{name} ({gateway.Where})";

            if (name.Length == 0)
            {
                problems.Add($"{gateway.Where}: gateway has no name");
            }
            else if (NameProblem(name) is { } nameProblem)
            {
                problems.Add($"{prefix}: {nameProblem}");
            }
            else if (byName.TryGetValue(name, out var first))
            {
                var sameCase = string.Equals(first.Definition.Name.Trim(), name, StringComparison.Ordinal);
                problems.Add(sameCase
                    ? $"{prefix}: duplicate name; '{name}' is already declared at {first.Where}"
                    : $"{prefix}: duplicate name; '{first.Definition.Name.Trim()}' is already declared at {first.Where} (names are compared ignoring case)");
            }
            else
            {
                byName[name] = gateway;
            }

            if (gateway.CheckEndpoint)
            {
                CheckEndpoint(gateway, prefix, byUri, problems);
            }

            CheckTls(def, prefix, problems);
            var tagsOk = CheckTags(def, prefix, problems);

            result.Add(def with
            {
                Name = name,
                Tags = tagsOk ? GatewayReader.Freeze(def.Tags) : def.Tags,
                DrainTarget = string.IsNullOrWhiteSpace(def.DrainTarget) ? null : def.DrainTarget.Trim(),
            });
        }

        // drain targets last: a target may be declared after the gateway that names it. Every declared name counts,
        // valid or not, so a target whose own name is reported above is not reported a second time here.
        var declaredNames = gateways.Select(g => g.Definition.Name?.Trim()).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var gateway in gateways)
        {
            var name = gateway.Definition.Name?.Trim() ?? string.Empty;
            var target = gateway.Definition.DrainTarget?.Trim();
            if (string.IsNullOrEmpty(target))
            {
                continue;
            }

            var prefix = name.Length == 0 ? gateway.Where : $"{name} ({gateway.Where})";
            if (string.Equals(target, name, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{prefix}: drain target '{target}' is the gateway itself; name another gateway that takes over its peers");
            }
            else if (!declaredNames.Contains(target))
            {
                problems.Add($"{prefix}: drain target '{target}' is not a gateway of the inventory");
            }
        }

        return result;
    }

    /// <summary>Why a name is unusable in URLs and persistence ids, or null when it is fine.</summary>
    public static string? NameProblem(string name)
    {
        if (name.Length > MaxNameLength)
        {
            return $"name '{name}' is longer than {MaxNameLength} characters";
        }

        var bad = name.Where(c => !IsNameChar(c)).Distinct().ToList();
        if (bad.Count > 0)
        {
            return $"name '{name}' contains {string.Join(", ", bad.Select(Show))}; use only letters, digits, '.', '_' and '-' (names become part of URLs and persistence ids)";
        }

        return char.IsAsciiLetterOrDigit(name[0]) ? null : $"name '{name}' must start with a letter or digit";
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    private static string Show(char c) => c switch
    {
        ' ' => "a space",
        '\t' => "a tab",
        _ when char.IsControl(c) => $"U+{(int)c:X4}",
        _ => $"'{c}'",
    };

    private static void CheckEndpoint(DeclaredGateway gateway, string prefix, Dictionary<string, DeclaredGateway> byUri, List<string> problems)
    {
        var def = gateway.Definition;
        var uri = def.Uri?.Trim();
        var command = def.Command?.Trim();
        if (def.Kind == GatewayKind.StrongSwan)
        {
            if (!string.IsNullOrEmpty(command))
            {
                problems.Add($"{prefix}: 'command' is only for libreswan gateways; a strongSwan gateway is reached through 'uri' (exec:<command> runs a command)");
            }

            if (string.IsNullOrEmpty(uri))
            {
                problems.Add($"{prefix}: uri is missing; give the gateway's VICI URI, e.g. {UriExamples}");
                return;
            }

            if (!ViciEndpoint.TryParse(uri, out var endpoint, out var error))
            {
                problems.Add($"{prefix}: uri is invalid: {error}");
                return;
            }

            if (byUri.TryGetValue(endpoint!.Uri, out var other))
            {
                problems.Add($"{prefix}: uri '{uri}' is also the uri of {other.Definition.Name.Trim()} ({other.Where}); one daemon under two names would be counted twice");
            }
            else
            {
                byUri[endpoint.Uri] = gateway;
            }

            if (def.Tls is not null && endpoint.Kind != ViciTransportKind.Tls)
            {
                problems.Add($"{prefix}: tls settings apply only to tls:// URIs, but uri is '{uri}'");
            }
        }
        else
        {
            if (!string.IsNullOrEmpty(uri))
            {
                problems.Add($"{prefix}: 'uri' is for strongSwan's VICI; a libreswan gateway is reached through 'command'");
            }

            if (string.IsNullOrEmpty(command))
            {
                problems.Add($"{prefix}: command is missing; a libreswan gateway needs the command that runs whack on it, e.g. 'ssh gw5 sudo ipsec whack'");
            }
            else if (!ViciEndpoint.TryParse("exec:" + command, out _, out var error))
            {
                problems.Add($"{prefix}: command is invalid: {error}");
            }

            if (def.Tls is not null)
            {
                problems.Add($"{prefix}: tls settings apply only to strongSwan gateways with a tls:// URI");
            }
        }
    }

    private static void CheckTls(GatewayDefinition def, string prefix, List<string> problems)
    {
        if (def.Tls is not { } tls)
        {
            return;
        }

        foreach (var (field, value) in new[] { ("clientCertificate", tls.ClientCertificate), ("clientKey", tls.ClientKey), ("ca", tls.Ca) })
        {
            if (value is not null && value.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                problems.Add($"{prefix}: tls.{field} must be a file path, not PEM content; the inventory holds no key material");
            }
        }

        if (!string.IsNullOrWhiteSpace(tls.ClientKey) && string.IsNullOrWhiteSpace(tls.ClientCertificate))
        {
            problems.Add($"{prefix}: tls.clientKey is given without tls.clientCertificate");
        }
    }

    private static bool CheckTags(GatewayDefinition def, string prefix, List<string> problems)
    {
        var ok = true;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in def.Tags.Keys)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                problems.Add($"{prefix}: a tag has an empty key");
                ok = false;
            }
            else if (!seen.Add(key))
            {
                problems.Add($"{prefix}: tag '{key}' is given twice (tag keys are compared ignoring case)");
                ok = false;
            }
        }

        return ok;
    }
}
