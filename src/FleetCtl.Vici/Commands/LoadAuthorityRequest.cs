namespace FleetCtl.Vici.Commands;

/// <summary>
/// <c>load-authority</c>: loads (or replaces) one certification authority. <see cref="Authority"/> is shaped like
/// swanctl.conf's <c>authorities.&lt;name&gt;</c> (<c>cacert</c>, <c>file</c>, <c>handle</c>, <c>slot</c>,
/// <c>module</c>, <c>crl_uris</c>, <c>ocsp_uris</c>, <c>cert_uri_base</c>). Sent as <c>{ &lt;Name&gt; = Authority }</c>.
/// </summary>
public sealed record LoadAuthorityRequest : IViciRequest
{
    public const string CommandName = "load-authority";

    public LoadAuthorityRequest(string name, ViciMessage authority)
    {
        Name = name;
        Authority = authority;
    }

    string IViciRequest.Command => CommandName;

    public string Name { get; init => field = RequestArgs.NotBlank(value, nameof(Name)); }

    public ViciMessage Authority { get; init => field = value ?? throw new ArgumentNullException(nameof(Authority)); }

    /// <summary>A request whose section is filled in by <paramref name="build"/>.</summary>
    public static LoadAuthorityRequest Create(string name, Action<ViciMessage> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var authority = new ViciMessage();
        build(authority);
        return new LoadAuthorityRequest(name, authority);
    }

    public ViciMessage ToMessage() => new ViciMessage().Set(Name, Authority);
}
