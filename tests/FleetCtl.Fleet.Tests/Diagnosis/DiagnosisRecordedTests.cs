using FleetCtl.Fleet.Catalog;
using FleetCtl.Fleet.Diagnosis;
using static FleetCtl.Fleet.Tests.Diagnosis.Recordings;

namespace FleetCtl.Fleet.Tests.Diagnosis;

/// <summary>The engine on whole recordings of real charons (both peers), from either side, and with one side missing.</summary>
public sealed class DiagnosisRecordedTests
{
    public static TheoryData<string, int> TwoSidedCases => new()
    {
        { "psk-mismatch-ikev2", CatalogIds.DiagnosisPskMismatch },
        { "psk-mismatch-ikev1", CatalogIds.DiagnosisPskMismatch },
        { "ikev1-aggressive-mismatch", CatalogIds.DiagnosisIkev1ModeMismatch },
        { "id-mismatch", CatalogIds.DiagnosisIdMismatch },
        { "auth-method-mismatch", CatalogIds.DiagnosisAuthMethodMismatch },
        { "psk-missing", CatalogIds.DiagnosisPskMissing },
        { "ike-proposal-mismatch", CatalogIds.DiagnosisIkeProposalMismatch },
        { "dh-group-mismatch", CatalogIds.DiagnosisDhGroupMismatch },
        { "no-ike-config", CatalogIds.DiagnosisNoIkeConfig },
        { "ike-version-mismatch", CatalogIds.DiagnosisIkeVersionMismatch },
        { "esp-proposal-mismatch", CatalogIds.DiagnosisEspProposalMismatch },
        { "ts-mismatch", CatalogIds.DiagnosisTsMismatch },
        { "pfs-mismatch", CatalogIds.DiagnosisPfsMismatch },
        { "nat-identity-mismatch", CatalogIds.DiagnosisNatIdentityMismatch },
        { "id-mismatch-ikev1", CatalogIds.DiagnosisIdMismatch },
        { "ts-mismatch-ikev1", CatalogIds.DiagnosisTsMismatch },
        { "pfs-mismatch-ikev1", CatalogIds.DiagnosisPfsMismatch },
        { "ike-version-mismatch-v2-initiator", CatalogIds.DiagnosisNoIkeConfig },
    };

    [Theory]
    [MemberData(nameof(TwoSidedCases))]
    public void Both_sides_give_the_cause_with_high_confidence_from_either_point_of_view(string name, int causeId)
    {
        var fromInitiator = TunnelDiagnoser.Diagnose(FromInitiator(name));
        var fromResponder = TunnelDiagnoser.Diagnose(FromResponder(name));

        Assert.Equal((causeId, DiagnosisConfidence.High, DiagnosisSide.Peer), (fromInitiator.CauseId, fromInitiator.Confidence, fromInitiator.RevealedBy));
        Assert.Equal((causeId, DiagnosisConfidence.High, DiagnosisSide.Local), (fromResponder.CauseId, fromResponder.Confidence, fromResponder.RevealedBy));
        Assert.Equal(DiagnosisRole.Responder, fromInitiator.Role);
        Assert.NotEmpty(fromInitiator.EvidenceFrom(DiagnosisSide.Peer));
        Assert.NotEmpty(fromInitiator.EvidenceFrom(DiagnosisSide.Local));
        Assert.Equal(FleetCatalog.Get(causeId).ProposedAction, fromInitiator.ProposedAction);
    }

    [Theory]
    [MemberData(nameof(TwoSidedCases))]
    public void The_responder_alone_gives_the_same_cause_with_lower_confidence(string name, int causeId)
    {
        var verdict = TunnelDiagnoser.Diagnose(FromResponder(name, withPeer: false));

        Assert.Equal(causeId, verdict.CauseId);
        Assert.Equal(DiagnosisConfidence.Medium, verdict.Confidence);
        Assert.Empty(verdict.EvidenceFrom(DiagnosisSide.Peer));
    }

    [Theory]
    [MemberData(nameof(TwoSidedCases))]
    public void The_initiator_alone_gives_a_best_effort_verdict_with_lower_confidence(string name, int causeId)
    {
        var verdict = TunnelDiagnoser.Diagnose(FromInitiator(name, withPeer: false));

        Assert.True(verdict.Confidence < DiagnosisConfidence.High, verdict.ToString());
        Assert.False(verdict.IsNoFault, verdict.ToString());
        // either the cause itself (IKEv1 PSK: the initiator fails to decrypt too) or the notify it received
        Assert.True(verdict.CauseId == causeId || verdict.CauseId is CatalogIds.DiagnosisPeerRejectedAuth
            or CatalogIds.DiagnosisPeerRejectedIkeProposal or CatalogIds.DiagnosisPeerRejectedChild, verdict.ToString());
    }

    [Fact]
    public void The_healthy_recording_is_no_fault_from_both_sides()
    {
        var fromInitiator = TunnelDiagnoser.Diagnose(FromInitiator("healthy"));
        var fromResponder = TunnelDiagnoser.Diagnose(FromResponder("healthy"));
        var alone = TunnelDiagnoser.Diagnose(FromInitiator("healthy", withPeer: false));

        Assert.True(fromInitiator.IsNoFault, fromInitiator.ToString());
        Assert.True(fromResponder.IsNoFault, fromResponder.ToString());
        Assert.Equal(DiagnosisConfidence.High, fromInitiator.Confidence);
        Assert.True(alone.IsNoFault);
        Assert.Equal(DiagnosisConfidence.Medium, alone.Confidence);
        Assert.Contains(fromInitiator.EvidenceFrom(DiagnosisSide.Local), l => l.Message.StartsWith("CHILD_SA net{", StringComparison.Ordinal));
    }

    [Fact]
    public void Pfs_mismatch_is_no_fault_until_the_rekey()
    {
        var initiator = Load("pfs-mismatch", Initiator);
        var responder = Load("pfs-mismatch", Responder);
        var rekey = initiator.First(l => l.Message == "vici rekey CHILD_SA 'net'").Time;
        var beforeRekey = new DiagnosisRequest("gw2", "s2s", "net", [.. initiator.Where(l => l.Time < rekey)], "gw1",
            [.. responder.Where(l => l.Time < rekey)]) { KnownAddresses = [ResponderAddress] };

        Assert.True(TunnelDiagnoser.Diagnose(beforeRekey).IsNoFault);
        Assert.Equal(CatalogIds.DiagnosisPfsMismatch, TunnelDiagnoser.Diagnose(FromInitiator("pfs-mismatch")).CauseId);
    }

    [Fact]
    public void The_peer_not_answering_needs_no_peer_lines()
    {
        var verdict = TunnelDiagnoser.Diagnose(FromInitiator("peer-not-answering"));

        Assert.Equal(CatalogIds.DiagnosisPeerNotAnswering, verdict.CauseId);
        Assert.Equal((DiagnosisSide.Local, DiagnosisRole.Initiator, DiagnosisConfidence.High), (verdict.RevealedBy, verdict.Role, verdict.Confidence));
        Assert.Contains("giving up after 2 retransmits", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Unrelated_noise_gives_unknown_with_the_relevant_lines()
    {
        // the healthy exchange without its outcome, plus a retransmit of another exchange: nothing to blame, nothing up
        var noise = Load("healthy", Initiator).Where(l => !l.Message.Contains("established", StringComparison.Ordinal))
            .Append(new GatewayLogLine(DateTimeOffset.UnixEpoch, "IKE", 1, "s2s", 1, "retransmit 1 of request with message ID 7"))
            .ToList();
        var verdict = TunnelDiagnoser.Diagnose(new DiagnosisRequest("gw2", "s2s", "net", noise) { KnownAddresses = [ResponderAddress] });

        Assert.True(verdict.IsUnknown, verdict.ToString());
        Assert.Null(verdict.RuleId);
        Assert.Contains(verdict.Evidence, e => e.Line.Message.StartsWith("retransmit 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Another_connection_s_lines_are_not_this_tunnel_s()
    {
        var verdict = TunnelDiagnoser.Diagnose(new DiagnosisRequest("gw2", "other", null, Load("psk-mismatch-ikev2", Initiator), "gw1",
            Load("psk-mismatch-ikev2", Responder)));

        Assert.True(verdict.IsUnknown, verdict.ToString());
    }

    [Fact]
    public void A_ring_with_another_tunnel_s_healthy_lines_still_gives_this_tunnel_s_cause()
    {
        var other = Load("healthy", Initiator).Select(l => l with
        {
            IkeSaName = l.IkeSaName is null ? null : "branch",
            IkeSaUniqueId = l.IkeSaUniqueId + 100,
            Message = l.Message.Replace("s2s", "branch", StringComparison.Ordinal).Replace("'net'", "'lan'", StringComparison.Ordinal)
                .Replace("net{", "lan{", StringComparison.Ordinal),
        });
        var ring = Load("psk-mismatch-ikev2", Initiator).Concat(other).OrderBy(l => l.Time).ToList();
        var verdict = TunnelDiagnoser.Diagnose(new DiagnosisRequest("gw2", "s2s", "net", ring, "gw1", Load("psk-mismatch-ikev2", Responder))
        {
            KnownAddresses = [ResponderAddress],
        });

        Assert.Equal(CatalogIds.DiagnosisPskMismatch, verdict.CauseId);
        Assert.DoesNotContain(verdict.Evidence, e => e.Line.IkeSaName == "branch");
    }

    [Fact]
    public void Peer_lines_outside_the_time_window_are_not_correlated()
    {
        var responder = Load("psk-mismatch-ikev2", Responder).Select(l => l with { Time = l.Time.AddHours(-1) }).ToList();
        var verdict = TunnelDiagnoser.Diagnose(new DiagnosisRequest("gw2", "s2s", "net", Load("psk-mismatch-ikev2", Initiator), "gw1", responder)
        {
            KnownAddresses = [ResponderAddress],
        });

        Assert.Equal(CatalogIds.DiagnosisPeerRejectedAuth, verdict.CauseId);
        Assert.Equal(DiagnosisConfidence.Low, verdict.Confidence);
    }
}
