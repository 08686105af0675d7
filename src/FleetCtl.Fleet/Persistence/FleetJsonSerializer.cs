using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using FleetCtl.Fleet.Alerts;
using FleetCtl.Fleet.Operations;
using FleetCtl.Fleet.State;

namespace FleetCtl.Fleet.Persistence;

/// <summary>
/// Serialises what the controller persists (SA changes, connectivity changes, alerts, gateway snapshots, the alert book,
/// operations and their index) as
/// System.Text.Json UTF-8, with the type's short name as manifest: the stored rows stay readable, survive assembly
/// version changes, and records with init-only members and read-only lists round-trip exactly.
/// </summary>
public sealed class FleetJsonSerializer : SerializerWithStringManifest
{
    public const int Id = 7301;

    /// <summary>Every persisted type (bound to this serializer in <see cref="FleetPersistenceConfig"/>).</summary>
    public static readonly IReadOnlyList<Type> Types =
    [
        typeof(IkeSaUp), typeof(IkeSaDown), typeof(IkeSaRekeyed), typeof(IkeSaUpdated),
        typeof(ChildSaUp), typeof(ChildSaDown), typeof(ChildSaRekeyed),
        typeof(GatewayConnectivityChanged), typeof(AlertRaised), typeof(GatewaySnapshot),
        typeof(AlertOpened), typeof(AlertRepeated), typeof(AlertAcknowledged), typeof(AlertResolved), typeof(AlertBookSnapshot),
        typeof(OperationStarted), typeof(OperationItemsPlanned), typeof(OperationItemsDispatched), typeof(OperationItemFinished), typeof(OperationItemsFinished),
        typeof(OperationWaveFinished), typeof(OperationPaused), typeof(OperationResumed), typeof(OperationHalted), typeof(OperationCancelled),
        typeof(OperationDrainChecked), typeof(OperationEnded),
        typeof(OperationIndexed), typeof(OperationClosed), typeof(DrainMarkSet), typeof(DrainMarkCleared), typeof(OperationIndexSnapshot),
    ];

    private static readonly FrozenDictionary<string, Type> ByManifest = Types.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public FleetJsonSerializer(ExtendedActorSystem system) : base(system) { }

    public override int Identifier => Id;

    public override string Manifest(object o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var type = o.GetType();
        return ByManifest.TryGetValue(type.Name, out var known) && known == type
            ? type.Name
            : throw new ArgumentException($"{type.FullName} is not a persisted FleetCtl type", nameof(o));
    }

    public override byte[] ToBinary(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        _ = Manifest(obj);
        return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json);
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        ByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Json) ?? throw new SerializationException($"'{manifest}' deserialised to null")
            : throw new SerializationException($"unknown manifest '{manifest}': not a persisted FleetCtl type");
}
