namespace FleetCtl.Vici.Commands;

/// <summary><c>install</c>: installs the trap, drop or bypass policy of a CHILD_SA config.</summary>
public sealed record InstallRequest : IViciRequest
{
    public const string CommandName = "install";

    public InstallRequest(string child) => Child = child;

    string IViciRequest.Command => CommandName;

    /// <summary>CHILD_SA config name.</summary>
    public string Child { get; init => field = RequestArgs.NotBlank(value, nameof(Child)); }

    /// <summary>IKE_SA config name to find the child under.</summary>
    public string? Ike { get; init; }

    public ViciMessage ToMessage() => new ViciMessage().Set("child", Child).SetIfNotNull("ike", Ike);
}
