using System.Collections;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace FleetCtl.Fleet.Inventory;

/// <summary>
/// The validated, immutable list of gateways, in declaration order, with lookup by name (ignoring case: names are
/// unique ignoring case). Empty is valid: the server then starts a demo fleet. Build one with
/// <see cref="InventoryLoader"/> or <see cref="Create"/>.
/// </summary>
public sealed class FleetInventory : IReadOnlyList<GatewayDefinition>
{
    private readonly GatewayDefinition[] _gateways;
    private readonly FrozenDictionary<string, GatewayDefinition> _byName;

    private FleetInventory(GatewayDefinition[] gateways, IReadOnlyList<string> sources)
    {
        _gateways = gateways;
        _byName = gateways.ToFrozenDictionary(g => g.Name, StringComparer.OrdinalIgnoreCase);
        Sources = sources;
    }

    /// <summary>No gateways.</summary>
    public static FleetInventory Empty { get; } = new([], []);

    /// <summary>The gateways, in declaration order (file first, then configuration).</summary>
    public IReadOnlyList<GatewayDefinition> Gateways => _gateways;

    /// <summary>Where the gateways came from, e.g. <c>fleet.yaml: 3 gateways</c>, for the inventory-loaded event.</summary>
    public IReadOnlyList<string> Sources { get; }

    public bool IsEmpty => _gateways.Length == 0;

    public int Count => _gateways.Length;

    public GatewayDefinition this[int index] => _gateways[index];

    /// <summary>The gateway with this name (ignoring case).</summary>
    /// <exception cref="KeyNotFoundException">No such gateway.</exception>
    public GatewayDefinition this[string name] =>
        TryGet(name, out var gateway) ? gateway : throw new KeyNotFoundException($"no gateway named '{name}' in the inventory");

    public bool TryGet(string? name, [NotNullWhen(true)] out GatewayDefinition? gateway)
    {
        gateway = null;
        return name is not null && _byName.TryGetValue(name, out gateway);
    }

    public bool Contains(string? name) => name is not null && _byName.ContainsKey(name);

    /// <summary>The gateways whose tag <paramref name="key"/> equals <paramref name="value"/> (ignoring case), e.g. every gateway of a site.</summary>
    public IEnumerable<GatewayDefinition> WithTag(string key, string value) =>
        _gateways.Where(g => g.Tags.TryGetValue(key, out var v) && string.Equals(v, value, StringComparison.OrdinalIgnoreCase));

    /// <summary>Validates gateways built in code (e.g. a demo fleet) the same way as loaded ones.</summary>
    /// <exception cref="InventoryException">Every problem found.</exception>
    public static FleetInventory Create(IEnumerable<GatewayDefinition> gateways, string source = "code")
    {
        ArgumentNullException.ThrowIfNull(gateways);
        var declared = gateways.Select((g, i) => new DeclaredGateway(
            g ?? throw new ArgumentException("a gateway is null", nameof(gateways)),
            g.Origin ?? $"{source} gateway #{i + 1}")).ToList();
        return Create(declared, [], declared.Count == 0 ? [] : [Describe(source, declared.Count)]);
    }

    internal static FleetInventory Create(IReadOnlyList<DeclaredGateway> declared, List<string> problems, IReadOnlyList<string> sources)
    {
        var gateways = InventoryValidator.Validate(declared, problems);
        if (problems.Count > 0)
        {
            throw new InventoryException(problems);
        }

        return gateways.Count == 0 ? new FleetInventory([], sources) : new FleetInventory([.. gateways], sources);
    }

    internal static string Describe(string source, int count) => count == 1 ? $"{source}: 1 gateway" : $"{source}: {count} gateways";

    public IEnumerator<GatewayDefinition> GetEnumerator() => ((IEnumerable<GatewayDefinition>)_gateways).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => IsEmpty ? "empty inventory" : $"{Count} gateways: {string.Join(", ", _gateways.Select(g => g.Name))}";
}
