namespace FleetCtl.Fleet.Diagnosis;

/// <summary>
/// A gateway's recent log lines, oldest dropped first, capped both in lines and in bytes of text (a chatty gateway
/// cannot take more memory than the cap). Lines go in redacted (<see cref="LogRedaction"/>): what could carry a secret is
/// never stored. Not thread-safe: owned by the gateway's actor.
/// </summary>
public sealed class GatewayLogRing(int maxLines, int maxBytes)
{
    /// <summary>Longer messages are cut to this many characters (charon's longest useful lines are proposal lists).</summary>
    public const int MaxMessageLength = 2048;

    private readonly Queue<GatewayLogLine> _lines = new();
    private long _bytes;

    public int Count => _lines.Count;

    /// <summary>Bytes of text held (two per character, as .NET strings take).</summary>
    public long Bytes => _bytes;

    /// <summary>Lines dropped because the ring was full, since it was made.</summary>
    public long Dropped { get; private set; }

    /// <summary>Lines refused because they could carry a secret.</summary>
    public long Redacted { get; private set; }

    /// <summary>Adds a line (redacted first); returns the stored line, or null when it was refused.</summary>
    public GatewayLogLine? Add(GatewayLogLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (LogRedaction.Redact(line) is not { } safe)
        {
            Redacted++;
            return null;
        }

        if (safe.Message.Length > MaxMessageLength)
        {
            safe = safe with { Message = safe.Message[..MaxMessageLength] + "…" };
        }

        _lines.Enqueue(safe);
        _bytes += Size(safe);
        while (_lines.Count > maxLines || (_bytes > maxBytes && _lines.Count > 1))
        {
            _bytes -= Size(_lines.Dequeue());
            Dropped++;
        }

        return safe;
    }

    /// <summary>The lines held, oldest first.</summary>
    public IReadOnlyList<GatewayLogLine> Snapshot() => [.. _lines];

    private static long Size(GatewayLogLine line) => 2L * (line.Message.Length + line.Group.Length + (line.IkeSaName?.Length ?? 0)) + 64;
}
