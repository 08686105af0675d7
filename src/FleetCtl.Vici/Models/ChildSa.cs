namespace FleetCtl.Vici.Models;

/// <summary>
/// A CHILD_SA as charon lists it in <c>list-sa</c>, <c>child-updown</c> and <c>child-rekey</c>. Inside
/// <c>child-sas</c> each CHILD_SA is a section keyed by a unique name (<c>net-12</c>: config name and unique id);
/// its <c>name</c> key holds the config name. Numbers charon did not send (or sent garbled) are null. SPIs, CPIs,
/// marks and interface ids are kept as the hex strings charon sends.
/// </summary>
public sealed record ChildSa
{
    /// <summary>The key of this CHILD_SA's section inside <c>child-sas</c> (e.g. <c>net-12</c>).</summary>
    public required string UniqueName { get; init; }

    /// <summary>The CHILD_SA config name (<c>name</c>); the section key when an old daemon omits it.</summary>
    public required string Name { get; init; }

    public long? UniqueId { get; init; }
    public long? Reqid { get; init; }

    /// <summary>CHILD_SA state, e.g. <c>INSTALLED</c>, <c>REKEYED</c>, <c>DELETING</c>.</summary>
    public string? State { get; init; }

    /// <summary>IPsec mode: <c>TUNNEL</c>, <c>TRANSPORT</c>, <c>BEET</c> (or <c>TRANSPORT_PROXY</c>).</summary>
    public string? Mode { get; init; }

    /// <summary>Security label, if the CHILD_SA has one.</summary>
    public string? Label { get; init; }

    /// <summary><c>ESP</c> or <c>AH</c>; only for installed SAs.</summary>
    public string? Protocol { get; init; }

    /// <summary>True when UDP encapsulation is used.</summary>
    public bool Encap { get; init; }

    public string? SpiIn { get; init; }
    public string? SpiOut { get; init; }
    public string? CpiIn { get; init; }
    public string? CpiOut { get; init; }
    public string? MarkIn { get; init; }
    public string? MarkMaskIn { get; init; }
    public string? MarkOut { get; init; }
    public string? MarkMaskOut { get; init; }
    public string? IfIdIn { get; init; }
    public string? IfIdOut { get; init; }

    public string? EncrAlg { get; init; }
    public long? EncrKeysize { get; init; }
    public string? IntegAlg { get; init; }
    public long? IntegKeysize { get; init; }
    public string? PrfAlg { get; init; }
    public string? DhGroup { get; init; }

    /// <summary>True when extended sequence numbers are used (charon sends <c>esn = 1</c>).</summary>
    public bool Esn { get; init; }

    public ulong? BytesIn { get; init; }
    public ulong? PacketsIn { get; init; }
    /// <summary>Seconds since the last inbound packet; null when none has been seen.</summary>
    public long? UseInSeconds { get; init; }
    public ulong? BytesOut { get; init; }
    public ulong? PacketsOut { get; init; }
    /// <summary>Seconds since the last outbound packet; null when none has been sent.</summary>
    public long? UseOutSeconds { get; init; }

    /// <summary>Seconds until the CHILD_SA is rekeyed.</summary>
    public long? RekeyTimeSeconds { get; init; }
    /// <summary>Seconds until the CHILD_SA expires.</summary>
    public long? LifeTimeSeconds { get; init; }
    /// <summary>Seconds since the CHILD_SA was installed.</summary>
    public long? InstallTimeSeconds { get; init; }

    public IReadOnlyList<string> LocalTs { get; init; } = [];
    public IReadOnlyList<string> RemoteTs { get; init; } = [];

    /// <summary>The section as received, for keys this type does not model.</summary>
    public required ViciMessage Raw { get; init; }

    /// <summary>Reads one CHILD_SA section. Never throws on content: missing or garbled fields become null.</summary>
    /// <param name="uniqueName">The section's key inside <c>child-sas</c>.</param>
    /// <param name="section">The section.</param>
    public static ChildSa Parse(string uniqueName, ViciMessage section)
    {
        ArgumentNullException.ThrowIfNull(uniqueName);
        ArgumentNullException.ThrowIfNull(section);
        return new ChildSa
        {
            UniqueName = uniqueName,
            Name = section.GetString("name") ?? uniqueName,
            UniqueId = section.GetInt64("uniqueid"),
            Reqid = section.GetInt64("reqid"),
            State = section.GetString("state"),
            Mode = section.GetString("mode"),
            Label = section.GetString("label"),
            Protocol = section.GetString("protocol"),
            Encap = section.IsYes("encap"),
            SpiIn = section.GetString("spi-in"),
            SpiOut = section.GetString("spi-out"),
            CpiIn = section.GetString("cpi-in"),
            CpiOut = section.GetString("cpi-out"),
            MarkIn = section.GetString("mark-in"),
            MarkMaskIn = section.GetString("mark-mask-in"),
            MarkOut = section.GetString("mark-out"),
            MarkMaskOut = section.GetString("mark-mask-out"),
            IfIdIn = section.GetString("if-id-in"),
            IfIdOut = section.GetString("if-id-out"),
            EncrAlg = section.GetString("encr-alg"),
            EncrKeysize = section.GetInt64("encr-keysize"),
            IntegAlg = section.GetString("integ-alg"),
            IntegKeysize = section.GetInt64("integ-keysize"),
            PrfAlg = section.GetString("prf-alg"),
            DhGroup = section.GetString("dh-group"),
            Esn = section.IsYes("esn"),
            BytesIn = section.GetUInt64("bytes-in"),
            PacketsIn = section.GetUInt64("packets-in"),
            UseInSeconds = section.GetInt64("use-in"),
            BytesOut = section.GetUInt64("bytes-out"),
            PacketsOut = section.GetUInt64("packets-out"),
            UseOutSeconds = section.GetInt64("use-out"),
            RekeyTimeSeconds = section.GetInt64("rekey-time"),
            LifeTimeSeconds = section.GetInt64("life-time"),
            InstallTimeSeconds = section.GetInt64("install-time"),
            LocalTs = section.GetStrings("local-ts"),
            RemoteTs = section.GetStrings("remote-ts"),
            Raw = section,
        };
    }

    /// <summary>Every CHILD_SA of a <c>child-sas</c> section, in wire order; empty when it is absent.</summary>
    public static IReadOnlyList<ChildSa> ParseAll(ViciMessage? childSas)
    {
        var sections = ViciFields.Sections(childSas);
        var result = new ChildSa[sections.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Parse(sections[i].Key, sections[i].Value);
        }

        return result;
    }
}
