namespace FleetCtl.Fleet.Alerts;

/// <summary>How the alert book keeps its alerts (<see cref="AlertBookActor"/>) and how long the edge waits for it (<see cref="FleetAlerts"/>).</summary>
public sealed class AlertBookOptions
{
    /// <summary>Save a snapshot after this many persisted events.</summary>
    public int SnapshotEvery { get; set; } = 500;

    /// <summary>At most this many closed (acknowledged or resolved) alerts stay in memory; the oldest closed ones are
    /// dropped first. Open alerts are never dropped.</summary>
    public int MaxClosedAlerts { get; set; } = 10_000;

    /// <summary>The first delay before the book is started again after it stopped (e.g. its journal failed).</summary>
    public TimeSpan RestartBackoffMin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between restarts.</summary>
    public TimeSpan RestartBackoffMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <see cref="IFleetAlerts"/> waits for the book's answer.</summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
