namespace FleetCtl.Vici.Commands;

/// <summary><c>list-certs</c>: streams every loaded certificate (of all backends) as <c>list-cert</c> events.</summary>
public sealed record ListCertsRequest : IViciRequest
{
    public const string CommandName = "list-certs";

    string IViciRequest.Command => CommandName;

    /// <summary><c>X509</c>, <c>X509_AC</c>, <c>X509_CRL</c>, <c>OCSP_RESPONSE</c>, <c>PUBKEY</c> or <c>ANY</c> (the default).</summary>
    public string? Type { get; init; }

    /// <summary>X.509 flag: <c>NONE</c>, <c>CA</c>, <c>AA</c>, <c>OCSP</c> or <c>ANY</c> (the default).</summary>
    public string? Flag { get; init; }

    /// <summary>Only certificates with this subject.</summary>
    public string? Subject { get; init; }

    public ViciMessage ToMessage() => new ViciMessage()
        .SetIfNotNull("type", Type)
        .SetIfNotNull("flag", Flag)
        .SetIfNotNull("subject", Subject);
}
