namespace FleetCtl.Vici;

public sealed record ViciClientOptions
{
    public static ViciClientOptions Default { get; } = new();

    public ViciLimits Limits { get; init; } = ViciLimits.Default;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Applied to every command that is not given its own timeout. <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many registered events may wait for the consumer before the oldest are dropped (and counted).</summary>
    public int EventBufferCapacity { get; init; } = 65_536;

    /// <summary>Client certificate and trust for <c>tls://</c> endpoints.</summary>
    public ViciTlsOptions? Tls { get; init; }

    /// <summary>Receives warnings worth logging (e.g. cleartext <c>tcp://</c> to a non-loopback host). Never receives secrets.</summary>
    public Action<string>? OnWarning { get; init; }
}
