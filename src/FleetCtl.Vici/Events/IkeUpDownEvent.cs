using FleetCtl.Vici.Models;

namespace FleetCtl.Vici.Events;

/// <summary>
/// <c>ike-updown</c>: an IKE_SA was established (<see cref="Up"/>) or terminated. Wire shape:
/// <c>{ up = yes (only when up), &lt;conn&gt; = { list-sa keys, no child-sas } }</c>.
/// </summary>
public sealed record IkeUpDownEvent(bool Up, IkeSa Sa, ViciMessage Raw, DateTimeOffset ReceivedAt = default)
    : ViciTypedEvent(Raw, ReceivedAt)
{
    public override string Name => ViciEventNames.IkeUpDown;

    /// <summary>The typed event, or null when the message has no IKE_SA section.</summary>
    public static IkeUpDownEvent? TryParse(ViciMessage message, DateTimeOffset receivedAt = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ViciFields.FirstSection(message) is { } ike
            ? new IkeUpDownEvent(message.IsYes("up"), IkeSa.Parse(ike.Key, ike.Value), message, receivedAt)
            : null;
    }
}
