namespace FleetCtl.Vici.Events;

/// <summary>
/// <c>control-log</c>: a log message of an active <c>initiate</c> or <c>terminate</c>, sent only to the client
/// running it. Wire keys: <c>group</c>, <c>level</c>, <c>ikesa-name</c>, <c>ikesa-uniqueid</c> (or the spec's
/// <c>ikesa-uniqued</c>), <c>msg</c>.
/// </summary>
public sealed record ControlLogEvent(
    string? Group, long? Level, string? IkeSaName, long? IkeSaUniqueId, string? Message,
    ViciMessage Raw, DateTimeOffset ReceivedAt = default)
    : ViciTypedEvent(Raw, ReceivedAt)
{
    public override string Name => ViciEventNames.ControlLog;

    public static ControlLogEvent Parse(ViciMessage message, DateTimeOffset receivedAt = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new ControlLogEvent(
            message.GetString("group"), message.GetInt64("level"),
            message.GetString("ikesa-name"), LogFields.UniqueId(message), message.GetString("msg"),
            message, receivedAt);
    }

    /// <summary>Like charon's log line: <c>[IKE] &lt;s2s|3&gt; message</c>.</summary>
    public override string ToString() => LogFields.Format(null, Group, IkeSaName, IkeSaUniqueId, Message);
}
