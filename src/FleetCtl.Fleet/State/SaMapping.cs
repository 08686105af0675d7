using FleetCtl.Vici.Models;

namespace FleetCtl.Fleet.State;

/// <summary>Turns the VICI library's models (relative times, raw trees) into the controller's tracked records.</summary>
public static class SaMapping
{
    public static string IkeKey(IkeSa sa) => $"{sa.UniqueId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? sa.Name}:{sa.InitiatorSpi}";

    public static string ChildKey(ChildSa child) => child.UniqueId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? child.UniqueName;

    public static IkeSaInfo ToInfo(IkeSa sa, DateTimeOffset now, IReadOnlyList<ChildSaInfo>? children = null) => new()
    {
        Key = IkeKey(sa),
        Name = sa.Name,
        UniqueId = sa.UniqueId,
        IkeVersion = sa.Version is { } v ? (int)v : null,
        State = sa.State,
        LocalHost = sa.LocalHost,
        LocalPort = sa.LocalPort,
        LocalId = sa.LocalId,
        RemoteHost = sa.RemoteHost,
        RemotePort = sa.RemotePort,
        RemoteId = sa.RemoteId,
        RemoteEapId = sa.RemoteEapId,
        RemoteXauthId = sa.RemoteXauthId,
        Initiator = sa.Initiator,
        InitiatorSpi = sa.InitiatorSpi,
        ResponderSpi = sa.ResponderSpi,
        NatAny = sa.NatAny,
        EncrAlg = sa.EncrAlg,
        EncrKeysize = sa.EncrKeysize,
        IntegAlg = sa.IntegAlg,
        PrfAlg = sa.PrfAlg,
        DhGroup = sa.DhGroup,
        EstablishedAt = Ago(now, sa.EstablishedSeconds),
        RekeyAt = Ahead(now, sa.RekeyTimeSeconds),
        ReauthAt = Ahead(now, sa.ReauthTimeSeconds),
        LocalVips = sa.LocalVips,
        RemoteVips = sa.RemoteVips,
        Children = children ?? [.. sa.Children.Select(c => ToInfo(c, now))],
    };

    public static ChildSaInfo ToInfo(ChildSa c, DateTimeOffset now) => new()
    {
        Key = ChildKey(c),
        Name = c.Name,
        UniqueId = c.UniqueId,
        Reqid = c.Reqid,
        State = c.State,
        Mode = c.Mode,
        Protocol = c.Protocol,
        Encap = c.Encap,
        SpiIn = c.SpiIn,
        SpiOut = c.SpiOut,
        EncrAlg = c.EncrAlg,
        EncrKeysize = c.EncrKeysize,
        IntegAlg = c.IntegAlg,
        DhGroup = c.DhGroup,
        BytesIn = c.BytesIn ?? 0,
        PacketsIn = c.PacketsIn ?? 0,
        BytesOut = c.BytesOut ?? 0,
        PacketsOut = c.PacketsOut ?? 0,
        InstalledAt = Ago(now, c.InstallTimeSeconds),
        RekeyAt = Ahead(now, c.RekeyTimeSeconds),
        ExpiresAt = Ahead(now, c.LifeTimeSeconds),
        LocalTs = c.LocalTs,
        RemoteTs = c.RemoteTs,
    };

    public static ConfiguredConnection ToConfigured(ConnectionInfo conn) => new(
        conn.Name, conn.LocalAddrs, conn.RemoteAddrs, conn.Version,
        [.. conn.Children.Select(c => new ConfiguredChild(c.Name, c.Mode, c.LocalTs, c.RemoteTs))]);

    private static DateTimeOffset? Ago(DateTimeOffset now, long? seconds) => seconds is { } s and >= 0 ? now.AddSeconds(-s) : null;

    // charon reports 0 for "never" (e.g. reauth-time when reauthentication is off)
    private static DateTimeOffset? Ahead(DateTimeOffset now, long? seconds) => seconds is { } s and > 0 ? now.AddSeconds(s) : null;
}
