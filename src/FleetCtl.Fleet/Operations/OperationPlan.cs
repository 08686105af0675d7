namespace FleetCtl.Fleet.Operations;

/// <summary>
/// How an operation runs: items go out in waves of <see cref="WaveSize"/>, a wave starting only when the previous one
/// has finished and <see cref="PauseBetweenWaves"/> has passed; at most <see cref="MaxConcurrentPerGateway"/> items of a
/// gateway are in flight at once; each item has <see cref="ItemTimeout"/> to be answered. The stop rule: when more than
/// <see cref="MaxFailureRate"/> of a wave's items failed (and the wave had at least <see cref="MinWaveItemsForStopRule"/>
/// items that ran), the operation halts before the next wave.
/// </summary>
public sealed record OperationPlan
{
    public const int MaxWaveSize = 100_000;
    public static readonly TimeSpan MaxPause = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxItemTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Items per wave (1 to <see cref="MaxWaveSize"/>).</summary>
    public int WaveSize { get; init; } = 50;

    /// <summary>Wait between the end of one wave and the start of the next (0 to <see cref="MaxPause"/>).</summary>
    public TimeSpan PauseBetweenWaves { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Items of one gateway in flight at once (1 to 100). VICI runs one command at a time per connection, so
    /// more only queues them on the gateway's session.</summary>
    public int MaxConcurrentPerGateway { get; init; } = 4;

    /// <summary>Halt when the failed share of a wave's items is above this (0 to 1; 1 never halts). Items whose SA was
    /// already gone, and cancelled items, do not count.</summary>
    public double MaxFailureRate { get; init; } = 0.2;

    /// <summary>The stop rule is only applied to waves in which at least this many items ran (so one failure in a wave of
    /// two does not halt a drain).</summary>
    public int MinWaveItemsForStopRule { get; init; } = 1;

    /// <summary>How long one item (one VICI command) may take (1 s to <see cref="MaxItemTimeout"/>).</summary>
    public TimeSpan ItemTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Every problem with this plan; empty when it is valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (WaveSize is < 1 or > MaxWaveSize)
        {
            problems.Add($"The wave size must be between 1 and {MaxWaveSize}, not {WaveSize}.");
        }

        if (PauseBetweenWaves < TimeSpan.Zero || PauseBetweenWaves > MaxPause)
        {
            problems.Add($"The pause between waves must be between 0 and {MaxPause.TotalMinutes:0} minutes, not {PauseBetweenWaves}.");
        }

        if (MaxConcurrentPerGateway is < 1 or > 100)
        {
            problems.Add($"The concurrent items per gateway must be between 1 and 100, not {MaxConcurrentPerGateway}.");
        }

        if (double.IsNaN(MaxFailureRate) || MaxFailureRate is < 0 or > 1)
        {
            problems.Add($"The failure rate threshold must be between 0 and 1 (e.g. 0.2 for 20 %), not {MaxFailureRate}.");
        }

        if (MinWaveItemsForStopRule < 1)
        {
            problems.Add($"The minimum items for the stop rule must be at least 1, not {MinWaveItemsForStopRule}.");
        }

        if (ItemTimeout < TimeSpan.FromSeconds(1) || ItemTimeout > MaxItemTimeout)
        {
            problems.Add($"The item timeout must be between 1 second and {MaxItemTimeout.TotalMinutes:0} minutes, not {ItemTimeout}.");
        }

        return problems;
    }

    public override string ToString() =>
        $"waves of {WaveSize}, pause {Seconds(PauseBetweenWaves)}, {MaxConcurrentPerGateway}/gateway, halt above {MaxFailureRate:P0} failed, item timeout {Seconds(ItemTimeout)}";

    /// <summary>A duration as an operator writes it: <c>0.2 s</c>, <c>30 s</c>.</summary>
    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
