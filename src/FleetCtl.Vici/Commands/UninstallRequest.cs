namespace FleetCtl.Vici.Commands;

/// <summary><c>uninstall</c>: removes the trap, drop or bypass policy of a CHILD_SA config.</summary>
public sealed record UninstallRequest : IViciRequest
{
    public const string CommandName = "uninstall";

    public UninstallRequest(string child) => Child = child;

    string IViciRequest.Command => CommandName;

    /// <summary>CHILD_SA config name.</summary>
    public string Child { get; init => field = RequestArgs.NotBlank(value, nameof(Child)); }

    /// <summary>IKE_SA config name (or shunt namespace); without it the first policy matching <see cref="Child"/> goes.</summary>
    public string? Ike { get; init; }

    public ViciMessage ToMessage() => new ViciMessage().Set("child", Child).SetIfNotNull("ike", Ike);
}
