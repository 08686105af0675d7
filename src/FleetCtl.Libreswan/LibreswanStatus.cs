namespace FleetCtl.Libreswan;

/// <summary>
/// Everything <see cref="LibreswanStatusParser"/> read from <c>ipsec status</c> / <c>whack --status</c>,
/// <c>--showstates</c>, <c>--briefstatus</c> and <c>trafficstatus</c> output (any mix of them, libreswan 4.x with
/// numeric prefixes or 5.x without).
/// </summary>
public sealed record LibreswanStatus
{
    public IReadOnlyList<LibreswanConnection> Connections { get; init; } = [];
    public IReadOnlyList<LibreswanState> States { get; init; } = [];
    public LibreswanTotals Totals { get; init; } = new();
    public IReadOnlyList<LibreswanTraffic> Traffic { get; init; } = [];

    /// <summary>Lines the parser did not recognise (kept verbatim, prefix stripped). Never fatal.</summary>
    public IReadOnlyList<LibreswanUnknownLine> UnknownLines { get; init; } = [];

    /// <summary>Recognised lines that are not modelled: interfaces, config setup, algorithm lists, headings, bare shunts.</summary>
    public int IgnoredLineCount { get; init; }

    /// <summary>True when at least one line carried a 4.x numeric prefix (<c>000 </c>, <c>006 </c>...).</summary>
    public bool HadNumericPrefixes { get; init; }

    public LibreswanState? State(int serial) => States.FirstOrDefault(s => s.Serial == serial);
}

public sealed record LibreswanUnknownLine(int LineNumber, string Text);

/// <summary>One side of a connection's topology line: <c>CLIENT===HOST&lt;HOSTNAME&gt;[ID,FLAGS]---NEXTHOP</c>.</summary>
public sealed record LibreswanEndpoint
{
    public string? Host { get; init; }
    /// <summary>The DNS name pluto shows in angle brackets after the address, if any.</summary>
    public string? HostName { get; init; }
    public string? Id { get; init; }
    /// <summary>Policy flags shown with the ID, e.g. <c>+MC+XC+S=C</c>.</summary>
    public string? Flags { get; init; }
    public string? NextHop { get; init; }
    /// <summary>The client subnet (traffic selector), or null for a host-to-host connection.</summary>
    public string? Subnet { get; init; }
}

/// <summary>A loaded connection (or connection instance) from the connection list.</summary>
public sealed record LibreswanConnection
{
    public required string Name { get; init; }
    /// <summary>Instance suffix as printed, e.g. <c>[1]</c>; null for a template or plain connection.</summary>
    public string? Instance { get; init; }
    /// <summary>The address printed after an instance suffix (<c>"road"[2] 192.0.2.7</c>), if any.</summary>
    public string? InstancePeer { get; init; }
    public LibreswanEndpoint Local { get; init; } = new();
    public LibreswanEndpoint Remote { get; init; } = new();
    /// <summary>Routing state: <c>unrouted</c>, <c>routed</c>, <c>erouted</c>, <c>prospective erouted</c>...</summary>
    public string? Routing { get; init; }
    /// <summary>The state that owns the eroute (<c>eroute owner: #N</c>); null when 0 or not printed.</summary>
    public int? ErouteOwner { get; init; }
    /// <summary><c>newest IKE SA: #N</c> (4.x/5.x) or <c>newest ISAKMP SA: #N</c> (3.x); null when 0.</summary>
    public int? NewestIkeSa { get; init; }
    public int? NewestIpsecSa { get; init; }
    public string? LocalId { get; init; }
    public string? RemoteId { get; init; }
    /// <summary>The policy line, e.g. <c>IKEv2+PSK+ENCRYPT+TUNNEL+PFS+IKE_FRAG_ALLOW+ESN_NO+ESN_YES</c>.</summary>
    public string? Policy { get; init; }
    /// <summary>1 or 2 when the policy says so, otherwise null (IKEv1+IKEv2 allowed, or no policy line).</summary>
    public int? IkeVersion { get; init; }
    /// <summary>Every line printed for this connection (text after <c>"name": </c>), in order.</summary>
    public IReadOnlyList<string> Lines { get; init; } = [];

    public string QualifiedName => Name + Instance + (InstancePeer is null ? "" : " " + InstancePeer);
}

public enum LibreswanStateKind
{
    /// <summary>IKE SA (IKEv2 parent, IKEv1 ISAKMP / phase 1).</summary>
    Ike,
    /// <summary>Child SA (IKEv2 child, IKEv1 IPsec SA / phase 2 / quick mode).</summary>
    Child,
}

/// <summary>A pending timer of a state: <c>EVENT_SA_REPLACE in 28039s</c> (3.x) or <c>REKEY in 28528s</c> (4.x).</summary>
public sealed record LibreswanTimer(string Name, long Seconds);

/// <summary>An SA id from a child's detail line: <c>esp.9c01f20f@209.132.183.55</c>.</summary>
public sealed record LibreswanSaid(string Protocol, string Spi, string Address)
{
    public override string ToString() => $"{Protocol}.{Spi}@{Address}";
}

/// <summary>One entry of the state list: an IKE SA or a child SA, with its detail line merged in.</summary>
public sealed record LibreswanState
{
    public required int Serial { get; init; }
    public required string Connection { get; init; }
    public string? Instance { get; init; }
    /// <summary>Peer address printed with an instance (<c>"c"[1] 192.0.2.1:4500</c> or <c>[1] ...192.0.2.1:500</c>).</summary>
    public string? Peer { get; init; }
    public int? RemotePort { get; init; }
    public bool Tcp { get; init; }
    /// <summary>e.g. <c>STATE_V2_ESTABLISHED_IKE_SA</c>, <c>STATE_QUICK_I2</c>, or 5.x <c>ESTABLISHED_CHILD_SA</c>.</summary>
    public required string Name { get; init; }
    /// <summary>The text in parentheses after the name, e.g. <c>established IKE SA</c>.</summary>
    public string Story { get; init; } = "";
    public IReadOnlyList<LibreswanTimer> Timers { get; init; } = [];
    /// <summary>The remaining <c>;</c>-separated items: <c>newest</c>, <c>eroute owner</c>, <c>idle</c>, <c>import:...</c>...</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];
    /// <summary>The IKE SA of a child (<c>IKE SA #1</c>, <c>ISAKMP SA #1</c>, <c>isakmp#1</c>); null for an IKE SA (or <c>isakmp#0</c>).</summary>
    public int? ParentSerial { get; init; }
    public LibreswanStateKind Kind { get; init; }
    public int? IkeVersion { get; init; }
    public bool IsEstablished { get; init; }
    /// <summary>From the child detail line; the first of each pair is outbound (addressed to the peer), the second inbound.</summary>
    public IReadOnlyList<LibreswanSaid> Saids { get; init; } = [];
    /// <summary>Bytes from the detail line (<c>ESPin=128B</c>); pluto rounds down to KB/MB from 1024 B on, so approximate.</summary>
    public long? InBytes { get; init; }
    public long? OutBytes { get; init; }
    /// <summary><c>ESPmax=</c> as printed (<c>2^63B</c>, <c>4194303B</c>).</summary>
    public string? MaxBytes { get; init; }
    public string? Username { get; init; }
    /// <summary><c>pending Child SA for "c"</c> lines shown under an IKE SA.</summary>
    public IReadOnlyList<string> Pending { get; init; } = [];

    public LibreswanTimer? Event => Timers.Count > 0 ? Timers[0] : null;
    public bool IsNewest => Flags.Any(f => f.StartsWith("newest", StringComparison.Ordinal));

    /// <summary>Seconds until the timer whose name contains <paramref name="what"/> (<c>REKEY</c>, <c>REPLACE</c>, <c>EXPIRE</c>), matching 3.x <c>EVENT_SA_REKEY</c> and 4.x <c>REKEY</c> alike.</summary>
    public long? SecondsUntil(string what) => Timers.FirstOrDefault(t => t.Name.Contains(what, StringComparison.OrdinalIgnoreCase))?.Seconds;

    /// <summary>Outbound SPI of <paramref name="protocol"/> (<c>esp</c>, <c>ah</c>, <c>ipcomp</c>).</summary>
    public string? OutboundSpi(string protocol = "esp") => Saids.Where(s => s.Protocol == protocol).Select(s => s.Spi).FirstOrDefault();
    public string? InboundSpi(string protocol = "esp") => Saids.Where(s => s.Protocol == protocol).Select(s => s.Spi).Skip(1).FirstOrDefault();
}

/// <summary>The totals block: <c>Total IPsec connections: loaded 1, active 0</c>, <c>IKE SAs: total(1), ...</c>, <c>IPsec SAs: total(0), ...</c>.</summary>
public sealed record LibreswanTotals
{
    public int? ConnectionsLoaded { get; init; }
    public int? ConnectionsActive { get; init; }
    /// <summary><c>State Information: DDoS cookies not required, Accepting new IKE connections</c> (text after the colon).</summary>
    public string? StateInformation { get; init; }
    /// <summary><c>total</c>, <c>half-open</c>, <c>open</c>, <c>authenticated</c>, <c>anonymous</c>.</summary>
    public IReadOnlyDictionary<string, int> IkeSas { get; init; } = new Dictionary<string, int>();
    /// <summary><c>total</c>, <c>authenticated</c>, <c>anonymous</c>.</summary>
    public IReadOnlyDictionary<string, int> IpsecSas { get; init; } = new Dictionary<string, int>();

    public int? IkeSaTotal => IkeSas.TryGetValue("total", out var n) ? n : null;
    public int? IpsecSaTotal => IpsecSas.TryGetValue("total", out var n) ? n : null;
}

/// <summary>One <c>trafficstatus</c> line: <c>#2: "c"[1] 192.0.2.1, username=u, type=ESP, add_time=…, inBytes=…, outBytes=…, id='@peer'</c>.</summary>
public sealed record LibreswanTraffic
{
    public required int Serial { get; init; }
    public required string Connection { get; init; }
    public string? Instance { get; init; }
    public string? Peer { get; init; }
    public string? Username { get; init; }
    public string? Type { get; init; }
    public DateTimeOffset? AddTime { get; init; }
    public long? InBytes { get; init; }
    public long? OutBytes { get; init; }
    public string? MaxBytes { get; init; }
    public string? Id { get; init; }
    /// <summary>Every <c>key=value</c> of the line, including ones not modelled above.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();
}
