namespace FleetCtl.Fleet.Gateways;

/// <summary>How a gateway actor keeps its connection and state (bound from configuration section <c>Fleet:Gateway</c>).</summary>
public sealed record GatewayOptions
{
    /// <summary>First reconnect delay; doubles per failed attempt.</summary>
    public TimeSpan BackoffMin { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest reconnect delay.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A connection up this long counts as stable: the backoff starts again from <see cref="BackoffMin"/>.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline for connect plus resync (list-conns and list-sas with noblock).</summary>
    public TimeSpan ResyncTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often SAs are relisted while connected (byte counters only come from listings). Zero turns it off.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a libreswan gateway (which pushes no events) is polled: <c>whack --status</c>, then the
    /// differences become SA changes. Its SAs appear or vanish on the dashboard at most this late.</summary>
    public TimeSpan LibreswanPollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one whack command on a libreswan gateway may take.</summary>
    public TimeSpan LibreswanCommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The highest charon log level kept (0 audit, 1 control). charon's VICI logger sends levels 0 and 1 only, so 1
    /// keeps everything it sends; 0 keeps only audit lines (and loses most of what diagnosis and derived alerts read).</summary>
    public int LogMaxLevel { get; init; } = 1;

    /// <summary>Recent log lines (VICI <c>log</c> events) kept per gateway for diagnosis; 0 keeps none.</summary>
    public int LogRingLines { get; init; } = 2000;

    /// <summary>Bytes of log text kept per gateway at most (the ring drops its oldest lines beyond it).</summary>
    public int LogRingBytes { get; init; } = 1024 * 1024;

    /// <summary>A snapshot of the SA state is saved after this many persisted changes (and after each resync).</summary>
    public int SnapshotEvery { get; init; } = 1000;
}

/// <summary>Exponential backoff with jitter: attempt n waits a random time between half and all of min·2ⁿ, capped at max.</summary>
public static class ReconnectBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan min, TimeSpan max, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var exponent = Math.Min(Math.Max(attempt, 0), 30);
        var ceiling = Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (random.NextDouble() * 0.5)));
    }
}
