namespace FleetCtl.Vici.Models;

/// <summary>
/// One set of IKE event counters from <c>get-counters</c> (global or one connection's). The known counters have
/// properties; <see cref="Values"/> holds every counter sent, including ones newer daemons add.
/// </summary>
public sealed record IkeCounters
{
    /// <summary>The connection name; empty for the global counters.</summary>
    public required string Name { get; init; }

    public bool IsGlobal => Name.Length == 0;

    /// <summary>Every numeric counter of the section by wire name.</summary>
    public required IReadOnlyDictionary<string, ulong> Values { get; init; }

    public ulong? IkeRekeyInit => Get("ike-rekey-init");
    public ulong? IkeRekeyResp => Get("ike-rekey-resp");
    public ulong? ChildRekey => Get("child-rekey");
    public ulong? Invalid => Get("invalid");
    public ulong? InvalidSpi => Get("invalid-spi");
    public ulong? IkeInitInReq => Get("ike-init-in-req");
    public ulong? IkeInitInResp => Get("ike-init-in-resp");
    public ulong? IkeInitOutReq => Get("ike-init-out-req");
    public ulong? IkeInitOutResp => Get("ike-init-out-resp");
    public ulong? IkeAuthInReq => Get("ike-auth-in-req");
    public ulong? IkeAuthInResp => Get("ike-auth-in-resp");
    public ulong? IkeAuthOutReq => Get("ike-auth-out-req");
    public ulong? IkeAuthOutResp => Get("ike-auth-out-resp");
    public ulong? CreateChildInReq => Get("create-child-in-req");
    public ulong? CreateChildInResp => Get("create-child-in-resp");
    public ulong? CreateChildOutReq => Get("create-child-out-req");
    public ulong? CreateChildOutResp => Get("create-child-out-resp");
    public ulong? InfoInReq => Get("info-in-req");
    public ulong? InfoInResp => Get("info-in-resp");
    public ulong? InfoOutReq => Get("info-out-req");
    public ulong? InfoOutResp => Get("info-out-resp");

    public required ViciMessage Raw { get; init; }

    /// <summary>A counter by wire name, or null when it was not sent.</summary>
    public ulong? Get(string counter) => Values.TryGetValue(counter, out var v) ? v : null;

    public static IkeCounters Parse(string name, ViciMessage section)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(section);
        return new IkeCounters { Name = name, Values = ViciFields.Counters(section), Raw = section };
    }
}
