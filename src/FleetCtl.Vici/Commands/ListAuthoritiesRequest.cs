namespace FleetCtl.Vici.Commands;

/// <summary><c>list-authorities</c>: streams the loaded certification authorities as <c>list-authority</c> events.</summary>
public sealed record ListAuthoritiesRequest : IViciRequest
{
    public const string CommandName = "list-authorities";

    string IViciRequest.Command => CommandName;

    /// <summary>Only the authority of this name.</summary>
    public string? Name { get; init; }

    public ViciMessage ToMessage() => new ViciMessage().SetIfNotNull("name", Name);
}
