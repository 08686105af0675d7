using System.Globalization;

namespace FleetCtl.Fleet.Operations;

/// <summary>
/// Durations as operators write them, in the API and on the command line: <c>500ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c>,
/// a bare number of seconds, or <c>hh:mm:ss</c>. Never negative. The CLI compiles this same file (it does not reference
/// the fleet core), so both read a duration alike.
/// </summary>
public static class Durations
{
    /// <summary>What to show next to a refused duration.</summary>
    public const string Examples = "e.g. 500ms, 5s, 2m or 00:00:05";

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        var s = text?.Trim().ToLowerInvariant() ?? "";
        if (s.Length == 0)
        {
            return false;
        }

        var (number, unit) = s.EndsWith("ms", StringComparison.Ordinal) ? (s[..^2], 0.001)
            : s.EndsWith('s') ? (s[..^1], 1.0)
            : s.EndsWith('m') ? (s[..^1], 60.0)
            : s.EndsWith('h') ? (s[..^1], 3600.0)
            : (s, 1.0);
        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
        {
            value = TimeSpan.FromSeconds(n * unit);
            return true;
        }

        return TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }
}
