using FleetCtl.Vici.Models;

namespace FleetCtl.Vici.Events;

/// <summary><c>list-authority</c>: streamed by <c>list-authorities</c>, one authority per event.</summary>
public sealed record ListAuthorityEvent(IReadOnlyList<AuthorityInfo> Authorities, ViciMessage Raw, DateTimeOffset ReceivedAt = default)
    : ViciTypedEvent(Raw, ReceivedAt)
{
    public override string Name => ViciEventNames.ListAuthority;

    public static ListAuthorityEvent Parse(ViciMessage message, DateTimeOffset receivedAt = default) =>
        new(AuthorityInfo.ParseAll(message), message, receivedAt);
}
