using FleetCtl.Fleet.Catalog;
using FleetCtl.Vici.Events;

namespace FleetCtl.Fleet.Alerts;

/// <summary>
/// The alert types the controller raises itself, and the catalog entry for any alert type: charon's wire names map to
/// their <c>vici.alert.*</c> entry, the controller's to theirs, anything else to the catch-all <c>vici.alert.unknown</c>
/// (<see cref="CatalogIds.UnknownAlert"/>).
/// </summary>
public static class FleetAlertTypes
{
    /// <summary>The controller cannot reach a gateway's VICI socket (catalog <see cref="CatalogIds.GatewayUnreachable"/>).</summary>
    public const string GatewayUnreachable = "gateway-unreachable";

    /// <summary>The catalog entry that explains an alert of this type.</summary>
    public static CatalogEntry CatalogEntryFor(string? alertType) => alertType switch
    {
        GatewayUnreachable => FleetCatalog.Get(CatalogIds.GatewayUnreachable),
        _ => FleetCatalog.ForAlert(ViciAlertTypes.Parse(alertType)),
    };
}
