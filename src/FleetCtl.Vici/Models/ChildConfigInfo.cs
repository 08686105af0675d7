namespace FleetCtl.Vici.Models;

/// <summary>A CHILD_SA config of a loaded connection (<c>children</c> in <c>list-conn</c>).</summary>
public sealed record ChildConfigInfo
{
    public required string Name { get; init; }
    public string? Mode { get; init; }
    public string? Label { get; init; }
    /// <summary>Rekeying interval in seconds.</summary>
    public long? RekeyTime { get; init; }
    public ulong? RekeyBytes { get; init; }
    public ulong? RekeyPackets { get; init; }
    public string? DpdAction { get; init; }
    public string? CloseAction { get; init; }
    public IReadOnlyList<string> EspProposals { get; init; } = [];
    public IReadOnlyList<string> AhProposals { get; init; } = [];
    public IReadOnlyList<string> LocalTs { get; init; } = [];
    public IReadOnlyList<string> RemoteTs { get; init; } = [];
    public string? Interface { get; init; }
    public long? Priority { get; init; }

    public required ViciMessage Raw { get; init; }

    public static ChildConfigInfo Parse(string name, ViciMessage section)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(section);
        return new ChildConfigInfo
        {
            Name = name,
            Mode = section.GetString("mode"),
            Label = section.GetString("label"),
            RekeyTime = section.GetInt64("rekey_time"),
            RekeyBytes = section.GetUInt64("rekey_bytes"),
            RekeyPackets = section.GetUInt64("rekey_packets"),
            DpdAction = section.GetString("dpd_action"),
            CloseAction = section.GetString("close_action"),
            EspProposals = section.GetStrings("esp_proposals"),
            AhProposals = section.GetStrings("ah_proposals"),
            LocalTs = section.GetStrings("local-ts"),
            RemoteTs = section.GetStrings("remote-ts"),
            Interface = section.GetString("interface"),
            Priority = section.GetInt64("priority"),
            Raw = section,
        };
    }
}
