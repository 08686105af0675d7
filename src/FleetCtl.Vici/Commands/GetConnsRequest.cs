namespace FleetCtl.Vici.Commands;

/// <summary><c>get-conns</c>: names of the connections loaded over VICI (not those of other backends). Takes no arguments.</summary>
public sealed record GetConnsRequest : IViciRequest
{
    public const string CommandName = "get-conns";

    string IViciRequest.Command => CommandName;

    public ViciMessage ToMessage() => new();
}
