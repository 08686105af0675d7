using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace FleetCtl.Cli.Commands;

/// <summary>
/// <c>fleetctl drains</c>: the gateways marked as draining (<c>/api/v1/drains</c>), and <c>drains clear GATEWAY</c> to remove a
/// mark once the gateway's maintenance is over and it may take peers again.
/// </summary>
internal static class DrainsCommand
{
    public static Command Create(CommonOptions common)
    {
        var json = CommonOptions.Json("Print the server's JSON");
        var command = new Command("drains", "Gateways marked as draining (by 'fleetctl drain'), with the operation and target") { json };
        command.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var body = await client.GetAsync("api/v1/drains", ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await common.Context.Out.WriteLineAsync(body).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            using var doc = JsonDocument.Parse(body);
            var marks = doc.RootElement.EnumerateArray().ToList();
            var table = new Table().Border(TableBorder.Simple).AddColumns("GATEWAY", "OPERATION", "TARGET", "SINCE (UTC)");
            foreach (var m in marks)
            {
                table.AddRow(Markup.Escape(Str(m, "gateway")), Str(m, "operationId"), Markup.Escape(Str(m, "target") is { Length: > 0 } t ? t : "-"),
                    m.TryGetProperty("since", out var since) && since.TryGetDateTimeOffset(out var at)
                        ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)
                        : "");
            }

            var console = Render.CreateConsole(common.Context);
            console.Write(table);
            console.WriteLine($"{marks.Count} gateways marked as draining");
            return ExitCodes.Ok;
        }));

        var gateway = new Argument<string>("GATEWAY") { Description = "The gateway whose draining mark goes (see 'fleetctl drains')" };
        var clear = new Command("clear", "Remove a gateway's draining mark, e.g. after its maintenance (needs the operator role)") { gateway };
        clear.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var name = parse.GetValue(gateway)!;
            await client.DeleteAsync($"api/v1/drains/{Uri.EscapeDataString(name)}", ct, notFound: $"gateway '{name}' is not marked as draining")
                .ConfigureAwait(false);
            await common.Context.Out.WriteLineAsync($"{name}: draining mark removed").ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        command.Subcommands.Add(clear);
        return command;
    }

    private static string Str(JsonElement e, string property) => OperationsCommands.Str(e, property);
}
