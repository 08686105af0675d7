namespace FleetCtl.Vici.Commands;

/// <summary><c>unload-pool</c>: unloads a pool; charon refuses while it has leases online.</summary>
public sealed record UnloadPoolRequest : IViciRequest
{
    public const string CommandName = "unload-pool";

    public UnloadPoolRequest(string name) => Name = name;

    string IViciRequest.Command => CommandName;

    public string Name { get; init => field = RequestArgs.NotBlank(value, nameof(Name)); }

    public ViciMessage ToMessage() => new ViciMessage().Set("name", Name);
}
