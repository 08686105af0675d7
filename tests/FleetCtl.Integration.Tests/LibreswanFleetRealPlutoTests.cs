using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.Operations;
using FleetCtl.Integration.Tests.Lab;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace FleetCtl.Integration.Tests;

/// <summary>
/// A real libreswan 4.10 pluto and a real strongSwan 5.9.8 charon, peering over IKEv2, in one fleet: the controller
/// (hosted as the server hosts it) shows the libreswan gateway with its kind, connection and IKE SA, rekeys it with a
/// rekey operation, takes it down with a terminate operation and brings it back with an initiate operation (in pluto's
/// status: see docs/libreswan.md for what charon does with pluto's initiation in this lab), and refuses to redirect it.
/// </summary>
public sealed class LibreswanFleetRealPlutoTests(ITestOutputHelper output)
{
    [CharonLabFact]
    public async Task The_fleet_shows_a_real_pluto_and_rekeys_terminates_and_initiates_its_ike_sa()
    {
        await using var lab = await LibreswanLab.StartAsync(output.WriteLine);
        await lab.LoadCharonAsync(childless: "force");
        (await lab.Charon.SwanctlAsync("--initiate", "--ike", LibreswanLab.ConnectionName, "--timeout", "15")).EnsureSuccess();

        var data = Directory.CreateTempSubdirectory("fleetctl-libreswan-real-").FullName;
        using var host = await LabFleet.StartAsync(
        [
            new GatewayDefinition { Name = "charon-1", Uri = lab.Charon.ViciUri },
            new GatewayDefinition { Name = "pluto-1", Kind = GatewayKind.Libreswan, Command = string.Join(' ', lab.WhackPrefix) },
        ], data);
        var queries = host.Services.GetRequiredService<IFleetQueries>();
        var ops = host.Services.GetRequiredService<IFleetOperations>();
        async Task<GatewayView> Pluto() => (await queries.GetGatewayViewAsync("pluto-1"))!;

        // the libreswan gateway, its kind, version, connection and the IKE SA charon brought up
        await LabFleet.Until(async () => (await Pluto()).Sas.Any(s => s.State == "ESTABLISHED"), "pluto-1's IKE SA in the fleet");
        var view = await Pluto();
        Assert.Equal((GatewayKind.Libreswan, "4.10"), (view.Status.Kind, view.Status.DaemonVersion));
        Assert.Contains(view.Connections, c => c.Name == LibreswanLab.ConnectionName);
        var sa = view.Sas.Single(s => s.State == "ESTABLISHED");
        Assert.Equal((LibreswanLab.ConnectionName, lab.Charon.OuterAddress, 2), (sa.Name, sa.RemoteHost, sa.IkeVersion));
        Assert.Equal(GatewayKind.StrongSwan, (await queries.GetGatewayViewAsync("charon-1"))!.Status.Kind);

        // a redirect is refused in the preview, with the reason
        var redirect = await ops.PreviewAsync(new OperationRequest
        {
            Selector = new OperationSelector { Gateways = ["pluto-1"] }, Action = OperationAction.Redirect("charon-1"),
        });
        Assert.Empty(redirect.Items);
        Assert.Equal(OperationPlanner.ReasonLibreswanRedirect, Assert.Single(redirect.Skipped).Reason);

        // rekey from FleetCtl: whack --rekey-ike. pluto replaces the IKE SA with a new state, which the fleet shows, and
        // charon takes part: its own IKE_SA is replaced too (both hold the clean, childless IKE SA charon initiated)
        var charonBefore = (await queries.GetGatewayViewAsync("charon-1"))!.Sas.Single(s => s.State == "ESTABLISHED");
        var rekeyed = await LabFleet.RunAsync(ops, new OperationRequest
        {
            Selector = new OperationSelector { Gateways = ["pluto-1"] }, Action = OperationAction.Rekey(SaLevel.Ike),
            Plan = new OperationPlan { WaveSize = 10, PauseBetweenWaves = TimeSpan.Zero, ItemTimeout = TimeSpan.FromSeconds(20) },
        });
        output.WriteLine($"rekey: {rekeyed.Summary.State}; {string.Join("; ", rekeyed.Items.Select(i => $"{i.Status} {i.Message}"))}");
        Assert.Equal((OperationState.Completed, ItemStatus.Succeeded), (rekeyed.Summary.State, Assert.Single(rekeyed.Items).Status));
        await LabFleet.Until(async () => (await Pluto()).Sas.Any(s => s.State == "ESTABLISHED" && s.UniqueId > sa.UniqueId)
            && (await Pluto()).Sas.All(s => s.UniqueId != sa.UniqueId), "pluto-1's IKE SA replaced by a rekeyed one");
        Assert.Contains((await lab.Commands.StatusAsync()).States, s => s.IsEstablished && s.Serial > sa.UniqueId); // pluto's own status agrees
        await LabFleet.Until(async () => (await queries.GetGatewayViewAsync("charon-1"))!.Sas is var sas
            && sas.Any(s => s.State == "ESTABLISHED" && s.UniqueId != charonBefore.UniqueId) && sas.All(s => s.UniqueId != charonBefore.UniqueId),
            "charon-1's side of the IKE SA rekeyed too");
        sa = (await Pluto()).Sas.Single(s => s.State == "ESTABLISHED");

        // terminate from FleetCtl: whack --deletestate; gone from the fleet and from pluto's own status
        var quick = new OperationPlan { WaveSize = 10, PauseBetweenWaves = TimeSpan.Zero, ItemTimeout = TimeSpan.FromSeconds(20) };
        var terminated = await LabFleet.RunAsync(ops, new OperationRequest
        {
            Selector = new OperationSelector { Gateways = ["pluto-1"] }, Action = OperationAction.Terminate(SaLevel.Ike), Plan = quick,
        });
        output.WriteLine($"terminate: {terminated.Summary.State}; {string.Join("; ", terminated.Items.Select(i => $"{i.Status} {i.Message}"))}; skipped: {string.Join("; ", terminated.Skipped.Select(k => k.Reason))}");
        Assert.Equal(OperationState.Completed, terminated.Summary.State);
        await LabFleet.Until(async () => (await Pluto()).Sas.All(s => s.UniqueId != sa.UniqueId), "pluto-1's IKE SA gone from the fleet");
        Assert.DoesNotContain((await lab.Commands.StatusAsync()).States, s => s.IsEstablished);

        // initiate from FleetCtl: whack --name s2s --initiate; back in the fleet
        var initiated = await LabFleet.RunAsync(ops, new OperationRequest
        {
            Selector = new OperationSelector { Gateways = ["pluto-1"] }, Action = OperationAction.Initiate(LibreswanLab.ConnectionName), Plan = quick,
        });
        output.WriteLine($"initiate: {initiated.Summary.State}; {string.Join("; ", initiated.Items.Select(i => $"{i.Status} {i.Message}"))}");
        Assert.Equal(OperationState.Completed, initiated.Summary.State);
        await LabFleet.Until(async () => (await Pluto()).Sas.Any(s => s.State == "ESTABLISHED" && s.UniqueId != sa.UniqueId), "pluto-1's IKE SA back");
        await host.StopAsync();
    }
}
