namespace FleetCtl.Vici.Models;

/// <summary>One authentication round of a loaded connection (<c>local-1</c>, <c>remote-2</c> ... in <c>list-conn</c>).</summary>
public sealed record ConnectionAuthInfo
{
    /// <summary>The section name, e.g. <c>local-1</c>.</summary>
    public required string Round { get; init; }

    /// <summary>Authentication class, e.g. <c>pre-shared key</c>, <c>public key</c>, <c>EAP</c>.</summary>
    public string? Class { get; init; }
    public string? EapType { get; init; }
    public long? EapVendor { get; init; }
    public string? Xauth { get; init; }
    public string? Revocation { get; init; }
    public string? Id { get; init; }
    public string? CaId { get; init; }
    public string? AaaId { get; init; }
    public string? EapId { get; init; }
    public string? XauthId { get; init; }
    public IReadOnlyList<string> Groups { get; init; } = [];
    public IReadOnlyList<string> CertPolicy { get; init; } = [];
    public IReadOnlyList<string> Certs { get; init; } = [];
    public IReadOnlyList<string> CaCerts { get; init; } = [];

    public required ViciMessage Raw { get; init; }

    public static ConnectionAuthInfo Parse(string round, ViciMessage section)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(section);
        return new ConnectionAuthInfo
        {
            Round = round,
            Class = section.GetString("class"),
            EapType = section.GetString("eap-type"),
            EapVendor = section.GetInt64("eap-vendor"),
            Xauth = section.GetString("xauth"),
            Revocation = section.GetString("revocation"),
            Id = section.GetString("id"),
            CaId = section.GetString("ca_id"),
            AaaId = section.GetString("aaa_id"),
            EapId = section.GetString("eap_id"),
            XauthId = section.GetString("xauth_id"),
            Groups = section.GetStrings("groups"),
            CertPolicy = section.GetStrings("cert_policy"),
            Certs = section.GetStrings("certs"),
            CaCerts = section.GetStrings("cacerts"),
            Raw = section,
        };
    }
}
