using System.Runtime.CompilerServices;
using FleetCtl.Vici.Events;
using FleetCtl.Vici.Models;

namespace FleetCtl.Vici.Commands;

/// <summary>
/// Typed configuration commands on <see cref="ViciClient"/>: connections (load-conn, unload-conn, get-conns,
/// list-conns), pools (load-pool, unload-pool, get-pools) and reload-settings.
/// </summary>
public static class ViciClientConfigCommands
{
    public static Task<ViciCommandResult> ReloadSettingsAsync(this ViciClient client,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        client.RunAsync(new ReloadSettingsRequest(), timeout, cancellationToken);

    public static Task<ViciCommandResult> LoadConnAsync(this ViciClient client, LoadConnRequest request,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        client.RunAsync(request, timeout, cancellationToken);

    public static Task<ViciCommandResult> UnloadConnAsync(this ViciClient client, UnloadConnRequest request,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        client.RunAsync(request, timeout, cancellationToken);

    /// <summary>Names of the connections loaded over VICI (<c>conns</c>).</summary>
    public static async Task<IReadOnlyList<string>> GetConnsAsync(this ViciClient client,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (await client.SendAsync(new GetConnsRequest(), timeout, cancellationToken).ConfigureAwait(false)).GetStrings("conns");

    /// <summary>Runs <c>list-conns</c> and yields each connection as its <c>list-conn</c> event arrives.</summary>
    public static async IAsyncEnumerable<ConnectionInfo> ListConnsAsync(this ViciClient client, ListConnsRequest? request = null,
        TimeSpan? timeout = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var message = (request ?? new ListConnsRequest()).ToMessage();
        await foreach (var e in client.StreamAsync(ListConnsRequest.CommandName, ViciEventNames.ListConn, message, timeout, null, cancellationToken)
                           .ConfigureAwait(false))
        {
            foreach (var conn in ConnectionInfo.ParseAll(e))
            {
                yield return conn;
            }
        }
    }

    public static Task<ViciCommandResult> LoadPoolAsync(this ViciClient client, LoadPoolRequest request,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        client.RunAsync(request, timeout, cancellationToken);

    public static Task<ViciCommandResult> UnloadPoolAsync(this ViciClient client, UnloadPoolRequest request,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        client.RunAsync(request, timeout, cancellationToken);

    /// <summary>The loaded pools (with leases when <see cref="GetPoolsRequest.Leases"/> is set).</summary>
    public static async Task<IReadOnlyList<PoolInfo>> GetPoolsAsync(this ViciClient client, GetPoolsRequest? request = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        PoolInfo.ParseAll(await client.SendAsync(request ?? new GetPoolsRequest(), timeout, cancellationToken).ConfigureAwait(false));
}
