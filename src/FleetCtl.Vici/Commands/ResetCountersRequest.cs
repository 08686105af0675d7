namespace FleetCtl.Vici.Commands;

/// <summary><c>reset-counters</c>: resets IKE event counters, global (no <see cref="Name"/>), of one connection, or of all.</summary>
public sealed record ResetCountersRequest : IViciRequest
{
    public const string CommandName = "reset-counters";

    string IViciRequest.Command => CommandName;

    /// <summary>Connection name; null for the global counters.</summary>
    public string? Name { get; init; }

    /// <summary>Reset the counters of every connection (then <see cref="Name"/> is ignored).</summary>
    public bool All { get; init; }

    public ViciMessage ToMessage()
    {
        var message = new ViciMessage().SetIfNotNull("name", Name);
        if (All)
        {
            message.Set("all", true);
        }

        return message;
    }
}
