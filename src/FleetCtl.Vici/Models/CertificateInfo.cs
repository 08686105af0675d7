using System.Globalization;

namespace FleetCtl.Vici.Models;

/// <summary>A loaded certificate as streamed by <c>list-certs</c> (<c>list-cert</c> events: one certificate per event, at the root).</summary>
public sealed record CertificateInfo
{
    /// <summary><c>X509</c>, <c>X509_AC</c>, <c>X509_CRL</c>, <c>OCSP_RESPONSE</c> or <c>PUBKEY</c>.</summary>
    public string? Type { get; init; }

    /// <summary>X.509 flag: <c>NONE</c>, <c>CA</c>, <c>AA</c> or <c>OCSP</c>.</summary>
    public string? Flag { get; init; }

    /// <summary>A private key for this certificate is loaded.</summary>
    public bool HasPrivateKey { get; init; }

    /// <summary>The ASN.1 DER encoding (empty when absent).</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>Subject, for <c>PUBKEY</c> entries.</summary>
    public string? Subject { get; init; }

    /// <summary>Validity start as charon sends it (ASN.1 generalized time, e.g. <c>20250101000000Z</c>), for <c>PUBKEY</c> entries.</summary>
    public string? NotBefore { get; init; }

    /// <summary>Validity end as charon sends it, for <c>PUBKEY</c> entries.</summary>
    public string? NotAfter { get; init; }

    /// <summary><see cref="NotBefore"/> as a time, when it parses.</summary>
    public DateTimeOffset? NotBeforeTime => ParseTime(NotBefore);

    /// <summary><see cref="NotAfter"/> as a time, when it parses.</summary>
    public DateTimeOffset? NotAfterTime => ParseTime(NotAfter);

    public required ViciMessage Raw { get; init; }

    public static CertificateInfo Parse(ViciMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new CertificateInfo
        {
            Type = message.GetString("type"),
            Flag = message.GetString("flag"),
            HasPrivateKey = message.IsYes("has_privkey"),
            Data = message.GetBytes("data") ?? ReadOnlyMemory<byte>.Empty,
            Subject = message.GetString("subject"),
            NotBefore = message.GetString("not-before"),
            NotAfter = message.GetString("not-after"),
            Raw = message,
        };
    }

    private static DateTimeOffset? ParseTime(string? value) =>
        value is not null && DateTimeOffset.TryParseExact(value, ["yyyyMMddHHmmss'Z'", "yyMMddHHmmss'Z'"],
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : null;
}
