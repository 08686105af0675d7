namespace FleetCtl.Vici.Events;

/// <summary>
/// Base of the typed VICI events made by <see cref="ViciEventParser"/>. Every one keeps the message as received
/// (<see cref="Raw"/>) and when it was read off the socket.
/// </summary>
/// <param name="Raw">The event message as received.</param>
/// <param name="ReceivedAt">When the event was read off the socket.</param>
public abstract record ViciTypedEvent(ViciMessage Raw, DateTimeOffset ReceivedAt)
{
    /// <summary>The event name on the wire, e.g. <c>ike-updown</c>.</summary>
    public abstract string Name { get; }
}
