using System.Text.RegularExpressions;

namespace FleetCtl.Fleet.Diagnosis;

/// <summary>
/// Picks one tunnel's lines out of a gateway's ring of log lines, and the matching lines of its peer. charon names
/// an IKE_SA (<c>ikesa-name</c>) only once it has chosen a config, so lines before that — and every line of a
/// responder that found no config at all — are found through the IKE_SA unique ids and the addresses the named lines
/// (or the caller) give. The peer's lines are correlated by the addresses of the two ends, CHILD_SA SPIs and time.
/// </summary>
public static partial class TunnelLogSelector
{
    /// <summary>The lines of connection <paramref name="connection"/> (and child <paramref name="child"/>) in time order.</summary>
    public static IReadOnlyList<GatewayLogLine> SelectLocal(
        IReadOnlyList<GatewayLogLine> lines, string connection, string? child = null, IEnumerable<string>? knownAddresses = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentException.ThrowIfNullOrEmpty(connection);
        var named = lines.Where(l => l.IkeSaName == connection).ToList();
        var remote = new HashSet<string>(knownAddresses ?? [], StringComparer.Ordinal);
        foreach (var l in named)
        {
            remote.UnionWith(RemoteAddresses(l.Message));
        }

        var ids = named.Where(l => l.IkeSaUniqueId is not null).Select(l => l.IkeSaUniqueId!.Value).ToHashSet();
        // lines of still unnamed IKE_SAs with a remote address of the tunnel bring their unique ids along
        foreach (var l in lines)
        {
            if (l.IkeSaUniqueId is { } id && (l.IkeSaName is null || l.IkeSaName == Unnamed) && MentionsAny(l.Message, remote))
            {
                ids.Add(id);
            }
        }

        return lines.Where(l =>
                l.IkeSaName == connection
                || (l.IkeSaUniqueId is { } id && ids.Contains(id) && (l.IkeSaName is null || l.IkeSaName == Unnamed))
                || (l.IkeSaName is null && (MentionsName(l.Message, connection) || (child is not null && MentionsName(l.Message, child)) || MentionsAny(l.Message, remote))))
            .OrderBy(l => l.Time)
            .ToList();
    }

    /// <summary>
    /// The peer's lines that belong to the same tunnel: within <paramref name="window"/> of the local tunnel's lines, of
    /// IKE_SAs that mention the local gateway's address or share a CHILD_SA SPI with it. When the local lines give no
    /// address, every peer line in the window; with no local lines at all, none.
    /// </summary>
    public static IReadOnlyList<GatewayLogLine> SelectPeer(
        IReadOnlyList<GatewayLogLine> peerLines, IReadOnlyList<GatewayLogLine> localTunnelLines, TimeSpan window,
        IEnumerable<string>? localAddresses = null)
    {
        ArgumentNullException.ThrowIfNull(peerLines);
        ArgumentNullException.ThrowIfNull(localTunnelLines);
        if (localTunnelLines.Count == 0)
        {
            return []; // nothing to correlate with: any peer line would be a guess
        }

        var from = localTunnelLines.Min(l => l.Time) - window;
        var to = localTunnelLines.Max(l => l.Time) + window;
        var inWindow = peerLines.Where(l => l.Time >= from && l.Time <= to).ToList();
        var local = new HashSet<string>(localAddresses ?? [], StringComparer.Ordinal);
        var spis = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var l in localTunnelLines)
        {
            local.UnionWith(LocalAddresses(l.Message));
            spis.UnionWith(Spis(l.Message));
        }

        if (local.Count == 0 && spis.Count == 0)
        {
            return inWindow.OrderBy(l => l.Time).ToList();
        }

        var ids = inWindow.Where(l => l.IkeSaUniqueId is not null && (MentionsAny(l.Message, local) || Spis(l.Message).Overlaps(spis)))
            .Select(l => l.IkeSaUniqueId!.Value).ToHashSet();
        return inWindow.Where(l => (l.IkeSaUniqueId is { } id && ids.Contains(id)) || MentionsAny(l.Message, local))
            .OrderBy(l => l.Time)
            .ToList();
    }

    /// <summary>Addresses of the remote end in a line: <c>between L[..]...R[..]</c>, <c>initiating ... to R</c>,
    /// <c>R is initiating</c>, <c>received packet: from R[..]</c>, <c>sending packet: from L[..] to R[..]</c>, <c>no IKE config found for L...R</c>.</summary>
    public static IEnumerable<string> RemoteAddresses(string message) =>
        RemotePatterns().Matches(message).Select(m => m.Groups["r"].Value).Where(a => a.Length > 0);

    /// <summary>Addresses of the local end in a line (the same shapes as <see cref="RemoteAddresses"/>).</summary>
    public static IEnumerable<string> LocalAddresses(string message) =>
        LocalPatterns().Matches(message).Select(m => m.Groups["l"].Value).Where(a => a.Length > 0);

    private const string Unnamed = "(unnamed)";

    private static HashSet<string> Spis(string message) =>
        SpiPattern().Matches(message).Select(m => m.Groups["spi"].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static bool MentionsAny(string message, HashSet<string> addresses) =>
        addresses.Count > 0 && AddressToken().Matches(message).Any(m => addresses.Contains(m.Value));

    private static bool MentionsName(string message, string name) =>
        message.Contains($"'{name}'", StringComparison.Ordinal) || message.Contains($" {name}[", StringComparison.Ordinal)
        || message.Contains($" {name}{{", StringComparison.Ordinal);

    private const string Address = @"[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:]+";

    [GeneratedRegex(@"(?:between [^ \[]+\[[^\]]*\]\.\.\.|initiating [^\n]* to |received packet: from |sending packet: from [^ \[]+\[\d+\] to |config found for [^ .]+(?:\.[0-9]+){0,3}\.\.\.)(?<r>" + Address + @")|^(?<r>" + Address + @") is initiating", RegexOptions.CultureInvariant)]
    private static partial Regex RemotePatterns();

    [GeneratedRegex(@"(?:between |sending packet: from |received packet: from [^ \[]+\[\d+\] to |config found for )(?<l>" + Address + @")", RegexOptions.CultureInvariant)]
    private static partial Regex LocalPatterns();

    [GeneratedRegex(Address, RegexOptions.CultureInvariant)]
    private static partial Regex AddressToken();

    [GeneratedRegex(@"\b(?<spi>[0-9a-f]{8})_[io]\b", RegexOptions.CultureInvariant)]
    private static partial Regex SpiPattern();
}
