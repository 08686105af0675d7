using FleetCtl.Vici.Events;
using Microsoft.Extensions.Logging;

namespace FleetCtl.Fleet.Catalog;

/// <summary>
/// One documented event: what it means, what the gateway does about it, and what the NOC should do. Shaped like a
/// commercial gateway's log-message reference (ID, categories, default severity, parameters, explanation, gateway
/// action, proposed action). Texts use Markdown backticks for configuration keys and commands.
/// </summary>
/// <param name="Id">Stable and unique; becomes <see cref="EventId"/>.Id. Never reuse an id for another meaning.</param>
/// <param name="Key">Stable dotted name, e.g. <c>vici.alert.proposal-mismatch-ike</c>; becomes <see cref="EventId"/>.Name.</param>
/// <param name="Title">A short human title, like a log message.</param>
/// <param name="Categories">Upper-case categories (<see cref="CatalogCategories"/>), the first one primary.</param>
/// <param name="Severity">The default severity.</param>
/// <param name="Parameters">Names of the structured-logging properties that come with the event.</param>
/// <param name="Explanation">What happened and what triggers it.</param>
/// <param name="GatewayAction">What charon (or the controller, for its own events) does by itself.</param>
/// <param name="ProposedAction">What the operator should check or do, concretely.</param>
/// <param name="Source">Where the event comes from.</param>
public sealed record CatalogEntry(
    int Id,
    string Key,
    string Title,
    IReadOnlyList<string> Categories,
    CatalogSeverity Severity,
    IReadOnlyList<string> Parameters,
    string Explanation,
    string GatewayAction,
    string ProposedAction,
    CatalogSource Source)
{
    /// <summary>The VICI alert type this entry documents (for <see cref="CatalogSource.ViciAlert"/> entries), else null.</summary>
    public ViciAlertType? AlertType { get; init; }

    /// <summary>The Microsoft.Extensions.Logging event id: <c>new EventId(Id, Key)</c>.</summary>
    public EventId EventId => new(Id, Key);

    /// <summary>The category the entry is filed under in the docs (the first one).</summary>
    public string PrimaryCategory => Categories[0];

    public override string ToString() => $"[{Id}] {Key}";
}

/// <summary>The categories entries are filed under.</summary>
public static class CatalogCategories
{
    /// <summary>IKE_SA negotiation, rekeying, liveness.</summary>
    public const string Ike = "IKE";
    /// <summary>CHILD_SAs (ESP/AH), traffic selectors, proposals for them.</summary>
    public const string Ipsec = "IPSEC";
    /// <summary>Authentication and authorization of either peer (PSK, signatures, EAP, RADIUS).</summary>
    public const string Auth = "AUTH";
    /// <summary>X.509 certificate validation.</summary>
    public const string Cert = "CERT";
    /// <summary>Reachability, retransmits, malformed packets.</summary>
    public const string Network = "NETWORK";
    /// <summary>The kernel's IPsec state (SAD/SPD) that charon installs.</summary>
    public const string Kernel = "KERNEL";
    /// <summary>Virtual IP pools.</summary>
    public const string Pool = "POOL";
    /// <summary>The charon daemon itself.</summary>
    public const string Daemon = "DAEMON";
    /// <summary>The controller's connection to a gateway's VICI socket.</summary>
    public const string Vici = "VICI";
    /// <summary>The controller's own state: resyncs, buffers, inventory, journal, lifecycle.</summary>
    public const string Controller = "CONTROLLER";
    /// <summary>The fleet inventory (which gateways exist).</summary>
    public const string Inventory = "INVENTORY";

    /// <summary>Who may use the controller: operators' logins, sessions and API tokens.</summary>
    public const string Access = "ACCESS";

    /// <summary>Fleet operations run by operators: drains (IKEv2 redirect), bulk terminate, rekey and initiate.</summary>
    public const string Operations = "OPERATIONS";

    /// <summary>Every category, in the order the docs file them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Auth, Cert, Vici, Ike, Ipsec, Kernel, Pool, Network, Daemon, Controller, Inventory, Access, Operations];
}
