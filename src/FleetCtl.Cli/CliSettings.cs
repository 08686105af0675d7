using System.Text.Json;

namespace FleetCtl.Cli;

/// <summary>Where to connect and with what token. Each comes from the flag, else the environment, else the config file, else the default.</summary>
public sealed record CliSettings(Uri Server, string? Token)
{
    public const string DefaultServer = "http://localhost:5080";

    public static CliSettings Resolve(string? serverFlag, string? tokenFlag, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var file = ReadConfigFile(context.ConfigPath);
        var server = FirstSet(serverFlag, context.GetEnvironmentVariable("FLEETCTL_SERVER"), file?.Server) ?? DefaultServer;
        var token = FirstSet(tokenFlag, context.GetEnvironmentVariable("FLEETCTL_TOKEN"), file?.Token);
        return new CliSettings(ParseServer(server), token);
    }

    public static Uri ParseServer(string server)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException(ExitCodes.Usage, $"'{server}' is not a server URL: give one like {DefaultServer}");
        }
        return uri;
    }

    /// <summary>
    /// Writes <paramref name="config"/> to <paramref name="path"/> readable by the owner only (0600; its folder 0700 when
    /// created): it holds a token. Written to a temp file first, so a failed write never leaves half a file.
    /// </summary>
    public static void Save(string path, ConfigFile config)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var full = Path.GetFullPath(path);
            var directory = Path.GetDirectoryName(full)!;
            if (!Directory.Exists(directory))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(directory);
                }
                else
                {
                    Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }
            var temp = full + ".tmp";
            File.Delete(temp);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var stream = new FileStream(temp, options))
            {
                JsonSerializer.Serialize(stream, config, CliJson.Indented.ConfigFile);
            }
            File.Move(temp, full, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Error, $"cannot write the config file {path}: {e.Message}", e);
        }
    }

    private static string? FirstSet(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

    private static ConfigFile? ReadConfigFile(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), CliJson.Default.ConfigFile);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"cannot read the config file {path}: {e.Message}", e);
        }
    }
}

/// <summary><c>~/.config/fleetctl/config.json</c>: <c>{"server": "https://fleet.example:5080", "token": "..."}</c>.</summary>
public sealed record ConfigFile(string? Server, string? Token);
