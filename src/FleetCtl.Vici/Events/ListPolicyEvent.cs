using FleetCtl.Vici.Models;

namespace FleetCtl.Vici.Events;

/// <summary><c>list-policy</c>: streamed by <c>list-policies</c>, one policy per event.</summary>
public sealed record ListPolicyEvent(IReadOnlyList<PolicyInfo> Policies, ViciMessage Raw, DateTimeOffset ReceivedAt = default)
    : ViciTypedEvent(Raw, ReceivedAt)
{
    public override string Name => ViciEventNames.ListPolicy;

    public static ListPolicyEvent Parse(ViciMessage message, DateTimeOffset receivedAt = default) =>
        new(PolicyInfo.ParseAll(message), message, receivedAt);
}
