namespace FleetCtl.Vici.Models;

/// <summary>
/// An IKE_SA as charon lists it in <c>list-sa</c> and in the SA events. The section holding it is named after the
/// IKE_SA's connection (config) name. Numbers charon did not send (or sent garbled) are null; flags charon only sends
/// when set (<c>initiator</c>, <c>nat-*</c>) are false when absent.
/// </summary>
public sealed record IkeSa
{
    /// <summary>The connection (config) name: the name of the section.</summary>
    public required string Name { get; init; }

    public long? UniqueId { get; init; }

    /// <summary>IKE version, 1 or 2.</summary>
    public long? Version { get; init; }

    /// <summary>IKE_SA state, e.g. <c>CONNECTING</c>, <c>ESTABLISHED</c>, <c>DELETING</c>.</summary>
    public string? State { get; init; }

    public string? LocalHost { get; init; }
    public long? LocalPort { get; init; }
    public string? LocalId { get; init; }
    public string? RemoteHost { get; init; }
    public long? RemotePort { get; init; }
    public string? RemoteId { get; init; }
    public string? RemoteXauthId { get; init; }
    public string? RemoteEapId { get; init; }

    /// <summary>True when this end initiated the IKE_SA.</summary>
    public bool Initiator { get; init; }

    public string? InitiatorSpi { get; init; }
    public string? ResponderSpi { get; init; }

    /// <summary>The local endpoint is behind a NAT.</summary>
    public bool NatLocal { get; init; }
    /// <summary>The remote endpoint is behind a NAT.</summary>
    public bool NatRemote { get; init; }
    /// <summary>The NAT situation was faked (as responder).</summary>
    public bool NatFake { get; init; }
    /// <summary>Any endpoint is behind a NAT (also when faked).</summary>
    public bool NatAny { get; init; }

    public string? IfIdIn { get; init; }
    public string? IfIdOut { get; init; }

    public string? EncrAlg { get; init; }
    public long? EncrKeysize { get; init; }
    public string? IntegAlg { get; init; }
    public long? IntegKeysize { get; init; }
    public string? PrfAlg { get; init; }
    public string? DhGroup { get; init; }

    /// <summary>A postquantum preshared key was used.</summary>
    public bool Ppk { get; init; }

    /// <summary>Seconds since the IKE_SA was established (only sent for established SAs).</summary>
    public long? EstablishedSeconds { get; init; }
    /// <summary>Seconds until the IKE_SA is rekeyed.</summary>
    public long? RekeyTimeSeconds { get; init; }
    /// <summary>Seconds until the IKE_SA is re-authenticated.</summary>
    public long? ReauthTimeSeconds { get; init; }

    /// <summary>Virtual IPs the peer assigned to us, installed locally.</summary>
    public IReadOnlyList<string> LocalVips { get; init; } = [];
    /// <summary>Virtual IPs assigned to the peer.</summary>
    public IReadOnlyList<string> RemoteVips { get; init; } = [];

    public IReadOnlyList<string> TasksQueued { get; init; } = [];
    public IReadOnlyList<string> TasksActive { get; init; } = [];
    public IReadOnlyList<string> TasksPassive { get; init; } = [];

    /// <summary>The CHILD_SAs of the <c>child-sas</c> section (empty in <c>ike-*</c> events, which carry none).</summary>
    public IReadOnlyList<ChildSa> Children { get; init; } = [];

    /// <summary>The section as received, for keys this type does not model.</summary>
    public required ViciMessage Raw { get; init; }

    public bool IsEstablished => string.Equals(State, "ESTABLISHED", StringComparison.Ordinal);

    /// <summary>Reads one IKE_SA section and its <c>child-sas</c>. Never throws on content.</summary>
    /// <param name="name">The section's name: the connection name.</param>
    /// <param name="section">The section.</param>
    public static IkeSa Parse(string name, ViciMessage section) => Parse(name, section, includeChildren: true);

    internal static IkeSa Parse(string name, ViciMessage section, bool includeChildren)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(section);
        return new IkeSa
        {
            Name = name,
            UniqueId = section.GetInt64("uniqueid"),
            Version = section.GetInt64("version"),
            State = section.GetString("state"),
            LocalHost = section.GetString("local-host"),
            LocalPort = section.GetInt64("local-port"),
            LocalId = section.GetString("local-id"),
            RemoteHost = section.GetString("remote-host"),
            RemotePort = section.GetInt64("remote-port"),
            RemoteId = section.GetString("remote-id"),
            RemoteXauthId = section.GetString("remote-xauth-id"),
            RemoteEapId = section.GetString("remote-eap-id"),
            Initiator = section.IsYes("initiator"),
            InitiatorSpi = section.GetString("initiator-spi"),
            ResponderSpi = section.GetString("responder-spi"),
            NatLocal = section.IsYes("nat-local"),
            NatRemote = section.IsYes("nat-remote"),
            NatFake = section.IsYes("nat-fake"),
            NatAny = section.IsYes("nat-any"),
            IfIdIn = section.GetString("if-id-in"),
            IfIdOut = section.GetString("if-id-out"),
            EncrAlg = section.GetString("encr-alg"),
            EncrKeysize = section.GetInt64("encr-keysize"),
            IntegAlg = section.GetString("integ-alg"),
            IntegKeysize = section.GetInt64("integ-keysize"),
            PrfAlg = section.GetString("prf-alg"),
            DhGroup = section.GetString("dh-group"),
            Ppk = section.IsYes("ppk"),
            EstablishedSeconds = section.GetInt64("established"),
            RekeyTimeSeconds = section.GetInt64("rekey-time"),
            ReauthTimeSeconds = section.GetInt64("reauth-time"),
            LocalVips = section.GetStrings("local-vips"),
            RemoteVips = section.GetStrings("remote-vips"),
            TasksQueued = section.GetStrings("tasks-queued"),
            TasksActive = section.GetStrings("tasks-active"),
            TasksPassive = section.GetStrings("tasks-passive"),
            Children = includeChildren ? ChildSa.ParseAll(section.GetSection("child-sas")) : [],
            Raw = section,
        };
    }

    /// <summary>Every IKE_SA section of a message (a <c>list-sa</c> event carries one, keyed by connection name).</summary>
    public static IReadOnlyList<IkeSa> ParseAll(ViciMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sections = ViciFields.Sections(message);
        var result = new IkeSa[sections.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Parse(sections[i].Key, sections[i].Value);
        }

        return result;
    }
}
