namespace FleetCtl.Vici.Commands;

/// <summary><c>unload-conn</c>: unloads a connection loaded over VICI.</summary>
public sealed record UnloadConnRequest : IViciRequest
{
    public const string CommandName = "unload-conn";

    public UnloadConnRequest(string name) => Name = name;

    string IViciRequest.Command => CommandName;

    public string Name { get; init => field = RequestArgs.NotBlank(value, nameof(Name)); }

    public ViciMessage ToMessage() => new ViciMessage().Set("name", Name);
}
