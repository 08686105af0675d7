using FleetCtl.Libreswan;

namespace FleetCtl.Fleet.Gateways;

/// <summary>
/// Sessions with libreswan gateways: pluto has no VICI, so a session runs whack through the gateway's command prefix
/// (<c>ipsec</c>, <c>ssh gw5 sudo ipsec whack</c>, a whack path with <c>--ctlsocket</c>) and polls its status. The gateway
/// actor addresses such a gateway as <c>libreswan:</c> + the command (<see cref="AddressFor"/>).
/// </summary>
public sealed class LibreswanGatewayConnector(TimeSpan pollInterval, ICommandRunner? runner = null, CommandOptions? commandOptions = null) : IGatewayConnector
{
    /// <summary>What a libreswan gateway's address starts with (a VICI URI never does).</summary>
    public const string Scheme = "libreswan:";

    /// <summary>The address a gateway actor is given for a libreswan gateway reached through <paramref name="command"/>.</summary>
    public static string AddressFor(string command) => Scheme + command;

    public static bool IsLibreswan(string address) => address.StartsWith(Scheme, StringComparison.Ordinal);

    public async Task<IGatewaySession> ConnectAsync(string gateway, string uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!IsLibreswan(uri))
        {
            throw new ArgumentException($"'{uri}' is not a libreswan gateway address ({Scheme}<command>)", nameof(uri));
        }

        var commands = new LibreswanCommands(uri[Scheme.Length..], runner, commandOptions);
        // the first status both proves the gateway answers and tells its version
        var text = await commands.StatusTextAsync(cancellationToken).ConfigureAwait(false);
        var status = LibreswanStatusParser.Parse(text);
        return new LibreswanGatewaySession(commands, LibreswanMapping.Daemon(text), pollInterval, status);
    }
}

/// <summary>Routes each gateway to the connector of its kind: libreswan addresses to <see cref="LibreswanGatewayConnector"/>, the rest (VICI URIs) to the VICI one.</summary>
public sealed class GatewayConnectors(IGatewayConnector vici, IGatewayConnector libreswan) : IGatewayConnector
{
    public Task<IGatewaySession> ConnectAsync(string gateway, string uri, CancellationToken cancellationToken) =>
        LibreswanGatewayConnector.IsLibreswan(uri ?? "") ? libreswan.ConnectAsync(gateway, uri!, cancellationToken) : vici.ConnectAsync(gateway, uri!, cancellationToken);
}
