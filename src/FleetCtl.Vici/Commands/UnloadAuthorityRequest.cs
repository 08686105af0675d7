namespace FleetCtl.Vici.Commands;

/// <summary><c>unload-authority</c>: unloads a certification authority by name.</summary>
public sealed record UnloadAuthorityRequest : IViciRequest
{
    public const string CommandName = "unload-authority";

    public UnloadAuthorityRequest(string name) => Name = name;

    string IViciRequest.Command => CommandName;

    public string Name { get; init => field = RequestArgs.NotBlank(value, nameof(Name)); }

    public ViciMessage ToMessage() => new ViciMessage().Set("name", Name);
}
