using System.Globalization;
using System.Text.RegularExpressions;
using FleetCtl.Fleet.State;
using FleetCtl.Libreswan;
using FleetCtl.Vici;
using FleetCtl.Vici.Models;

namespace FleetCtl.Fleet.Gateways;

/// <summary>
/// libreswan's status in the shapes the fleet keeps for every gateway: IKE SAs (state serial as unique id; 4.x prints
/// no IKE SPIs) with their child SAs, and the loaded connections. An established IKE SA is <c>ESTABLISHED</c> like
/// charon's; any other keeps pluto's state name (e.g. <c>STATE_V2_PARENT_I1</c>) so the dashboard shows what pluto says.
/// </summary>
public static partial class LibreswanMapping
{
    /// <summary>The answer to a redirect on a libreswan gateway.</summary>
    public const string NoRedirect = Operations.OperationPlanner.ReasonLibreswanRedirect;

    public static DaemonInfo Daemon(string statusText)
    {
        var version = VersionPattern().Match(statusText ?? "") is { Success: true } m ? m.Groups[1].Value : null;
        return new DaemonInfo("pluto", version, [], []) { Kind = Inventory.GatewayKind.Libreswan };
    }

    public static IReadOnlyList<IkeSa> IkeSas(LibreswanStatus status, LibreswanSaSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(snapshot);
        var connections = status.Connections.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return [.. snapshot.IkeSas.Select(sa =>
        {
            connections.TryGetValue(sa.Connection, out var conn);
            return new IkeSa
            {
                Name = sa.Connection,
                UniqueId = sa.Serial,
                Version = sa.IkeVersion,
                State = sa.IsEstablished ? "ESTABLISHED" : sa.State,
                LocalHost = conn?.Local.Host,
                LocalId = conn?.LocalId ?? conn?.Local.Id,
                RemoteHost = sa.PeerAddress,
                RemotePort = sa.PeerPort,
                RemoteId = conn?.RemoteId ?? conn?.Remote.Id,
                RekeyTimeSeconds = sa.Event is { Name: var n, Seconds: var s } && n.Contains("REKEY", StringComparison.OrdinalIgnoreCase) ? s : null,
                Children = [.. sa.Children.Select(c => Child(c, conn))],
                Raw = new ViciMessage(),
            };
        })];
    }

    public static IReadOnlyList<ConfiguredConnection> Connections(LibreswanStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return [.. status.Connections
            .Where(c => c.Instance is null) // instances of a template are its SAs' business, not separate configurations
            .GroupBy(c => c.Name, StringComparer.Ordinal).Select(g => g.First())
            .Select(c => new ConfiguredConnection(c.Name, Addresses(c.Local.Host), Addresses(c.Remote.Host),
                c.IkeVersion is { } v ? "IKEv" + v.ToString(CultureInfo.InvariantCulture) : null,
                [new ConfiguredChild(c.Name, "TUNNEL", Addresses(c.Local.Subnet), Addresses(c.Remote.Subnet))]))];
    }

    private static ChildSa Child(LibreswanChildSa c, LibreswanConnection? conn) => new()
    {
        UniqueName = c.Connection + "-" + c.Serial.ToString(CultureInfo.InvariantCulture),
        Name = c.Connection,
        UniqueId = c.Serial,
        State = c.IsEstablished ? "INSTALLED" : c.State,
        Mode = "TUNNEL",
        Protocol = c.Protocol?.ToUpperInvariant(),
        SpiIn = c.InboundSpi,
        SpiOut = c.OutboundSpi,
        BytesIn = c.InBytes is { } i and >= 0 ? (ulong)i : null,
        BytesOut = c.OutBytes is { } o and >= 0 ? (ulong)o : null,
        LocalTs = Addresses(conn?.Local.Subnet),
        RemoteTs = Addresses(conn?.Remote.Subnet),
        Raw = new ViciMessage(),
    };

    private static IReadOnlyList<string> Addresses(string? value) => string.IsNullOrEmpty(value) ? [] : [value];

    [GeneratedRegex(@"pluto_version=([^,\s]+)")]
    private static partial Regex VersionPattern();
}
