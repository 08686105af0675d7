using System.Globalization;
using System.Text;

namespace FleetCtl.Vici.Commands;

/// <summary>
/// <c>load-token</c>: loads a private key held on a token (PKCS#11). <see cref="Pin"/> is secret:
/// <see cref="ToString"/> never shows it.
/// </summary>
public sealed record LoadTokenRequest : IViciRequest
{
    public const string CommandName = "load-token";

    public LoadTokenRequest(string handle) => Handle = handle;

    string IViciRequest.Command => CommandName;

    /// <summary>Hex-encoded CKA_ID of the private key on the token.</summary>
    public string Handle { get; init => field = RequestArgs.NotBlank(value, nameof(Handle)); }

    public long? Slot { get; init; }

    /// <summary>PKCS#11 module name.</summary>
    public string? Module { get; init; }

    /// <summary>PIN to access the key; when null it must be provided by other means. Secret.</summary>
    public string? Pin { get; init; }

    public ViciMessage ToMessage() => new ViciMessage()
        .Set("handle", Handle)
        .SetIfNotNull("slot", Slot)
        .SetIfNotNull("module", Module)
        .SetIfNotNull("pin", Pin);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Handle = ").Append(Handle)
            .Append(", Slot = ").Append(Slot?.ToString(CultureInfo.InvariantCulture))
            .Append(", Module = ").Append(Module)
            .Append(", Pin = ").Append(Pin is null ? "" : "<redacted>");
        return true;
    }
}
