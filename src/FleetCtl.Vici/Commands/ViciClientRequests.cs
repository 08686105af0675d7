namespace FleetCtl.Vici.Commands;

/// <summary>Runs any <see cref="IViciRequest"/> on a <see cref="ViciClient"/>.</summary>
public static class ViciClientRequests
{
    /// <summary>Sends <paramref name="request"/> and returns the raw response (for generic plumbing; the typed methods parse it).</summary>
    public static Task<ViciMessage> SendAsync(this ViciClient client, IViciRequest request,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return client.CallAsync(request.Command, request.ToMessage(), timeout, cancellationToken);
    }

    /// <summary>Sends a request whose answer is only <c>success</c>/<c>errmsg</c>.</summary>
    internal static async Task<ViciCommandResult> RunAsync(this ViciClient client, IViciRequest request,
        TimeSpan? timeout, CancellationToken cancellationToken) =>
        ViciCommandResult.Parse(await client.SendAsync(request, timeout, cancellationToken).ConfigureAwait(false));
}
