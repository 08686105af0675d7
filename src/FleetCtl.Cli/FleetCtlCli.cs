using System.CommandLine;
using FleetCtl.Cli.Commands;

namespace FleetCtl.Cli;

/// <summary>fleetctl's commands and its entry point. <see cref="RunAsync"/> never throws: every outcome is an exit code
/// (see <see cref="ExitCodes"/>) and, on failure, one line on stderr starting with <c>fleetctl: </c>.</summary>
public static class FleetCtlCli
{
    /// <summary>The gateway connection states the server reports (GatewayConnectionState).</summary>
    public static readonly string[] States = ["Connecting", "Syncing", "Connected", "Unreachable"];

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var root = Build(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await context.Error.WriteLineAsync($"fleetctl: {error.Message}").ConfigureAwait(false);
            }
            await context.Error.WriteLineAsync("fleetctl: see 'fleetctl --help'").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false }, ct)
                .ConfigureAwait(false);
        }
        catch (CliException e)
        {
            await context.Error.WriteLineAsync($"fleetctl: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("fleetctl: cancelled").ConfigureAwait(false);
            return 130;
        }
    }

    public static RootCommand Build(CliContext context)
    {
        var common = new CommonOptions(context);
        var root = new RootCommand("fleetctl: command-line client of a FleetCtl server (fleets of strongSwan gateways)")
        {
            common.Server,
            common.Token,
            GatewaysCommand.Create(common),
            SasCommand.Create(common),
            HistoryCommand.Create(common),
            CatalogCommand.Create(common),
            AlertsCommand.Create(common),
            AckCommand.Create(common),
            WatchCommand.Create(common),
            LoginCommand.Create(common),
            WhoAmICommand.Create(common),
            LogoutCommand.Create(common),
            TokensCommand.Create(common),
            DrainsCommand.Create(common),
            DiagnoseCommand.Create(common),
            DiagnoseCommand.CreateLog(common),
        };
        foreach (var command in OperationsCommands.Create(common))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}

/// <summary>The options every command has (<c>--server</c>, <c>--token</c>), and how a command gets its client.</summary>
public sealed class CommonOptions(CliContext context)
{
    public CliContext Context => context;

    public Option<string?> Server { get; } = new("--server")
    {
        Description = $"The FleetCtl server's URL [env FLEETCTL_SERVER, config file, default {CliSettings.DefaultServer}]",
        Recursive = true,
        HelpName = "URL",
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Bearer token sent to the server [env FLEETCTL_TOKEN, config file; 'fleetctl login' saves one]",
        HelpName = "TOKEN",
        Recursive = true,
    };

    public static Option<bool> Json(string description) => new("--json") { Description = description };

    /// <summary>Runs <paramref name="run"/> with a client for the server and token the flags, environment or config file name.</summary>
    public async Task<int> WithClientAsync(ParseResult parse, Func<FleetClient, Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(run);
        var settings = CliSettings.Resolve(parse.GetValue(Server), parse.GetValue(Token), context);
        using var client = new FleetClient(settings, context.Timeout);
        return await run(client).ConfigureAwait(false);
    }

    /// <summary>Prints items as a JSON array, each exactly as the server sent it.</summary>
    public async Task WriteJsonArrayAsync(IEnumerable<System.Text.Json.JsonElement> items) =>
        await context.Out.WriteLineAsync("[" + string.Join(',', items.Select(i => i.GetRawText())) + "]").ConfigureAwait(false);
}
