using FleetCtl.Vici.Events;

namespace FleetCtl.Vici.Commands;

/// <summary>The answer of <c>initiate</c>, with the <c>control-log</c> lines streamed while it ran.</summary>
public sealed record InitiateResult(bool Success, string? ErrorMessage, IReadOnlyList<ControlLogEvent> Log, ViciMessage Raw)
{
    public static InitiateResult Parse(ViciMessage response, IReadOnlyList<ControlLogEvent>? log = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new InitiateResult(Models.ViciFields.Success(response), response.GetString("errmsg"), log ?? [], response);
    }
}
