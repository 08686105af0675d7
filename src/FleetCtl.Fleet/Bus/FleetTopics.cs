namespace FleetCtl.Fleet;

/// <summary>DistributedPubSub topics of the fleet event bus. Publishers never wait on subscribers.</summary>
public static class FleetTopics
{
    /// <summary><see cref="State.SaChange"/> records: IKE/CHILD SA up, down, rekey, update.</summary>
    public const string Sas = "fleet.sas";

    /// <summary>Alerts (native VICI alerts, and later ones derived from logs).</summary>
    public const string Alerts = "fleet.alerts";

    /// <summary><see cref="Gateways.GatewayStatus"/> updates.</summary>
    public const string Gateways = "fleet.gateways";

    /// <summary>Fleet operations: <see cref="Operations.OperationProgress"/> while they run, <see cref="Operations.GatewayDrainingChanged"/>
    /// when a gateway's drain mark is set or cleared.</summary>
    public const string Operations = "fleet.operations";

    /// <summary><see cref="Alerts.AlertChanged"/>: an alert of the alert book opened, repeated, was acknowledged or resolved.</summary>
    public const string AlertBook = "fleet.alert-book";
}
