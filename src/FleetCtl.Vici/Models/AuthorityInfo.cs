namespace FleetCtl.Vici.Models;

/// <summary>A certification authority as streamed by <c>list-authorities</c> (<c>list-authority</c> events).</summary>
public sealed record AuthorityInfo
{
    public required string Name { get; init; }

    /// <summary>Subject distinguished name of the CA certificate.</summary>
    public string? CaCert { get; init; }
    public IReadOnlyList<string> CrlUris { get; init; } = [];
    public IReadOnlyList<string> OcspUris { get; init; } = [];
    public string? CertUriBase { get; init; }

    public required ViciMessage Raw { get; init; }

    public static AuthorityInfo Parse(string name, ViciMessage section)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(section);
        return new AuthorityInfo
        {
            Name = name,
            CaCert = section.GetString("cacert"),
            CrlUris = section.GetStrings("crl_uris"),
            OcspUris = section.GetStrings("ocsp_uris"),
            CertUriBase = section.GetString("cert_uri_base"),
            Raw = section,
        };
    }

    /// <summary>Every authority section of a <c>list-authority</c> event.</summary>
    public static IReadOnlyList<AuthorityInfo> ParseAll(ViciMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = new List<AuthorityInfo>();
        foreach (var (key, sub) in ViciFields.Sections(message))
        {
            result.Add(Parse(key, sub));
        }

        return result;
    }
}
