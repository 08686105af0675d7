using FleetCtl.Vici.Models;

namespace FleetCtl.Vici.Events;

/// <summary>
/// <c>child-updown</c>: a CHILD_SA was established (<see cref="Up"/>) or terminated. Wire shape:
/// <c>{ up = yes (only when up), &lt;conn&gt; = { list-sa keys, child-sas = { &lt;name-uniqueid&gt; = { ... } } } }</c>
/// with only the affected CHILD_SA; <see cref="Ike"/>'s <see cref="IkeSa.Children"/> holds it too.
/// </summary>
public sealed record ChildUpDownEvent(bool Up, IkeSa Ike, ChildSa Child, ViciMessage Raw, DateTimeOffset ReceivedAt = default)
    : ViciTypedEvent(Raw, ReceivedAt)
{
    public override string Name => ViciEventNames.ChildUpDown;

    /// <summary>The typed event, or null when the message has no IKE_SA section or no CHILD_SA in it.</summary>
    public static ChildUpDownEvent? TryParse(ViciMessage message, DateTimeOffset receivedAt = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (ViciFields.FirstSection(message) is not { } section)
        {
            return null;
        }

        var ike = IkeSa.Parse(section.Key, section.Value);
        return ike.Children.Count > 0 ? new ChildUpDownEvent(message.IsYes("up"), ike, ike.Children[0], message, receivedAt) : null;
    }
}
