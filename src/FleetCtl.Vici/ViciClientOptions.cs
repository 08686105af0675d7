namespace FleetCtl.Vici;

public sealed record ViciClientOptions
{
    public ViciLimits Limits { get; init; } = ViciLimits.Default;
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Applied to every command that is not given its own timeout. <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public int EventBufferCapacity { get; init; } = 65_536;
}
