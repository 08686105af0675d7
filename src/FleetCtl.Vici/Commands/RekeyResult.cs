namespace FleetCtl.Vici.Commands;

/// <summary>The answer of <c>rekey</c>: how many SAs matched. The rekeyings are queued, not done, when it returns.</summary>
public sealed record RekeyResult(bool Success, string? ErrorMessage, long? Matches, ViciMessage Raw)
{
    public static RekeyResult Parse(ViciMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new RekeyResult(Models.ViciFields.Success(response), response.GetString("errmsg"), response.GetInt64("matches"), response);
    }
}
