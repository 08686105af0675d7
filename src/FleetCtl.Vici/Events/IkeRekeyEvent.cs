using FleetCtl.Vici.Models;

namespace FleetCtl.Vici.Events;

/// <summary>
/// <c>ike-rekey</c>: an IKE_SA was rekeyed. Wire shape: <c>{ &lt;conn&gt; = { old = { ... }, new = { ... } } }</c>;
/// both SAs carry the connection name.
/// </summary>
public sealed record IkeRekeyEvent(IkeSa Old, IkeSa New, ViciMessage Raw, DateTimeOffset ReceivedAt = default)
    : ViciTypedEvent(Raw, ReceivedAt)
{
    public override string Name => ViciEventNames.IkeRekey;

    /// <summary>The typed event, or null when the message lacks the connection section or its old/new sections.</summary>
    public static IkeRekeyEvent? TryParse(ViciMessage message, DateTimeOffset receivedAt = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (ViciFields.FirstSection(message) is not { } ike ||
            ike.Value.GetSection("old") is not { } old || ike.Value.GetSection("new") is not { } @new)
        {
            return null;
        }

        return new IkeRekeyEvent(IkeSa.Parse(ike.Key, old), IkeSa.Parse(ike.Key, @new), message, receivedAt);
    }
}
