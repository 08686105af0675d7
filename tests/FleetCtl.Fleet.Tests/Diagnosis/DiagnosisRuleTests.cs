using FleetCtl.Fleet.Catalog;
using FleetCtl.Fleet.Diagnosis;
using static FleetCtl.Fleet.Tests.Diagnosis.Recordings;

namespace FleetCtl.Fleet.Tests.Diagnosis;

/// <summary>Every diagnosis rule, one by one, on the lines it was written for: recorded from real charons where the lab
/// reproduces the case, the seed's quoted lines otherwise.</summary>
public sealed class DiagnosisRuleTests
{
    private sealed record Sample(IReadOnlyList<GatewayLogLine> Initiator, IReadOnlyList<GatewayLogLine>? Responder);

    private static Sample Both(string name) => new(Load(name, Initiator), Load(name, Responder));

    private static Sample InitiatorOnly(string name) => new(Load(name, Initiator), null);

    private static readonly Dictionary<string, Sample> s_samples = new(StringComparer.Ordinal)
    {
        ["ikev1-aggressive-psk-refused"] = Both("ikev1-aggressive-mismatch"),
        ["nat-identity-mismatch"] = Both("nat-identity-mismatch"),
        ["nat-identity-mismatch-idir"] = new([], Seed(SeedLogs.NatIdentityResponder)),
        ["psk-mismatch-ikev2"] = Both("psk-mismatch-ikev2"),
        ["psk-mismatch-ikev1-responder"] = Both("psk-mismatch-ikev1"),
        ["psk-mismatch-ikev1-initiator"] = InitiatorOnly("psk-mismatch-ikev1"),
        ["auth-method-mismatch"] = Both("auth-method-mismatch"),
        ["psk-missing"] = Both("psk-missing"),
        ["id-mismatch-ikev2"] = Both("id-mismatch"),
        ["id-mismatch-ikev1"] = Both("id-mismatch-ikev1"),
        ["ike-version-mismatch"] = Both("ike-version-mismatch"),
        ["no-ike-config"] = Both("no-ike-config"),
        ["dh-group-mismatch"] = Both("dh-group-mismatch"),
        ["ike-proposal-mismatch"] = Both("ike-proposal-mismatch"),
        ["pfs-mismatch"] = Both("pfs-mismatch"),
        ["esp-proposal-mismatch"] = Both("esp-proposal-mismatch"),
        ["ts-mismatch-ikev2"] = Both("ts-mismatch"),
        ["ts-mismatch-ikev1"] = Both("ts-mismatch-ikev1"),
        ["peer-not-answering"] = InitiatorOnly("peer-not-answering"),
        ["peer-rejected-auth"] = InitiatorOnly("psk-mismatch-ikev2"),
        ["peer-rejected-ike-proposal"] = InitiatorOnly("ike-proposal-mismatch"),
        ["peer-rejected-child"] = InitiatorOnly("ts-mismatch"),
    };

    public static TheoryData<string> RuleIds => new(FleetCatalog.DiagnosisRules.Select(r => r.Id));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Each_rule_recognises_its_sample_and_wins_the_diagnosis(string ruleId)
    {
        var rule = FleetCatalog.DiagnosisRules.Single(r => r.Id == ruleId);
        Assert.True(s_samples.TryGetValue(ruleId, out var sample), $"rule {ruleId} has no sample");
        Assert.NotEmpty(rule.RevealedBy == DiagnosisRole.Initiator ? sample.Initiator : sample.Responder!);

        var (revealing, other) = rule.RevealedBy == DiagnosisRole.Initiator ? (sample.Initiator, sample.Responder) : (sample.Responder!, sample.Initiator);
        var alone = TunnelDiagnoser.Match(rule, DiagnosisSide.Local, revealing, other);
        Assert.NotNull(alone);
        Assert.Equal(rule.CatalogId, alone.CauseId);
        Assert.NotEmpty(alone.EvidenceFrom(DiagnosisSide.Local));

        var verdict = TunnelDiagnoser.Diagnose(sample.Initiator, sample.Responder, "s2s", "net", FleetCatalog.DiagnosisRules);
        Assert.Equal(ruleId, verdict.RuleId);
        Assert.Equal(rule.RevealedBy == DiagnosisRole.Initiator ? DiagnosisSide.Local : DiagnosisSide.Peer, verdict.RevealedBy);
        Assert.Equal(rule.RevealedBy, verdict.Role);
    }

    [Fact]
    public void Every_sample_belongs_to_a_rule()
    {
        Assert.Empty(s_samples.Keys.Except(FleetCatalog.DiagnosisRules.Select(r => r.Id)));
    }

    [Theory]
    [InlineData(nameof(SeedLogs.AggressiveInitiator), nameof(SeedLogs.AggressiveResponder), CatalogIds.DiagnosisIkev1ModeMismatch)]
    [InlineData(nameof(SeedLogs.IdMismatchInitiator), nameof(SeedLogs.IdMismatchResponder), CatalogIds.DiagnosisIdMismatch)]
    [InlineData(nameof(SeedLogs.PskV1Initiator), nameof(SeedLogs.PskV1Responder), CatalogIds.DiagnosisPskMismatch)]
    [InlineData(nameof(SeedLogs.NoPropInitiator), nameof(SeedLogs.IkeEncryptionResponder), CatalogIds.DiagnosisIkeProposalMismatch)]
    [InlineData(nameof(SeedLogs.NoPropInitiator), nameof(SeedLogs.IkeHashResponder), CatalogIds.DiagnosisIkeProposalMismatch)]
    [InlineData(nameof(SeedLogs.NoPropInitiator), nameof(SeedLogs.DhResponder), CatalogIds.DiagnosisDhGroupMismatch)]
    [InlineData(nameof(SeedLogs.EspInitiator), nameof(SeedLogs.EspResponder), CatalogIds.DiagnosisEspProposalMismatch)]
    [InlineData(nameof(SeedLogs.EspInitiator), nameof(SeedLogs.PfsResponder), CatalogIds.DiagnosisPfsMismatch)]
    [InlineData(nameof(SeedLogs.TsMismatchInitiator), nameof(SeedLogs.TsMismatchResponder), CatalogIds.DiagnosisTsMismatch)]
    public void Every_failure_of_the_seed_gets_its_cause_with_high_confidence(string initiator, string responder, int causeId)
    {
        var verdict = TunnelDiagnoser.Diagnose(Seed(SeedText(initiator)), Seed(SeedText(responder)), "con2", null, FleetCatalog.DiagnosisRules);

        Assert.Equal(causeId, verdict.CauseId);
        Assert.Equal(DiagnosisConfidence.High, verdict.Confidence);
        Assert.Equal(DiagnosisSide.Peer, verdict.RevealedBy);
    }

    [Fact]
    public void The_seed_nat_identity_case_is_recognised_from_the_responder_alone()
    {
        var verdict = TunnelDiagnoser.Diagnose(Seed(SeedLogs.NatIdentityResponder), null, "con1", null, FleetCatalog.DiagnosisRules);

        Assert.Equal(CatalogIds.DiagnosisNatIdentityMismatch, verdict.CauseId);
        Assert.Equal(DiagnosisConfidence.Medium, verdict.Confidence);
        Assert.Contains("192.0.2.10", verdict.Detail, StringComparison.Ordinal);
    }

    private static string SeedText(string name) =>
        (string)typeof(SeedLogs).GetField(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)!.GetValue(null)!;
}
