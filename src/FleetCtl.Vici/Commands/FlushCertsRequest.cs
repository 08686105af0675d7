namespace FleetCtl.Vici.Commands;

/// <summary><c>flush-certs</c>: flushes the certificate cache, optionally only certificates of one type (e.g. CRLs).</summary>
public sealed record FlushCertsRequest : IViciRequest
{
    public const string CommandName = "flush-certs";

    string IViciRequest.Command => CommandName;

    /// <summary><c>X509</c>, <c>X509_AC</c>, <c>X509_CRL</c>, <c>OCSP_RESPONSE</c>, <c>PUBKEY</c> or <c>ANY</c> (the default).</summary>
    public string? Type { get; init; }

    public ViciMessage ToMessage() => new ViciMessage().SetIfNotNull("type", Type);
}
