namespace FleetCtl.Vici.Commands;

/// <summary><c>version</c>: daemon and system version information. Takes no arguments.</summary>
public sealed record VersionRequest : IViciRequest
{
    public const string CommandName = "version";

    string IViciRequest.Command => CommandName;

    public ViciMessage ToMessage() => new();
}
