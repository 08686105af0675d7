using System.Globalization;
using System.Text;

namespace FleetCtl.Vici.Events;

/// <summary>
/// <c>log</c>: one debug log message of the daemon. Wire keys: <c>group</c>, <c>level</c>, <c>thread</c>,
/// <c>ikesa-name</c>, <c>ikesa-uniqueid</c> (the spec misspells it <c>ikesa-uniqued</c>; both are read), <c>msg</c>.
/// </summary>
public sealed record LogEvent(
    string? Group, long? Level, long? Thread, string? IkeSaName, long? IkeSaUniqueId, string? Message,
    ViciMessage Raw, DateTimeOffset ReceivedAt = default)
    : ViciTypedEvent(Raw, ReceivedAt)
{
    public override string Name => ViciEventNames.Log;

    public static LogEvent Parse(ViciMessage message, DateTimeOffset receivedAt = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new LogEvent(
            message.GetString("group"), message.GetInt64("level"), message.GetInt64("thread"),
            message.GetString("ikesa-name"), LogFields.UniqueId(message), message.GetString("msg"),
            message, receivedAt);
    }

    /// <summary>Charon's own log line format: <c>12[IKE] &lt;s2s|3&gt; message</c>.</summary>
    public override string ToString() => LogFields.Format(Thread, Group, IkeSaName, IkeSaUniqueId, Message);
}

internal static class LogFields
{
    public static long? UniqueId(ViciMessage message) =>
        message.GetInt64("ikesa-uniqueid") ?? message.GetInt64("ikesa-uniqued");

    public static string Format(long? thread, string? group, string? ikeSaName, long? uniqueId, string? message)
    {
        var sb = new StringBuilder();
        if (thread is not null)
        {
            sb.Append(thread.Value.ToString("00", CultureInfo.InvariantCulture));
        }

        sb.Append('[').Append(group ?? "???").Append("] ");
        if (ikeSaName is not null || uniqueId is not null)
        {
            sb.Append('<').Append(ikeSaName).Append('|').Append(uniqueId?.ToString(CultureInfo.InvariantCulture)).Append("> ");
        }

        return sb.Append(message).ToString();
    }
}
