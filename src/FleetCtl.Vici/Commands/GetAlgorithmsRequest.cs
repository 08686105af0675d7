namespace FleetCtl.Vici.Commands;

/// <summary><c>get-algorithms</c>: the loaded algorithms and the plugin implementing each. Takes no arguments.</summary>
public sealed record GetAlgorithmsRequest : IViciRequest
{
    public const string CommandName = "get-algorithms";

    string IViciRequest.Command => CommandName;

    public ViciMessage ToMessage() => new();
}
