namespace FleetCtl.Cli;

/// <summary>Everything the CLI takes from its process: streams, environment, where the config file is.
/// Tests build one around string readers and writers and a dictionary so they can run the CLI in-process.</summary>
public sealed record CliContext
{
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }
    public required Func<string, string?> GetEnvironmentVariable { get; init; }

    /// <summary>Standard input: <c>fleetctl login</c> reads the password from it when it is not a terminal.</summary>
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>True when <see cref="In"/> is a terminal: <c>login</c> then prompts, without echo for the password.</summary>
    public bool InputIsTerminal { get; init; }

    /// <summary>Reads a secret from the terminal without echoing it, after writing the prompt to <see cref="Error"/>.</summary>
    public Func<string, string?> ReadSecret { get; init; } = ConsoleSecret.Read;

    /// <summary>True when <see cref="Out"/> is a terminal: colours and the terminal's width; otherwise plain text, wide tables.</summary>
    public bool Interactive { get; init; }

    /// <summary>How long one request may take before the server counts as unreachable.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How many items one request asks for when a command follows the pages of a list.</summary>
    public int PageSize { get; init; } = 500;

    public static CliContext FromProcess() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        In = Console.In,
        GetEnvironmentVariable = Environment.GetEnvironmentVariable,
        Interactive = !Console.IsOutputRedirected,
        InputIsTerminal = !Console.IsInputRedirected,
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

/// <summary>Reads a line from the console without echoing it.</summary>
internal static class ConsoleSecret
{
    public static string? Read(string prompt)
    {
        Console.Error.Write(prompt);
        var chars = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.Error.WriteLine();
                    return chars.ToString();
                case ConsoleKey.Backspace:
                    if (chars.Length > 0)
                    {
                        chars.Length--;
                    }
                    break;
                default:
                    if (!char.IsControl(key.KeyChar))
                    {
                        chars.Append(key.KeyChar);
                    }
                    break;
            }
        }
    }
}
