using System.Globalization;
using System.Text.RegularExpressions;

namespace FleetCtl.Cli;

/// <summary>A point in time as <c>--since</c> and <c>--until</c> take it: a duration back from now (<c>90s</c>, <c>15m</c>,
/// <c>1h</c>, <c>2d</c>, <c>1w</c>, also <c>1.5h</c>) or an ISO 8601 time (without an offset: UTC).</summary>
public static partial class When
{
    public static DateTimeOffset Parse(string option, string value, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        var duration = Duration().Match(text);
        if (duration.Success)
        {
            var amount = double.Parse(duration.Groups["n"].Value, CultureInfo.InvariantCulture);
            var unit = duration.Groups["unit"].Value switch
            {
                "s" => TimeSpan.FromSeconds(1),
                "m" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                "d" => TimeSpan.FromDays(1),
                _ => TimeSpan.FromDays(7),
            };
            return now - unit * amount;
        }
        if (text.Length >= 4 && char.IsAsciiDigit(text[0])
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }
        throw new CliException(ExitCodes.Usage,
            $"{option}: '{value}' is neither a duration back from now (90s, 15m, 1h, 2d, 1w) nor an ISO 8601 time (2026-11-03T08:00:00Z)");
    }

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<unit>[smhdw])$")]
    private static partial Regex Duration();
}
