using Spectre.Console;
using System.CommandLine;
using System.Globalization;

namespace FleetCtl.Cli.Commands;

/// <summary><c>fleetctl history</c>: <c>GET /api/v1/history</c>, newest first.</summary>
internal static class HistoryCommand
{
    /// <summary>The largest JSON page the server gives; longer listings follow the pages.</summary>
    private const int ServerPageLimit = 1000;

    public static Command Create(CommonOptions common)
    {
        var gateway = new Option<string?>("--gateway") { Description = "Only this gateway's events", HelpName = "GATEWAY" };
        var kind = new Option<string[]>("--kind")
        {
            Description = "Only these kinds (repeat or comma-separate): sa (every SA change), ike-up, ike-down, ike-rekey, ike-update, "
                + "child-up, child-down, child-rekey, connectivity, alert",
            HelpName = "KIND",
            Arity = ArgumentArity.OneOrMore,
        };
        var since = new Option<string?>("--since") { Description = "Events from this time on: a duration back from now (90s, 15m, 1h, 2d, 1w) or ISO 8601", HelpName = "WHEN" };
        var until = new Option<string?>("--until") { Description = "Events before this time (same forms as --since)", HelpName = "WHEN" };
        var limit = new Option<int>("--limit") { Description = "At most N events, newest first", HelpName = "N", DefaultValueFactory = _ => 100 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 100_000)
            {
                r.AddError("--limit must be between 1 and 100000");
            }
        });
        var csv = new Option<bool>("--csv") { Description = "Print the server's CSV (at,gateway,kind,summary,sequenceNr) instead of a table" };
        var json = CommonOptions.Json("Print the events as a JSON array, each as the server sent it");

        var command = new Command("history", "Show the fleet's persisted events: SA changes, connectivity, alerts (newest first)")
        {
            gateway, kind, since, until, limit, csv, json,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(csv) && r.GetValue(json))
            {
                r.AddError("--csv and --json exclude each other");
            }
        });
        command.SetAction((parse, ct) =>
        {
            // checked before any request: a bad --since is a usage error even when the server is down
            var now = DateTimeOffset.UtcNow;
            var query = new List<string>();
            if (parse.GetValue(gateway) is { Length: > 0 } g)
            {
                query.Add(FleetClient.Q("gateway", g));
            }
            query.AddRange((parse.GetValue(kind) ?? []).Select(k => FleetClient.Q("kind", k)));
            if (parse.GetValue(since) is { } s)
            {
                query.Add(FleetClient.Q("from", When.Parse("--since", s, now).ToString("O", CultureInfo.InvariantCulture)));
            }
            if (parse.GetValue(until) is { } u)
            {
                query.Add(FleetClient.Q("to", When.Parse("--until", u, now).ToString("O", CultureInfo.InvariantCulture)));
            }
            var max = parse.GetValue(limit);
            // a 404 means the --gateway is unknown (exit 5, with the server's detail)
            var notFound = parse.GetValue(gateway) is { Length: > 0 } named ? $"no gateway '{named}'" : null;
            return common.WithClientAsync(parse, async client =>
            {
                if (parse.GetValue(csv))
                {
                    var body = await client.GetAsync(FleetClient.WithQuery("api/v1/history", [.. query, "format=csv", $"limit={max}"]), ct,
                        notFound, accept: "text/csv").ConfigureAwait(false);
                    await common.Context.Out.WriteAsync(body).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                var (items, total) = await client.GetAllAsync("api/v1/history", query, Math.Min(common.Context.PageSize, ServerPageLimit), max, ct, notFound)
                    .ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    await common.WriteJsonArrayAsync(items).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }
                var events = items.Select(i => FleetClient.Parse(i, CliJson.Default.HistoryItemDto)).ToList();
                var console = Render.CreateConsole(common.Context);
                console.Write(Render.History(events));
                console.WriteLine($"{events.Count} of {total} events");
                return ExitCodes.Ok;
            });
        });
        return command;
    }
}
