using System.Runtime.CompilerServices;
using FleetCtl.Vici.Events;
using FleetCtl.Vici.Models;

namespace FleetCtl.Vici.Commands;

/// <summary>
/// Typed SA commands on <see cref="ViciClient"/>: initiate, terminate, rekey, redirect, install, uninstall,
/// list-sas and list-policies. All throw <see cref="ViciCommandFailedException"/> when charon answers
/// <c>success = no</c> and <see cref="ViciUnknownCommandException"/> when it has no such command.
/// </summary>
public static class ViciClientSaCommands
{
    /// <summary>
    /// Runs <c>initiate</c>, reporting each <c>control-log</c> line to <paramref name="log"/> as it arrives.
    /// Without <see cref="InitiateRequest.TimeoutMs"/> charon waits indefinitely and only the client-side timeout
    /// bounds the call; with it, and no <paramref name="timeout"/>, the client waits that long plus a margin.
    /// </summary>
    public static async Task<InitiateResult> InitiateAsync(this ViciClient client, InitiateRequest request,
        IProgress<ControlLogEvent>? log = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        var message = request.ToMessage();
        var clientTimeout = ViciStreaming.ClientTimeout(timeout, request.TimeoutMs);
        var (response, lines) = await ViciStreaming.RunWithControlLogAsync(InitiateRequest.CommandName,
            onResponse => client.StreamAsync(InitiateRequest.CommandName, ViciEventNames.ControlLog, message, clientTimeout, onResponse, cancellationToken),
            log, cancellationToken).ConfigureAwait(false);
        return InitiateResult.Parse(response, lines);
    }

    /// <summary>
    /// Runs <c>terminate</c>, reporting each <c>control-log</c> line to <paramref name="log"/> as it arrives. On
    /// failure charon still reports the counts: <c>TerminateResult.Parse(exception.Response)</c> reads them.
    /// </summary>
    public static async Task<TerminateResult> TerminateAsync(this ViciClient client, TerminateRequest request,
        IProgress<ControlLogEvent>? log = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        var message = request.ToMessage();
        var clientTimeout = ViciStreaming.ClientTimeout(timeout, request.TimeoutMs);
        var (response, lines) = await ViciStreaming.RunWithControlLogAsync(TerminateRequest.CommandName,
            onResponse => client.StreamAsync(TerminateRequest.CommandName, ViciEventNames.ControlLog, message, clientTimeout, onResponse, cancellationToken),
            log, cancellationToken).ConfigureAwait(false);
        return TerminateResult.Parse(response, lines);
    }

    /// <summary>Runs <c>rekey</c>; the rekeyings are queued, not finished, when it returns.</summary>
    public static async Task<RekeyResult> RekeyAsync(this ViciClient client, RekeyRequest request,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return RekeyResult.Parse(await client.CallAsync(RekeyRequest.CommandName, request.ToMessage(), timeout, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Runs <c>redirect</c>. Success means the redirects were <em>queued</em> for <see cref="RedirectResult.Matches"/>
    /// IKE_SAs, not that the peers have moved; watch the SAs go down (<c>ike-updown</c>) to know.
    /// </summary>
    public static async Task<RedirectResult> RedirectAsync(this ViciClient client, RedirectRequest request,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return RedirectResult.Parse(await client.CallAsync(RedirectRequest.CommandName, request.ToMessage(), timeout, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Runs <c>install</c>.</summary>
    public static Task<ViciCommandResult> InstallAsync(this ViciClient client, InstallRequest request,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        client.RunAsync(request, timeout, cancellationToken);

    /// <summary>Runs <c>uninstall</c>.</summary>
    public static Task<ViciCommandResult> UninstallAsync(this ViciClient client, UninstallRequest request,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        client.RunAsync(request, timeout, cancellationToken);

    /// <summary>Runs <c>list-sas</c> and yields each IKE_SA (with its CHILD_SAs) as its <c>list-sa</c> event arrives.</summary>
    public static async IAsyncEnumerable<IkeSa> ListSasAsync(this ViciClient client, ListSasRequest? request = null,
        TimeSpan? timeout = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var message = (request ?? new ListSasRequest()).ToMessage();
        await foreach (var e in client.StreamAsync(ListSasRequest.CommandName, ViciEventNames.ListSa, message, timeout, null, cancellationToken)
                           .ConfigureAwait(false))
        {
            foreach (var sa in IkeSa.ParseAll(e))
            {
                yield return sa;
            }
        }
    }

    /// <summary>Runs <c>list-policies</c> and yields each policy as its <c>list-policy</c> event arrives.</summary>
    public static async IAsyncEnumerable<PolicyInfo> ListPoliciesAsync(this ViciClient client, ListPoliciesRequest? request = null,
        TimeSpan? timeout = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var message = (request ?? new ListPoliciesRequest()).ToMessage();
        await foreach (var e in client.StreamAsync(ListPoliciesRequest.CommandName, ViciEventNames.ListPolicy, message, timeout, null, cancellationToken)
                           .ConfigureAwait(false))
        {
            foreach (var policy in PolicyInfo.ParseAll(e))
            {
                yield return policy;
            }
        }
    }
}
