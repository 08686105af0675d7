namespace FleetCtl.Fleet.Operations;

/// <summary>How fleet operations are previewed, run and reported (<see cref="Hosting.FleetHostingOptions.Operations"/>).</summary>
public sealed class OperationsOptions
{
    /// <summary>How long a preview can be executed after it was made.</summary>
    public TimeSpan PreviewTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Gateway views a preview asks for at once.</summary>
    public int ViewConcurrency { get; set; } = 32;

    /// <summary>How long a preview waits for one gateway's view before reporting it unreachable.</summary>
    public TimeSpan ViewTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>At most this many items in one preview.</summary>
    public int MaxItems { get; set; } = 1_000_000;

    /// <summary>How often a running operation publishes <see cref="OperationProgress"/> (at most; state changes publish at once).</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The most waves one <see cref="OperationProgress"/> carries.</summary>
    public int MaxWavesInProgress { get; set; } = 64;

    /// <summary>How long an operation waits past an item's timeout for its gateway actor's answer before counting it timed out.</summary>
    public TimeSpan AnswerGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After a restart, how long an item that was in flight may stay unverifiable (gateway not connected) before it counts as failed.</summary>
    public TimeSpan VerifyTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a drain waits for each drained gateway's fresh listing.</summary>
    public TimeSpan DrainCheckTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A finished operation's actor stays in memory this long after the last question about it.</summary>
    public TimeSpan FinishedIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Save a snapshot of the operations index after this many events.</summary>
    public int IndexSnapshotEvery { get; set; } = 200;

    /// <summary>The first delay before a stopped operation actor (or the manager) is started again (e.g. its journal failed).</summary>
    public TimeSpan RestartBackoffMin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between such restarts.</summary>
    public TimeSpan RestartBackoffMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <see cref="IFleetOperations"/> waits for answers; a preview also waits for the gateways' views.</summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one attempt of a read (record, list, preview lookup) waits before asking again, within <see cref="AskTimeout"/>.</summary>
    public TimeSpan ReadAttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="ArgumentException"/> when a setting cannot work.</summary>
    public void Validate()
    {
        static void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentException($"Operations option {name} must be positive, not {value}.");
            }
        }

        Positive(PreviewTtl, nameof(PreviewTtl));
        Positive(ViewTimeout, nameof(ViewTimeout));
        Positive(ProgressInterval, nameof(ProgressInterval));
        Positive(VerifyTimeout, nameof(VerifyTimeout));
        Positive(DrainCheckTimeout, nameof(DrainCheckTimeout));
        Positive(FinishedIdleTimeout, nameof(FinishedIdleTimeout));
        Positive(AskTimeout, nameof(AskTimeout));
        Positive(ReadAttemptTimeout, nameof(ReadAttemptTimeout));
        if (ViewConcurrency < 1 || MaxItems < 1 || MaxWavesInProgress < 1 || IndexSnapshotEvery < 1)
        {
            throw new ArgumentException("Operations options ViewConcurrency, MaxItems, MaxWavesInProgress and IndexSnapshotEvery must be at least 1.");
        }
    }
}
