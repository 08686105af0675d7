namespace FleetCtl.Fleet.Telemetry;

/// <summary>The whole fleet at one moment (from <see cref="Hosting.FleetDirectory"/>'s statuses).</summary>
/// <param name="At">When it was sampled.</param>
/// <param name="Connected">Gateways the controller is connected to.</param>
/// <param name="Unreachable">Gateways it cannot reach.</param>
/// <param name="Total">Every gateway of the directory (the rest are connecting or syncing).</param>
/// <param name="IkeSas">IKE_SAs over all gateways, as last reported.</param>
/// <param name="ChildSas">CHILD_SAs over all gateways, as last reported.</param>
/// <param name="TunnelsDown">Configured CHILD_SAs without an installed CHILD_SA, over all gateways.</param>
public readonly record struct FleetPoint(DateTimeOffset At, int Connected, int Unreachable, int Total, int IkeSas, int ChildSas, int TunnelsDown);

/// <summary>One gateway's SA counts at one moment (as its last status reported them, also while it is unreachable).</summary>
public readonly record struct GatewayPoint(DateTimeOffset At, int IkeSas, int ChildSas);

/// <summary>How many bus messages arrived in the second starting at <paramref name="At"/>.</summary>
/// <param name="At">The start of the second (UTC).</param>
/// <param name="SaChanges">SA changes (<see cref="FleetTopics.Sas"/>).</param>
/// <param name="Alerts">Gateway alerts (<see cref="FleetTopics.Alerts"/>).</param>
public readonly record struct RatePoint(DateTimeOffset At, int SaChanges, int Alerts);
