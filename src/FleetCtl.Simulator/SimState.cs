namespace FleetCtl.Simulator;

// The mutable state of one simulated charon. Guarded by its gateway's mutex; never handed out (snapshots are).
// Times are Unix seconds; "seconds since" and byte counters are computed when a message is built, so nothing ticks per SA.

internal enum ConnKind
{
    /// <summary>Site-to-site to one remote gateway (PSK or certificates), IKEv2.</summary>
    SiteToSite,
    /// <summary>Road warriors authenticated with EAP-MSCHAPv2, given a virtual IP. Many IKE_SAs per connection.</summary>
    RoadWarriorEap,
    /// <summary>Road warriors with certificates, given a virtual IP.</summary>
    RoadWarriorCert,
    /// <summary>IKEv1 with XAuth (a legacy client population).</summary>
    LegacyXauth,
}

/// <summary>IKE proposal as charon names its parts. A null integrity algorithm means an AEAD cipher.</summary>
internal sealed record IkeProfile(string Encr, int EncrKeySize, string? Integ, int IntegKeySize, string Prf, string DhGroup)
{
    public static readonly IkeProfile[] All =
    [
        new("AES_GCM_16", 256, null, 0, "PRF_HMAC_SHA2_384", "CURVE_25519"),
        new("AES_CBC", 256, "HMAC_SHA2_256_128", 256, "PRF_HMAC_SHA2_256", "ECP_256"),
        new("AES_CBC", 128, "HMAC_SHA1_96", 160, "PRF_HMAC_SHA1", "MODP_2048"),
    ];
}

/// <summary>ESP proposal. A null integrity algorithm means an AEAD cipher; a null DH group means no PFS.</summary>
internal sealed record EspProfile(string Encr, int EncrKeySize, string? Integ, int IntegKeySize, string? Prf, string? DhGroup, bool Esn)
{
    public static readonly EspProfile[] All =
    [
        new("AES_GCM_16", 256, null, 0, null, null, false),
        new("AES_GCM_16", 128, null, 0, null, "CURVE_25519", true),
        new("AES_CBC", 256, "HMAC_SHA2_256_128", 256, "PRF_HMAC_SHA2_256", "ECP_256", true),
        new("AES_CBC", 128, "HMAC_SHA1_96", 160, null, null, false),
    ];
}

internal sealed class ChildConfig
{
    public required string Name { get; init; }
    public string Mode { get; init; } = "TUNNEL";
    public required string[] LocalTs { get; init; }
    /// <summary>Configured remote traffic selectors; road warriors use "dynamic" (their virtual IP).</summary>
    public required string[] RemoteTs { get; init; }
    public int RekeyTime { get; init; } = 3600;
    public int LifeTime { get; init; } = 3960;
    public required EspProfile Esp { get; init; }
    /// <summary>IPComp negotiated (cpi-in/cpi-out are listed).</summary>
    public bool Compress { get; init; }
    /// <summary>Route-based VPN: the CHILD_SAs carry Netfilter marks.</summary>
    public uint Mark { get; init; }
    public string DpdAction { get; init; } = "restart";
    public string CloseAction { get; init; } = "none";
}

internal sealed class ConnConfig
{
    public required string Name { get; init; }
    public required ConnKind Kind { get; init; }
    public int Version { get; init; } = 2;
    public required string LocalAddr { get; init; }
    /// <summary>A site's address, or "%any" for road warriors.</summary>
    public required string RemoteAddr { get; init; }
    public required string LocalId { get; init; }
    /// <summary>A site's identity, or "%any" for road warriors.</summary>
    public required string RemoteId { get; init; }
    public required string LocalAuth { get; init; }
    public required string RemoteAuth { get; init; }
    public int RekeyTime { get; init; } = 14400;
    public int ReauthTime { get; init; }
    public required IkeProfile Ike { get; init; }
    public required ChildConfig[] Children { get; init; }
    /// <summary>The remote site of a site-to-site connection; -1 for road warriors.</summary>
    public int Site { get; init; } = -1;
    /// <summary>Set when this connection's peer was redirected to another gateway: background churn no longer brings it up here.</summary>
    public bool Drained { get; set; }

    public bool IsRoadWarrior => Kind != ConnKind.SiteToSite;

    public ChildConfig? FindChild(string name) => Array.Find(Children, c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <summary>The same connection as loaded on another gateway (for a redirected peer arriving there).</summary>
    public ConnConfig On(SimulatedGatewayIdentity gateway) => new()
    {
        Name = Name,
        Kind = Kind,
        Version = Version,
        LocalAddr = gateway.Address,
        RemoteAddr = RemoteAddr,
        LocalId = gateway.LocalId,
        RemoteId = RemoteId,
        LocalAuth = LocalAuth,
        RemoteAuth = RemoteAuth,
        RekeyTime = RekeyTime,
        ReauthTime = ReauthTime,
        Ike = Ike,
        Children = Children,
        Site = Site,
    };
}

/// <summary>The bits of a gateway's identity a connection config needs.</summary>
internal sealed record SimulatedGatewayIdentity(string Name, int Index, string Address, string LocalId);

internal sealed class IkeSaState
{
    public required ConnConfig Conn { get; set; }
    public uint UniqueId { get; set; }
    public string State { get; set; } = "ESTABLISHED";
    public required string LocalHost { get; set; }
    public int LocalPort { get; set; } = 4500;
    public required string LocalId { get; set; }
    public required string RemoteHost { get; set; }
    public int RemotePort { get; set; } = 4500;
    public required string RemoteId { get; set; }
    public string? RemoteXauthId { get; set; }
    public string? RemoteEapId { get; set; }
    public bool Initiator { get; set; }
    public ulong InitiatorSpi { get; set; }
    public ulong ResponderSpi { get; set; }
    public bool NatLocal { get; set; }
    public bool NatRemote { get; set; }
    public bool NatFake { get; set; }
    public long EstablishedAt { get; set; }
    public string[] LocalVips { get; set; } = [];
    public string[] RemoteVips { get; set; } = [];
    public string[] TasksQueued { get; set; } = [];
    public string[] TasksActive { get; set; } = [];
    public string[] TasksPassive { get; set; } = [];
    /// <summary>The road-warrior user, or -1.</summary>
    public int User { get; set; } = -1;
    public List<ChildSaState> Children { get; } = [];
    /// <summary>Set while the IKE_SA is "checked out" (a fault: list-sas blocks on it unless noblock).</summary>
    public TaskCompletionSource? Held { get; set; }

    public string Name => Conn.Name;
    public int Version => Conn.Version;
    public bool NatAny => NatLocal || NatRemote || NatFake;
}

internal sealed class ChildSaState
{
    public required ChildConfig Config { get; init; }
    public uint UniqueId { get; set; }
    public uint ReqId { get; set; }
    public string State { get; set; } = "INSTALLED";
    public bool Encap { get; set; }
    public uint SpiIn { get; set; }
    public uint SpiOut { get; set; }
    public ushort CpiIn { get; set; }
    public ushort CpiOut { get; set; }
    public long InstalledAt { get; set; }
    /// <summary>Counters at install time (carried over when rekeying is not modelled); they then grow at the rates below.</summary>
    public ulong BaseBytesIn { get; set; }
    public ulong BaseBytesOut { get; set; }
    public uint RateIn { get; set; }
    public uint RateOut { get; set; }
    public ushort PacketSize { get; set; } = 900;
    public required string[] LocalTs { get; set; }
    public required string[] RemoteTs { get; set; }

    public string Name => Config.Name;
    public string Key => $"{Config.Name}-{UniqueId}";
}
