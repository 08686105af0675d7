using FleetCtl.Vici.Models;

namespace FleetCtl.Vici.Events;

/// <summary>
/// <c>ike-update</c>: an IKE_SA's endpoints are about to change (MOBIKE, NAT port float). The root keys hold the new
/// addresses; <see cref="Sa"/> still shows the old ones. Wire shape:
/// <c>{ local-host, local-port, remote-host, remote-port, &lt;conn&gt; = { list-sa keys, no child-sas } }</c>.
/// </summary>
public sealed record IkeUpdateEvent(
    string? NewLocalHost, long? NewLocalPort, string? NewRemoteHost, long? NewRemotePort,
    IkeSa Sa, ViciMessage Raw, DateTimeOffset ReceivedAt = default)
    : ViciTypedEvent(Raw, ReceivedAt)
{
    public override string Name => ViciEventNames.IkeUpdate;

    /// <summary>The typed event, or null when the message has no IKE_SA section.</summary>
    public static IkeUpdateEvent? TryParse(ViciMessage message, DateTimeOffset receivedAt = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ViciFields.FirstSection(message) is { } ike
            ? new IkeUpdateEvent(
                message.GetString("local-host"), message.GetInt64("local-port"),
                message.GetString("remote-host"), message.GetInt64("remote-port"),
                IkeSa.Parse(ike.Key, ike.Value), message, receivedAt)
            : null;
    }
}
