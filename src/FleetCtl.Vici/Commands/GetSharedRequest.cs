namespace FleetCtl.Vici.Commands;

/// <summary><c>get-shared</c>: unique identifiers of the shared keys loaded over VICI. Takes no arguments.</summary>
public sealed record GetSharedRequest : IViciRequest
{
    public const string CommandName = "get-shared";

    string IViciRequest.Command => CommandName;

    public ViciMessage ToMessage() => new();
}
