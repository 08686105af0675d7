using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace FleetCtl.Cli.Commands;

/// <summary>
/// <c>fleetctl login</c>: trades a user name and password for an API token (<c>POST /api/v1/auth/token</c>) and saves
/// the server and the token in the config file (mode 0600). The password is read without echo from a terminal, or as
/// the first line of standard input when that is not a terminal (<c>pass show fleet | fleetctl login --user ops</c>).
/// </summary>
internal static class LoginCommand
{
    public static Command Create(CommonOptions common)
    {
        var user = new Option<string?>("--user") { Description = "The user to log in as (asked for on a terminal when missing)", HelpName = "USER" };
        var name = new Option<string?>("--name") { Description = "A name for the token, as the server lists it (default: fleetctl USER@HOST)", HelpName = "NAME" };
        var role = new Option<string?>("--role") { Description = "The token's role, at most the user's own: viewer, operator or admin (default: the user's)", HelpName = "ROLE" };
        role.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "viewer", "operator", "admin");

        var command = new Command("login", "Log in with a user name and password; saves the server and an API token in the config file")
        {
            user, name, role,
        };
        command.SetAction(async (parse, ct) =>
        {
            var context = common.Context;
            // the server as usual (flag, env, file, default); never the old token: a login needs none
            var settings = CliSettings.Resolve(parse.GetValue(common.Server), null, context) with { Token = null };
            var who = parse.GetValue(user);
            if (string.IsNullOrWhiteSpace(who))
            {
                if (!context.InputIsTerminal)
                {
                    throw new CliException(ExitCodes.Usage, "give the user with --user (standard input is not a terminal; it is read for the password)");
                }
                await context.Error.WriteAsync("user: ").ConfigureAwait(false);
                who = (await context.In.ReadLineAsync(ct).ConfigureAwait(false))?.Trim();
                if (string.IsNullOrEmpty(who))
                {
                    throw new CliException(ExitCodes.Usage, "no user given");
                }
            }
            var password = context.InputIsTerminal
                ? context.ReadSecret($"password for {who} at {settings.Server}: ")
                : await context.In.ReadLineAsync(ct).ConfigureAwait(false);
            if (string.IsNullOrEmpty(password))
            {
                throw new CliException(ExitCodes.Usage, context.InputIsTerminal ? "no password given" : "no password on standard input");
            }

            var tokenName = parse.GetValue(name) ?? $"fleetctl {who}@{Environment.MachineName}";
            using var client = new FleetClient(settings, context.Timeout);
            var body = await client.PostJsonAsync("api/v1/auth/token",
                JsonSerializer.Serialize(new TokenLoginDto(who, password, tokenName, parse.GetValue(role)?.ToLowerInvariant()), CliJson.Default.TokenLoginDto),
                ct, refusedHint: "check the user name and password (or the role asked for)").ConfigureAwait(false);
            var created = FleetClient.Parse(body, CliJson.Default.CreatedTokenDto);
            if (!created.Token.StartsWith("fct_", StringComparison.Ordinal))
            {
                throw new CliException(ExitCodes.Error, "the server's answer has no API token; is it a FleetCtl server of a matching version?");
            }

            var server = settings.Server.ToString().TrimEnd('/');
            CliSettings.Save(context.ConfigPath, new ConfigFile(server, created.Token));
            var expires = created.Info.ExpiresAt is { } at ? "expires " + at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "does not expire";
            await context.Out.WriteLineAsync(
                $"logged in to {server} as {created.Info.User ?? who} ({created.Info.Role}); token {created.Info.Id} '{created.Info.Name}' {expires}").ConfigureAwait(false);
            await context.Out.WriteLineAsync($"saved the server and the token in {Path.GetFullPath(context.ConfigPath)} (readable by you only)").ConfigureAwait(false);
            if (!string.IsNullOrWhiteSpace(context.GetEnvironmentVariable("FLEETCTL_TOKEN")) || !string.IsNullOrWhiteSpace(parse.GetValue(common.Token)))
            {
                await context.Error.WriteLineAsync("fleetctl: note: FLEETCTL_TOKEN or --token is set and takes precedence over the saved token").ConfigureAwait(false);
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
