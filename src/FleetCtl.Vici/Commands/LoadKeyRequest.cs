using System.Text;

namespace FleetCtl.Vici.Commands;

/// <summary><c>load-key</c>: loads a private key. <see cref="Data"/> is secret: <see cref="ToString"/> never shows it.</summary>
public sealed record LoadKeyRequest : IViciRequest
{
    public const string CommandName = "load-key";

    public LoadKeyRequest(string type, ReadOnlyMemory<byte> data)
    {
        Type = type;
        Data = data;
    }

    string IViciRequest.Command => CommandName;

    /// <summary>Key type: <c>rsa</c>, <c>ecdsa</c>, <c>ed25519</c>, <c>ed448</c>, <c>bliss</c> or <c>any</c>.</summary>
    public string Type { get; init => field = RequestArgs.NotBlank(value, nameof(Type)); }

    /// <summary>PEM or DER encoded private key. Secret.</summary>
    public ReadOnlyMemory<byte> Data { get; init => field = value.IsEmpty ? throw new ArgumentException("key data must not be empty", nameof(Data)) : value; }

    public ViciMessage ToMessage() => new ViciMessage().Set("type", Type).Set("data", Data);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Type = ").Append(Type).Append(", Data = <redacted, ").Append(Data.Length).Append(" bytes>");
        return true;
    }
}
