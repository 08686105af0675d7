using FleetCtl.Vici.Events;

namespace FleetCtl.Vici.Commands;

/// <summary>
/// The answer of <c>terminate</c>: how many SAs matched and how many were terminated, with the <c>control-log</c>
/// lines. charon also sends the counts when it fails: parse <see cref="ViciCommandFailedException.Response"/> to see them.
/// </summary>
public sealed record TerminateResult(
    bool Success, string? ErrorMessage, long? Matches, long? Terminated, IReadOnlyList<ControlLogEvent> Log, ViciMessage Raw)
{
    public static TerminateResult Parse(ViciMessage response, IReadOnlyList<ControlLogEvent>? log = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new TerminateResult(Models.ViciFields.Success(response), response.GetString("errmsg"),
            response.GetInt64("matches"), response.GetInt64("terminated"), log ?? [], response);
    }
}
