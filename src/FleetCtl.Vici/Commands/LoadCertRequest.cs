namespace FleetCtl.Vici.Commands;

/// <summary><c>load-cert</c>: loads a certificate (public data: it is not redacted).</summary>
public sealed record LoadCertRequest : IViciRequest
{
    public const string CommandName = "load-cert";

    public LoadCertRequest(ReadOnlyMemory<byte> data) => Data = data;

    string IViciRequest.Command => CommandName;

    /// <summary><c>X509</c> (the default), <c>X509_AC</c> or <c>X509_CRL</c>.</summary>
    public string Type { get; init => field = RequestArgs.NotBlank(value, nameof(Type)); } = "X509";

    /// <summary>X.509 flag: <c>NONE</c>, <c>CA</c>, <c>AA</c> or <c>OCSP</c>; charon's default is <c>NONE</c>.</summary>
    public string? Flag { get; init; }

    /// <summary>PEM or DER encoded certificate.</summary>
    public ReadOnlyMemory<byte> Data { get; init => field = value.IsEmpty ? throw new ArgumentException("certificate data must not be empty", nameof(Data)) : value; }

    public ViciMessage ToMessage() => new ViciMessage()
        .Set("type", Type)
        .SetIfNotNull("flag", Flag)
        .Set("data", Data);
}
