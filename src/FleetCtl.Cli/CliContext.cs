namespace FleetCtl.Cli;

/// <summary>Everything the CLI takes from its process: output streams, environment, where the config file is.
/// Tests build one around string writers and a dictionary so they can run the CLI in-process.</summary>
public sealed record CliContext
{
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }
    public required Func<string, string?> GetEnvironmentVariable { get; init; }

    /// <summary>True when <see cref="Out"/> is a terminal: colours and the terminal's width; otherwise plain text, wide tables.</summary>
    public bool Interactive { get; init; }

    /// <summary>How long one request may take before the server counts as unreachable.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);

    public static CliContext FromProcess() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        GetEnvironmentVariable = Environment.GetEnvironmentVariable,
        Interactive = !Console.IsOutputRedirected,
    };

    /// <summary><c>$FLEETCTL_CONFIG</c>, else <c>$XDG_CONFIG_HOME/fleetctl/config.json</c>, else <c>~/.config/fleetctl/config.json</c>.</summary>
    public string ConfigPath
    {
        get
        {
            if (GetEnvironmentVariable("FLEETCTL_CONFIG") is { Length: > 0 } explicitPath)
            {
                return explicitPath;
            }
            var xdg = GetEnvironmentVariable("XDG_CONFIG_HOME");
            var root = string.IsNullOrEmpty(xdg)
                ? Path.Combine(GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config")
                : xdg;
            return Path.Combine(root, "fleetctl", "config.json");
        }
    }
}
