using System.Text.RegularExpressions;

namespace FleetCtl.Fleet.Diagnosis;

/// <summary>
/// Keeps secrets out of stored log lines. At high levels charon dumps key material (<c>Sk_ei secret =&gt;</c>, <c>shared
/// Diffie Hellman secret =&gt;</c>, the PSK in <c>shared key =&gt;</c>, hex dumps under them); such lines are dropped, and
/// a quoted secret in an otherwise useful line is masked. Call it on every line before it is stored or sent anywhere.
/// </summary>
public static partial class LogRedaction
{
    /// <summary>What a masked value is replaced with.</summary>
    public const string Mask = "<redacted>";

    /// <summary>The line to keep (possibly with a value masked), or null when the whole line must be dropped.</summary>
    public static GatewayLogLine? Redact(GatewayLogLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var message = Redact(line.Message);
        return message is null ? null : message == line.Message ? line : line with { Message = message };
    }

    /// <summary>The message to keep, or null to drop it.</summary>
    public static string? Redact(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (KeyMaterial().IsMatch(message) || HexDump().IsMatch(message))
        {
            return null;
        }

        return QuotedSecret().Replace(message, m => m.Groups["key"].Value + Mask);
    }

    /// <summary>Lines that name key material: charon's <c>DBG4</c> dumps (<c>Sk_d secret =&gt;</c>, <c>shared key =&gt; 16 bytes</c>,
    /// <c>nonce =&gt;</c>, <c>DH secret</c>, <c>PSK</c>, <c>private key</c>, <c>keymat</c>, <c>octets =&gt;</c>).</summary>
    [GeneratedRegex(@"\b(Sk_[a-z]+|shared (Diffie Hellman )?secret|shared key\s*=>|secret\s*=>|PSK\s*=>|private key\s*=>|keymat|key material|octets\s*=>|nonce\s*=>|prf\+? ?\(?seed|=>\s*\d+ bytes @ 0x)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyMaterial();

    /// <summary>The lines of a hex dump: <c>   0: 3A 5F ... ....</c>.</summary>
    [GeneratedRegex(@"^\s*\d+:\s+([0-9A-F]{2} ){4,}", RegexOptions.CultureInvariant)]
    private static partial Regex HexDump();

    /// <summary>The value that follows the word <c>secret</c>, <c>psk</c>, <c>password</c> or <c>passphrase</c> and an <c>=</c> or
    /// <c>:</c> — quoted or a bare word.</summary>
    [GeneratedRegex(@"(?<key>\b(secret|psk|password|passphrase)\s*[=:]\s*)(""[^""]*""|'[^']*'|\S+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuotedSecret();
}
