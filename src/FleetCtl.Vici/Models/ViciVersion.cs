namespace FleetCtl.Vici.Models;

/// <summary>The daemon and system version information answered by <c>version</c>.</summary>
public sealed record ViciVersion
{
    /// <summary>IKE daemon name, e.g. <c>charon</c> or <c>charon-systemd</c>.</summary>
    public string? Daemon { get; init; }

    /// <summary>strongSwan version as sent, e.g. <c>5.9.8</c> or <c>6.0.3dr1</c>.</summary>
    public string? Version { get; init; }
    public string? Sysname { get; init; }
    public string? Release { get; init; }
    public string? Machine { get; init; }

    public required ViciMessage Raw { get; init; }

    /// <summary>The leading <c>major.minor[.build]</c> of <see cref="Version"/>, when it has one.</summary>
    public Version? NumericVersion => ParseNumeric(Version);

    /// <summary>The daemon has the <c>alert</c> event (strongSwan 6.0.3 and later); false when the version is unknown.</summary>
    public bool SupportsAlertEvent => NumericVersion is { } v && v >= new Version(6, 0, 3);

    public static ViciVersion Parse(ViciMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new ViciVersion
        {
            Daemon = response.GetString("daemon"),
            Version = response.GetString("version"),
            Sysname = response.GetString("sysname"),
            Release = response.GetString("release"),
            Machine = response.GetString("machine"),
            Raw = response,
        };
    }

    private static Version? ParseNumeric(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }

        var numeric = text[..end].TrimEnd('.');
        if (!numeric.Contains('.', StringComparison.Ordinal))
        {
            numeric += ".0";
        }

        return System.Version.TryParse(numeric, out var v) ? v : null;
    }
}
