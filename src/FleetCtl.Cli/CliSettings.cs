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
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException(ExitCodes.Usage, $"'{server}' is not a server URL: give one like {DefaultServer}");
        }
        return new CliSettings(uri, token);
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
