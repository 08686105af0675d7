using FleetCtl.Vici.Models;

namespace FleetCtl.Vici.Commands;

/// <summary>Typed information commands on <see cref="ViciClient"/>: version, stats, get-algorithms, get-counters, reset-counters.</summary>
public static class ViciClientInfoCommands
{
    public static async Task<ViciVersion> VersionAsync(this ViciClient client,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ViciVersion.Parse(await client.SendAsync(new VersionRequest(), timeout, cancellationToken).ConfigureAwait(false));

    public static async Task<ViciStats> StatsAsync(this ViciClient client,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ViciStats.Parse(await client.SendAsync(new StatsRequest(), timeout, cancellationToken).ConfigureAwait(false));

    public static async Task<ViciAlgorithms> GetAlgorithmsAsync(this ViciClient client,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ViciAlgorithms.Parse(await client.SendAsync(new GetAlgorithmsRequest(), timeout, cancellationToken).ConfigureAwait(false));

    /// <summary>IKE event counters; needs charon's <c>counters</c> plugin (without it charon answers <c>success = no</c>).</summary>
    public static async Task<ViciCounters> GetCountersAsync(this ViciClient client, GetCountersRequest? request = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ViciCounters.Parse(await client.SendAsync(request ?? new GetCountersRequest(), timeout, cancellationToken).ConfigureAwait(false));

    public static Task<ViciCommandResult> ResetCountersAsync(this ViciClient client, ResetCountersRequest? request = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        client.RunAsync(request ?? new ResetCountersRequest(), timeout, cancellationToken);
}
