using System.Text.RegularExpressions;

namespace FleetCtl.Fleet.Diagnosis;

/// <summary>
/// Compares the proposals charon logs when none matches (<c>received proposals: IKE:AES_CBC_128/.../CURVE_25519</c>,
/// <c>configured proposals: ...</c>) to tell a key-exchange (DH / PFS group) mismatch from any other.
/// </summary>
public static partial class ProposalComparison
{
    /// <summary>True when some received proposal equals some configured one except for its key exchange groups.</summary>
    public static bool DiffersOnlyInKeyExchange(string receivedLine, string configuredLine)
    {
        ArgumentNullException.ThrowIfNull(receivedLine);
        ArgumentNullException.ThrowIfNull(configuredLine);
        var received = Parse(receivedLine);
        var configured = Parse(configuredLine);
        return received.Any(r => configured.Any(c =>
            r.Protocol == c.Protocol && r.Others.SetEquals(c.Others) && !r.KeyExchange.SetEquals(c.KeyExchange)));
    }

    /// <summary>The proposals of one line: protocol, key exchange algorithms, every other algorithm.</summary>
    internal static IReadOnlyList<(string Protocol, HashSet<string> KeyExchange, HashSet<string> Others)> Parse(string line)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        var list = colon >= 0 ? line[(colon + 2)..] : line;
        var result = new List<(string, HashSet<string>, HashSet<string>)>();
        foreach (var proposal in list.Split(", ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var p = proposal.Split(':', 2);
            if (p.Length != 2)
            {
                continue;
            }

            var algorithms = p[1].Split('/', StringSplitOptions.RemoveEmptyEntries);
            result.Add((p[0], algorithms.Where(a => KeyExchange().IsMatch(a)).ToHashSet(StringComparer.Ordinal),
                algorithms.Where(a => !KeyExchange().IsMatch(a)).ToHashSet(StringComparer.Ordinal)));
        }

        return result;
    }

    [GeneratedRegex(@"^(MODP_\w+|ECP_\w+|CURVE_\w+|KE\d*_\w+|ML_KEM_\w+|NTRU_\w+|NEWHOPE_\w+)$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyExchange();
}
