namespace FleetCtl.Vici.Commands;

/// <summary>
/// The answer of <c>redirect</c>. <see cref="Success"/> means the redirects were <em>queued</em> for
/// <see cref="Matches"/> IKE_SAs, not that any peer has moved: watch <c>ike-updown</c> (the SA going down) or
/// <c>list-sas</c> on the target gateway to see it happen.
/// </summary>
public sealed record RedirectResult(bool Success, string? ErrorMessage, long? Matches, ViciMessage Raw)
{
    public static RedirectResult Parse(ViciMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new RedirectResult(Models.ViciFields.Success(response), response.GetString("errmsg"), response.GetInt64("matches"), response);
    }
}
