using System.CommandLine;

namespace FleetCtl.Cli.Commands;

/// <summary><c>fleetctl whoami</c>: who the server takes the token for (<c>GET /api/v1/auth/me</c>).</summary>
internal static class WhoAmICommand
{
    public static Command Create(CommonOptions common)
    {
        var json = CommonOptions.Json("Print the server's JSON");
        var command = new Command("whoami", "Show the user and role the server knows the token as") { json };
        command.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var body = await client.GetAsync("api/v1/auth/me", ct).ConfigureAwait(false);
            var me = FleetClient.Parse(body, CliJson.Default.WhoAmIDto);
            if (parse.GetValue(json))
            {
                await common.Context.Out.WriteLineAsync(body).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            var how = me.TokenId is null ? me.Method : $"{me.Method} {me.TokenId}";
            await common.Context.Out.WriteLineAsync($"{me.User} ({me.Role}) at {client.Server.ToString().TrimEnd('/')}, by {how}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
