namespace FleetCtl.Vici.Commands;

/// <summary><c>stats</c>: daemon statistics and load. Takes no arguments.</summary>
public sealed record StatsRequest : IViciRequest
{
    public const string CommandName = "stats";

    string IViciRequest.Command => CommandName;

    public ViciMessage ToMessage() => new();
}
