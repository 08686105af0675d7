using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using FleetCtl.Vici.Events;
using Microsoft.Extensions.Logging;

namespace FleetCtl.Fleet.Catalog;

/// <summary>
/// Every documented event of FleetCtl: one entry per strongSwan VICI alert type (ids 1000–1099) and the
/// controller's own events (2000 and up, see <see cref="CatalogIds"/>). docs/catalog.md is generated from it
/// (<see cref="CatalogMarkdown"/>).
/// </summary>
public static partial class FleetCatalog
{
    /// <summary>Every entry, ordered by id.</summary>
    public static IReadOnlyList<CatalogEntry> All { get; } =
        Array.AsReadOnly(AlertEntries().Concat(ControllerEntries()).Concat(OperationEntries()).Concat(DiagnosisEntries()).OrderBy(e => e.Id).ToArray());

    // ToFrozenDictionary throws on a duplicate id or key, so a duplicate fails loudly at first use (and in the tests).
    private static readonly FrozenDictionary<int, CatalogEntry> s_byId = All.ToFrozenDictionary(e => e.Id);

    private static readonly FrozenDictionary<string, CatalogEntry> s_byKey =
        All.ToFrozenDictionary(e => e.Key, StringComparer.Ordinal);

    private static readonly FrozenDictionary<ViciAlertType, CatalogEntry> s_byAlert =
        All.Where(e => e.AlertType is not null).ToFrozenDictionary(e => e.AlertType!.Value);

    /// <summary>The entry with this id.</summary>
    /// <exception cref="KeyNotFoundException">No entry has this id.</exception>
    public static CatalogEntry Get(int id) =>
        s_byId.TryGetValue(id, out var entry) ? entry : throw new KeyNotFoundException($"no catalog entry with id {id}");

    /// <summary>The entry with this key, e.g. <c>fleet.gateway.unreachable</c> (case-sensitive).</summary>
    /// <exception cref="KeyNotFoundException">No entry has this key.</exception>
    public static CatalogEntry Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return s_byKey.TryGetValue(key, out var entry) ? entry : throw new KeyNotFoundException($"no catalog entry with key '{key}'");
    }

    public static bool TryGet(int id, [NotNullWhen(true)] out CatalogEntry? entry) => s_byId.TryGetValue(id, out entry);

    public static bool TryGet(string? key, [NotNullWhen(true)] out CatalogEntry? entry)
    {
        entry = null;
        return key is not null && s_byKey.TryGetValue(key, out entry);
    }

    /// <summary>
    /// The entry for a VICI alert type; <see cref="ViciAlertType.Unknown"/> (and any value this version does not
    /// define) gives the catch-all entry <c>vici.alert.unknown</c>, so every received alert has an entry.
    /// </summary>
    public static CatalogEntry ForAlert(ViciAlertType type) =>
        s_byAlert.TryGetValue(type, out var entry) ? entry : s_byAlert[ViciAlertType.Unknown];

    /// <summary>The entry for an alert event as received (its <see cref="AlertEvent.Type"/>).</summary>
    public static CatalogEntry ForAlert(AlertEvent alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return ForAlert(alert.Type);
    }

    /// <summary>The Microsoft.Extensions.Logging event id of the entry with this id: <c>new EventId(id, key)</c>.</summary>
    /// <exception cref="KeyNotFoundException">No entry has this id.</exception>
    public static EventId EventIdOf(int id) => Get(id).EventId;
}
