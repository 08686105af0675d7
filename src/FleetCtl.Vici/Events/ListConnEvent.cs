using FleetCtl.Vici.Models;

namespace FleetCtl.Vici.Events;

/// <summary><c>list-conn</c>: streamed by <c>list-conns</c>, one connection per event.</summary>
public sealed record ListConnEvent(IReadOnlyList<ConnectionInfo> Connections, ViciMessage Raw, DateTimeOffset ReceivedAt = default)
    : ViciTypedEvent(Raw, ReceivedAt)
{
    public override string Name => ViciEventNames.ListConn;

    public static ListConnEvent Parse(ViciMessage message, DateTimeOffset receivedAt = default) =>
        new(ConnectionInfo.ParseAll(message), message, receivedAt);
}
