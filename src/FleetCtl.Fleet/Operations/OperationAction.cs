using System.Net;

namespace FleetCtl.Fleet.Operations;

/// <summary>What an operation does to each selected SA (or, for <see cref="OperationActionKind.Initiate"/>, on each selected gateway).</summary>
public enum OperationActionKind
{
    /// <summary>IKEv2 redirect (RFC 5685, VICI <c>redirect</c>) of each IKE_SA's peer to another gateway.</summary>
    Redirect,

    /// <summary>VICI <c>terminate</c> of each IKE_SA or CHILD_SA.</summary>
    Terminate,

    /// <summary>VICI <c>rekey</c> of each IKE_SA (optionally reauthenticating) or CHILD_SA.</summary>
    Rekey,

    /// <summary>VICI <c>initiate</c> of a connection (and child) on each selected gateway.</summary>
    Initiate,
}

/// <summary>Which SAs an action works on.</summary>
public enum SaLevel
{
    /// <summary>IKE_SAs (with their CHILD_SAs).</summary>
    Ike,

    /// <summary>CHILD_SAs only; their IKE_SAs stay.</summary>
    Child,
}

/// <summary>
/// The action of an operation: a flat, immutable record (easy to bind from a form, a query string or JSON) built with
/// <see cref="Redirect"/>, <see cref="RedirectToAddress"/>, <see cref="RedirectToDrainTargets"/>, <see cref="Terminate"/>,
/// <see cref="Rekey"/> or <see cref="Initiate"/>; <see cref="Problems"/> says what is wrong with one built by hand.
/// </summary>
public sealed record OperationAction
{
    public OperationActionKind Kind { get; init; }

    /// <summary>Terminate and rekey: IKE_SAs or CHILD_SAs. Redirect and initiate ignore it.</summary>
    public SaLevel Level { get; init; } = SaLevel.Ike;

    /// <summary>Redirect: the inventory gateway the peers go to (its address is resolved from its live state or its
    /// <c>redirect-address</c> tag). Neither this nor <see cref="TargetAddress"/>: each gateway's drain target.</summary>
    public string? TargetGateway { get; init; }

    /// <summary>Redirect: the address (IPv4, IPv6 or FQDN) the peers go to, as sent in the VICI <c>gateway</c> field.</summary>
    public string? TargetAddress { get; init; }

    /// <summary>Rekey of IKE_SAs: reauthenticate instead of only rekeying (IKEv2).</summary>
    public bool Reauth { get; init; }

    /// <summary>Terminate: delete without waiting for the peer's answer (VICI <c>force</c>).</summary>
    public bool Force { get; init; }

    /// <summary>Initiate: the connection (IKE config) name.</summary>
    public string? Connection { get; init; }

    /// <summary>Initiate: the CHILD_SA config name; null initiates the IKE_SA alone.</summary>
    public string? Child { get; init; }

    public static OperationAction Redirect(string targetGateway) => new() { Kind = OperationActionKind.Redirect, TargetGateway = targetGateway };

    public static OperationAction RedirectToAddress(string address) => new() { Kind = OperationActionKind.Redirect, TargetAddress = address };

    /// <summary>Redirect each gateway's peers to that gateway's <see cref="Inventory.GatewayDefinition.DrainTarget"/>.</summary>
    public static OperationAction RedirectToDrainTargets() => new() { Kind = OperationActionKind.Redirect };

    public static OperationAction Terminate(SaLevel level, bool force = false) => new() { Kind = OperationActionKind.Terminate, Level = level, Force = force };

    public static OperationAction Rekey(SaLevel level, bool reauth = false) => new() { Kind = OperationActionKind.Rekey, Level = level, Reauth = reauth };

    public static OperationAction Initiate(string connection, string? child = null) =>
        new() { Kind = OperationActionKind.Initiate, Connection = connection, Child = child };

    /// <summary>Whether items are CHILD_SAs (terminate or rekey of CHILD_SAs).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool ActsOnChildren => Level == SaLevel.Child && Kind is OperationActionKind.Terminate or OperationActionKind.Rekey;

    /// <summary>Every problem with this action; empty when it is valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Kind))
        {
            problems.Add($"Unknown action '{Kind}': use redirect, terminate, rekey or initiate.");
            return problems;
        }

        if (!Enum.IsDefined(Level))
        {
            problems.Add($"Unknown level '{Level}': use ike or child.");
        }

        switch (Kind)
        {
            case OperationActionKind.Redirect:
                if (TargetGateway is not null && TargetAddress is not null)
                {
                    problems.Add("Redirect to a gateway or to an address, not both.");
                }

                if (TargetGateway is not null && string.IsNullOrWhiteSpace(TargetGateway))
                {
                    problems.Add("The redirect target gateway is empty.");
                }

                if (TargetAddress is not null && !IsAddressOrHostName(TargetAddress.Trim()))
                {
                    problems.Add($"The redirect target address '{TargetAddress}' is neither an IP address nor a host name.");
                }

                if (Level == SaLevel.Child)
                {
                    problems.Add("Redirect moves whole IKE_SAs: the level must be ike.");
                }

                break;
            case OperationActionKind.Rekey when Reauth && Level == SaLevel.Child:
                problems.Add("Reauthentication applies to IKE_SAs: rekey CHILD_SAs without reauth.");
                break;
            case OperationActionKind.Initiate:
                if (string.IsNullOrWhiteSpace(Connection))
                {
                    problems.Add("Initiate needs the connection name.");
                }

                if (Child is not null && string.IsNullOrWhiteSpace(Child))
                {
                    problems.Add("The initiate child name is empty; leave it out to initiate the IKE_SA alone.");
                }

                if (Connection is { } c && Wildcard.HasWildcard(c) || Child is { } ch && Wildcard.HasWildcard(ch))
                {
                    problems.Add("Initiate takes exact connection and child names, without wildcards.");
                }

                break;
        }

        return problems;
    }

    private static bool IsAddressOrHostName(string value) =>
        value.Length > 0 && (IPAddress.TryParse(value, out _) || Uri.CheckHostName(value) == UriHostNameType.Dns);

    public override string ToString() => Kind switch
    {
        OperationActionKind.Redirect => "redirect to " + (TargetGateway ?? TargetAddress ?? "each gateway's drain target"),
        OperationActionKind.Terminate => $"terminate {(Level == SaLevel.Ike ? "IKE_SAs" : "CHILD_SAs")}{(Force ? " (force)" : "")}",
        OperationActionKind.Rekey => $"rekey {(Level == SaLevel.Ike ? "IKE_SAs" : "CHILD_SAs")}{(Reauth ? " with reauthentication" : "")}",
        OperationActionKind.Initiate => $"initiate {Connection}{(Child is null ? "" : "/" + Child)}",
        _ => Kind.ToString(),
    };
}
