using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace FleetCtl.Cli.Commands;

/// <summary>
/// <c>fleetctl diagnose GATEWAY CONNECTION</c> (<c>GET /api/v1/diagnose</c>): why a tunnel is down, from both ends' logs —
/// the verdict, what the lines say, the catalog's explanation and proposed action, the evidence per gateway, and how to
/// retry. <c>fleetctl log GATEWAY</c> (<c>GET /api/v1/gateways/{gateway}/log</c>): the gateway's recent lines, like charon's.
/// </summary>
internal static class DiagnoseCommand
{
    public static Command Create(CommonOptions common)
    {
        var gateway = new Argument<string>("GATEWAY") { Description = "The gateway the tunnel is on, e.g. gw-001" };
        var connection = new Argument<string?>("CONNECTION")
        {
            Description = "The connection (its name in swanctl.conf); without it, every tunnel of the gateway that is down", Arity = ArgumentArity.ZeroOrOne,
        };
        var child = new Option<string?>("--child") { Description = "One CHILD_SA of the connection (without it: the IKE_SA and any child)", HelpName = "NAME" };
        var json = CommonOptions.Json("Print the server's JSON diagnosis");
        var command = new Command("diagnose", "Why a tunnel is down: the cause, both gateways' evidence and the proposed action")
        {
            gateway, connection, child, json,
        };
        command.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var name = parse.GetRequiredValue(gateway);
            if (parse.GetValue(connection) is not { } conn)
            {
                return await DiagnoseDownTunnelsAsync(common, client, name, parse.GetValue(json), ct).ConfigureAwait(false);
            }

            var childName = parse.GetValue(child);
            var body = await DiagnoseAsync(client, name, conn, childName, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await common.Context.Out.WriteLineAsync(body).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            using var doc = JsonDocument.Parse(body);
            await common.Context.Out.WriteAsync(Describe(doc.RootElement)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>
    /// <c>fleetctl diagnose GATEWAY</c>: every tunnel the gateway lists as down (a configured CHILD_SA without an installed
    /// one), diagnosed one after the other, as a table: tunnel, cause, confidence, who revealed it. <c>--json</c> prints
    /// the diagnoses as a JSON array.
    /// </summary>
    private static async Task<int> DiagnoseDownTunnelsAsync(CommonOptions common, FleetClient client, string gateway, bool json, CancellationToken ct)
    {
        var sas = FleetClient.Parse(
            await client.GetAsync($"api/v1/gateways/{Uri.EscapeDataString(gateway)}/sas", ct, notFound: $"no gateway '{gateway}'").ConfigureAwait(false),
            CliJson.Default.GatewaySasDto);
        var results = new List<JsonElement>();
        foreach (var down in sas.DownTunnels)
        {
            var body = await DiagnoseAsync(client, gateway, down.Connection, down.Child, ct).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(body);
            results.Add(doc.RootElement.Clone());
        }

        if (json)
        {
            await common.WriteJsonArrayAsync(results).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var console = Render.CreateConsole(common.Context);
        var table = new Table().Border(TableBorder.Simple).AddColumns("TUNNEL", "STATE", "CAUSE", "CONFIDENCE", "REVEALED BY");
        foreach (var d in results)
        {
            table.AddRow(
                Markup.Escape($"{Str(d, "connection")}/{Str(d, "child")}"),
                Bool(d, "up") ? "UP" : "DOWN",
                Markup.Escape(Str(d.GetProperty("cause"), "title")),
                Str(d, "confidence"),
                Markup.Escape(Str(d, "revealedByGateway") is { Length: > 0 } by ? $"{by} ({Str(d, "role").ToLowerInvariant()})" : "-"));
        }

        console.Write(table);
        console.WriteLine(results.Count == 0
            ? $"{gateway}: no tunnel is down"
            : $"{results.Count} tunnels down on {gateway}; details: fleetctl diagnose {gateway} CONNECTION --child CHILD");
        return ExitCodes.Ok;
    }

    /// <summary><c>GET /api/v1/diagnose</c> of one tunnel; the server's JSON.</summary>
    private static Task<string> DiagnoseAsync(FleetClient client, string gateway, string connection, string? child, CancellationToken ct)
    {
        List<string> query = [FleetClient.Q("gateway", gateway), FleetClient.Q("connection", connection)];
        if (child is not null)
        {
            query.Add(FleetClient.Q("child", child));
        }

        var what = child is null ? connection : $"{connection}/{child}";
        return client.GetAsync(FleetClient.WithQuery("api/v1/diagnose", query), ct, notFound: $"nothing to diagnose for {what} on {gateway}");
    }

    public static Command CreateLog(CommonOptions common)
    {
        var gateway = new Argument<string>("GATEWAY") { Description = "The gateway, e.g. gw-001" };
        var limit = new Option<int?>("--limit") { Description = "At most this many lines, the newest (1 to 2000, default 200)", HelpName = "N" };
        var search = new Option<string?>("--search") { Description = "Only lines whose text, group or IKE_SA name contains this (any case)", HelpName = "TEXT" };
        var json = CommonOptions.Json("Print the server's JSON");
        var command = new Command("log", "A gateway's recent charon log lines (redacted), newest last, as charon prints them") { gateway, limit, search, json };
        command.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var name = parse.GetRequiredValue(gateway);
            List<string> query = [];
            if (parse.GetValue(limit) is { } n)
            {
                query.Add(FleetClient.Q("limit", n.ToString(CultureInfo.InvariantCulture)));
            }

            if (parse.GetValue(search) is { Length: > 0 } text)
            {
                query.Add(FleetClient.Q("search", text));
            }

            var body = await client.GetAsync(FleetClient.WithQuery($"api/v1/gateways/{Uri.EscapeDataString(name)}/log", query), ct, notFound: $"no gateway '{name}'")
                .ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await common.Context.Out.WriteLineAsync(body).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            using var doc = JsonDocument.Parse(body);
            var lines = doc.RootElement.GetProperty("lines").EnumerateArray().ToList();
            foreach (var line in lines)
            {
                await common.Context.Out.WriteLineAsync(LogLine(line)).ConfigureAwait(false);
            }

            if (lines.Count == 0)
            {
                await common.Context.Error.WriteLineAsync($"fleetctl: {Str(doc.RootElement, "gateway")}: no log lines"
                    + (query.Any(q => q.StartsWith("search=", StringComparison.Ordinal)) ? " match" : " held yet")).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The readable diagnosis: headline, detail, explanation, proposed action, evidence per gateway, retry hint.</summary>
    internal static string Describe(JsonElement d)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        var gateway = Str(d, "gateway");
        var connection = Str(d, "connection");
        var child = Str(d, "child");
        var peer = Str(d, "peerGateway");
        var cause = d.GetProperty("cause");
        var how = new List<string> { Str(d, "confidence").ToLowerInvariant() + " confidence" };
        if (Str(d, "revealedByGateway") is { Length: > 0 } by)
        {
            var role = Str(d, "role");
            how.Add($"revealed by {by}" + (role is "Initiator" or "Responder" ? $", the {role.ToLowerInvariant()}" : ""));
        }

        w.WriteLine($"{gateway} {connection}{(child.Length > 0 ? "/" + child : "")}: {(Bool(d, "up") ? "UP" : "DOWN")} — {Str(cause, "title")} ({string.Join(", ", how)})");
        w.WriteLine($"  cause: [{Str(cause, "id")}] {Str(cause, "key")}, severity {Str(cause, "severity")}");
        if (Str(d, "detail") is { Length: > 0 } detail)
        {
            w.WriteLine($"  detail: {detail}");
        }

        if (peer.Length == 0)
        {
            w.WriteLine("  peer not managed by this controller: only this gateway's log was read (lower confidence)");
        }

        foreach (var (heading, text) in (ReadOnlySpan<(string, string)>)[("explanation", Str(cause, "explanation")), ("proposed action", Str(cause, "proposedAction"))])
        {
            w.WriteLine();
            w.WriteLine(heading + ":");
            w.WriteLine("  " + text.ReplaceLineEndings("\n  "));
        }

        var evidence = d.GetProperty("evidence").EnumerateArray().ToList();
        w.WriteLine();
        w.WriteLine(evidence.Count == 0
            ? $"evidence: none ({Str(d, "localLines")} lines of {gateway}{(peer.Length > 0 ? $", {Str(d, "peerLines")} of {peer}" : "")} read)"
            : "evidence (UTC):");
        foreach (var side in evidence.GroupBy(e => Str(e, "side")).OrderBy(g => g.Key == "local" ? 0 : 1))
        {
            var name = Str(side.First(), "gateway") is { Length: > 0 } g ? g : "peer";
            w.WriteLine($"  {name} ({(side.Key == "local" ? "this gateway" : "the peer")}):");
            foreach (var line in side)
            {
                w.WriteLine("    " + LogLine(line));
            }
        }

        w.WriteLine();
        w.WriteLine(Bool(d, "up")
            ? "the tunnel is up."
            : $"after the fix, retry: fleetctl initiate --gateway {gateway} --conn {connection}{(child.Length > 0 ? " --child " + child : "")}");
        return w.ToString();
    }

    /// <summary>A line as charon prints it: <c>14:35:54 [IKE] &lt;s2s|3&gt; message</c> (time in UTC).</summary>
    internal static string LogLine(JsonElement line)
    {
        var time = line.TryGetProperty("time", out var t) && t.TryGetDateTimeOffset(out var at)
            ? at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)
            : "--:--:--";
        var ike = Str(line, "ikeSa");
        var id = Str(line, "ikeSaId");
        var sa = ike.Length == 0 && id.Length == 0 ? "" : $"<{ike}|{id}> ";
        return $"{time} [{Str(line, "group")}] {sa}{Str(line, "message")}";
    }

    private static bool Bool(JsonElement e, string property) => e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.True;

    private static string Str(JsonElement e, string property) => OperationsCommands.Str(e, property);
}
