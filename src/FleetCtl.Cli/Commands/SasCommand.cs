using Spectre.Console;
using System.CommandLine;

namespace FleetCtl.Cli.Commands;

/// <summary><c>fleetctl sas GATEWAY</c>: <c>GET /api/v1/gateways/{name}/sas</c>.</summary>
internal static class SasCommand
{
    public static Command Create(CommonOptions common)
    {
        var gatewayName = new Argument<string>("GATEWAY") { Description = "The gateway's name, e.g. gw-001" };
        var json = CommonOptions.Json("Print the server's JSON (SAs, down tunnels, configured connections) instead of a table");
        var command = new Command("sas", "Show one gateway's IKE_SAs and their CHILD_SAs, and its tunnels that are down") { gatewayName, json };
        command.SetAction((parse, ct) => common.WithClientAsync(parse, async client =>
        {
            var gateway = parse.GetRequiredValue(gatewayName);
            var body = await client.GetAsync($"api/v1/gateways/{Uri.EscapeDataString(gateway)}/sas", ct, notFound: $"no gateway '{gateway}'")
                .ConfigureAwait(false);
            var view = FleetClient.Parse(body, CliJson.Default.GatewaySasDto);
            if (parse.GetValue(json))
            {
                await common.Context.Out.WriteLineAsync(body).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            var console = Render.CreateConsole(common.Context);
            console.Write(Render.Sas(view.Sas, DateTimeOffset.UtcNow));
            console.WriteLine($"{view.Gateway}: {view.Sas.Count} IKE_SAs, {view.Sas.Sum(s => s.Children.Count)} CHILD_SAs, "
                + $"{view.DownTunnels.Count} tunnels down, {view.Connections.Count} connections configured");
            foreach (var down in view.DownTunnels)
            {
                console.WriteLine($"  down: {down.Connection}/{down.Child} {string.Join(',', down.LocalTs)} === {string.Join(',', down.RemoteTs)}");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
