using System.Text;
using System.Text.Unicode;

namespace FleetCtl.Vici;

public sealed partial class ViciMessage
{
    private const int MaxShownValue = 200;

    private static readonly HashSet<string> s_secretKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "secret", "secrets", "psk", "password", "passphrase", "pin", "private-key", "privkey", "shared-secret", "ppk",
    };

    // "data" is a secret in load-shared and load-key, public in load-cert: judged by the sibling "type".
    private static readonly HashSet<string> s_publicDataTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "X509", "X509_AC", "X509_CRL", "OCSP_RESPONSE", "PUBKEY",
    };

    /// <summary>
    /// True when a key's value must never reach a log: secrets, PSKs, passwords, PINs, private key data.
    /// Judged by name (and for <c>data</c>, by the <c>type</c> beside it).
    /// </summary>
    public static bool IsSecretKey(string key, ViciMessage? section = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (s_secretKeys.Contains(key) || key.StartsWith("secret", StringComparison.OrdinalIgnoreCase) ||
            key.EndsWith("-secret", StringComparison.OrdinalIgnoreCase) || key.EndsWith("_secret", StringComparison.OrdinalIgnoreCase) ||
            key.EndsWith("password", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(key, "data", StringComparison.OrdinalIgnoreCase))
        {
            var type = section?.GetString("type");
            return type is null || !s_publicDataTypes.Contains(type);
        }

        return false;
    }

    /// <summary>A readable rendering for logs, with every secret value redacted.</summary>
    public override string ToString() => ToString(redactSecrets: true);

    /// <summary>A readable rendering, swanctl style. Pass false only for output that never reaches a log.</summary>
    public string ToString(bool redactSecrets)
    {
        var sb = new StringBuilder();
        Format(sb, 0, redactSecrets);
        return sb.Length == 0 ? "{}" : sb.ToString().TrimEnd('\n');
    }

    private void Format(StringBuilder sb, int indent, bool redact)
    {
        for (var i = 0; i < _count; i++)
        {
            var e = _entries[i];
            sb.Append(' ', indent * 2).Append(e.Key);
            var secret = redact && IsSecretKey(e.Key, this);
            switch (e.Kind)
            {
                case ViciValueKind.Value:
                    sb.Append(" = ");
                    if (secret)
                    {
                        sb.Append("<redacted>");
                    }
                    else
                    {
                        AppendValue(sb, e.Value.Span);
                    }

                    sb.Append('\n');
                    break;
                case ViciValueKind.Section:
                    sb.Append(" {\n");
                    e.Section!.Format(sb, indent + 1, redact);
                    sb.Append(' ', indent * 2).Append("}\n");
                    break;
                default:
                    sb.Append(" = [");
                    var items = e.List!.Items;
                    for (var j = 0; j < items.Length; j++)
                    {
                        sb.Append(j == 0 ? "" : ", ");
                        if (secret)
                        {
                            sb.Append("<redacted>");
                        }
                        else
                        {
                            AppendValue(sb, items[j].Span);
                        }
                    }

                    sb.Append("]\n");
                    break;
            }
        }
    }

    private static void AppendValue(StringBuilder sb, ReadOnlySpan<byte> value)
    {
        if (Utf8.IsValid(value) && IsPrintable(value))
        {
            if (value.Length <= MaxShownValue)
            {
                sb.Append(Encoding.UTF8.GetString(value));
            }
            else
            {
                sb.Append(Encoding.UTF8.GetString(value[..MaxShownValue])).Append("... (").Append(value.Length).Append(" bytes)");
            }

            return;
        }

        var shown = Math.Min(value.Length, 32);
        sb.Append("0x").Append(Convert.ToHexStringLower(value[..shown]));
        if (shown < value.Length)
        {
            sb.Append("... (").Append(value.Length).Append(" bytes)");
        }
    }

    private static bool IsPrintable(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if (b < 0x20 && b != (byte)'\t')
            {
                return false;
            }
        }

        return true;
    }
}
