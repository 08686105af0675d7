namespace FleetCtl.Vici.Commands;

/// <summary><c>get-authorities</c>: names of the loaded certification authorities. Takes no arguments.</summary>
public sealed record GetAuthoritiesRequest : IViciRequest
{
    public const string CommandName = "get-authorities";

    string IViciRequest.Command => CommandName;

    public ViciMessage ToMessage() => new();
}
