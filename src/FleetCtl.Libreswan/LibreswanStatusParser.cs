using System.Globalization;
using System.Text.RegularExpressions;

namespace FleetCtl.Libreswan;

/// <summary>
/// Parses libreswan's status output: <c>ipsec status</c> = <c>whack --status</c> (and its parts <c>--showstates</c>,
/// <c>--briefstatus</c>) and <c>ipsec trafficstatus</c> = <c>whack --trafficstatus</c>, in any mix. 4.x prefixes every
/// line with a three-digit code (<c>000 </c>, <c>006 </c>); 5.x does not; both parse. Lines are classified by their
/// form, not their position, so partial output (only the states, only traffic) parses too. Unknown lines are kept in
/// <see cref="LibreswanStatus.UnknownLines"/>, never fatal. See docs/libreswan.md for the forms handled.
/// </summary>
public static partial class LibreswanStatusParser
{
    public static LibreswanStatus Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var connections = new List<ConnectionBuilder>();
        var states = new List<StateBuilder>();
        var traffic = new List<LibreswanTraffic>();
        var unknown = new List<LibreswanUnknownLine>();
        var totals = new LibreswanTotals();
        var ignored = 0;
        var prefixed = false;
        var lineNumber = 0;

        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            var prefix = NumericPrefix().Match(line);
            if (prefix.Success)
            {
                prefixed = true;
                line = line[prefix.Length..];
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                if (!ParseStateLine(line, states, traffic))
                {
                    unknown.Add(new(lineNumber, line));
                }
            }
            else if (line[0] == '"')
            {
                if (!ParseConnectionLine(line, connections))
                {
                    unknown.Add(new(lineNumber, line));
                }
            }
            else if (ParseTotalsLine(line, totals) is { } t)
            {
                totals = t;
            }
            else if (KnownOtherLine().IsMatch(line))
            {
                ignored++;
            }
            else
            {
                unknown.Add(new(lineNumber, line));
            }
        }

        return new LibreswanStatus
        {
            Connections = [.. connections.Select(c => c.Build())],
            States = [.. states.Select(s => s.Build())],
            Totals = totals,
            Traffic = traffic,
            UnknownLines = unknown,
            IgnoredLineCount = ignored,
            HadNumericPrefixes = prefixed,
        };
    }

    /// <summary>Removes the 4.x numeric prefixes (<c>000 </c>, <c>006 </c>...): what 5.x prints for the same state.</summary>
    public static string StripNumericPrefixes(string text) =>
        string.Join('\n', text.Split('\n').Select(l => NumericPrefix().Replace(l.TrimEnd('\r'), "", 1)));

    // ---- connections ----------------------------------------------------------------------------------------

    private static bool ParseConnectionLine(string line, List<ConnectionBuilder> connections)
    {
        var m = ConnectionLine().Match(line);
        if (!m.Success)
        {
            return false;
        }

        var name = m.Groups["name"].Value;
        var instance = NullIfEmpty(m.Groups["inst"].Value);
        var peer = NullIfEmpty(m.Groups["peer"].Value.Trim());
        var body = m.Groups["body"].Value.Trim();
        var topology = Topology().Match(body);
        var current = connections.LastOrDefault(c => c.Name == name && c.Instance == instance && c.InstancePeer == peer);
        if (topology.Success && (current is null || current.HasTopology))
        {
            // a second topology line under the same name is another connection (e.g. one per subnet pair)
            current = null;
        }

        if (current is null)
        {
            current = new ConnectionBuilder(name, instance, peer);
            connections.Add(current);
        }

        current.Lines.Add(body);
        if (topology.Success)
        {
            current.HasTopology = true;
            current.Local = ParseEndpoint(topology.Groups["left"].Value, local: true);
            current.Remote = ParseEndpoint(topology.Groups["right"].Value, local: false);
            foreach (var item in topology.Groups["rest"].Value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (ErouteOwner().Match(item) is { Success: true } owner)
                {
                    current.ErouteOwner = Serial(owner.Groups[1].Value);
                }
                else if (current.Routing is null && !item.Contains(':', StringComparison.Ordinal) && !item.Contains('=', StringComparison.Ordinal))
                {
                    current.Routing = item;
                }
            }

            return true;
        }

        if (NewestSas().Match(body) is { Success: true } newest)
        {
            current.NewestIkeSa = Serial(newest.Groups["ike"].Value);
            current.NewestIpsecSa = Serial(newest.Groups["ipsec"].Value);
        }
        else if (Ids().Match(body) is { Success: true } ids)
        {
            current.LocalId = ids.Groups["our"].Value.Trim();
            current.RemoteId = ids.Groups["their"].Value.Trim();
        }
        else if (PolicyLine().Match(body) is { Success: true } policy)
        {
            current.Policy = policy.Groups[1].Value.Trim();
        }
        else if (RoutingLine().Match(body) is { Success: true } routing)
        {
            current.Routing ??= routing.Groups[1].Value.Trim();
        }

        return true;
    }

    /// <summary>Left: <c>[CLIENT===]HOST[&lt;NAME&gt;][[ID,FLAGS]][---NEXTHOP]</c>; right: <c>[NEXTHOP---]HOST...[===CLIENT]</c>.</summary>
    private static LibreswanEndpoint ParseEndpoint(string text, bool local)
    {
        string? subnet = null, nextHop = null;
        var parts = text.Split("===");
        if (parts.Length == 2)
        {
            (subnet, text) = local ? (parts[0], parts[1]) : (parts[1], parts[0]);
        }

        var hop = text.Split("---");
        if (hop.Length == 2)
        {
            (nextHop, text) = local ? (hop[1], hop[0]) : (hop[0], hop[1]);
        }

        var m = EndpointHost().Match(text);
        string? id = null, flags = null;
        var bracket = m.Groups["bracket"].Value;
        if (m.Groups["bracket"].Success)
        {
            var comma = bracket.LastIndexOf(',');
            if (comma >= 0 && EndpointFlags().IsMatch(bracket[(comma + 1)..]))
            {
                (id, flags) = (bracket[..comma], bracket[(comma + 1)..]);
            }
            else if (EndpointFlags().IsMatch(bracket))
            {
                flags = bracket;
            }
            else
            {
                id = bracket;
            }
        }

        return new LibreswanEndpoint
        {
            Host = NullIfEmpty(m.Groups["host"].Value),
            HostName = NullIfEmpty(m.Groups["hostname"].Value),
            Id = NullIfEmpty(id),
            Flags = NullIfEmpty(flags),
            NextHop = nextHop,
            Subnet = subnet,
        };
    }

    // ---- states and traffic -----------------------------------------------------------------------------------

    private static bool ParseStateLine(string line, List<StateBuilder> states, List<LibreswanTraffic> traffic)
    {
        if (PendingLine().Match(line) is { Success: true } pending)
        {
            var owner = FindState(states, Serial(pending.Groups["serial"].Value) ?? 0);
            owner?.Pending.Add(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
            return owner is not null;
        }

        var m = StateHead().Match(line);
        if (!m.Success)
        {
            return false;
        }

        var serial = Serial(m.Groups["serial"].Value) ?? 0;
        var name = m.Groups["name"].Value;
        var instance = NullIfEmpty(m.Groups["inst"].Value);
        var peer = NullIfEmpty(m.Groups["peer"].Value.Trim().TrimStart('.'));
        var rest = m.Groups["rest"].Value;

        if (rest.StartsWith(','))
        {
            traffic.Add(ParseTraffic(serial, name, instance, peer, rest[1..]));
            return true;
        }

        var state = StateBody().Match(rest);
        if (state.Success)
        {
            var b = new StateBuilder(serial, name, instance, peer)
            {
                Port = state.Groups["port"].Success ? int.Parse(state.Groups["port"].Value, CultureInfo.InvariantCulture) : null,
                Tcp = state.Groups["tcp"].Success,
                StateName = state.Groups["state"].Value,
                Story = state.Groups["story"].Value,
            };
            foreach (var item in state.Groups["items"].Value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (Timer().Match(item) is { Success: true } timer)
                {
                    b.Timers.Add(new LibreswanTimer(timer.Groups["name"].Value, long.Parse(timer.Groups["secs"].Value, CultureInfo.InvariantCulture)));
                }
                else if (Parent().Match(item) is { Success: true } parent)
                {
                    b.ParentText = parent.Groups["what"].Value;
                    b.Parent = Serial(parent.Groups["serial"].Value);
                    b.HasParentItem = true;
                }
                else
                {
                    b.Flags.Add(item);
                }
            }

            states.Add(b);
            return true;
        }

        // the detail line of a child (SA ids, traffic) or of a 3.x IKE SA (ref=0 refhim=0 Traffic:)
        var detail = FindState(states, serial);
        if (detail is null || !DetailLine().IsMatch(rest))
        {
            return false;
        }

        foreach (Match said in Said().Matches(rest))
        {
            detail.Saids.Add(new LibreswanSaid(said.Groups["proto"].Value, said.Groups["spi"].Value, said.Groups["addr"].Value));
        }

        foreach (Match count in TrafficCount().Matches(rest))
        {
            var value = count.Groups["value"].Value;
            switch (count.Groups["dir"].Value)
            {
                case "in":
                    detail.InBytes ??= Bytes(value);
                    break;
                case "out":
                    detail.OutBytes ??= Bytes(value);
                    break;
                default:
                    detail.MaxBytes ??= value;
                    break;
            }
        }

        if (UsernameItem().Match(rest) is { Success: true } user)
        {
            detail.Username = user.Groups[1].Value;
        }

        return true;
    }

    private static LibreswanTraffic ParseTraffic(int serial, string name, string? instance, string? peer, string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match kv in TrafficField().Matches(text))
        {
            var value = kv.Groups["quoted"].Success ? kv.Groups["quoted"].Value : kv.Groups["plain"].Value.Trim();
            fields.TryAdd(kv.Groups["key"].Value, value);
        }

        string? Get(string key) => fields.TryGetValue(key, out var v) ? v : null;
        long? Number(string key) => long.TryParse(Get(key), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        return new LibreswanTraffic
        {
            Serial = serial,
            Connection = name,
            Instance = instance,
            Peer = peer,
            Username = Get("username"),
            Type = Get("type"),
            AddTime = Number("add_time") is { } t ? DateTimeOffset.FromUnixTimeSeconds(t) : null,
            InBytes = Number("inBytes"),
            OutBytes = Number("outBytes"),
            MaxBytes = Get("maxBytes"),
            Id = Get("id"),
            Fields = fields,
        };
    }

    private static StateBuilder? FindState(List<StateBuilder> states, int serial)
    {
        for (var i = states.Count - 1; i >= 0; i--)
        {
            if (states[i].Serial == serial)
            {
                return states[i];
            }
        }

        return null;
    }

    // ---- totals -------------------------------------------------------------------------------------------------

    private static LibreswanTotals? ParseTotalsLine(string line, LibreswanTotals totals)
    {
        if (TotalConnections().Match(line) is { Success: true } c)
        {
            return totals with { ConnectionsLoaded = Int(c.Groups["loaded"].Value), ConnectionsActive = Int(c.Groups["active"].Value) };
        }

        if (line.StartsWith("State Information:", StringComparison.Ordinal))
        {
            return totals with { StateInformation = line["State Information:".Length..].Trim() };
        }

        if (SaCounts().Match(line) is { Success: true } counts)
        {
            var dict = counts.Groups["counts"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(p => CountItem().Match(p))
                .Where(x => x.Success)
                .ToDictionary(x => x.Groups["k"].Value, x => Int(x.Groups["v"].Value), StringComparer.Ordinal);
            return counts.Groups["what"].Value == "IKE" ? totals with { IkeSas = dict } : totals with { IpsecSas = dict };
        }

        return null;
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static int Int(string s) => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>A state serial; 0 (pluto's "none") is null.</summary>
    private static int? Serial(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n != 0 ? n : null;

    /// <summary><c>128B</c>, <c>3KB</c>, <c>12MB</c> (pluto divides by 1024 and rounds down).</summary>
    internal static long? Bytes(string text)
    {
        var m = ByteCount().Match(text);
        if (!m.Success)
        {
            return null;
        }

        var n = long.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        return m.Groups["unit"].Value switch
        {
            "K" => n * 1024,
            "M" => n * 1024 * 1024,
            "G" => n * 1024 * 1024 * 1024,
            _ => n,
        };
    }

    private sealed class ConnectionBuilder(string name, string? instance, string? peer)
    {
        public string Name { get; } = name;
        public string? Instance { get; } = instance;
        public string? InstancePeer { get; } = peer;
        public bool HasTopology { get; set; }
        public LibreswanEndpoint Local { get; set; } = new();
        public LibreswanEndpoint Remote { get; set; } = new();
        public string? Routing { get; set; }
        public int? ErouteOwner { get; set; }
        public int? NewestIkeSa { get; set; }
        public int? NewestIpsecSa { get; set; }
        public string? LocalId { get; set; }
        public string? RemoteId { get; set; }
        public string? Policy { get; set; }
        public List<string> Lines { get; } = [];

        public LibreswanConnection Build() => new()
        {
            Name = Name,
            Instance = Instance,
            InstancePeer = InstancePeer,
            Local = Local,
            Remote = Remote,
            Routing = Routing,
            ErouteOwner = ErouteOwner,
            NewestIkeSa = NewestIkeSa,
            NewestIpsecSa = NewestIpsecSa,
            LocalId = LocalId ?? Local.Id,
            RemoteId = RemoteId ?? Remote.Id,
            Policy = Policy,
            IkeVersion = PolicyIkeVersion(Policy),
            Lines = [.. Lines],
        };

        private static int? PolicyIkeVersion(string? policy)
        {
            if (policy is null)
            {
                return null;
            }

            var items = policy.Split('+');
            bool Has(string s) => items.Contains(s, StringComparer.OrdinalIgnoreCase);
            return (Has("IKEv1") || Has("IKEV1_ALLOW"), Has("IKEv2") || Has("IKEV2_ALLOW")) switch
            {
                (true, false) => 1,
                (false, true) => 2,
                _ => null,
            };
        }
    }

    private sealed class StateBuilder(int serial, string connection, string? instance, string? peer)
    {
        public int Serial { get; } = serial;
        public int? Port { get; init; }
        public bool Tcp { get; init; }
        public string StateName { get; init; } = "";
        public string Story { get; init; } = "";
        public List<LibreswanTimer> Timers { get; } = [];
        public List<string> Flags { get; } = [];
        public List<LibreswanSaid> Saids { get; } = [];
        public List<string> Pending { get; } = [];
        public int? Parent { get; set; }
        public string? ParentText { get; set; }
        public bool HasParentItem { get; set; }
        public long? InBytes { get; set; }
        public long? OutBytes { get; set; }
        public string? MaxBytes { get; set; }
        public string? Username { get; set; }

        public LibreswanState Build()
        {
            var name = StateName;
            var child = Parent is not null || Saids.Count > 0 || name.Contains("CHILD", StringComparison.Ordinal) || name.Contains("QUICK", StringComparison.Ordinal);
            return new LibreswanState
            {
                Serial = Serial,
                Connection = connection,
                Instance = instance,
                Peer = peer,
                RemotePort = Port,
                Tcp = Tcp,
                Name = name,
                Story = Story,
                Timers = [.. Timers],
                Flags = [.. Flags],
                ParentSerial = Parent,
                Kind = child ? LibreswanStateKind.Child : LibreswanStateKind.Ike,
                IkeVersion = StateIkeVersion(name, ParentText),
                IsEstablished = name.Contains("ESTABLISHED", StringComparison.Ordinal) || Story.Contains("established", StringComparison.OrdinalIgnoreCase),
                Saids = [.. Saids],
                InBytes = InBytes,
                OutBytes = OutBytes,
                MaxBytes = MaxBytes,
                Username = Username,
                Pending = [.. Pending],
            };
        }

        private static int? StateIkeVersion(string name, string? parentText)
        {
            if (name.Contains("V2", StringComparison.Ordinal) || name.Contains("PARENT", StringComparison.Ordinal) ||
                name.StartsWith("ESTABLISHED_", StringComparison.Ordinal) || parentText == "IKE SA")
            {
                return 2;
            }

            if (name.Contains("MAIN_", StringComparison.Ordinal) || name.Contains("AGGR_", StringComparison.Ordinal) ||
                name.Contains("QUICK_", StringComparison.Ordinal) || name.Contains("XAUTH", StringComparison.Ordinal) ||
                name.Contains("MODE_CFG", StringComparison.Ordinal) || parentText == "ISAKMP SA")
            {
                return 1;
            }

            return null;
        }
    }

    // ---- the forms ----------------------------------------------------------------------------------------------

    [GeneratedRegex(@"^\d{3}(?: |$)")]
    private static partial Regex NumericPrefix();

    /// <summary><c>"name"[1][2] PEER: body</c>; the peer never starts with '#' (that is whack's progress form <c>"c" #3: ...</c>).</summary>
    [GeneratedRegex(@"^""(?<name>[^""]*)""(?<inst>(?:\[\d+\])*)(?: (?<peer>[^#\s]\S*?))?:(?:\s+(?<body>.*))?$")]
    private static partial Regex ConnectionLine();

    [GeneratedRegex(@"^(?<left>\S+?)\.\.\.(?<right>\S+?)(?:;\s*(?<rest>.*))?$")]
    private static partial Regex Topology();

    [GeneratedRegex(@"^(?<host>[^<\[]*)(?:<(?<hostname>[^>]*)>)?(?:\[(?<bracket>.*)\])?$")]
    private static partial Regex EndpointHost();

    [GeneratedRegex(@"^(?:\+?[A-Z]{1,4}(?:=[A-Z])?)*\+(?:[A-Z]{1,4}(?:=[A-Z])?\+?)*$")]
    private static partial Regex EndpointFlags();

    [GeneratedRegex(@"^eroute owner: #(\d+)$")]
    private static partial Regex ErouteOwner();

    [GeneratedRegex(@"newest (?:IKE|ISAKMP) SA: #(?<ike>\d+);\s*newest IPsec SA: #(?<ipsec>\d+)")]
    private static partial Regex NewestSas();

    [GeneratedRegex(@"our idtype: [^;]*;\s*our id=(?<our>[^;]*);\s*their idtype: [^;]*;\s*their id=(?<their>[^;]*)")]
    private static partial Regex Ids();

    [GeneratedRegex(@"^policy: ([^;]*);?")]
    private static partial Regex PolicyLine();

    [GeneratedRegex(@"^routing: ([^;]*);?")]
    private static partial Regex RoutingLine();

    /// <summary><c>#N: "name"[1] PEER, fields</c> (trafficstatus) or <c>#N: "name"[1] PEER:PORT STATE (...)</c> or a detail line.
    /// The peer is optional, may start with <c>...</c>, and never starts with a state name's capital.</summary>
    [GeneratedRegex(@"^#(?<serial>\d+): ""(?<name>[^""]*)""(?<inst>(?:\[\d+\])*)(?: (?<peer>(?:\.\.\.)?[0-9a-fA-F:.%]*?[0-9a-fA-F](?=(?::\d+)?(?:\(tcp\))?\s|,|$)))?(?<rest>.*)$")]
    private static partial Regex StateHead();

    [GeneratedRegex(@"^(?::(?<port>\d+))?(?<tcp>\(tcp\))?\s+(?<state>[A-Z][A-Z0-9_]+) \((?<story>[^)]*)\);?(?<items>.*)$")]
    private static partial Regex StateBody();

    [GeneratedRegex(@"^(?<name>[A-Za-z][A-Za-z0-9_]*) in (?<secs>-?\d+)s$")]
    private static partial Regex Timer();

    [GeneratedRegex(@"^(?<what>isakmp|IKE SA|ISAKMP SA|parent) ?#(?<serial>\d+)$")]
    private static partial Regex Parent();

    [GeneratedRegex(@"^#(?<serial>\d+): pending ")]
    private static partial Regex PendingLine();

    [GeneratedRegex(@"(?:^|\s)(?:(?:esp|ah|ipcomp|tun)\.[0-9a-fA-F]+@\S+|ref=\d+|Traffic:|used -?\d+s ago;)")]
    private static partial Regex DetailLine();

    [GeneratedRegex(@"(?<proto>esp|ah|ipcomp|tun)\.(?<spi>[0-9a-fA-F]+)@(?<addr>\S+)")]
    private static partial Regex Said();

    [GeneratedRegex(@"(?:ESP|AH|IPCOMP)(?<dir>in|out|max)=(?<value>[^\s!]+)")]
    private static partial Regex TrafficCount();

    [GeneratedRegex(@"(?:^|\s)username=(\S+)")]
    private static partial Regex UsernameItem();

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?:'(?<quoted>[^']*)'|(?<plain>[^,]*))")]
    private static partial Regex TrafficField();

    [GeneratedRegex(@"^(?<n>\d+)(?<unit>[KMG]?)B$")]
    private static partial Regex ByteCount();

    [GeneratedRegex(@"^Total IPsec connections: loaded (?<loaded>\d+), active (?<active>\d+)")]
    private static partial Regex TotalConnections();

    [GeneratedRegex(@"^(?<what>IKE|IPsec) SAs: (?<counts>.*)$")]
    private static partial Regex SaCounts();

    [GeneratedRegex(@"^(?<k>[a-z-]+)\((?<v>\d+)\)$")]
    private static partial Regex CountItem();

    /// <summary>Global sections printed before the connection list and headings: recognised, not modelled.</summary>
    [GeneratedRegex(@"^(?:using kernel interface|interface \S+ |fips mode|SElinux|seccomp|config setup options:|debug|virtual-private|" +
                    @"Kernel algorithms supported:|IKE algorithms supported:|algorithm |stats |Connection list:|Bare Shunt list:|State list:|" +
                    @"Shunt list:|[A-Za-z][\w-]*=|\S+ -\d+-> )")]
    private static partial Regex KnownOtherLine();
}
