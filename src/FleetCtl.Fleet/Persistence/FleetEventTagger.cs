using Akka.Persistence.Journal;
using FleetCtl.Fleet.State;

namespace FleetCtl.Fleet.Persistence;

/// <summary>
/// Tags each persisted event with its kind so the read side can query the whole fleet by type:
/// SA changes get <c>sa</c> and their own kind (<c>ike-up</c>, <c>child-down</c>, ...), connectivity changes
/// <c>connectivity</c>, alerts <c>alert</c>. Bound to the journal in <see cref="FleetPersistenceConfig"/>; the actor is unchanged.
/// </summary>
public sealed class FleetEventTagger : IWriteEventAdapter
{
    public const string SaTag = "sa";
    public const string ConnectivityTag = "connectivity";
    public const string AlertTag = "alert";

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => TagsFor(evt) is { Length: > 0 } tags ? new Tagged(evt, tags) : evt;

    public static string[] TagsFor(object evt) => evt switch
    {
        SaChange change => [SaTag, change.Kind],
        GatewayConnectivityChanged => [ConnectivityTag],
        AlertRaised => [AlertTag],
        _ => [],
    };
}
