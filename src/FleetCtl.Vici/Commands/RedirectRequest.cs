namespace FleetCtl.Vici.Commands;

/// <summary>
/// <c>redirect</c>: asks the peers of matching IKEv2 SAs (which must support redirection) to move to
/// <see cref="Gateway"/>. The spec's example omits <c>gateway</c>, but charon refuses the command without it
/// ("missing target gateway"), so it is required here. At least one selector is needed as well.
/// </summary>
public sealed record RedirectRequest : IViciRequest
{
    public const string CommandName = "redirect";

    public RedirectRequest(string gateway) => Gateway = gateway;

    string IViciRequest.Command => CommandName;

    /// <summary>The gateway to redirect to: an IPv4/IPv6 address or an FQDN.</summary>
    public string Gateway { get; init => field = RequestArgs.NotBlank(value, nameof(Gateway)); }

    /// <summary>IKE_SA config name.</summary>
    public string? Ike { get; init; }

    /// <summary>IKE_SA unique id.</summary>
    public long? IkeId { get; init; }

    /// <summary>Peer address, subnet in CIDR notation or address range.</summary>
    public string? PeerIp { get; init; }

    /// <summary>Peer identity, may contain wildcards.</summary>
    public string? PeerId { get; init; }

    public ViciMessage ToMessage()
    {
        RequestArgs.NeedSelector(CommandName, Ike is not null || IkeId is not null || PeerIp is not null || PeerId is not null,
            "an ike, ike-id, peer-ip or peer-id selector");
        return new ViciMessage()
            .SetIfNotNull("ike", Ike)
            .SetIfNotNull("ike-id", IkeId)
            .SetIfNotNull("peer-ip", PeerIp)
            .SetIfNotNull("peer-id", PeerId)
            .Set("gateway", Gateway);
    }
}
