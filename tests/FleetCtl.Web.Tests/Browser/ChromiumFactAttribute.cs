namespace FleetCtl.Web.Tests.Browser;

/// <summary>
/// A test that drives the real dashboard in Debian's Chromium (never a downloaded browser). Skipped, saying why, when
/// no Chromium is installed — except in CI (CI=true), where a missing browser fails the test: test.sh installs it.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (ChromiumPath is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "no Chromium (apt-get install chromium, or set FLEETCTL_CHROMIUM)";
        }
    }

    /// <summary>The browser to drive: FLEETCTL_CHROMIUM, else /usr/bin/chromium; null when neither exists.</summary>
    public static string? ChromiumPath =>
        Environment.GetEnvironmentVariable("FLEETCTL_CHROMIUM") is { Length: > 0 } configured ? configured
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
        : null;
}
