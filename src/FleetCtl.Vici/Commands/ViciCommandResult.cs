namespace FleetCtl.Vici.Commands;

/// <summary>
/// The answer of commands that report only <c>success</c> and <c>errmsg</c> (reload-settings, install, uninstall,
/// load-conn, unload-conn, load-cert, unload-key, load-shared, unload-shared, flush-certs, clear-creds,
/// load-authority, unload-authority, load-pool, unload-pool, reset-counters). The client methods throw
/// <see cref="ViciCommandFailedException"/> on failure, so a returned result has <see cref="Success"/> set; parse
/// <see cref="ViciCommandFailedException.Response"/> to look at a failed one.
/// </summary>
public sealed record ViciCommandResult(bool Success, string? ErrorMessage, ViciMessage Raw)
{
    public static ViciCommandResult Parse(ViciMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new ViciCommandResult(Models.ViciFields.Success(response), response.GetString("errmsg"), response);
    }
}
