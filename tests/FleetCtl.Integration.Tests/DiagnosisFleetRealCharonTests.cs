using FleetCtl.Fleet.Alerts;
using FleetCtl.Fleet.Catalog;
using FleetCtl.Fleet.Diagnosis;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Integration.Tests.Lab;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace FleetCtl.Integration.Tests;

/// <summary>
/// Log analysis through the whole controller (hosted as the server hosts it) on two real strongSwan 5.9.8 charons, which
/// have no <c>alert</c> event: the gateway actors collect both daemons' log lines over VICI, derive the alert charon 6
/// would raise, and diagnose the tunnel from both ends.
/// </summary>
public sealed class DiagnosisFleetRealCharonTests(ITestOutputHelper output)
{
    [CharonLabFact]
    public async Task A_real_ike_proposal_mismatch_raises_a_derived_alert_and_is_diagnosed_from_both_gateways()
    {
        await using var lab = await LabPeers.StartAsync(output.WriteLine, c => c with { Proposals = ["aes256-sha256-x25519"] }, shortRetransmits: true);
        var (gw1, gw2) = (lab[1], lab[2]);

        var data = Directory.CreateTempSubdirectory("fleetctl-diag-real-").FullName;
        using var host = await LabFleet.StartAsync(lab.Gateways.Select(g => new GatewayDefinition { Name = g.Name, Uri = g.ViciUri }), data);
        var alerts = host.Services.GetRequiredService<IFleetAlerts>();
        var diagnosis = host.Services.GetRequiredService<IFleetDiagnosis>();

        // the mismatch really happens: gw2 initiates and fails
        var attempt = await gw2.SwanctlAsync("--initiate", "--child", "net", "--ike", "s2s", "--timeout", "10");
        output.WriteLine(attempt.StdOut + attempt.StdErr);
        Assert.NotEqual(0, attempt.ExitCode);

        // a derived proposal-mismatch-ike alert, with the catalog's explanation, from the daemons' own log lines
        FleetAlert? alert = null;
        await LabFleet.Until(async () => (alert = (await alerts.ListAsync(new AlertQuery { Type = "proposal-mismatch-ike" })).Items.FirstOrDefault()) is not null,
            "a derived proposal-mismatch-ike alert");
        output.WriteLine($"alert: {alert}");
        Assert.True(alert!.Derived);
        Assert.Contains(alert.Gateway, new[] { gw1.Name, gw2.Name });
        Assert.Equal(FleetCatalog.ForAlert(FleetCtl.Vici.Events.ViciAlertType.ProposalMismatchIke).Id, alert.CatalogId);

        // diagnosed from the initiator's side: the cause is on the responder, whose lines the fleet holds too
        var fromInitiator = await diagnosis.DiagnoseAsync(gw2.Name, "s2s", "net");
        output.WriteLine($"from gw2: {fromInitiator.Verdict}\n{string.Join('\n', fromInitiator.Verdict.Evidence)}");
        Assert.False(fromInitiator.Up);
        Assert.Equal(gw1.Name, fromInitiator.PeerGateway);
        Assert.Equal(CatalogIds.DiagnosisIkeProposalMismatch, fromInitiator.Verdict.CauseId);
        Assert.Equal((DiagnosisSide.Peer, DiagnosisConfidence.High), (fromInitiator.Verdict.RevealedBy, fromInitiator.Verdict.Confidence));
        Assert.NotEmpty(fromInitiator.Verdict.EvidenceFrom(DiagnosisSide.Peer));

        // and from the responder's: the same cause, seen locally
        var fromResponder = await diagnosis.DiagnoseAsync(gw1.Name, "s2s");
        Assert.Equal((CatalogIds.DiagnosisIkeProposalMismatch, DiagnosisSide.Local, gw2.Name),
            (fromResponder.Verdict.CauseId, fromResponder.Verdict.RevealedBy!.Value, fromResponder.PeerGateway));

        // retrying from FleetCtl fails the same way, and the item's answer says why (control-log of the initiate), not only charon's errmsg
        var retry = await LabFleet.RunAsync(host.Services.GetRequiredService<FleetCtl.Fleet.Operations.IFleetOperations>(), new FleetCtl.Fleet.Operations.OperationRequest
        {
            Selector = new FleetCtl.Fleet.Operations.OperationSelector { Gateways = [gw2.Name] },
            Action = FleetCtl.Fleet.Operations.OperationAction.Initiate("s2s", "net"),
            Plan = new FleetCtl.Fleet.Operations.OperationPlan { WaveSize = 1, PauseBetweenWaves = TimeSpan.Zero, ItemTimeout = TimeSpan.FromSeconds(20) },
        });
        var failed = Assert.Single(retry.Items);
        output.WriteLine($"retry: {failed.Status} {failed.Message}");
        Assert.Equal(FleetCtl.Fleet.Operations.ItemStatus.Failed, failed.Status);
        Assert.Contains("NO_PROPOSAL_CHOSEN", failed.Message, StringComparison.Ordinal);

        // the log the diagnosis read holds no secret
        var log = await diagnosis.GetLogAsync(gw1.Name);
        Assert.NotNull(log);
        Assert.NotEmpty(log.Lines);
        Assert.DoesNotContain(log.Lines, l => l.Message.Contains(CharonLab.DefaultPsk, StringComparison.Ordinal));
        await host.StopAsync();
    }

    [CharonLabFact]
    public async Task A_healthy_tunnel_is_up_and_no_fault_and_raises_nothing()
    {
        await using var lab = await LabPeers.StartAsync(output.WriteLine);
        var (gw1, gw2) = (lab[1], lab[2]);
        var data = Directory.CreateTempSubdirectory("fleetctl-diag-real-").FullName;
        using var host = await LabFleet.StartAsync(lab.Gateways.Select(g => new GatewayDefinition { Name = g.Name, Uri = g.ViciUri }), data);
        var diagnosis = host.Services.GetRequiredService<IFleetDiagnosis>();

        (await gw2.SwanctlAsync("--initiate", "--child", "net", "--ike", "s2s", "--timeout", "10")).EnsureSuccess();
        TunnelDiagnosis? result = null;
        await LabFleet.Until(async () => (result = await diagnosis.DiagnoseAsync(gw2.Name, "s2s", "net")).Up, "the tunnel up in the fleet");
        Assert.True(result!.Verdict.IsNoFault, result.Verdict.ToString());
        Assert.Equal(gw1.Name, result.PeerGateway);
        Assert.Equal(0, (await host.Services.GetRequiredService<IFleetAlerts>().ListAsync(new AlertQuery())).Total);
        await host.StopAsync();
    }
}
