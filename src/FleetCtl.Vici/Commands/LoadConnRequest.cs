namespace FleetCtl.Vici.Commands;

/// <summary>
/// <c>load-conn</c>: loads (or replaces) one connection. <see cref="Connection"/> is the connection's section shaped
/// like swanctl.conf's <c>connections.&lt;name&gt;</c> (keys such as <c>version</c>, <c>local_addrs</c>,
/// <c>local</c>/<c>remote</c> auth sections and <c>children</c>), built with <see cref="ViciMessage.Set(string, string)"/>
/// and friends. The message sent is <c>{ &lt;Name&gt; = Connection }</c>; do not change the section after handing it over.
/// </summary>
public sealed record LoadConnRequest : IViciRequest
{
    public const string CommandName = "load-conn";

    public LoadConnRequest(string name, ViciMessage connection)
    {
        Name = name;
        Connection = connection;
    }

    string IViciRequest.Command => CommandName;

    /// <summary>The connection (IKE_SA config) name.</summary>
    public string Name { get; init => field = RequestArgs.NotBlank(value, nameof(Name)); }

    /// <summary>The connection's section.</summary>
    public ViciMessage Connection { get; init => field = value ?? throw new ArgumentNullException(nameof(Connection)); }

    /// <summary>A request whose section is filled in by <paramref name="build"/>.</summary>
    public static LoadConnRequest Create(string name, Action<ViciMessage> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var connection = new ViciMessage();
        build(connection);
        return new LoadConnRequest(name, connection);
    }

    public ViciMessage ToMessage() => new ViciMessage().Set(Name, Connection);
}
