using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace FleetCtl.Cli.Commands;

/// <summary>
/// <c>fleetctl drain GATEWAY [--to TARGET]</c>: preview a drain (every IKE_SA of the gateway redirected to the target),
/// show it, confirm, run it by the preview's id and hash, and print a progress line per change until it ends.
/// </summary>
internal static class DrainCommand
{
    public static Command Create(CommonOptions common)
    {
        var gateway = new Argument<string>("GATEWAY") { Description = "The gateway to drain" };
        var to = new Option<string?>("--to") { Description = "The gateway that takes its peers (default: its drain target in the inventory)", HelpName = "TARGET" };
        var wave = new Option<int?>("--wave") { Description = "IKE_SAs per wave (default 50)", HelpName = "N" };
        var pause = new Option<string?>("--pause") { Description = "Pause between waves: 5s, 1m (default 5s)", HelpName = "DURATION" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Redirects in flight per gateway (default 4)", HelpName = "N" };
        var stopRate = new Option<double?>("--stop-rate") { Description = "Halt when a wave's failure rate passes this (0..1, default 0.2)", HelpName = "RATE" };
        var previewOnly = new Option<bool>("--preview") { Description = "Show what would be redirected, and stop" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Run without asking (needed when standard input is not a terminal)" };
        var command = new Command("drain", "Redirect every IKE_SA of a gateway to another (IKEv2 redirect) in waves, then confirm nothing is left (operator)")
        {
            gateway, to, wave, pause, concurrency, stopRate, previewOnly, yes,
        };
        command.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var plan = new JsonObject();
            if (parse.GetValue(wave) is { } w)
            {
                plan["waveSize"] = w;
            }

            if (parse.GetValue(pause) is { } p)
            {
                plan["pauseSeconds"] = Seconds("--pause", p);
            }

            if (parse.GetValue(concurrency) is { } c)
            {
                plan["maxConcurrentPerGateway"] = c;
            }

            if (parse.GetValue(stopRate) is { } r)
            {
                plan["maxFailureRate"] = r;
            }

            var body = new JsonObject { ["gateway"] = parse.GetValue(gateway), ["target"] = parse.GetValue(to), ["plan"] = plan };
            var name = parse.GetValue(gateway)!;
            var previewJson = await client.PostJsonAsync("api/v1/operations/drain", body.ToJsonString(), ct,
                refusedHint: "operations need the operator role: use an operator's token ('fleetctl login' as an operator)").ConfigureAwait(false);
            return await OperationRunner.PreviewConfirmRunAsync(common, client, previewJson, parse.GetValue(previewOnly), parse.GetValue(yes), $"drain {name}", ct)
                .ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary><c>5s</c>, <c>1.5m</c>, <c>2h</c> or a plain number of seconds.</summary>
    public static double Seconds(string option, string value)
    {
        var text = value.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) && plain >= 0)
        {
            return plain;
        }

        var now = DateTimeOffset.UnixEpoch.AddYears(100);
        if (text.Length > 1 && char.IsAsciiDigit(text[0]) && text[^1] is 's' or 'm' or 'h')
        {
            return (now - When.Parse(option, text, now)).TotalSeconds;
        }

        throw new CliException(ExitCodes.Usage, $"{option}: '{value}' is not a duration like 5s, 1m or 2h");
    }
}

/// <summary>The shared flow: show a preview, confirm, execute, follow progress.</summary>
internal static class OperationRunner
{
    public static async Task<int> PreviewConfirmRunAsync(CommonOptions common, FleetClient client, string previewJson, bool previewOnly, bool yes,
        string what, CancellationToken ct)
    {
        var context = common.Context;
        using var preview = JsonDocument.Parse(previewJson);
        var root = preview.RootElement;
        var items = root.GetProperty("items").EnumerateArray().ToList();
        var skipped = root.GetProperty("skipped").EnumerateArray().ToList();
        var console = Render.CreateConsole(context);
        var table = new Table().Border(TableBorder.Simple).AddColumns("GATEWAY", "ITEMS", "WAVES", "TARGET");
        foreach (var g in items.GroupBy(i => i.GetProperty("gateway").GetString()!))
        {
            table.AddRow(Markup.Escape(g.Key), g.Count().ToString(CultureInfo.InvariantCulture),
                string.Join(",", g.Select(i => i.GetProperty("wave").GetInt32()).Distinct().Order()),
                Markup.Escape(string.Join(",", g.Select(i => Text(i, "target")).Distinct())));
        }

        console.Write(table);
        foreach (var s in skipped)
        {
            console.WriteLine($"skipped on {Text(s, "gateway")}: {Text(s, "connection")}{(Text(s, "ikeId") is { Length: > 0 } ike ? "#" + ike : "")}: {Text(s, "reason")}");
        }

        console.WriteLine($"preview {Text(root, "id")} ({Text(root, "hash")}): {items.Count} items, {skipped.Count} skipped, expires {Text(root, "expiresAt")}");
        if (previewOnly)
        {
            return ExitCodes.Ok;
        }

        if (items.Count == 0)
        {
            console.WriteLine("nothing to do");
            return ExitCodes.Ok;
        }

        if (!yes)
        {
            if (!context.InputIsTerminal)
            {
                throw new CliException(ExitCodes.Usage, "not running without confirmation: add --yes (standard input is not a terminal to ask on)");
            }

            await context.Out.WriteAsync($"run {what}: {items.Count} items? [y/N] ").ConfigureAwait(false);
            var answer = (await context.In.ReadLineAsync(ct).ConfigureAwait(false))?.Trim();
            if (answer is not ("y" or "Y" or "yes"))
            {
                await context.Out.WriteLineAsync("not run").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
        }

        var execute = JsonSerializer.Serialize(new Dictionary<string, string?> { ["previewId"] = Text(root, "id"), ["hash"] = Text(root, "hash") });
        using var started = JsonDocument.Parse(await client.PostJsonAsync("api/v1/operations", execute, ct).ConfigureAwait(false));
        var id = started.RootElement.GetProperty("id").GetInt64();
        await context.Out.WriteLineAsync($"operation {id} started: {what}").ConfigureAwait(false);
        return await FollowAsync(context, client, id, ct).ConfigureAwait(false);
    }

    /// <summary>Prints a line whenever the operation's counts or state change, until it ends. 0 when it completed.</summary>
    public static async Task<int> FollowAsync(CliContext context, FleetClient client, long id, CancellationToken ct)
    {
        var last = "";
        while (true)
        {
            using var record = JsonDocument.Parse(await client.GetAsync($"api/v1/operations/{id}", ct, notFound: $"no operation {id}").ConfigureAwait(false));
            var summary = record.RootElement.GetProperty("summary");
            var state = Text(summary, "state");
            var counts = summary.GetProperty("counts");
            var waves = record.RootElement.GetProperty("waves").GetArrayLength();
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{state.ToLowerInvariant()}: wave {Math.Max(1, summary.TryGetProperty("currentWave", out var cw) && cw.ValueKind == JsonValueKind.Number ? cw.GetInt32() : 1)}/{waves}, "
                + $"{Num(counts, "succeeded")} done, {Num(counts, "failed") + Num(counts, "timedOut")} failed, {Num(counts, "gone")} gone, "
                + $"{Num(counts, "cancelled")} cancelled, {Num(counts, "pending") + Num(counts, "inFlight")} pending of {Num(counts, "total")}");
            if (line != last)
            {
                await context.Out.WriteLineAsync(line).ConfigureAwait(false);
                last = line;
            }

            if (state is "Completed" or "Failed" or "Halted" or "Cancelled")
            {
                var reason = Text(summary, "reason");
                await context.Out.WriteLineAsync($"operation {id} {state.ToLowerInvariant()}{(reason.Length > 0 ? ": " + reason : "")}").ConfigureAwait(false);
                return state == "Completed" ? ExitCodes.Ok : ExitCodes.Error;
            }

            await Task.Delay(500, ct).ConfigureAwait(false);
        }
    }

    public static string Text(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v)
            ? v.ValueKind switch { JsonValueKind.String => v.GetString() ?? "", JsonValueKind.Null => "", _ => v.GetRawText() }
            : "";

    private static int Num(JsonElement e, string property) => e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;
}

/// <summary><c>fleetctl operations [ID]</c>: the list, or one operation's audit record.</summary>
internal static class OperationsCommand
{
    public static Command Create(CommonOptions common)
    {
        var id = new Argument<long?>("ID") { Description = "Show this operation: who, when, waves, items with the gateways' answers", Arity = ArgumentArity.ZeroOrOne };
        var json = CommonOptions.Json("Print the server's JSON");
        var command = new Command("operations", "List fleet operations (newest first), or show one") { id, json };
        command.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var console = Render.CreateConsole(common.Context);
            if (parse.GetValue(id) is { } one)
            {
                var body = await client.GetAsync($"api/v1/operations/{one}", ct, notFound: $"no operation {one}").ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    await common.Context.Out.WriteLineAsync(body).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                using var doc = JsonDocument.Parse(body);
                var s = doc.RootElement.GetProperty("summary");
                console.WriteLine($"operation {one}: {OperationRunner.Text(s, "state")} — {OperationRunner.Text(s, "action")} on {OperationRunner.Text(s, "selector")}");
                console.WriteLine($"by {OperationRunner.Text(s, "user")} at {OperationRunner.Text(s, "createdAt")}; preview {OperationRunner.Text(s, "previewId")} {OperationRunner.Text(s, "previewHash")}");
                if (OperationRunner.Text(s, "reason") is { Length: > 0 } reason)
                {
                    console.WriteLine($"outcome: {reason}");
                }

                var items = new Table().Border(TableBorder.Simple).AddColumns("#", "WAVE", "GATEWAY", "SA", "REMOTE", "STATUS", "ANSWER");
                foreach (var r in doc.RootElement.GetProperty("items").EnumerateArray())
                {
                    var i = r.GetProperty("item");
                    items.AddRow(OperationRunner.Text(i, "id"), OperationRunner.Text(i, "wave"), Markup.Escape(OperationRunner.Text(i, "gateway")),
                        Markup.Escape($"{OperationRunner.Text(i, "connection")}#{OperationRunner.Text(i, "ikeId")}"),
                        Markup.Escape(OperationRunner.Text(i, "remoteHost")), OperationRunner.Text(r, "status"), Markup.Escape(OperationRunner.Text(r, "message")));
                }

                console.Write(items);
                return ExitCodes.Ok;
            }

            var (list, total) = await client.GetAllAsync("api/v1/operations", [], 100, 100, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await common.WriteJsonArrayAsync(list).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("ID", "STATE", "ACTION", "SELECTOR", "USER", "STARTED", "DONE/TOTAL");
            foreach (var o in list)
            {
                var counts = o.GetProperty("counts");
                table.AddRow(OperationRunner.Text(o, "id"), OperationRunner.Text(o, "state"), Markup.Escape(OperationRunner.Text(o, "action")),
                    Markup.Escape(OperationRunner.Text(o, "selector")), Markup.Escape(OperationRunner.Text(o, "user")), OperationRunner.Text(o, "createdAt"),
                    $"{OperationRunner.Text(counts, "succeeded")}/{OperationRunner.Text(counts, "total")}");
            }

            console.Write(table);
            console.WriteLine($"{list.Count} of {total} operations");
            return ExitCodes.Ok;
        }));
        return command;
    }
}

/// <summary><c>fleetctl cancel|pause|resume ID</c>.</summary>
internal static class SteerCommand
{
    public static Command Create(CommonOptions common, string verb, string description)
    {
        var id = new Argument<long>("ID") { Description = "The operation (see 'fleetctl operations')" };
        var command = new Command(verb, description) { id };
        command.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var operation = parse.GetValue(id);
            using var answer = JsonDocument.Parse(await client.PostJsonAsync($"api/v1/operations/{operation}/{verb}", "{}", ct,
                refusedHint: "steering operations needs the operator role", notFound: $"no operation {operation}").ConfigureAwait(false));
            await common.Context.Out.WriteLineAsync($"operation {operation}: {OperationRunner.Text(answer.RootElement, "state").ToLowerInvariant()}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
