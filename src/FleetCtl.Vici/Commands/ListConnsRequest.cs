namespace FleetCtl.Vici.Commands;

/// <summary><c>list-conns</c>: streams every loaded connection (of all backends) as <c>list-conn</c> events.</summary>
public sealed record ListConnsRequest : IViciRequest
{
    public const string CommandName = "list-conns";

    string IViciRequest.Command => CommandName;

    /// <summary>Only the connection of this name.</summary>
    public string? Ike { get; init; }

    public ViciMessage ToMessage() => new ViciMessage().SetIfNotNull("ike", Ike);
}
