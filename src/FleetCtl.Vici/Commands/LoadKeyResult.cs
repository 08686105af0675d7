namespace FleetCtl.Vici.Commands;

/// <summary>The answer of <c>load-key</c> and <c>load-token</c>: the hex SHA-1 key identifier of the loaded key's public key.</summary>
public sealed record LoadKeyResult(bool Success, string? ErrorMessage, string? KeyId, ViciMessage Raw)
{
    public static LoadKeyResult Parse(ViciMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new LoadKeyResult(Models.ViciFields.Success(response), response.GetString("errmsg"), response.GetString("id"), response);
    }
}
