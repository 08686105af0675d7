using System.Text.Json;
using System.Text.Json.Serialization;

namespace FleetCtl.Fleet.Diagnosis;

/// <summary>
/// Captured log lines as JSON lines (one <see cref="GatewayLogLine"/> object per line, camelCase), the format of the
/// recorded lab logs. Lines are redacted (<see cref="LogRedaction"/>) on the way out, so a file never holds a secret.
/// </summary>
public static class GatewayLogLineJson
{
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    /// <summary>One JSON object per redacted line, LF-separated; dropped lines leave no trace.</summary>
    public static string Write(IEnumerable<GatewayLogLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var text = string.Join('\n', lines.Select(LogRedaction.Redact).OfType<GatewayLogLine>()
            .Select(l => JsonSerializer.Serialize(l, s_options)));
        return text.Length == 0 ? "" : text + "\n";
    }

    /// <summary>Reads what <see cref="Write"/> wrote; blank lines are skipped.</summary>
    /// <exception cref="FormatException">A line is not a log line object.</exception>
    public static IReadOnlyList<GatewayLogLine> Read(string jsonLines)
    {
        ArgumentNullException.ThrowIfNull(jsonLines);
        var result = new List<GatewayLogLine>();
        var number = 0;
        foreach (var raw in jsonLines.Split('\n'))
        {
            number++;
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            try
            {
                result.Add(JsonSerializer.Deserialize<GatewayLogLine>(raw, s_options)
                    ?? throw new FormatException($"line {number}: null"));
            }
            catch (JsonException e)
            {
                throw new FormatException($"line {number}: not a log line: {e.Message}", e);
            }
        }

        return result;
    }
}
