namespace FleetCtl.Vici.Commands;

/// <summary><c>unload-key</c>: unloads a private key by its key identifier.</summary>
public sealed record UnloadKeyRequest : IViciRequest
{
    public const string CommandName = "unload-key";

    public UnloadKeyRequest(string id) => Id = id;

    string IViciRequest.Command => CommandName;

    /// <summary>Hex-encoded SHA-1 key identifier (as answered by load-key or get-keys).</summary>
    public string Id { get; init => field = RequestArgs.NotBlank(value, nameof(Id)); }

    public ViciMessage ToMessage() => new ViciMessage().Set("id", Id);
}
