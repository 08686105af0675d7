using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace FleetCtl.Cli.Commands;

/// <summary><c>fleetctl tokens</c>: list, create and revoke API tokens (<c>/api/v1/tokens</c>).</summary>
internal static class TokensCommand
{
    public static Command Create(CommonOptions common)
    {
        var json = CommonOptions.Json("Print the server's JSON");
        var list = new Command("list", "Your API tokens (an admin's: everyone's), never their secrets") { json };
        list.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var body = await client.GetAsync("api/v1/tokens", ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await common.Context.Out.WriteLineAsync(body).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var tokens = FleetClient.Parse(body, CliJson.Default.ListTokenInfoDto);
            var table = new Table().Border(TableBorder.Simple).AddColumns("ID", "NAME", "USER", "ROLE", "CREATED (UTC)", "EXPIRES (UTC)");
            foreach (var t in tokens)
            {
                table.AddRow(t.Id, Markup.Escape(t.Name), Markup.Escape(t.User ?? "(configuration)"), t.Role,
                    t.FromConfiguration ? "-" : t.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    t.ExpiresAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never");
            }

            var console = Render.CreateConsole(common.Context);
            console.Write(table);
            console.WriteLine($"{tokens.Count} tokens");
            return ExitCodes.Ok;
        }));

        var name = new Argument<string>("NAME") { Description = "What the token is for, e.g. 'nightly report'" };
        var role = new Option<string?>("--role") { Description = "viewer, operator or admin; at most your own (default: your own)", HelpName = "ROLE" };
        var days = new Option<double?>("--days") { Description = "Lifetime in days (default: no expiry)", HelpName = "DAYS" };
        var create = new Command("create", "Create a token and print it once (store it now: the server keeps only its hash)") { name, role, days, json };
        create.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var request = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["name"] = parse.GetValue(name),
                ["role"] = parse.GetValue(role),
                ["days"] = parse.GetValue(days),
            });
            var body = await client.PostJsonAsync("api/v1/tokens", request, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await common.Context.Out.WriteLineAsync(body).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var created = FleetClient.Parse(body, CliJson.Default.CreatedTokenDto);
            await common.Context.Out.WriteLineAsync(created.Token).ConfigureAwait(false);
            await common.Context.Error.WriteLineAsync($"token {created.Info.Id} '{created.Info.Name}' ({created.Info.Role}) created; "
                + "this is the only time it is shown").ConfigureAwait(false);
            return ExitCodes.Ok;
        }));

        var id = new Argument<string>("ID") { Description = "The token's id (see 'fleetctl tokens list')" };
        var revoke = new Command("revoke", "Revoke a token: requests with it get 401 from now on") { id };
        revoke.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var tokenId = parse.GetValue(id)!;
            await client.DeleteAsync($"api/v1/tokens/{Uri.EscapeDataString(tokenId)}", ct, notFound: $"no API token '{tokenId}'").ConfigureAwait(false);
            await common.Context.Out.WriteLineAsync($"token {tokenId} revoked").ConfigureAwait(false);
            return ExitCodes.Ok;
        }));

        return new Command("tokens", "List, create and revoke API tokens") { list, create, revoke };
    }
}

/// <summary><c>fleetctl logout</c>: revokes the saved token on the server and removes it from the config file.</summary>
internal static class LogoutCommand
{
    public static Command Create(CommonOptions common)
    {
        var command = new Command("logout", "Revoke the token saved by 'fleetctl login' and remove it from the config file");
        command.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var context = common.Context;
            var me = FleetClient.Parse(await client.GetAsync("api/v1/auth/me", ct).ConfigureAwait(false), CliJson.Default.WhoAmIDto);
            if (me.TokenId is { } tokenId && !tokenId.StartsWith("cfg-", StringComparison.Ordinal))
            {
                await client.DeleteAsync($"api/v1/tokens/{Uri.EscapeDataString(tokenId)}", ct, notFound: $"no API token '{tokenId}'").ConfigureAwait(false);
                await context.Out.WriteLineAsync($"revoked token {tokenId} of {me.User}").ConfigureAwait(false);
            }
            else
            {
                await context.Out.WriteLineAsync($"the token of {me.User} comes from the server's configuration; it stays valid there").ConfigureAwait(false);
            }

            if (File.Exists(context.ConfigPath))
            {
                CliSettings.Save(context.ConfigPath, new ConfigFile(client.Server.ToString().TrimEnd('/'), Token: null));
                await context.Out.WriteLineAsync($"removed the token from {context.ConfigPath}").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
