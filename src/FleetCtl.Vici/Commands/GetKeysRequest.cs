namespace FleetCtl.Vici.Commands;

/// <summary><c>get-keys</c>: identifiers of the private keys loaded over VICI. Takes no arguments.</summary>
public sealed record GetKeysRequest : IViciRequest
{
    public const string CommandName = "get-keys";

    string IViciRequest.Command => CommandName;

    public ViciMessage ToMessage() => new();
}
