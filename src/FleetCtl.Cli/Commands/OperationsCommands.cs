using FleetCtl.Fleet.Operations;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Spectre.Console;

namespace FleetCtl.Cli.Commands;

/// <summary>
/// Fleet operations (<c>/api/v1/operations</c>): <c>drain</c>, <c>terminate</c>, <c>rekey</c>, <c>initiate</c> always preview
/// first and print the preview; <c>--preview</c> stops there; otherwise they ask for confirmation (or take <c>--yes</c>),
/// execute the preview by its id and hash and follow the operation's progress until it ends. <c>operations</c> lists or
/// shows them; <c>cancel</c>, <c>pause</c>, <c>resume</c> steer one.
/// </summary>
internal static class OperationsCommands
{
    private const string OperatorHint = "operations need the operator role: use an operator's token ('fleetctl login' as an operator)";

    /// <summary>The plan, preview and confirmation options every acting command has.</summary>
    private sealed class RunOptions
    {
        public Option<int?> Wave { get; } = new("--wave") { Description = "Items per wave (default 50)", HelpName = "N" };
        public Option<string?> Pause { get; } = new("--pause") { Description = "Pause between waves, e.g. 5s, 500ms, 2m (default 5s)", HelpName = "DURATION" };
        public Option<int?> Concurrency { get; } = new("--concurrency") { Description = "Items in flight per gateway (default 4)", HelpName = "N" };
        public Option<double?> StopRate { get; } = new("--stop-rate") { Description = "Halt when more than this share of a wave failed, 0 to 1 (default 0.2)", HelpName = "RATE" };
        public Option<string?> Description { get; } = new("--description", "-m") { Description = "Why (a ticket number): kept in the audit trail", HelpName = "TEXT" };
        public Option<bool> PreviewOnly { get; } = new("--preview") { Description = "Only preview: print what would be done and skipped, change nothing" };
        public Option<bool> Yes { get; } = new("--yes", "-y") { Description = "Run without asking (for scripts; needed when stdin is not a terminal)" };

        public void AddTo(Command command)
        {
            foreach (var option in (Option[])[Wave, Pause, Concurrency, StopRate, Description, PreviewOnly, Yes])
            {
                command.Options.Add(option);
            }
        }

        public JsonObject Plan(ParseResult parse)
        {
            var plan = new JsonObject();
            if (parse.GetValue(Wave) is { } wave)
            {
                plan["waveSize"] = wave;
            }

            if (parse.GetValue(Pause) is { } pause)
            {
                plan["pauseBetweenWaves"] = Duration("--pause", pause).ToString("c", CultureInfo.InvariantCulture);
            }

            if (parse.GetValue(Concurrency) is { } concurrency)
            {
                plan["maxConcurrentPerGateway"] = concurrency;
            }

            if (parse.GetValue(StopRate) is { } rate)
            {
                plan["maxFailureRate"] = rate;
            }

            return plan;
        }
    }

    public static IEnumerable<Command> Create(CommonOptions common) =>
    [
        Drain(common), SaCommand(common, "terminate"), SaCommand(common, "rekey"), Initiate(common), List(common),
        Control(common, "cancel", "Cancel an operation: pending items are cancelled, those in flight finish"),
        Control(common, "pause", "Pause an operation: no new items go out until it is resumed"),
        Control(common, "resume", "Resume a paused or halted operation"),
    ];

    private static Command Drain(CommonOptions common)
    {
        var gateway = new Argument<string>("GATEWAY") { Description = "The gateway to drain (every IKE_SA is redirected away)" };
        var to = new Option<string?>("--to") { Description = "The gateway the peers go to (default: the gateway's drain target from the inventory)", HelpName = "TARGET" };
        var noMark = new Option<bool>("--no-mark") { Description = "Do not mark the gateway as draining on the dashboard" };
        var run = new RunOptions();
        var command = new Command("drain", "Drain a gateway: redirect every peer (IKEv2 redirect) to another gateway in waves, then check nothing is left")
        {
            gateway, to, noMark,
        };
        run.AddTo(command);
        command.SetAction((parse, ct) => common.WithClientAsync(parse, client =>
        {
            var body = new JsonObject { ["gateway"] = parse.GetValue(gateway), ["target"] = parse.GetValue(to), ["markDraining"] = !parse.GetValue(noMark) };
            var plan = run.Plan(parse);
            body["waveSize"] = plan["waveSize"]?.DeepClone();
            body["pause"] = plan["pauseBetweenWaves"]?.DeepClone();
            body["concurrency"] = plan["maxConcurrentPerGateway"]?.DeepClone();
            body["stopRate"] = plan["maxFailureRate"]?.DeepClone();
            body["description"] = parse.GetValue(run.Description);
            return FlowAsync(common, parse, run, client, "api/v1/operations/drain", body, [], ct);
        }));
        return command;
    }

    private static Command SaCommand(CommonOptions common, string kind)
    {
        var gateways = new Option<string[]>("--gateway") { Description = "Only this gateway (wildcards * ?; repeatable)", HelpName = "GATEWAY", Arity = ArgumentArity.OneOrMore };
        var tags = new Option<string[]>("--tag") { Description = "Only gateways with this tag, KEY=VALUE (repeatable, AND)", HelpName = "K=V", Arity = ArgumentArity.OneOrMore };
        var conn = new Option<string?>("--conn") { Description = "Only SAs of this connection (wildcards)", HelpName = "NAME" };
        var child = new Option<string?>("--child") { Description = "Only this CHILD_SA name (wildcards)", HelpName = "NAME" };
        var remoteId = new Option<string?>("--remote-id") { Description = "Only peers with this identity (wildcards)", HelpName = "ID" };
        var remoteHost = new Option<string?>("--remote-host") { Description = "Only peers at this address (wildcards)", HelpName = "HOST" };
        var ike = new Option<bool>("--ike") { Description = "Act on IKE_SAs (the default)" };
        var childSa = new Option<bool>("--child-sa") { Description = "Act on CHILD_SAs only; their IKE_SAs stay" };
        var reauth = new Option<bool>("--reauth") { Description = "Rekey IKE_SAs with reauthentication" };
        var force = new Option<bool>("--force") { Description = "Terminate without waiting for the peer's answer" };
        var run = new RunOptions();
        var command = new Command(kind, kind == "terminate"
            ? "Terminate the selected IKE_SAs or CHILD_SAs across the fleet, in waves"
            : "Rekey the selected IKE_SAs or CHILD_SAs across the fleet, in waves")
        {
            gateways, tags, conn, child, remoteId, remoteHost, ike, childSa,
        };
        command.Options.Add(kind == "rekey" ? reauth : force);
        run.AddTo(command);
        command.SetAction((parse, ct) => common.WithClientAsync(parse, client =>
        {
            if (parse.GetValue(ike) && parse.GetValue(childSa))
            {
                throw new CliException(ExitCodes.Usage, "--ike and --child-sa exclude each other");
            }

            var selector = Selector(parse.GetValue(gateways) ?? [], parse.GetValue(tags) ?? []);
            foreach (var (name, option) in (ReadOnlySpan<(string, Option<string?>)>)[("connection", conn), ("child", child), ("remoteId", remoteId), ("remoteHost", remoteHost)])
            {
                if (parse.GetValue(option) is { Length: > 0 } value)
                {
                    selector[name] = value;
                }
            }

            var action = new JsonObject { ["kind"] = kind, ["level"] = parse.GetValue(childSa) ? "child" : "ike" };
            if (kind == "rekey" && parse.GetValue(reauth))
            {
                action["reauth"] = true;
            }

            if (kind == "terminate" && parse.GetValue(force))
            {
                action["force"] = true;
            }

            var body = new JsonObject { ["selector"] = selector, ["action"] = action, ["plan"] = run.Plan(parse), ["description"] = parse.GetValue(run.Description) };
            return FlowAsync(common, parse, run, client, "api/v1/operations/preview", body, parse.GetValue(gateways) ?? [], ct);
        }));
        return command;
    }

    private static Command Initiate(CommonOptions common)
    {
        var gateways = new Option<string[]>("--gateway") { Description = "Initiate on this gateway (wildcards; repeatable)", HelpName = "GATEWAY", Arity = ArgumentArity.OneOrMore, Required = true };
        var child = new Option<string?>("--child") { Description = "The CHILD_SA config to initiate (without it, the IKE_SA alone)", HelpName = "NAME" };
        var conn = new Option<string?>("--conn") { Description = "The connection (default: the one holding --child on the gateways)", HelpName = "NAME" };
        var run = new RunOptions();
        var command = new Command("initiate", "Initiate a connection (and CHILD_SA) on the chosen gateways") { gateways, child, conn };
        run.AddTo(command);
        command.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var names = parse.GetValue(gateways) ?? [];
            var childName = parse.GetValue(child);
            var connection = parse.GetValue(conn) ?? (childName is null
                ? throw new CliException(ExitCodes.Usage, "initiate needs --conn or --child")
                : await ConnectionOfAsync(client, names, childName, ct).ConfigureAwait(false));
            var action = new JsonObject { ["kind"] = "initiate", ["connection"] = connection, ["child"] = childName };
            var body = new JsonObject { ["selector"] = Selector(names, []), ["action"] = action, ["plan"] = run.Plan(parse), ["description"] = parse.GetValue(run.Description) };
            return await FlowAsync(common, parse, run, client, "api/v1/operations/preview", body, names, ct).ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary>The one connection holding <paramref name="child"/> on every named gateway (exact names only).</summary>
    private static async Task<string> ConnectionOfAsync(FleetClient client, IReadOnlyList<string> gateways, string child, CancellationToken ct)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var gateway in gateways.Where(g => !g.Contains('*', StringComparison.Ordinal) && !g.Contains('?', StringComparison.Ordinal)))
        {
            var sas = FleetClient.Parse(await client.GetAsync($"api/v1/gateways/{Uri.EscapeDataString(gateway)}/sas", ct, notFound: $"no gateway '{gateway}'").ConfigureAwait(false),
                CliJson.Default.GatewaySasDto);
            found.UnionWith(sas.Connections.Where(c => c.Children.Any(ch => ch.Name == child)).Select(c => c.Name));
        }

        return found.Count == 1 ? found.First()
            : throw new CliException(ExitCodes.Usage, found.Count == 0
                ? $"no connection with child '{child}' on {string.Join(", ", gateways)}: give --conn"
                : $"child '{child}' is in several connections ({string.Join(", ", found.Order(StringComparer.Ordinal))}): give --conn");
    }

    private static JsonObject Selector(string[] gateways, string[] tags)
    {
        var selector = new JsonObject();
        if (gateways.Length > 0)
        {
            selector["gateways"] = new JsonArray([.. gateways.Select(g => (JsonNode?)JsonValue.Create(g))]);
        }

        if (tags.Length > 0)
        {
            var map = new JsonObject();
            foreach (var tag in tags)
            {
                var eq = tag.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw new CliException(ExitCodes.Usage, $"--tag: '{tag}' is not KEY=VALUE");
                }

                map[tag[..eq].Trim()] = tag[(eq + 1)..].Trim();
            }

            selector["tags"] = map;
        }

        return selector;
    }

    /// <summary>Preview, print, confirm, execute, follow.</summary>
    private static async Task<int> FlowAsync(CommonOptions common, ParseResult parse, RunOptions run, FleetClient client, string previewPath, JsonObject body,
        IReadOnlyList<string> namedGateways, CancellationToken ct)
    {
        var context = common.Context;
        var answer = await client.PostJsonAsync(previewPath, body.ToJsonString(), ct, OperatorHint).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(answer);
        var preview = doc.RootElement;
        var console = Render.CreateConsole(context);
        PrintPreview(console, preview);

        // a gateway named exactly that the server does not know is skipped whole with the reason: a typo, not "nothing to do"
        var unknown = preview.GetProperty("gateways").EnumerateArray()
            .SelectMany(g => g.GetProperty("skipped").EnumerateArray())
            .FirstOrDefault(s => Str(s, "connection").Length == 0 && Str(s, "ikeKey").Length == 0
                && Str(s, "reason").Contains("not a gateway of the inventory", StringComparison.Ordinal)
                && namedGateways.Contains(Str(s, "gateway"), StringComparer.OrdinalIgnoreCase));
        if (unknown.ValueKind == JsonValueKind.Object)
        {
            throw new CliException(ExitCodes.NotFound, $"no gateway '{Str(unknown, "gateway")}': {Str(unknown, "reason")}");
        }
        var items = Int(preview, "itemCount");
        if (parse.GetValue(run.PreviewOnly))
        {
            return ExitCodes.Ok;
        }

        if (items == 0)
        {
            await context.Out.WriteLineAsync("nothing to do: the preview has no items").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (!parse.GetValue(run.Yes))
        {
            if (!context.InputIsTerminal)
            {
                throw new CliException(ExitCodes.Usage, "not running without confirmation: stdin is not a terminal; check the preview (--preview) and pass --yes");
            }

            await context.Error.WriteAsync($"Run {items} items in {Int(preview, "waves")} waves? [y/N] ").ConfigureAwait(false);
            var reply = (await context.In.ReadLineAsync(ct).ConfigureAwait(false))?.Trim();
            if (!string.Equals(reply, "y", StringComparison.OrdinalIgnoreCase) && !string.Equals(reply, "yes", StringComparison.OrdinalIgnoreCase))
            {
                await context.Error.WriteLineAsync("fleetctl: not run").ConfigureAwait(false);
                return ExitCodes.Error;
            }
        }

        return await ExecuteAndFollowAsync(context, client, Str(preview, "id"), Str(preview, "hash"), ct).ConfigureAwait(false);
    }

    private static void PrintPreview(IAnsiConsole console, JsonElement preview)
    {
        var gateways = preview.GetProperty("gateways").EnumerateArray().ToList();
        var table = new Table().AddColumns("GATEWAY", "ITEMS", "WAVES", "SKIPPED", "WHY SKIPPED");
        foreach (var g in gateways)
        {
            var gItems = g.GetProperty("items").EnumerateArray().ToList();
            var skipped = g.GetProperty("skipped").EnumerateArray().ToList();
            var waves = gItems.Select(i => Int(i, "wave")).Distinct().Order().ToList();
            var why = string.Join("; ", skipped.GroupBy(s => Str(s, "reason")).Select(r => r.Count() > 1 ? $"{r.Key} (x{r.Count()})" : r.Key));
            table.AddRow(new Text(Str(g, "gateway")), new Text(Num(gItems.Count)), new Text(waves.Count == 0 ? "-" : waves[0] == waves[^1] ? Num(waves[0]) : $"{waves[0]}-{waves[^1]}"),
                new Text(Num(skipped.Count)), new Text(why));
        }

        console.Write(table);
        var all = gateways.SelectMany(g => g.GetProperty("items").EnumerateArray()).OrderBy(i => Int(i, "id")).ToList();
        if (all.Count > 0)
        {
            var items = new Table().AddColumns("WAVE", "GATEWAY", "SA", "REMOTE", "TARGET");
            foreach (var i in all.Take(MaxItemsShown))
            {
                items.AddRow(new Text(Num(Int(i, "wave"))), new Text(Str(i, "gateway")), new Text(Sa(i)),
                    new Text($"{Str(i, "remoteId")} {Str(i, "remoteHost")}".Trim()), new Text(Str(i, "target")));
            }

            console.Write(items);
            if (all.Count > MaxItemsShown)
            {
                console.WriteLine($"... and {all.Count - MaxItemsShown} more items");
            }
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"preview {Str(preview, "id")} ({Str(preview, "hash")}): {Int(preview, "itemCount")} items in {Int(preview, "waves")} waves on {gateways.Count} gateways, {Int(preview, "skippedCount")} skipped; expires {Str(preview, "expiresAt")}"));
    }

    private const int MaxItemsShown = 200;

    private static string Sa(JsonElement i)
    {
        var ike = Str(i, "ikeId") is { Length: > 0 } id ? $"{Str(i, "connection")}[{id}]" : Str(i, "connection");
        return Str(i, "childId") is { Length: > 0 } cid ? $"{ike} {Str(i, "child")}{{{cid}}}" : Str(i, "ikeId").Length == 0 && Str(i, "child") is { Length: > 0 } c ? $"{ike}/{c}" : ike;
    }

    /// <summary>Executes, then prints one line per progress update of the operation until it ends: 0 when completed.</summary>
    private static async Task<int> ExecuteAndFollowAsync(CliContext context, FleetClient client, string previewId, string hash, CancellationToken ct)
    {
        // the stream is opened first, so no update between the start and the subscription is missed
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var events = Channel.CreateUnbounded<string>();
        var pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var (name, data) in client.StreamAsync("api/v1/events?stream=operations", null, stop.Token).ConfigureAwait(false))
                {
                    if (name == "operations")
                    {
                        await events.Writer.WriteAsync(data, stop.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (CliException)
            {
                // the lookups below still see the operation end
            }
            finally
            {
                events.Writer.TryComplete();
            }
        }, CancellationToken.None);

        try
        {
            var started = await client.PostJsonAsync("api/v1/operations", JsonSerializer.Serialize(new Dictionary<string, string> { ["previewId"] = previewId, ["hash"] = hash }),
                ct, OperatorHint, notFound: $"no preview '{previewId}'").ConfigureAwait(false);
            long id;
            using (var doc = JsonDocument.Parse(started))
            {
                id = doc.RootElement.GetProperty("id").GetInt64();
            }

            await context.Out.WriteLineAsync($"operation {id} started").ConfigureAwait(false);
            string? last = null;
            while (true)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(TimeSpan.FromSeconds(2));
                string? data = null;
                try
                {
                    data = await events.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                }
                catch (ChannelClosedException)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
                }

                JsonElement progress;
                if (data is not null)
                {
                    var e = FleetClient.Parse(data, CliJson.Default.StreamEventDto);
                    if (e.Type != "OperationProgress" || !e.Data.TryGetProperty("operationId", out var opId) || opId.GetInt64() != id)
                    {
                        continue;
                    }

                    progress = e.Data.Clone();
                }
                else
                {
                    // quiet: ask for the operation (it may have ended before the stream was subscribed)
                    // the summary is enough: limit=0 leaves out the items (a drain's record holds one per SA)
                    using var record = JsonDocument.Parse(await client.GetAsync($"api/v1/operations/{id}?limit=0", ct, notFound: $"no operation {id}").ConfigureAwait(false));
                    var summary = record.RootElement.GetProperty("summary");
                    if (!IsFinal(Str(summary, "state")))
                    {
                        continue;
                    }

                    progress = SummaryAsProgress(summary);
                }

                var line = ProgressLine(progress);
                if (line != last)
                {
                    await context.Out.WriteLineAsync(line).ConfigureAwait(false);
                    await context.Out.FlushAsync(ct).ConfigureAwait(false);
                    last = line;
                }

                var state = Str(progress, "state");
                if (IsFinal(state))
                {
                    var reason = Str(progress, "reason");
                    if (state == "Completed")
                    {
                        await context.Out.WriteLineAsync($"operation {id} completed{(reason.Length > 0 ? ": " + reason : "")}").ConfigureAwait(false);
                        return ExitCodes.Ok;
                    }

                    throw new CliException(ExitCodes.Error, $"operation {id} {state.ToLowerInvariant()}{(reason.Length > 0 ? ": " + reason : "")} (see 'fleetctl operations {id}')");
                }

                if (state == "Halted")
                {
                    throw new CliException(ExitCodes.Error,
                        $"operation {id} halted: {Str(progress, "reason")} ('fleetctl resume {id}' or 'fleetctl cancel {id}')");
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
        }
    }

    private static bool IsFinal(string state) => state is "Completed" or "Failed" or "Cancelled";

    private static JsonElement SummaryAsProgress(JsonElement s)
    {
        var progress = new JsonObject
        {
            ["state"] = Str(s, "state"),
            ["reason"] = Str(s, "reason"),
            ["currentWave"] = Int(s, "currentWave"),
            ["waveCount"] = Int(s, "waves"),
            ["totals"] = JsonNode.Parse(s.GetProperty("counts").GetRawText()),
        };
        using var doc = JsonDocument.Parse(progress.ToJsonString());
        return doc.RootElement.Clone();
    }

    /// <summary><c>wave 2/5: 100 done, 3 failed, 397 pending</c>, and the state when it is not running.</summary>
    public static string ProgressLine(JsonElement p)
    {
        var t = p.GetProperty("totals");
        var state = Str(p, "state");
        return string.Create(CultureInfo.InvariantCulture,
            $"wave {Int(p, "currentWave")}/{Int(p, "waveCount")}: {Int(t, "succeeded") + Int(t, "gone")} done, {Int(t, "failed") + Int(t, "timedOut")} failed, {Int(t, "pending") + Int(t, "inFlight")} pending")
            + (Int(t, "cancelled") > 0 ? $", {Int(t, "cancelled")} cancelled" : "")
            + (state is "Running" or "" ? "" : $" ({state.ToLowerInvariant()})");
    }

    private static Command List(CommonOptions common)
    {
        var id = new Argument<long?>("ID") { Description = "Show this operation: its audit record, per-wave results, failed items", Arity = ArgumentArity.ZeroOrOne };
        var state = new Option<string?>("--state") { Description = "Only operations in this state: Running, Paused, Halted, Cancelled, Completed, Failed", HelpName = "STATE" };
        var gateway = new Option<string?>("--gateway") { Description = "Only operations that selected this gateway", HelpName = "GATEWAY" };
        var user = new Option<string?>("--user") { Description = "Only operations started by this user", HelpName = "USER" };
        var limit = new Option<int>("--limit") { Description = "At most N operations, newest first", HelpName = "N", DefaultValueFactory = _ => 50 };
        var json = CommonOptions.Json("Print as the server sent it");
        var command = new Command("operations", "List fleet operations, newest first, or show one with its per-wave results") { id, state, gateway, user, limit, json };
        command.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var console = Render.CreateConsole(common.Context);
            if (parse.GetValue(id) is { } one)
            {
                if (parse.GetValue(json))
                {
                    // the whole audit record, every item
                    await common.Context.Out.WriteLineAsync(await client.GetAsync($"api/v1/operations/{one}", ct, notFound: $"no operation {one}").ConfigureAwait(false))
                        .ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                // the table shows only failed items: ask for those, the first MaxItemsShown of them
                var body = await client.GetAsync($"api/v1/operations/{one}?status=Failed,TimedOut&limit={MaxItemsShown}", ct, notFound: $"no operation {one}")
                    .ConfigureAwait(false);

                using var doc = JsonDocument.Parse(body);
                PrintRecord(console, doc.RootElement);
                return ExitCodes.Ok;
            }

            var query = new List<string>();
            foreach (var (name, option) in (ReadOnlySpan<(string, Option<string?>)>)[("state", state), ("gateway", gateway), ("user", user)])
            {
                if (parse.GetValue(option) is { Length: > 0 } value)
                {
                    query.Add(FleetClient.Q(name, value));
                }
            }

            var (items, total) = await client.GetAllAsync("api/v1/operations", query, 1000, parse.GetValue(limit), ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await common.WriteJsonArrayAsync(items).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("ID", "STATE", "ACTION", "SELECTOR", "USER", "CREATED", "PROGRESS", "REASON");
            foreach (var o in items)
            {
                table.AddRow(new Text(Str(o, "id")), new Text(Str(o, "state")), new Text((o.TryGetProperty("drain", out var d) && d.GetBoolean() ? "drain: " : "") + Str(o, "action")),
                    new Text(Str(o, "selector")), new Text(Str(o, "user")), new Text(Str(o, "createdAt")), new Text(Counts(o.GetProperty("counts"))), new Text(Str(o, "reason")));
            }

            console.Write(table);
            console.WriteLine($"{items.Count} of {total} operations");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Counts(JsonElement c) => string.Create(CultureInfo.InvariantCulture,
        $"{Int(c, "succeeded") + Int(c, "gone")} done, {Int(c, "failed") + Int(c, "timedOut")} failed, {Int(c, "pending") + Int(c, "inFlight")} pending of {Int(c, "total")}");

    private static void PrintRecord(IAnsiConsole console, JsonElement record)
    {
        var s = record.GetProperty("summary");
        console.WriteLine($"operation {Str(s, "id")}: {Str(s, "state")}{(Str(s, "reason") is { Length: > 0 } r ? " (" + r + ")" : "")}");
        console.WriteLine($"  action:   {(s.TryGetProperty("drain", out var d) && d.GetBoolean() ? "drain: " : "")}{Str(s, "action")}");
        console.WriteLine($"  selector: {Str(s, "selector")}");
        console.WriteLine($"  by:       {Str(s, "user")} at {Str(s, "createdAt")}{(Str(s, "endedAt") is { Length: > 0 } e ? ", ended " + e : "")}");
        console.WriteLine($"  preview:  {Str(s, "previewId")} ({Str(s, "previewHash")})");
        if (Str(s, "description") is { Length: > 0 } description)
        {
            console.WriteLine($"  why:      {description}");
        }

        console.WriteLine($"  items:    {Counts(s.GetProperty("counts"))}; {Int(s, "skipped")} skipped");
        var waves = new Table().AddColumns("WAVE", "ITEMS", "DONE", "FAILED", "PENDING", "CANCELLED", "FINISHED");
        foreach (var w in record.GetProperty("waves").EnumerateArray())
        {
            var c = w.GetProperty("counts");
            waves.AddRow(new Text(Str(w, "wave")), new Text(Num(Int(c, "total"))), new Text(Num(Int(c, "succeeded") + Int(c, "gone"))),
                new Text(Num(Int(c, "failed") + Int(c, "timedOut"))), new Text(Num(Int(c, "pending") + Int(c, "inFlight"))), new Text(Num(Int(c, "cancelled"))),
                new Text(Str(w, "finishedAt")));
        }

        console.Write(waves);
        // the record was asked for with its failed items only (itemsMatching counts them all)
        var failed = record.GetProperty("items").EnumerateArray().Where(i => Str(i, "status") is "Failed" or "TimedOut").ToList();
        var failedTotal = record.TryGetProperty("itemsMatching", out var matching) ? matching.GetInt32() : failed.Count;
        if (failed.Count > 0)
        {
            var table = new Table().AddColumns("WAVE", "GATEWAY", "SA", "STATUS", "ANSWER");
            foreach (var i in failed.Take(MaxItemsShown))
            {
                var item = i.GetProperty("item");
                table.AddRow(new Text(Str(item, "wave")), new Text(Str(item, "gateway")), new Text(Sa(item)), new Text(Str(i, "status")), new Text(Str(i, "message")));
            }

            console.WriteLine($"failed items ({failedTotal}):");
            console.Write(table);
            if (failedTotal > failed.Count)
            {
                console.WriteLine($"... and {failedTotal - failed.Count} more failed items: fleetctl operations {Str(s, "id")} --json, or the CSV export");
            }
        }

        foreach (var c in record.GetProperty("controls").EnumerateArray())
        {
            console.WriteLine($"  {Str(c, "at")} {Str(c, "what")} by {Str(c, "by")}{(Str(c, "detail") is { Length: > 0 } detail ? ": " + detail : "")}");
        }

        if (record.TryGetProperty("drainReport", out var report) && report.ValueKind == JsonValueKind.Object)
        {
            var remaining = report.GetProperty("remaining").EnumerateArray().ToList();
            console.WriteLine($"drain check at {Str(report, "checkedAt")}: {remaining.Count} SAs left");
            foreach (var left in remaining)
            {
                console.WriteLine($"  {Str(left, "gateway")} {Str(left, "connection")}[{Str(left, "ikeId")}] {Str(left, "remoteHost")}: {Str(left, "reason")}");
            }

            foreach (var g in report.GetProperty("unconfirmed").EnumerateArray())
            {
                console.WriteLine($"  unconfirmed: {g.GetString()}");
            }
        }
    }

    private static Command Control(CommonOptions common, string what, string description)
    {
        var id = new Argument<long>("ID") { Description = "The operation (see 'fleetctl operations')" };
        var command = new Command(what, description + " (needs the operator role)") { id };
        command.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var operation = parse.GetValue(id);
            var answer = await client.PostJsonAsync($"api/v1/operations/{operation}/{what}", "{}", ct, OperatorHint, notFound: $"no operation {operation}").ConfigureAwait(false);
            using var doc = JsonDocument.Parse(answer);
            await common.Context.Out.WriteLineAsync($"operation {operation}: {Str(doc.RootElement, "state")}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>A duration option's value (<see cref="Durations"/>), or a usage error naming the option.</summary>
    public static TimeSpan Duration(string option, string text) =>
        Durations.TryParse(text, out var value)
            ? value
            : throw new CliException(ExitCodes.Usage, $"{option}: '{text}' is not a duration ({Durations.Examples})");

    internal static string Str(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v)
            ? v.ValueKind switch { JsonValueKind.String => v.GetString() ?? "", JsonValueKind.Null => "", _ => v.GetRawText() }
            : "";

    private static int Int(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}
