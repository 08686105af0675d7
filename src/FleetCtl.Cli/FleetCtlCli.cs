using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

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
        var server = new Option<string?>("--server")
        {
            Description = $"The FleetCtl server's URL [env FLEETCTL_SERVER, config file, default {CliSettings.DefaultServer}]",
            Recursive = true,
            HelpName = "URL",
        };
        var token = new Option<string?>("--token")
        {
            Description = "Bearer token sent to the server [env FLEETCTL_TOKEN, config file]",
            Recursive = true,
        };
        var json = new Option<bool>("--json") { Description = "Print the server's JSON instead of a table (for scripts)" };

        var state = new Option<string?>("--state") { Description = "Only gateways in this state: " + string.Join(", ", States), HelpName = "STATE" };
        state.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, States);
        var gateways = new Command("gateways", "List the fleet's gateways: state, SA counts, tunnels down, daemon, last error") { state, json };
        gateways.SetAction((parse, ct) => WithClient(parse, server, token, context, client =>
            GatewaysAsync(client, parse.GetValue(state), parse.GetValue(json), context, ct)));

        var gatewayName = new Argument<string>("GATEWAY") { Description = "The gateway's name, e.g. gw-001" };
        var sasJson = new Option<bool>("--json") { Description = "Print the server's JSON (the gateway's IKE_SA array) instead of a table" };
        var sas = new Command("sas", "Show one gateway's IKE_SAs and their CHILD_SAs") { gatewayName, sasJson };
        sas.SetAction((parse, ct) => WithClient(parse, server, token, context, client =>
            SasAsync(client, parse.GetRequiredValue(gatewayName), parse.GetValue(sasJson), context, ct)));

        return new RootCommand("fleetctl: command-line client of a FleetCtl server (fleets of strongSwan gateways)")
        {
            server, token, gateways, sas,
        };
    }

    private static async Task<int> WithClient(ParseResult parse, Option<string?> server, Option<string?> token, CliContext context, Func<FleetClient, Task<int>> run)
    {
        var settings = CliSettings.Resolve(parse.GetValue(server), parse.GetValue(token), context);
        using var client = new FleetClient(settings, context.Timeout);
        return await run(client).ConfigureAwait(false);
    }

    private static async Task<int> GatewaysAsync(FleetClient client, string? state, bool json, CliContext context, CancellationToken ct)
    {
        var body = await client.GetGatewaysJsonAsync(ct).ConfigureAwait(false);
        var all = FleetClient.Parse(body, CliJson.Default.IReadOnlyListGatewayStatusDto);
        bool Matches(string? s) => state is null || string.Equals(s, state, StringComparison.OrdinalIgnoreCase);
        if (json)
        {
            await context.Out.WriteLineAsync(state is null ? body : FilterArray(body, "state", Matches)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        var shown = all.Where(g => Matches(g.State)).OrderBy(g => g.Gateway, StringComparer.Ordinal).ToList();
        var console = Render.CreateConsole(context);
        console.Write(Render.Gateways(shown, DateTimeOffset.UtcNow));
        console.WriteLine($"{shown.Count} of {all.Count} gateways");
        return ExitCodes.Ok;
    }

    private static async Task<int> SasAsync(FleetClient client, string gateway, bool json, CliContext context, CancellationToken ct)
    {
        var body = await client.GetGatewayJsonAsync(gateway, ct).ConfigureAwait(false);
        var view = FleetClient.Parse(body, CliJson.Default.GatewayViewDto);
        if (json)
        {
            using var doc = JsonDocument.Parse(body);
            await context.Out.WriteLineAsync(doc.RootElement.TryGetProperty("sas", out var sas) ? sas.GetRawText() : "[]").ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        var console = Render.CreateConsole(context);
        console.Write(Render.Sas(gateway, view.Sas, DateTimeOffset.UtcNow));
        console.WriteLine($"{gateway}: {view.Sas.Count} IKE_SAs, {view.Sas.Sum(s => s.Children.Count)} CHILD_SAs, {view.DownTunnels.Count} tunnels down");
        foreach (var down in view.DownTunnels)
        {
            console.WriteLine($"  down: {down.Connection}/{down.Child} {string.Join(',', down.LocalTs)} === {string.Join(',', down.RemoteTs)}");
        }
        return ExitCodes.Ok;
    }

    /// <summary>The array's elements whose <paramref name="property"/> matches, each as the server sent it.</summary>
    private static string FilterArray(string body, string property, Func<string?, bool> keep)
    {
        using var doc = JsonDocument.Parse(body);
        var kept = doc.RootElement.EnumerateArray()
            .Where(e => keep(e.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null))
            .Select(e => e.GetRawText());
        return "[" + string.Join(',', kept) + "]";
    }
}
