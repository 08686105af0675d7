using System.Diagnostics.Metrics;

namespace FleetCtl.Fleet.Telemetry;

/// <summary>
/// The fleet core's own measurements as System.Diagnostics.Metrics instruments (meter <see cref="MeterName"/>), so the
/// core stays independent of any exporter; the server's /metrics listens to them (docs/metrics.md).
/// </summary>
public static class FleetMeters
{
    public const string MeterName = "FleetCtl.Fleet";
    public const string JournalWriteName = "fleetctl.journal.write.duration";
    public const string JournalPendingName = "fleetctl.journal.pending";

    private static readonly Meter s_meter = new(MeterName);

    /// <summary>Seconds from handing an SA change to the journal until the journal confirmed it was written: the write lag.</summary>
    public static readonly Histogram<double> JournalWrite = s_meter.CreateHistogram<double>(JournalWriteName, "s",
        "Time from handing an SA change to the journal until it was written");

    /// <summary>SA changes handed to the journal and not yet confirmed (rises when the database falls behind).</summary>
    public static readonly UpDownCounter<long> JournalPending = s_meter.CreateUpDownCounter<long>(JournalPendingName, "{event}",
        "SA changes handed to the journal and not yet written");
}
