namespace FleetCtl.Vici.Models;

/// <summary>
/// An installed trap, drop or bypass policy as streamed by <c>list-policies</c> (<c>list-policy</c> events). The
/// section is named <c>ike-config/child-config</c> (just the child name for shunts without a namespace).
/// </summary>
public sealed record PolicyInfo
{
    /// <summary>The section name, e.g. <c>s2s/net</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The CHILD_SA config name (<c>child</c>, else taken from <see cref="Key"/>).</summary>
    public required string Child { get; init; }

    /// <summary>The IKE_SA config name or shunt namespace (<c>ike</c>, else taken from <see cref="Key"/>), if any.</summary>
    public string? Ike { get; init; }

    public long? Reqid { get; init; }

    /// <summary>Policy mode: <c>TUNNEL</c>, <c>TRANSPORT</c>, <c>PASS</c> or <c>DROP</c>.</summary>
    public string? Mode { get; init; }

    public string? Label { get; init; }
    public IReadOnlyList<string> LocalTs { get; init; } = [];
    public IReadOnlyList<string> RemoteTs { get; init; } = [];

    public required ViciMessage Raw { get; init; }

    public static PolicyInfo Parse(string key, ViciMessage section)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(section);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return new PolicyInfo
        {
            Key = key,
            Child = section.GetString("child") ?? (slash >= 0 ? key[(slash + 1)..] : key),
            Ike = section.GetString("ike") ?? (slash >= 0 ? key[..slash] : null),
            Reqid = section.GetInt64("reqid"),
            Mode = section.GetString("mode"),
            Label = section.GetString("label"),
            LocalTs = section.GetStrings("local-ts"),
            RemoteTs = section.GetStrings("remote-ts"),
            Raw = section,
        };
    }

    /// <summary>Every policy section of a <c>list-policy</c> event.</summary>
    public static IReadOnlyList<PolicyInfo> ParseAll(ViciMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = new List<PolicyInfo>();
        foreach (var (key, sub) in ViciFields.Sections(message))
        {
            result.Add(Parse(key, sub));
        }

        return result;
    }
}
