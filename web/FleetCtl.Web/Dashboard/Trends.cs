using FleetCtl.Fleet.Telemetry;

namespace FleetCtl.Web.Dashboard;

/// <summary>One line of a time chart: its name and its points (UTC times, oldest first).</summary>
public sealed record TrendSeries(string Name, IReadOnlyList<TrendPoint> Points);

/// <summary>A point of a <see cref="TrendSeries"/>.</summary>
public readonly record struct TrendPoint(DateTime At, double Value);

/// <summary>The time ranges the overview's SA chart offers.</summary>
public enum TrendRange
{
    Hour1,
    Hours6,
    Hours24,
}

/// <summary>
/// Turns <see cref="FleetTimeline"/>'s samples into chart series: at most a few hundred points per line (an SVG line
/// of 17,280 points helps nobody), each the average of the samples it stands for.
/// </summary>
public static class Trends
{
    /// <summary>Points per line at most.</summary>
    public const int MaxPoints = 360;

    /// <summary>How far back the event-rate chart goes.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(10);

    /// <summary>Seconds averaged into one point of the event-rate chart.</summary>
    public const int RateBucketSeconds = 5;

    /// <summary>How far back the gateway page's SA chart goes.</summary>
    public static readonly TimeSpan GatewayWindow = TimeSpan.FromHours(6);

    public static TimeSpan Span(TrendRange range) => range switch
    {
        TrendRange.Hour1 => TimeSpan.FromHours(1),
        TrendRange.Hours6 => TimeSpan.FromHours(6),
        TrendRange.Hours24 => TimeSpan.FromHours(24),
        _ => throw new ArgumentOutOfRangeException(nameof(range), range, null),
    };

    public static string Label(TrendRange range) => range switch
    {
        TrendRange.Hour1 => "1h",
        TrendRange.Hours6 => "6h",
        TrendRange.Hours24 => "24h",
        _ => throw new ArgumentOutOfRangeException(nameof(range), range, null),
    };

    private static readonly TimeSpan[] s_labelSpacings =
    [
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2),
        TimeSpan.FromHours(4), TimeSpan.FromHours(6),
    ];

    /// <summary>
    /// Spacing of the time axis' labels for data spanning <paramref name="span"/>: the roundest that gives at most six.
    /// Never more than the span itself (the chart would label its right edge with a time past the data).
    /// </summary>
    public static TimeSpan LabelSpacing(TimeSpan span)
    {
        if (span <= TimeSpan.Zero)
        {
            return TimeSpan.FromMinutes(1); // one point: one label
        }

        var spacing = s_labelSpacings.FirstOrDefault(s => span / s <= 6, s_labelSpacings[^1]);
        return spacing <= span ? spacing : span;
    }

    /// <summary>The time labels' format: seconds only where the data spans less than a few minutes.</summary>
    public static string LabelFormat(TimeSpan span) => span < TimeSpan.FromMinutes(3) ? "HH:mm:ss" : "HH:mm";

    /// <summary>A round step for a y axis that reaches <paramref name="max"/> in about four steps: 1, 2, 5, 10, 20, 50, ...</summary>
    public static int TickStep(double max)
    {
        var rough = Math.Max(1, max / 4);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = rough <= magnitude ? magnitude : rough <= 2 * magnitude ? 2 * magnitude : rough <= 5 * magnitude ? 5 * magnitude : 10 * magnitude;
        return (int)Math.Max(1, step);
    }

    /// <summary>The fleet's IKE_SAs and CHILD_SAs over time.</summary>
    public static IReadOnlyList<TrendSeries> FleetSas(IReadOnlyList<FleetPoint> points, int maxPoints = MaxPoints)
    {
        ArgumentNullException.ThrowIfNull(points);
        return
        [
            new TrendSeries("IKE_SAs", Downsample(points, p => p.At, p => p.IkeSas, maxPoints)),
            new TrendSeries("CHILD_SAs", Downsample(points, p => p.At, p => p.ChildSas, maxPoints)),
        ];
    }

    /// <summary>One gateway's IKE_SAs and CHILD_SAs over time.</summary>
    public static IReadOnlyList<TrendSeries> GatewaySas(IReadOnlyList<GatewayPoint> points, int maxPoints = MaxPoints)
    {
        ArgumentNullException.ThrowIfNull(points);
        return
        [
            new TrendSeries("IKE_SAs", Downsample(points, p => p.At, p => p.IkeSas, maxPoints)),
            new TrendSeries("CHILD_SAs", Downsample(points, p => p.At, p => p.ChildSas, maxPoints)),
        ];
    }

    /// <summary>SA changes and alerts per second, averaged over <paramref name="bucketSeconds"/> seconds per point.</summary>
    public static IReadOnlyList<TrendSeries> EventRates(IReadOnlyList<RatePoint> points, int bucketSeconds = RateBucketSeconds)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketSeconds, 1);
        var max = Math.Max(1, (points.Count + bucketSeconds - 1) / bucketSeconds);
        return
        [
            new TrendSeries("SA changes/s", Downsample(points, p => p.At, p => p.SaChanges, max)),
            new TrendSeries("Alerts/s", Downsample(points, p => p.At, p => p.Alerts, max)),
        ];
    }

    /// <summary>
    /// At most <paramref name="maxPoints"/> points: consecutive samples in groups of equal size (the last group may be
    /// smaller), each group the average of its values at the time of its last sample. Fewer samples come back as they are.
    /// </summary>
    public static IReadOnlyList<TrendPoint> Downsample<T>(IReadOnlyList<T> points, Func<T, DateTimeOffset> at, Func<T, double> value, int maxPoints)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(at);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        var group = (points.Count + maxPoints - 1) / maxPoints;
        if (group <= 1)
        {
            return [.. points.Select(p => new TrendPoint(at(p).UtcDateTime, value(p)))];
        }

        var result = new List<TrendPoint>((points.Count + group - 1) / group);
        for (var start = 0; start < points.Count; start += group)
        {
            var end = Math.Min(start + group, points.Count);
            double sum = 0;
            for (var i = start; i < end; i++)
            {
                sum += value(points[i]);
            }

            result.Add(new TrendPoint(at(points[end - 1]).UtcDateTime, sum / (end - start)));
        }

        return result;
    }
}
