namespace FleetCtl.Vici.Models;

/// <summary>
/// The answer of <c>get-algorithms</c>: for each algorithm type (<c>encryption</c>, <c>integrity</c>, <c>aead</c>,
/// <c>hasher</c>, <c>prf</c>, <c>xof</c>, <c>kdf</c>, <c>drbg</c>, <c>ke</c> (<c>dh</c> before 6.0), <c>rng</c>,
/// <c>nonce-gen</c>), the algorithms loaded and the plugin implementing each.
/// </summary>
public sealed record ViciAlgorithms
{
    /// <summary>Algorithm type → algorithm name → plugin name. A repeated algorithm keeps its first plugin.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Types { get; init; }

    public required ViciMessage Raw { get; init; }

    /// <summary>The algorithms of one type (empty when the daemon has none of that type).</summary>
    public IReadOnlyDictionary<string, string> Get(string type) =>
        Types.TryGetValue(type, out var algorithms) ? algorithms : s_empty;

    /// <summary>The plugin implementing <paramref name="algorithm"/> of <paramref name="type"/>, or null.</summary>
    public string? FindPlugin(string type, string algorithm) => Get(type).TryGetValue(algorithm, out var plugin) ? plugin : null;

    private static readonly IReadOnlyDictionary<string, string> s_empty = new Dictionary<string, string>();

    public static ViciAlgorithms Parse(ViciMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var types = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (key, sub) in ViciFields.Sections(response))
        {
            types.TryAdd(key, ViciFields.Values(sub));
        }

        return new ViciAlgorithms { Types = types, Raw = response };
    }
}
