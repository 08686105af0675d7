namespace FleetCtl.Vici.Models;

/// <summary>
/// A loaded connection as streamed by <c>list-conns</c> (<c>list-conn</c> events): one section named after the
/// connection, with its local and remote authentication rounds and its CHILD_SA configs.
/// </summary>
public sealed record ConnectionInfo
{
    public required string Name { get; init; }
    public IReadOnlyList<string> LocalAddrs { get; init; } = [];
    public IReadOnlyList<string> RemoteAddrs { get; init; } = [];
    public long? LocalPort { get; init; }
    public long? RemotePort { get; init; }

    /// <summary>IKE version as charon prints it: <c>IKEv1</c>, <c>IKEv2</c> or <c>0</c> for any.</summary>
    public string? Version { get; init; }

    /// <summary>Reauthentication interval in seconds.</summary>
    public long? ReauthTime { get; init; }
    /// <summary>Rekeying interval in seconds.</summary>
    public long? RekeyTime { get; init; }
    public string? Unique { get; init; }
    public IReadOnlyList<string> Proposals { get; init; } = [];
    public long? DpdDelay { get; init; }
    public long? DpdTimeout { get; init; }
    public string? PpkId { get; init; }
    public bool PpkRequired { get; init; }

    /// <summary>The <c>local*</c> authentication rounds, in order.</summary>
    public IReadOnlyList<ConnectionAuthInfo> Local { get; init; } = [];
    /// <summary>The <c>remote*</c> authentication rounds, in order.</summary>
    public IReadOnlyList<ConnectionAuthInfo> Remote { get; init; } = [];

    public IReadOnlyList<ChildConfigInfo> Children { get; init; } = [];

    public required ViciMessage Raw { get; init; }

    public static ConnectionInfo Parse(string name, ViciMessage section)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(section);
        var local = new List<ConnectionAuthInfo>();
        var remote = new List<ConnectionAuthInfo>();
        foreach (var (key, sub) in ViciFields.Sections(section))
        {
            // local_addrs/remote_addrs are lists and local_port/remote_port key/values, so only sections are auth rounds
            if (key.StartsWith("local", StringComparison.Ordinal))
            {
                local.Add(ConnectionAuthInfo.Parse(key, sub));
            }
            else if (key.StartsWith("remote", StringComparison.Ordinal))
            {
                remote.Add(ConnectionAuthInfo.Parse(key, sub));
            }
        }

        var children = new List<ChildConfigInfo>();
        foreach (var (key, sub) in ViciFields.Sections(section.GetSection("children")))
        {
            children.Add(ChildConfigInfo.Parse(key, sub));
        }

        return new ConnectionInfo
        {
            Name = name,
            LocalAddrs = ViciFields.StringsOrValue(section, "local_addrs"),
            RemoteAddrs = ViciFields.StringsOrValue(section, "remote_addrs"),
            LocalPort = section.GetInt64("local_port"),
            RemotePort = section.GetInt64("remote_port"),
            Version = section.GetString("version"),
            ReauthTime = section.GetInt64("reauth_time"),
            RekeyTime = section.GetInt64("rekey_time"),
            Unique = section.GetString("unique"),
            Proposals = section.GetStrings("proposals"),
            DpdDelay = section.GetInt64("dpd_delay"),
            DpdTimeout = section.GetInt64("dpd_timeout"),
            PpkId = section.GetString("ppk_id"),
            PpkRequired = section.IsYes("ppk_required"),
            Local = local,
            Remote = remote,
            Children = children,
            Raw = section,
        };
    }

    /// <summary>Every connection section of a <c>list-conn</c> event.</summary>
    public static IReadOnlyList<ConnectionInfo> ParseAll(ViciMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = new List<ConnectionInfo>();
        foreach (var (key, sub) in ViciFields.Sections(message))
        {
            result.Add(Parse(key, sub));
        }

        return result;
    }
}
