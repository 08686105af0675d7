using FleetCtl.Vici.Models;

namespace FleetCtl.Vici.Events;

/// <summary>
/// <c>alert</c> (strongSwan 6.0.3 and later): an error condition. Wire shape:
/// <c>{ type = proposal-mismatch-ike, ike-sa = { &lt;conn&gt; = { list-sa keys } } }</c>, the <c>ike-sa</c> section
/// only when the alert concerns an IKE_SA. An unknown type string gives <see cref="ViciAlertType.Unknown"/> and is
/// kept in <see cref="RawType"/>.
/// </summary>
public sealed record AlertEvent(ViciAlertType Type, string RawType, IkeSa? Sa, ViciMessage Raw, DateTimeOffset ReceivedAt = default)
    : ViciTypedEvent(Raw, ReceivedAt)
{
    public override string Name => ViciEventNames.Alert;

    public string Description => ViciAlertTypes.Describe(Type);

    public static AlertEvent Parse(ViciMessage message, DateTimeOffset receivedAt = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var rawType = message.GetString("type") ?? string.Empty;
        var ike = ViciFields.FirstSection(message.GetSection("ike-sa"));
        return new AlertEvent(
            ViciAlertTypes.Parse(rawType), rawType,
            ike is { } s ? IkeSa.Parse(s.Key, s.Value) : null,
            message, receivedAt);
    }
}
