using Spectre.Console;
using System.CommandLine;

namespace FleetCtl.Cli.Commands;

/// <summary><c>fleetctl catalog [ID|KEY]</c>: the event reference (<c>GET /api/v1/catalog</c>, <c>/catalog/{idOrKey}</c>).</summary>
internal static class CatalogCommand
{
    public static Command Create(CommonOptions common)
    {
        var entry = new Argument<string?>("ID|KEY")
        {
            Description = "Show this entry in full, by numeric id (1005) or key (fleet.gateway.unreachable)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var category = new Option<string?>("--category") { Description = "Only entries filed under this category, e.g. IKE, AUTH, CONTROLLER", HelpName = "CATEGORY" };
        var severity = new Option<string?>("--severity")
        {
            Description = "Only entries of this severity: Debug, Information, Notice, Warning, Error, Critical (comma-separate for several)",
            HelpName = "SEVERITY",
        };
        var search = new Option<string?>("--search") { Description = "Only entries whose id, key, title, explanation or actions contain this text", HelpName = "TEXT" };
        var json = CommonOptions.Json("Print the server's JSON instead of a table");

        var command = new Command("catalog", "Look up what an event means and what to do about it (the event catalog)")
        {
            entry, category, severity, search, json,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(entry) is not null && (r.GetValue(category) is not null || r.GetValue(severity) is not null || r.GetValue(search) is not null))
            {
                r.AddError("give either ID|KEY or filters (--category, --severity, --search), not both");
            }
        });
        command.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var console = Render.CreateConsole(common.Context);
            if (parse.GetValue(entry) is { } idOrKey)
            {
                var body = await client.GetAsync($"api/v1/catalog/{Uri.EscapeDataString(idOrKey)}", ct, notFound: $"no catalog entry '{idOrKey}'")
                    .ConfigureAwait(false);
                var item = FleetClient.Parse(body, CliJson.Default.CatalogItemDto);
                if (parse.GetValue(json))
                {
                    await common.Context.Out.WriteLineAsync(body).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }
                Render.CatalogEntry(console, item);
                return ExitCodes.Ok;
            }

            var query = new List<string>();
            if (parse.GetValue(category) is { } c)
            {
                query.Add(FleetClient.Q("category", c));
            }
            if (parse.GetValue(severity) is { } s)
            {
                query.Add(FleetClient.Q("severity", s));
            }
            if (parse.GetValue(search) is { } q)
            {
                query.Add(FleetClient.Q("q", q));
            }
            var list = FleetClient.Parse(await client.GetAsync(FleetClient.WithQuery("api/v1/catalog", query), ct).ConfigureAwait(false),
                CliJson.Default.CatalogListDto);
            if (parse.GetValue(json))
            {
                await common.WriteJsonArrayAsync(list.Items).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            var items = list.Items.Select(i => FleetClient.Parse(i, CliJson.Default.CatalogItemDto)).ToList();
            console.Write(Render.Catalog(items));
            console.WriteLine($"{items.Count} {(items.Count == 1 ? "entry" : "entries")}; 'fleetctl catalog ID' shows one in full");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
