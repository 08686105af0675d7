using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.Operations;
using FleetCtl.Integration.Tests.Lab;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace FleetCtl.Integration.Tests;

/// <summary>
/// Fleet operations (the whole engine: preview, persistent execution, drain confirmation) against real strongSwan 5.9.8
/// charons in network namespaces, hosted as the server hosts them (AddFleet, SQLite journal).
/// </summary>
public sealed class OperationsRealCharonTests(ITestOutputHelper output)
{
    private static readonly OperationPlan Quick = new() { WaveSize = 10, PauseBetweenWaves = TimeSpan.Zero, ItemTimeout = TimeSpan.FromSeconds(20) };

    /// <summary>gw2 is a peer of gw1 (it initiated); gw3 accepts any lab gateway, so a peer redirected there is taken.</summary>
    private static async Task<CharonLab> ThreeGatewaysAsync(ITestOutputHelper output)
    {
        var lab = await CharonLab.StartAsync(3, new CharonLabOptions { Log = output.WriteLine });
        var (gw1, gw2, gw3) = (lab[1], lab[2], lab[3]);
        gw1.WriteSwanctlConf([lab.S2S(gw1, gw2)], [lab.Secret]);
        gw2.WriteSwanctlConf([lab.S2S(gw2, gw1)], [lab.Secret]);
        gw3.WriteSwanctlConf([lab.S2S(gw3, gw1)], [lab.Secret]);
        foreach (var gw in (CharonGateway[])[gw1, gw2, gw3])
        {
            await gw.LoadAllAsync();
        }

        return lab;
    }

    private static Task<IHost> FleetAsync(CharonLab lab, string data) =>
        LabFleet.StartAsync(lab.Gateways.Select(g => new GatewayDefinition { Name = g.Name, Uri = g.ViciUri }), data);

    [CharonLabFact]
    public async Task A_drain_redirects_a_real_peer_to_a_third_gateway_and_confirms_from_both_gateways()
    {
        await using var lab = await ThreeGatewaysAsync(output);
        var (gw1, gw2, gw3) = (lab[1], lab[2], lab[3]);
        (await gw2.SwanctlAsync("--initiate", "--child", "net", "--ike", "s2s", "--timeout", "15")).EnsureSuccess();
        var data = Directory.CreateTempSubdirectory("fleetctl-ops-real-").FullName;
        using var host = await FleetAsync(lab, data);
        var ops = host.Services.GetRequiredService<IFleetOperations>();
        var queries = host.Services.GetRequiredService<IFleetQueries>();
        await Until(async () => (await queries.GetGatewayViewAsync(gw1.Name))!.Sas.Count == 1, "gw1 lists gw2's IKE_SA");

        var preview = await ops.PreviewAsync(OperationRequest.ForDrain(gw1.Name, gw3.Name, Quick));
        var item = Assert.Single(preview.Items);
        Assert.Equal((gw1.Name, "s2s", gw2.OuterAddress, gw3.OuterAddress), (item.Gateway, item.Connection, item.RemoteHost, item.Target));

        var started = Assert.IsType<ExecuteResult.Started>(await ops.ExecuteAsync(preview.Id, "integration-test", preview.Hash));
        var record = await FinalAsync(ops, started.Operation.Id);
        output.WriteLine($"drain: {record.Summary.State} {record.Summary.Reason}; items: {string.Join("; ", record.Items.Select(i => $"{i.Status} {i.Message}"))}");
        Assert.Equal(OperationState.Completed, record.Summary.State);
        Assert.Equal(ItemStatus.Succeeded, Assert.Single(record.Items).Status);
        Assert.True(record.DrainReport?.Clean, "the drain check found nothing left on gw1");

        // the peer followed the redirect: from the gateways' own state (swanctl, not the controller)
        await Until(async () => (await gw2.SwanctlAsync("--list-sas")).StdOut.Contains(gw3.OuterAddress, StringComparison.Ordinal), "gw2's SA goes to gw3");
        await Until(async () => !(await gw1.SwanctlAsync("--list-sas")).StdOut.Contains(gw2.OuterAddress, StringComparison.Ordinal), "gw1 has no SA with gw2");
        Assert.Contains(gw2.OuterAddress, (await gw3.SwanctlAsync("--list-sas")).StdOut, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [CharonLabFact]
    public async Task Initiate_rekey_and_terminate_act_on_real_sas()
    {
        await using var lab = await ThreeGatewaysAsync(output);
        var (gw1, gw2) = (lab[1], lab[2]);
        var data = Directory.CreateTempSubdirectory("fleetctl-ops-real-").FullName;
        using var host = await FleetAsync(lab, data);
        var ops = host.Services.GetRequiredService<IFleetOperations>();
        var queries = host.Services.GetRequiredService<IFleetQueries>();
        var onGw2 = new OperationSelector { Gateways = [gw2.Name] };

        // initiate s2s/net on gw2: a real IKE_SA and CHILD_SA to gw1
        var initiated = await RunAsync(ops, new OperationRequest { Selector = onGw2, Action = OperationAction.Initiate("s2s", "net"), Plan = Quick });
        Assert.Equal(OperationState.Completed, initiated.Summary.State);
        await Until(async () => (await queries.GetGatewayViewAsync(gw2.Name))!.Status.ChildSas == 1, "gw2 holds the CHILD_SA");
        var before = Assert.Single((await queries.GetGatewayViewAsync(gw2.Name))!.Sas);
        Assert.Contains("ESTABLISHED", (await gw1.SwanctlAsync("--list-sas")).StdOut, StringComparison.Ordinal);

        // rekey the IKE_SA: charon gives the rekeyed SA a new unique id
        var rekeyed = await RunAsync(ops, new OperationRequest { Selector = onGw2 with { Connection = "s2s" }, Action = OperationAction.Rekey(SaLevel.Ike), Plan = Quick });
        Assert.Equal(OperationState.Completed, rekeyed.Summary.State);
        await Until(async () => (await queries.GetGatewayViewAsync(gw2.Name))!.Sas.Any(s => s.UniqueId != before.UniqueId && s.State == "ESTABLISHED"),
            "a new IKE_SA after the rekey");

        // terminate every IKE_SA of s2s on gw2: gone on both ends
        var terminated = await RunAsync(ops, new OperationRequest { Selector = onGw2 with { Connection = "s2s" }, Action = OperationAction.Terminate(SaLevel.Ike), Plan = Quick });
        Assert.Equal(OperationState.Completed, terminated.Summary.State);
        Assert.All(terminated.Items, i => Assert.Equal(ItemStatus.Succeeded, i.Status));
        await Until(async () => (await queries.GetGatewayViewAsync(gw2.Name))!.Sas.Count == 0, "gw2 has no SA left");
        await Until(async () => !(await gw1.SwanctlAsync("--list-sas")).StdOut.Contains("ESTABLISHED", StringComparison.Ordinal), "gw1 has no SA left");

        // a connection gw2 does not have is refused at preview, with the reason, before anything is sent
        var missing = await ops.PreviewAsync(new OperationRequest { Selector = onGw2, Action = OperationAction.Initiate("no-such-conn"), Plan = Quick });
        Assert.Empty(missing.Items);
        var skipped = Assert.Single(missing.Skipped);
        output.WriteLine($"initiate no-such-conn: skipped: {skipped.Reason}");
        Assert.Equal(gw2.Name, skipped.Gateway);
        Assert.Contains("no-such-conn", skipped.Reason, StringComparison.Ordinal);
        await host.StopAsync();
    }

    private static Task<OperationRecord> RunAsync(IFleetOperations ops, OperationRequest request) => LabFleet.RunAsync(ops, request);

    private static Task<OperationRecord> FinalAsync(IFleetOperations ops, long id) => LabFleet.FinalAsync(ops, id);

    private static Task Until(Func<Task<bool>> condition, string what) => LabFleet.Until(condition, what);
}
