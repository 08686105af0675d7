using System.Text;

namespace FleetCtl.Vici.Commands;

/// <summary>
/// <c>load-shared</c>: loads a shared secret (IKE PSK, EAP, XAuth, NTLM or PPK). <see cref="Data"/> is secret:
/// <see cref="ToString"/> never shows it.
/// </summary>
public sealed record LoadSharedRequest : IViciRequest
{
    public const string CommandName = "load-shared";

    public LoadSharedRequest(string type, ReadOnlyMemory<byte> data, IEnumerable<string> owners)
    {
        ArgumentNullException.ThrowIfNull(owners);
        Type = type;
        Data = data;
        Owners = owners.ToArray();
    }

    /// <summary>A secret given as text, sent as its UTF-8 bytes (raw: swanctl's <c>0x</c>/<c>0s</c> prefixes are not decoded).</summary>
    public LoadSharedRequest(string type, string secret, IEnumerable<string> owners)
        : this(type, Encoding.UTF8.GetBytes(secret ?? throw new ArgumentNullException(nameof(secret))), owners)
    {
    }

    string IViciRequest.Command => CommandName;

    /// <summary>Unique identifier of this secret, to unload or replace it later.</summary>
    public string? Id { get; init; }

    /// <summary><c>IKE</c>, <c>EAP</c>, <c>XAUTH</c>, <c>NTLM</c> or <c>PPK</c>.</summary>
    public string Type { get; init => field = RequestArgs.NotBlank(value, nameof(Type)); }

    /// <summary>The raw secret. Secret.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>Identities the secret belongs to; empty matches any.</summary>
    public IReadOnlyList<string> Owners { get; init => field = value ?? throw new ArgumentNullException(nameof(Owners)); }

    public ViciMessage ToMessage() => new ViciMessage()
        .SetIfNotNull("id", Id)
        .Set("type", Type)
        .Set("data", Data)
        .Set("owners", Owners);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id)
            .Append(", Type = ").Append(Type)
            .Append(", Data = <redacted>")
            .Append(", Owners = [").AppendJoin(", ", Owners).Append(']');
        return true;
    }
}
