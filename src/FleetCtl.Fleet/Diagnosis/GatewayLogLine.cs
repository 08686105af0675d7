using System.Globalization;
using FleetCtl.Vici.Events;

namespace FleetCtl.Fleet.Diagnosis;

/// <summary>
/// One charon log line as a gateway delivered it over VICI (the <c>log</c> or <c>control-log</c> event), with the time
/// the controller received it. Immutable; what the diagnosis engine and the alert deriver read.
/// </summary>
/// <param name="Time">When the controller received the line.</param>
/// <param name="Group">charon's debug group: <c>IKE</c>, <c>CFG</c>, <c>ENC</c>, <c>NET</c>, <c>CHD</c> ...</param>
/// <param name="Level">charon's level (0 audit, 1 control, 2 controlmore, ...). The <c>log</c> event carries 0 and 1 only.</param>
/// <param name="IkeSaName">The connection (IKE config) name of the IKE_SA the line belongs to, if any.</param>
/// <param name="IkeSaUniqueId">The unique id of that IKE_SA, if any.</param>
/// <param name="Message">The text, without charon's thread/group prefix.</param>
/// <param name="Thread">charon's thread number, if sent (not in <c>control-log</c>).</param>
public sealed record GatewayLogLine(
    DateTimeOffset Time, string Group, int Level, string? IkeSaName, long? IkeSaUniqueId, string Message, int? Thread = null)
{
    /// <summary>A line from a <c>log</c> event; <paramref name="receivedAt"/> overrides the event's own receive time.</summary>
    public static GatewayLogLine From(LogEvent log, DateTimeOffset? receivedAt = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        return new GatewayLogLine(receivedAt ?? log.ReceivedAt, log.Group ?? "???", (int)(log.Level ?? 0), log.IkeSaName,
            log.IkeSaUniqueId, log.Message ?? "", log.Thread is { } t ? (int)t : null);
    }

    /// <summary>A line from a <c>control-log</c> event (the progress of an <c>initiate</c>/<c>terminate</c>).</summary>
    public static GatewayLogLine From(ControlLogEvent log, DateTimeOffset? receivedAt = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        return new GatewayLogLine(receivedAt ?? log.ReceivedAt, log.Group ?? "???", (int)(log.Level ?? 0), log.IkeSaName,
            log.IkeSaUniqueId, log.Message ?? "");
    }

    /// <summary>Like charon's own log: <c>[IKE] &lt;s2s|3&gt; message</c>.</summary>
    public override string ToString()
    {
        var sa = IkeSaName is null && IkeSaUniqueId is null
            ? ""
            : $"<{IkeSaName}|{IkeSaUniqueId?.ToString(CultureInfo.InvariantCulture)}> ";
        return $"[{Group}] {sa}{Message}";
    }
}
