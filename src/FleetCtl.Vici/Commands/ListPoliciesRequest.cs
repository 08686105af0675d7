namespace FleetCtl.Vici.Commands;

/// <summary>
/// <c>list-policies</c>: streams installed trap, drop and bypass policies as <c>list-policy</c> events. charon lists a
/// kind only when its key is present, so each kind is sent as <c>yes</c> when wanted and left out otherwise; all
/// three are wanted by default.
/// </summary>
public sealed record ListPoliciesRequest : IViciRequest
{
    public const string CommandName = "list-policies";

    string IViciRequest.Command => CommandName;

    public bool Trap { get; init; } = true;
    public bool Drop { get; init; } = true;
    public bool Pass { get; init; } = true;

    /// <summary>Only policies of this CHILD_SA config name.</summary>
    public string? Child { get; init; }

    /// <summary>Only policies of this IKE_SA config name (or shunt namespace).</summary>
    public string? Ike { get; init; }

    public ViciMessage ToMessage()
    {
        var message = new ViciMessage();
        if (Drop)
        {
            message.Set("drop", true);
        }

        if (Pass)
        {
            message.Set("pass", true);
        }

        if (Trap)
        {
            message.Set("trap", true);
        }

        return message.SetIfNotNull("child", Child).SetIfNotNull("ike", Ike);
    }
}
