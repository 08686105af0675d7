namespace FleetCtl.Vici.Events;

/// <summary>
/// An event left untyped: its name is not one this library knows, or its message lacks the section its type needs
/// (then <see cref="Problem"/> says what was missing).
/// </summary>
public sealed record RawEvent(string EventName, ViciMessage Raw, DateTimeOffset ReceivedAt = default, string? Problem = null)
    : ViciTypedEvent(Raw, ReceivedAt)
{
    public override string Name => EventName;
}
