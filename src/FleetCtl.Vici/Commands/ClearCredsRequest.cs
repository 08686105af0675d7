namespace FleetCtl.Vici.Commands;

/// <summary><c>clear-creds</c>: unloads every credential loaded over VICI and flushes the credential cache. Takes no arguments.</summary>
public sealed record ClearCredsRequest : IViciRequest
{
    public const string CommandName = "clear-creds";

    string IViciRequest.Command => CommandName;

    public ViciMessage ToMessage() => new();
}
