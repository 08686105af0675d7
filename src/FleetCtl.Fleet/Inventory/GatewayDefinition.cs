using System.Collections.Frozen;
using FleetCtl.Vici;

namespace FleetCtl.Fleet.Inventory;

/// <summary>Which IKE daemon a gateway runs, and so how FleetCtl talks to it.</summary>
public enum GatewayKind
{
    /// <summary>strongSwan's charon, over VICI (<see cref="GatewayDefinition.Uri"/>).</summary>
    StrongSwan,
    /// <summary>libreswan's pluto, through a command that runs whack on it (<see cref="GatewayDefinition.Command"/>).</summary>
    Libreswan,
}

/// <summary>
/// Per-gateway TLS settings for a <c>tls://</c> VICI URI: file paths only — the inventory never holds key material.
/// Paths are checked when connecting, not when loading.
/// </summary>
/// <param name="ClientCertificate">PEM file with the client certificate (may also hold the key).</param>
/// <param name="ClientKey">PEM file with the client certificate's private key, when not in <paramref name="ClientCertificate"/>.</param>
/// <param name="Ca">PEM file with the CA certificate(s) the gateway's server certificate must chain to.</param>
public sealed record GatewayTls(string? ClientCertificate = null, string? ClientKey = null, string? Ca = null);

/// <summary>One gateway of the fleet, as declared in the inventory.</summary>
public sealed record GatewayDefinition
{
    private static readonly IReadOnlyDictionary<string, string> s_noTags =
        FrozenDictionary.ToFrozenDictionary(Array.Empty<KeyValuePair<string, string>>(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Unique in the fleet (ignoring case); letters, digits, <c>.</c>, <c>_</c>, <c>-</c>, starting with a letter or digit, at most 64 characters. Used in URLs and persistence ids.</summary>
    public required string Name { get; init; }

    /// <summary>The VICI URI of a strongSwan gateway (<c>unix://</c>, <c>tcp://</c>, <c>tls://</c>, <c>exec:</c>; see <see cref="ViciEndpoint"/>). Null for libreswan.</summary>
    public string? Uri { get; init; }

    public GatewayKind Kind { get; init; } = GatewayKind.StrongSwan;

    /// <summary>For libreswan: the command that runs whack on the gateway, to which FleetCtl appends whack's arguments, e.g. <c>ssh gw5 sudo ipsec whack</c>. Null for strongSwan.</summary>
    public string? Command { get; init; }

    /// <summary>Free-form labels: by convention <c>site</c>, <c>region</c>, <c>role</c>. Keys compare ignoring case.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = s_noTags;

    /// <summary>The gateway that takes over this one's peers when it is drained (IKEv2 redirect); must be another gateway of the inventory.</summary>
    public string? DrainTarget { get; init; }

    /// <summary>TLS client settings for a <c>tls://</c> URI; null to use the controller's defaults.</summary>
    public GatewayTls? Tls { get; init; }

    /// <summary>Where the gateway was declared (<c>fleet.yaml:12:5</c>, <c>configuration Fleet:Gateways:0</c>); null when built in code.</summary>
    public string? Origin { get; init; }

    /// <summary>Why <paramref name="name"/> cannot be a gateway name, or null when it can (the inventory's rule, for callers
    /// such as the API that check a name from a URL before looking it up).</summary>
    public static string? NameProblem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length == 0 ? "name is empty" : InventoryValidator.NameProblem(name);
    }

    /// <summary>The tag's value, or null.</summary>
    public string? Tag(string key) => Tags.TryGetValue(key, out var value) ? value : null;

    /// <summary>The parsed VICI endpoint of a strongSwan gateway.</summary>
    /// <exception cref="InvalidOperationException">A libreswan gateway, or no URI.</exception>
    /// <exception cref="FormatException">The URI is invalid (cannot happen for gateways of a loaded <see cref="FleetInventory"/>).</exception>
    public ViciEndpoint ParseEndpoint() => Kind == GatewayKind.StrongSwan && Uri is { } uri
        ? ViciEndpoint.Parse(uri)
        : throw new InvalidOperationException($"gateway '{Name}' has no VICI URI ({Kind})");

    public override string ToString() => Kind == GatewayKind.StrongSwan ? $"{Name} ({Uri})" : $"{Name} (libreswan: {Command})";
}
