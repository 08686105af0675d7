using FleetCtl.Fleet.Catalog;
using FleetCtl.Fleet.Diagnosis;
using FleetCtl.Integration.Tests.Lab;
using Xunit.Abstractions;

namespace FleetCtl.Integration.Tests;

/// <summary>
/// The diagnosis engine on real failures: per case two real strongSwan 5.9.8 charons (gw2 initiates to gw1) with ONE
/// configuration difference, both daemons' VICI <c>log</c> events captured with the library's client, fed to
/// <see cref="TunnelDiagnoser"/> from either gateway's point of view. With FLEETCTL_RECORD_DIAGNOSIS=DIR set, the
/// captured lines are written to DIR/&lt;case&gt;.{initiator,responder}.jsonl (the recordings the unit tests replay).
/// </summary>
public sealed class DiagnosisRealCharonTests(ITestOutputHelper output)
{
    /// <summary>Failures that retransmit give up after ~1.5 s instead of ~2 minutes.</summary>
    private const string ShortRetransmits = LabPeers.ShortRetransmits;

    private const string AggressivePsk = "i_dont_care_about_security_and_use_aggressive_mode_psk = yes";

    [CharonLabFact]
    public async Task Healthy_tunnel_is_no_fault()
    {
        var run = await RunAsync("healthy");
        Assert.True(run.FromInitiator.IsNoFault, run.FromInitiator.ToString());
        Assert.True(run.FromResponder.IsNoFault, run.FromResponder.ToString());
        Assert.Equal(DiagnosisConfidence.High, run.FromInitiator.Confidence);
        Assert.Empty(LogAlertDeriver.DeriveAll(run.Initiator.Concat(run.Responder)));
    }

    [CharonLabFact]
    public async Task Psk_mismatch_ikev2_is_revealed_by_the_responder()
    {
        var run = await RunAsync("psk-mismatch-ikev2", initiatorSecret: new LabSecret { Name = "lab", Secret = "not-the-lab-psk" });
        AssertCause(run, CatalogIds.DiagnosisPskMismatch, DiagnosisRole.Responder);
    }

    [CharonLabFact]
    public async Task Psk_mismatch_ikev1_shows_as_decryption_failure()
    {
        var run = await RunAsync("psk-mismatch-ikev1", responder: V1, initiator: V1,
            initiatorSecret: new LabSecret { Name = "lab", Secret = "not-the-lab-psk" });
        AssertCause(run, CatalogIds.DiagnosisPskMismatch, DiagnosisRole.Responder);
    }

    [CharonLabFact]
    public async Task Aggressive_mode_against_a_main_mode_responder_is_a_mode_mismatch()
    {
        var run = await RunAsync("ikev1-aggressive-mismatch", responder: V1,
            initiator: c => V1(c) with { Options = new Dictionary<string, string> { ["aggressive"] = "yes" } },
            charonOptions: n => n == 2 ? AggressivePsk : null);
        AssertCause(run, CatalogIds.DiagnosisIkev1ModeMismatch, DiagnosisRole.Responder);
    }

    [CharonLabFact]
    public async Task Identity_mismatch_is_revealed_by_the_responder()
    {
        var run = await RunAsync("id-mismatch", responder: c => c with { RemoteId = "someone-else.lab" });
        AssertCause(run, CatalogIds.DiagnosisIdMismatch, DiagnosisRole.Responder);
    }

    [CharonLabFact]
    public async Task Identity_mismatch_in_ikev1_main_mode_is_revealed_by_the_responder()
    {
        var run = await RunAsync("id-mismatch-ikev1", responder: c => V1(c) with { RemoteId = "someone-else.lab" }, initiator: V1);
        AssertCause(run, CatalogIds.DiagnosisIdMismatch, DiagnosisRole.Responder);
    }

    [CharonLabFact]
    public async Task Selectors_the_responder_does_not_cover_fail_ikev1_quick_mode()
    {
        var run = await RunAsync("ts-mismatch-ikev1",
            responder: c => WithChild(V1(c), ch => ch with { RemoteTs = ["10.50.0.0/24"] }), initiator: V1);
        AssertCause(run, CatalogIds.DiagnosisTsMismatch, DiagnosisRole.Responder);
    }

    [CharonLabFact]
    public async Task Pfs_mismatch_fails_ikev1_quick_mode_at_once()
    {
        var run = await RunAsync("pfs-mismatch-ikev1",
            responder: c => WithChild(V1(c), ch => ch with { EspProposals = ["aes128-sha256-modp2048"] }), initiator: V1);
        AssertCause(run, CatalogIds.DiagnosisPfsMismatch, DiagnosisRole.Responder);
    }

    [CharonLabFact]
    public async Task Ikev2_against_an_ikev1_only_responder_shows_as_no_ike_config()
    {
        // the responder's log does not say it has an IKEv1 config for the address: only "no IKE config found"
        var run = await RunAsync("ike-version-mismatch-v2-initiator", responder: V1);
        AssertCause(run, CatalogIds.DiagnosisNoIkeConfig, DiagnosisRole.Responder);
    }

    [CharonLabFact]
    public async Task Psk_against_pubkey_is_an_auth_method_mismatch()
    {
        var run = await RunAsync("auth-method-mismatch", responder: c => c with { RemoteAuth = "pubkey" });
        AssertCause(run, CatalogIds.DiagnosisAuthMethodMismatch, DiagnosisRole.Responder);
    }

    [CharonLabFact]
    public async Task A_secret_for_other_identities_is_a_missing_psk()
    {
        var run = await RunAsync("psk-missing",
            responderSecret: new LabSecret { Name = "lab", Secret = CharonLab.DefaultPsk, Owners = ["nobody.lab"] });
        AssertCause(run, CatalogIds.DiagnosisPskMissing, DiagnosisRole.Responder);
    }

    [CharonLabFact]
    public async Task Different_ike_ciphers_are_an_ike_proposal_mismatch()
    {
        var run = await RunAsync("ike-proposal-mismatch", initiator: c => c with { Proposals = ["aes256-sha256-x25519"] });
        AssertCause(run, CatalogIds.DiagnosisIkeProposalMismatch, DiagnosisRole.Responder);
    }

    [CharonLabFact]
    public async Task Different_ike_dh_groups_are_a_dh_group_mismatch()
    {
        var run = await RunAsync("dh-group-mismatch", initiator: c => c with { Proposals = ["aes128-sha256-modp2048"] });
        AssertCause(run, CatalogIds.DiagnosisDhGroupMismatch, DiagnosisRole.Responder);
    }

    [CharonLabFact]
    public async Task A_peer_address_outside_remote_addrs_is_no_ike_config()
    {
        var run = await RunAsync("no-ike-config", responder: c => c with { RemoteAddrs = ["10.99.0.77"] });
        AssertCause(run, CatalogIds.DiagnosisNoIkeConfig, DiagnosisRole.Responder);
    }

    [CharonLabFact]
    public async Task Ikev1_against_ikev2_is_a_version_mismatch()
    {
        var run = await RunAsync("ike-version-mismatch", initiator: V1);
        AssertCause(run, CatalogIds.DiagnosisIkeVersionMismatch, DiagnosisRole.Responder);
    }

    [CharonLabFact]
    public async Task Different_esp_ciphers_are_an_esp_proposal_mismatch()
    {
        var run = await RunAsync("esp-proposal-mismatch", initiator: c => WithChild(c, ch => ch with { EspProposals = ["aes256-sha256"] }));
        AssertCause(run, CatalogIds.DiagnosisEspProposalMismatch, DiagnosisRole.Responder);
    }

    [CharonLabFact]
    public async Task Selectors_the_responder_does_not_cover_are_a_ts_mismatch()
    {
        var run = await RunAsync("ts-mismatch", responder: c => WithChild(c, ch => ch with { RemoteTs = ["10.50.0.0/24"] }));
        AssertCause(run, CatalogIds.DiagnosisTsMismatch, DiagnosisRole.Responder);
    }

    [CharonLabFact]
    public async Task Pfs_mismatch_shows_only_at_the_child_rekey()
    {
        var run = await RunAsync("pfs-mismatch",
            responder: c => WithChild(c, ch => ch with { EspProposals = ["aes128-sha256-modp2048"] }),
            act: async (gw1, gw2, c1, c2) =>
            {
                (await gw2.SwanctlAsync("--initiate", "--child", "net", "--ike", "s2s", "--timeout", "10")).EnsureSuccess();
                // the first CHILD_SA is keyed from the IKE_SA: up, no fault yet
                Assert.True(TunnelDiagnoser.Diagnose(Request(gw2, gw1, c2.Lines, c1.Lines)).IsNoFault);
                await gw2.SwanctlAsync("--rekey", "--child", "net");
                await c2.WaitForAsync(m => m.StartsWith("received NO_PROPOSAL_CHOSEN", StringComparison.Ordinal));
            });
        AssertCause(run, CatalogIds.DiagnosisPfsMismatch, DiagnosisRole.Responder);
    }

    [CharonLabFact]
    public async Task A_stopped_peer_is_not_answering()
    {
        var run = await RunAsync("peer-not-answering",
            act: async (gw1, gw2, c1, c2) =>
            {
                await gw1.StopAsync();
                await gw2.SwanctlAsync("--initiate", "--child", "net", "--ike", "s2s", "--timeout", "10");
                await c2.WaitForAsync(m => m.StartsWith("giving up", StringComparison.Ordinal));
            });
        // gw1 may log its own shutdown before the capture ends, but never a packet of gw2's
        Assert.DoesNotContain(run.Responder, l => l.Message.Contains("10.99.0.2", StringComparison.Ordinal));
        var verdict = run.FromInitiator;
        Assert.Equal(CatalogIds.DiagnosisPeerNotAnswering, verdict.CauseId);
        Assert.Equal((DiagnosisSide.Local, DiagnosisRole.Initiator), (verdict.RevealedBy, verdict.Role));
        Assert.NotEmpty(verdict.EvidenceFrom(DiagnosisSide.Local));
    }

    [CharonLabFact]
    public async Task A_private_address_as_identity_behind_nat_is_a_nat_identity_mismatch()
    {
        var run = await RunAsync("nat-identity-mismatch",
            responder: c => V1(c) with { RemoteId = "10.99.0.2" },
            initiator: c => V1(c) with { LocalId = "10.50.0.2" });
        AssertCause(run, CatalogIds.DiagnosisNatIdentityMismatch, DiagnosisRole.Responder);
    }

    // ---- the harness --------------------------------------------------------------------------------------

    private sealed record Run(
        IReadOnlyList<GatewayLogLine> Initiator, IReadOnlyList<GatewayLogLine> Responder,
        DiagnosisVerdict FromInitiator, DiagnosisVerdict FromResponder, DiagnosisVerdict InitiatorOnly, DiagnosisVerdict ResponderOnly);

    private static LabConnection V1(LabConnection c) => c with { Version = 1 };

    private static LabConnection WithChild(LabConnection c, Func<LabChild, LabChild> change) =>
        c with { Children = [.. c.Children.Select(change)] };

    private static DiagnosisRequest Request(CharonGateway local, CharonGateway peer, IReadOnlyList<GatewayLogLine> localLines,
        IReadOnlyList<GatewayLogLine>? peerLines) =>
        new(local.Name, "s2s", "net", localLines, peer.Name, peerLines) { KnownAddresses = [peer.OuterAddress] };

    /// <summary>gw1 responds, gw2 initiates; each gets the lab's connection changed by one function, and its secret.</summary>
    private async Task<Run> RunAsync(
        string name,
        Func<LabConnection, LabConnection>? responder = null,
        Func<LabConnection, LabConnection>? initiator = null,
        LabSecret? responderSecret = null,
        LabSecret? initiatorSecret = null,
        Func<int, string?>? charonOptions = null,
        Func<CharonGateway, CharonGateway, GatewayLogCapture, GatewayLogCapture, Task>? act = null)
    {
        await using var lab = await CharonLab.StartAsync(2, new CharonLabOptions
        {
            Log = output.WriteLine,
            CharonOptions = n => ShortRetransmits + "\n  " + charonOptions?.Invoke(n),
        });
        var (gw1, gw2) = (lab[1], lab[2]);
        gw1.WriteSwanctlConf([(responder ?? (c => c))(lab.S2S(gw1, gw2))], [responderSecret ?? lab.Secret]);
        gw2.WriteSwanctlConf([(initiator ?? (c => c))(lab.S2S(gw2, gw1))], [initiatorSecret ?? lab.Secret]);
        await gw1.LoadAllAsync();
        await gw2.LoadAllAsync();
        await using var c1 = await GatewayLogCapture.StartAsync(gw1);
        await using var c2 = await GatewayLogCapture.StartAsync(gw2);

        if (act is null)
        {
            await gw2.SwanctlAsync("--initiate", "--child", "net", "--ike", "s2s", "--timeout", "10");
        }
        else
        {
            await act(gw1, gw2, c1, c2);
        }

        await Task.Delay(300); // the responder's last lines
        var (initiatorLines, responderLines) = (c2.Lines, c1.Lines);
        c2.Record(name, "initiator");
        if (responderLines.Count > 0)
        {
            c1.Record(name, "responder");
        }

        var run = new Run(initiatorLines, responderLines,
            TunnelDiagnoser.Diagnose(Request(gw2, gw1, initiatorLines, responderLines)),
            TunnelDiagnoser.Diagnose(Request(gw1, gw2, responderLines, initiatorLines)),
            TunnelDiagnoser.Diagnose(Request(gw2, gw1, initiatorLines, null)),
            TunnelDiagnoser.Diagnose(Request(gw1, gw2, responderLines, null)));
        output.WriteLine($"---- {name}: initiator gw2\n{string.Join('\n', initiatorLines)}\n---- responder gw1\n{string.Join('\n', responderLines)}");
        output.WriteLine($"from the initiator: {run.FromInitiator}\nfrom the responder: {run.FromResponder}\n" +
            $"initiator alone: {run.InitiatorOnly}\nresponder alone: {run.ResponderOnly}");
        return run;
    }

    /// <summary>Both points of view name the cause, revealed by the responder's lines, with High confidence and
    /// evidence from the revealing side; the responder's lines alone give the same cause, less sure.</summary>
    private static void AssertCause(Run run, int causeId, DiagnosisRole role)
    {
        Assert.Equal((causeId, DiagnosisSide.Peer, role), (run.FromInitiator.CauseId, run.FromInitiator.RevealedBy, run.FromInitiator.Role));
        Assert.Equal(DiagnosisConfidence.High, run.FromInitiator.Confidence);
        Assert.NotEmpty(run.FromInitiator.EvidenceFrom(DiagnosisSide.Peer));
        Assert.Equal((causeId, DiagnosisSide.Local), (run.FromResponder.CauseId, run.FromResponder.RevealedBy));
        Assert.Equal(DiagnosisConfidence.High, run.FromResponder.Confidence);
        Assert.Equal(causeId, run.ResponderOnly.CauseId);
        Assert.True(run.ResponderOnly.Confidence <= DiagnosisConfidence.High);
        Assert.False(run.InitiatorOnly.IsNoFault, run.InitiatorOnly.ToString());
        Assert.True(run.InitiatorOnly.Confidence < DiagnosisConfidence.High, run.InitiatorOnly.ToString());
        // the failure also raises derived alerts (strongSwan 5.9.8 has no alert event)
        Assert.NotEmpty(LogAlertDeriver.DeriveAll(run.Initiator.Concat(run.Responder)));
    }
}
