namespace FleetCtl.Vici.Commands;

/// <summary><c>unload-shared</c>: unloads a shared secret by the unique identifier it was loaded with.</summary>
public sealed record UnloadSharedRequest : IViciRequest
{
    public const string CommandName = "unload-shared";

    public UnloadSharedRequest(string id) => Id = id;

    string IViciRequest.Command => CommandName;

    public string Id { get; init => field = RequestArgs.NotBlank(value, nameof(Id)); }

    public ViciMessage ToMessage() => new ViciMessage().Set("id", Id);
}
