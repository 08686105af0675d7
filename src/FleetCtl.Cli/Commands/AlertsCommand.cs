using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace FleetCtl.Cli.Commands;

/// <summary><c>fleetctl alerts [ID]</c>: <c>GET /api/v1/alerts</c> (active ones by default) or one alert in full.</summary>
internal static class AlertsCommand
{
    public static Command Create(CommonOptions common)
    {
        var id = new Argument<long?>("ID") { Description = "Show this alert in full, with the catalog's explanation and proposed action", Arity = ArgumentArity.ZeroOrOne };
        var state = new Option<string[]>("--state")
        {
            Description = "open, acknowledged, resolved or active (open + acknowledged; the default); repeat or comma-separate",
            HelpName = "STATE",
            Arity = ArgumentArity.OneOrMore,
        };
        var all = new Option<bool>("--all") { Description = "Every state, resolved ones too" };
        var gateway = new Option<string?>("--gateway") { Description = "Only this gateway's alerts", HelpName = "GATEWAY" };
        var type = new Option<string?>("--type") { Description = "Only this alert type, e.g. proposal-mismatch-ike", HelpName = "TYPE" };
        var severity = new Option<string?>("--severity") { Description = "At least this severe: notice, warning, error, critical", HelpName = "SEVERITY" };
        var search = new Option<string?>("--search") { Description = "Text in gateway, type, connection, remote, description or comment", HelpName = "TEXT" };
        var limit = new Option<int>("--limit") { Description = "At most N alerts, newest first", HelpName = "N", DefaultValueFactory = _ => 100 };
        var json = CommonOptions.Json("Print the alerts (with their explanations) as a JSON array, as the server sent them");
        var command = new Command("alerts", "List the fleet's alerts (active ones by default), newest first, or show one")
        {
            id, state, all, gateway, type, severity, search, limit, json,
        };
        command.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var console = Render.CreateConsole(common.Context);
            if (parse.GetValue(id) is { } one)
            {
                var body = await client.GetAsync($"api/v1/alerts/{one}", ct, notFound: $"no alert {one}").ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    await common.Context.Out.WriteLineAsync(body).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                Render.Alert(console, FleetClient.Parse(body, CliJson.Default.AlertItemDto));
                return ExitCodes.Ok;
            }

            var query = new List<string>();
            var states = parse.GetValue(state) ?? [];
            query.AddRange(parse.GetValue(all) ? [] : states.Length == 0 ? [FleetClient.Q("state", "active")] : states.Select(s => FleetClient.Q("state", s)));
            foreach (var (name, option) in (ReadOnlySpan<(string, Option<string?>)>)[("gateway", gateway), ("type", type), ("severity", severity), ("q", search)])
            {
                if (parse.GetValue(option) is { Length: > 0 } value)
                {
                    query.Add(FleetClient.Q(name, value));
                }
            }

            var (items, total) = await client.GetAllAsync("api/v1/alerts", query, 1000, parse.GetValue(limit), ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await common.WriteJsonArrayAsync(items).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var alerts = items.Select(i => FleetClient.Parse(i, CliJson.Default.AlertItemDto)).ToList();
            console.Write(Render.Alerts(alerts));
            console.WriteLine($"{alerts.Count} of {total} alerts");
            return ExitCodes.Ok;
        }));
        return command;
    }
}

/// <summary><c>fleetctl ack ID [--comment TEXT]</c>: <c>POST /api/v1/alerts/{id}/ack</c> (operators).</summary>
internal static class AckCommand
{
    public static Command Create(CommonOptions common)
    {
        var id = new Argument<long>("ID") { Description = "The alert to acknowledge (see 'fleetctl alerts')" };
        var comment = new Option<string?>("--comment", "-m") { Description = "Why, or what is being done (at most 500 characters)", HelpName = "TEXT" };
        var json = CommonOptions.Json("Print the acknowledged alert as the server sent it");
        var command = new Command("ack", "Acknowledge an alert, with a comment (needs the operator role)") { id, comment, json };
        command.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var alertId = parse.GetValue(id);
            var body = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string?> { ["comment"] = parse.GetValue(comment) });
            var answer = await client.PostJsonAsync($"api/v1/alerts/{alertId}/ack", body, ct,
                refusedHint: "acknowledging needs the operator role: use an operator's token ('fleetctl login' as an operator)",
                notFound: $"no alert {alertId}").ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await common.Context.Out.WriteLineAsync(answer).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var alert = FleetClient.Parse(answer, CliJson.Default.AlertItemDto).Alert;
            var note = alert.Comment is null ? "" : $": {alert.Comment}";
            await common.Context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"alert {alert.Id} ({alert.AlertType} on {alert.Gateway}) acknowledged by {alert.AcknowledgedBy}{note}")).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
