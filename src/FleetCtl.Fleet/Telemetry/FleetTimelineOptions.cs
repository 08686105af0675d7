namespace FleetCtl.Fleet.Telemetry;

/// <summary>How often <see cref="FleetTimeline"/> samples and how much it keeps.</summary>
public sealed class FleetTimelineOptions
{
    /// <summary>How often the fleet is sampled.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often each gateway is sampled (coarser: 1,000 gateways × 24 h at 60 s are about 1.4 million points, ~12 MB).</summary>
    public TimeSpan GatewaySampleInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How far back fleet and gateway points go.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How far back event rates go (one bucket per second).</summary>
    public TimeSpan RateRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Throws when a value is unusable (not positive, or a retention shorter than its interval, or more than a million slots).</summary>
    public void Validate()
    {
        Check(SampleInterval, Retention, nameof(SampleInterval));
        Check(GatewaySampleInterval, Retention, nameof(GatewaySampleInterval));
        Check(TimeSpan.FromSeconds(1), RateRetention, nameof(RateRetention));
    }

    private static void Check(TimeSpan interval, TimeSpan retention, string name)
    {
        if (interval <= TimeSpan.Zero || retention < interval || retention / interval > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(name, $"{name}: intervals must be positive, retentions at least one interval and at most a million of them.");
        }
    }
}
