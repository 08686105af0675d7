using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace FleetCtl.Cli.Commands;

/// <summary><c>fleetctl watch</c>: the live event stream (<c>GET /api/v1/events</c>), one line per event, until Ctrl-C.</summary>
internal static class WatchCommand
{
    public static readonly string[] Streams = ["sas", "gateways", "alerts", "operations"];

    public static Command Create(CommonOptions common)
    {
        var stream = new Option<string[]>("--stream")
        {
            Description = "Which events: sas, gateways, alerts, operations (repeat or comma-separate; default all)",
            HelpName = "STREAM",
            Arity = ArgumentArity.OneOrMore,
        };
        stream.Validators.Add(r =>
        {
            foreach (var s in (r.GetValueOrDefault<string[]>() ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                if (!Streams.Contains(s, StringComparer.OrdinalIgnoreCase))
                {
                    r.AddError($"--stream: '{s}' is not one of {string.Join(", ", Streams)}");
                }
            }
        });
        var gateway = new Option<string?>("--gateway") { Description = "Only this gateway's events", HelpName = "GATEWAY" };
        var count = new Option<int?>("--count") { Description = "Stop after N events (for scripts)", HelpName = "N" };
        var json = CommonOptions.Json("One JSON object per line, as the server sent it (JSON Lines)");
        var command = new Command("watch", "Follow the fleet's live events (SA changes, gateway status, alerts, operations) until Ctrl-C")
        {
            stream, gateway, count, json,
        };
        command.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var query = (parse.GetValue(stream) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(s => FleetClient.Q("stream", s.ToLowerInvariant())).ToList();
            var named = parse.GetValue(gateway);
            if (named is { Length: > 0 })
            {
                query.Add(FleetClient.Q("gateway", named));
            }

            var max = parse.GetValue(count);
            var seen = 0;
            var output = common.Context.Out;
            await foreach (var (name, data) in client.StreamAsync(FleetClient.WithQuery("api/v1/events", query), named is null ? null : $"no gateway '{named}'", ct)
                .ConfigureAwait(false))
            {
                if (name == "dropped")
                {
                    await common.Context.Error.WriteLineAsync($"fleetctl: the server dropped events this client was too slow to take: {data}").ConfigureAwait(false);
                    continue;
                }

                await output.WriteLineAsync(parse.GetValue(json) ? data : Line(FleetClient.Parse(data, CliJson.Default.StreamEventDto))).ConfigureAwait(false);
                await output.FlushAsync(ct).ConfigureAwait(false);
                if (max is { } m && ++seen >= m)
                {
                    break;
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary><c>HH:mm:ss.fff  STREAM  GATEWAY  what</c>: one readable line per event.</summary>
    public static string Line(StreamEventDto e)
    {
        var what = e.Stream switch
        {
            "sas" => $"{Text(e.Data, "kind")} {Sa(e.Data)}",
            "gateways" => $"{Text(e.Data, "state")} ike={Text(e.Data, "ikeSas")} child={Text(e.Data, "childSas")} down={Text(e.Data, "tunnelsDown")}"
                + (Text(e.Data, "lastError") is { Length: > 0 } error ? $" error: {error}" : ""),
            "alerts" when e.Data.TryGetProperty("alert", out var a) =>
                $"#{Text(a, "id")} {Text(a, "state")} {Text(a, "severity")} {Text(a, "alertType")} x{Text(a, "count")}: {Text(a, "description")}",
            _ => $"{e.Type} {e.Data.GetRawText()}",
        };
        return string.Create(CultureInfo.InvariantCulture, $"{e.At.UtcDateTime:HH:mm:ss.fff}  {e.Stream,-10} {e.Gateway ?? "-",-12} {what}");
    }

    private static string Sa(JsonElement change)
    {
        var sa = change.TryGetProperty("sa", out var ike) ? ike : default;
        var child = change.TryGetProperty("child", out var c) ? c : default;
        var name = child.ValueKind == JsonValueKind.Object ? $"{Text(change, "ikeName")}/{Text(child, "name")}#{Text(child, "uniqueId")}"
            : sa.ValueKind == JsonValueKind.Object ? $"{Text(sa, "name")}#{Text(sa, "uniqueId")} {Text(sa, "remoteHost")}"
            : "";
        return name + (Text(change, "cause") == "Resync" ? " (resync)" : "");
    }

    private static string Text(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v)
            ? v.ValueKind switch { JsonValueKind.String => v.GetString() ?? "", JsonValueKind.Null => "", _ => v.GetRawText() }
            : "";
}
