using FleetCtl.Vici.Models;

namespace FleetCtl.Vici.Events;

/// <summary><c>list-sa</c>: streamed by <c>list-sas</c>, one IKE_SA (with its CHILD_SAs) per event.</summary>
public sealed record ListSaEvent(IReadOnlyList<IkeSa> Sas, ViciMessage Raw, DateTimeOffset ReceivedAt = default)
    : ViciTypedEvent(Raw, ReceivedAt)
{
    public override string Name => ViciEventNames.ListSa;

    public static ListSaEvent Parse(ViciMessage message, DateTimeOffset receivedAt = default) =>
        new(IkeSa.ParseAll(message), message, receivedAt);
}
