using Spectre.Console;
using System.CommandLine;

namespace FleetCtl.Cli.Commands;

/// <summary><c>fleetctl gateways</c>: <c>GET /api/v1/gateways</c>, every page unless <c>--limit</c> says fewer.</summary>
internal static class GatewaysCommand
{
    public static readonly string[] SortKeys = ["name", "state", "ikeSas", "childSas", "tunnelsDown"];

    public static Command Create(CommonOptions common)
    {
        var state = new Option<string?>("--state") { Description = "Only gateways in this state: " + string.Join(", ", FleetCtlCli.States), HelpName = "STATE" };
        state.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, FleetCtlCli.States);
        var tag = new Option<string[]>("--tag")
        {
            Description = "Only gateways with this inventory tag, KEY=VALUE (repeat for several; all must match)",
            HelpName = "KEY=VALUE",
            Arity = ArgumentArity.OneOrMore,
        };
        var search = new Option<string?>("--search") { Description = "Only gateways whose name, URI or a tag value contains this text", HelpName = "TEXT" };
        var sort = new Option<string?>("--sort")
        {
            Description = "Order by " + string.Join(", ", SortKeys) + "; a leading '-' sorts descending (--sort=-tunnelsDown)",
            HelpName = "KEY",
        };
        sort.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, [.. SortKeys, .. SortKeys.Select(k => "-" + k)]);
        var limit = new Option<int?>("--limit") { Description = "List at most N gateways (default: all, page by page)", HelpName = "N" };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1)
            {
                r.AddError("--limit must be 1 or more");
            }
        });
        var json = CommonOptions.Json("Print the gateways as a JSON array, each as the server sent it (for scripts)");

        var command = new Command("gateways", "List the fleet's gateways: state, SA counts, tunnels down, daemon, tags, last error")
        {
            state, tag, search, sort, limit, json,
        };
        command.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var query = new List<string>();
            if (parse.GetValue(state) is { } s)
            {
                query.Add(FleetClient.Q("state", s));
            }
            query.AddRange((parse.GetValue(tag) ?? []).Select(t => FleetClient.Q("tag", t)));
            if (parse.GetValue(search) is { Length: > 0 } q)
            {
                query.Add(FleetClient.Q("q", q));
            }
            if (parse.GetValue(sort) is { } order)
            {
                query.Add(FleetClient.Q("sort", order));
            }

            var (items, total) = await client.GetAllAsync("api/v1/gateways", query, common.Context.PageSize, parse.GetValue(limit), ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await common.WriteJsonArrayAsync(items).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            var gateways = items.Select(i => FleetClient.Parse(i, CliJson.Default.GatewayStatusDto)).ToList();
            var console = Render.CreateConsole(common.Context);
            console.Write(Render.Gateways(gateways, DateTimeOffset.UtcNow));
            console.WriteLine($"{gateways.Count} of {total} gateways");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
