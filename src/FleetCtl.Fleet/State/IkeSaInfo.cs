namespace FleetCtl.Fleet.State;

/// <summary>
/// An IKE_SA as the controller tracks it: the fields an operator checks, with relative times turned into
/// absolute ones so the record does not go stale. Immutable; serialisable for history and snapshots.
/// </summary>
public sealed record IkeSaInfo
{
    /// <summary>Identity within the gateway: unique id and initiator SPI (stable from setup to delete; new on rekey).</summary>
    public required string Key { get; init; }
    /// <summary>The IKE connection (config) name.</summary>
    public required string Name { get; init; }
    public long? UniqueId { get; init; }
    public int? IkeVersion { get; init; }
    public string? State { get; init; }
    public string? LocalHost { get; init; }
    public long? LocalPort { get; init; }
    public string? LocalId { get; init; }
    public string? RemoteHost { get; init; }
    public long? RemotePort { get; init; }
    public string? RemoteId { get; init; }
    public string? RemoteEapId { get; init; }
    public string? RemoteXauthId { get; init; }
    public bool Initiator { get; init; }
    public string? InitiatorSpi { get; init; }
    public string? ResponderSpi { get; init; }
    public bool NatAny { get; init; }
    public string? EncrAlg { get; init; }
    public long? EncrKeysize { get; init; }
    public string? IntegAlg { get; init; }
    public string? PrfAlg { get; init; }
    public string? DhGroup { get; init; }
    public DateTimeOffset? EstablishedAt { get; init; }
    public DateTimeOffset? RekeyAt { get; init; }
    public DateTimeOffset? ReauthAt { get; init; }
    public IReadOnlyList<string> LocalVips { get; init; } = [];
    public IReadOnlyList<string> RemoteVips { get; init; } = [];
    public IReadOnlyList<ChildSaInfo> Children { get; init; } = [];

    /// <summary>One-line summary for logs: never holds secrets (SAs carry none).</summary>
    public override string ToString() => $"{Name}#{UniqueId} {State} {LocalHost}<->{RemoteHost} ({RemoteId}) children={Children.Count}";
}

/// <summary>A CHILD_SA as the controller tracks it.</summary>
public sealed record ChildSaInfo
{
    /// <summary>Identity within its IKE_SA: the CHILD_SA unique id (event section names and list-sas names differ, ids do not).</summary>
    public required string Key { get; init; }
    /// <summary>The CHILD_SA config name (e.g. <c>net</c>).</summary>
    public required string Name { get; init; }
    public long? UniqueId { get; init; }
    public long? Reqid { get; init; }
    public string? State { get; init; }
    public string? Mode { get; init; }
    public string? Protocol { get; init; }
    public bool Encap { get; init; }
    public string? SpiIn { get; init; }
    public string? SpiOut { get; init; }
    public string? EncrAlg { get; init; }
    public long? EncrKeysize { get; init; }
    public string? IntegAlg { get; init; }
    public string? DhGroup { get; init; }
    public ulong BytesIn { get; init; }
    public ulong PacketsIn { get; init; }
    public ulong BytesOut { get; init; }
    public ulong PacketsOut { get; init; }
    public DateTimeOffset? InstalledAt { get; init; }
    public DateTimeOffset? RekeyAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public IReadOnlyList<string> LocalTs { get; init; } = [];
    public IReadOnlyList<string> RemoteTs { get; init; } = [];

    public override string ToString() => $"{Name}#{UniqueId} {State} {string.Join(',', LocalTs)} === {string.Join(',', RemoteTs)}";
}

/// <summary>A connection loaded on the gateway (<c>list-conns</c>) and its children: what should be up.</summary>
public sealed record ConfiguredConnection(string Name, IReadOnlyList<string> LocalAddrs, IReadOnlyList<string> RemoteAddrs,
    string? Version, IReadOnlyList<ConfiguredChild> Children);

public sealed record ConfiguredChild(string Name, string? Mode, IReadOnlyList<string> LocalTs, IReadOnlyList<string> RemoteTs);
