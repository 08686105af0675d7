namespace FleetCtl.Vici;

/// <summary>An EVENT packet as received: its name, its message and when it was read off the socket.</summary>
public sealed record ViciEvent(string Name, ViciMessage Message, DateTimeOffset ReceivedAt)
{
    public override string ToString() => $"{Name}: {Message}";
}
