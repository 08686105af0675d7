namespace FleetCtl.Vici.Commands;

/// <summary><c>reload-settings</c>: reloads strongswan.conf and the plugins that support reloading. Takes no arguments.</summary>
public sealed record ReloadSettingsRequest : IViciRequest
{
    public const string CommandName = "reload-settings";

    string IViciRequest.Command => CommandName;

    public ViciMessage ToMessage() => new();
}
