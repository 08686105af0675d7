using System.Runtime.CompilerServices;
using FleetCtl.Vici.Events;
using FleetCtl.Vici.Models;

namespace FleetCtl.Vici.Commands;

/// <summary>
/// Typed credential commands on <see cref="ViciClient"/>: certificates, private keys and tokens, shared secrets,
/// certification authorities, cache flushing and clearing.
/// </summary>
public static class ViciClientCredentialCommands
{
    /// <summary>Runs <c>list-certs</c> and yields each certificate as its <c>list-cert</c> event arrives.</summary>
    public static async IAsyncEnumerable<CertificateInfo> ListCertsAsync(this ViciClient client, ListCertsRequest? request = null,
        TimeSpan? timeout = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var message = (request ?? new ListCertsRequest()).ToMessage();
        await foreach (var e in client.StreamAsync(ListCertsRequest.CommandName, ViciEventNames.ListCert, message, timeout, null, cancellationToken)
                           .ConfigureAwait(false))
        {
            yield return CertificateInfo.Parse(e);
        }
    }

    public static Task<ViciCommandResult> LoadCertAsync(this ViciClient client, LoadCertRequest request,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        client.RunAsync(request, timeout, cancellationToken);

    /// <summary>Loads a private key; the result holds its key identifier.</summary>
    public static async Task<LoadKeyResult> LoadKeyAsync(this ViciClient client, LoadKeyRequest request,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        LoadKeyResult.Parse(await client.SendAsync(request, timeout, cancellationToken).ConfigureAwait(false));

    public static Task<ViciCommandResult> UnloadKeyAsync(this ViciClient client, UnloadKeyRequest request,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        client.RunAsync(request, timeout, cancellationToken);

    /// <summary>Identifiers of the private keys loaded over VICI (<c>keys</c>).</summary>
    public static async Task<IReadOnlyList<string>> GetKeysAsync(this ViciClient client,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (await client.SendAsync(new GetKeysRequest(), timeout, cancellationToken).ConfigureAwait(false)).GetStrings("keys");

    /// <summary>Loads a private key held on a token; the result holds its key identifier.</summary>
    public static async Task<LoadKeyResult> LoadTokenAsync(this ViciClient client, LoadTokenRequest request,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        LoadKeyResult.Parse(await client.SendAsync(request, timeout, cancellationToken).ConfigureAwait(false));

    public static Task<ViciCommandResult> LoadSharedAsync(this ViciClient client, LoadSharedRequest request,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        client.RunAsync(request, timeout, cancellationToken);

    public static Task<ViciCommandResult> UnloadSharedAsync(this ViciClient client, UnloadSharedRequest request,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        client.RunAsync(request, timeout, cancellationToken);

    /// <summary>Unique identifiers of the shared secrets loaded over VICI (<c>keys</c>).</summary>
    public static async Task<IReadOnlyList<string>> GetSharedAsync(this ViciClient client,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (await client.SendAsync(new GetSharedRequest(), timeout, cancellationToken).ConfigureAwait(false)).GetStrings("keys");

    public static Task<ViciCommandResult> FlushCertsAsync(this ViciClient client, FlushCertsRequest? request = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        client.RunAsync(request ?? new FlushCertsRequest(), timeout, cancellationToken);

    public static Task<ViciCommandResult> ClearCredsAsync(this ViciClient client,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        client.RunAsync(new ClearCredsRequest(), timeout, cancellationToken);

    public static Task<ViciCommandResult> LoadAuthorityAsync(this ViciClient client, LoadAuthorityRequest request,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        client.RunAsync(request, timeout, cancellationToken);

    public static Task<ViciCommandResult> UnloadAuthorityAsync(this ViciClient client, UnloadAuthorityRequest request,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        client.RunAsync(request, timeout, cancellationToken);

    /// <summary>Names of the loaded certification authorities (<c>authorities</c>).</summary>
    public static async Task<IReadOnlyList<string>> GetAuthoritiesAsync(this ViciClient client,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (await client.SendAsync(new GetAuthoritiesRequest(), timeout, cancellationToken).ConfigureAwait(false)).GetStrings("authorities");

    /// <summary>Runs <c>list-authorities</c> and yields each authority as its <c>list-authority</c> event arrives.</summary>
    public static async IAsyncEnumerable<AuthorityInfo> ListAuthoritiesAsync(this ViciClient client, ListAuthoritiesRequest? request = null,
        TimeSpan? timeout = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var message = (request ?? new ListAuthoritiesRequest()).ToMessage();
        await foreach (var e in client.StreamAsync(ListAuthoritiesRequest.CommandName, ViciEventNames.ListAuthority, message, timeout, null, cancellationToken)
                           .ConfigureAwait(false))
        {
            foreach (var authority in AuthorityInfo.ParseAll(e))
            {
                yield return authority;
            }
        }
    }
}
