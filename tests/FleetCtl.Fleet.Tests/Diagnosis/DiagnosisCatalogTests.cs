using FleetCtl.Fleet.Catalog;
using FleetCtl.Fleet.Diagnosis;
using FleetCtl.Vici.Events;

namespace FleetCtl.Fleet.Tests.Diagnosis;

public sealed class DiagnosisCatalogTests
{
    [Fact]
    public void Diagnosis_entries_are_in_their_block_and_every_cause_has_a_rule()
    {
        var entries = FleetCatalog.All.Where(e => e.Source == CatalogSource.Diagnosis).ToList();

        Assert.All(entries, e => Assert.InRange(e.Id, 3000, 3099));
        Assert.All(entries, e => Assert.StartsWith("diagnosis.", e.Key, StringComparison.Ordinal));
        var withRules = FleetCatalog.DiagnosisRules.Select(r => r.CatalogId).ToHashSet();
        Assert.All(entries.Where(e => e.Id is not (CatalogIds.DiagnosisNoFault or CatalogIds.DiagnosisUnknown)),
            e => Assert.Contains(e.Id, withRules));
    }

    [Fact]
    public void Every_rule_points_at_a_diagnosis_entry_and_has_a_unique_id()
    {
        Assert.All(FleetCatalog.DiagnosisRules, r => Assert.Equal(CatalogSource.Diagnosis, FleetCatalog.Get(r.CatalogId).Source));
        Assert.Equal(FleetCatalog.DiagnosisRules.Count, FleetCatalog.DiagnosisRules.Select(r => r.Id).Distinct().Count());
        Assert.All(FleetCatalog.DiagnosisRules, r => Assert.NotEmpty(r.Reveal));
        Assert.All(FleetCatalog.DiagnosisRules, r => Assert.NotEqual(DiagnosisRole.Any, r.RevealedBy));
    }

    [Fact]
    public void The_docs_render_the_diagnosis_section()
    {
        var md = CatalogMarkdown.Render();

        Assert.Contains("Tunnel diagnoses", md, StringComparison.Ordinal);
        Assert.Contains("| Key | `diagnosis.psk-mismatch` |", md, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("received proposals: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
        "configured proposals: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519", true)]
    [InlineData("received proposals: IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519",
        "configured proposals: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519", false)]
    [InlineData("received proposals: ESP:AES_CBC_128/HMAC_SHA2_256_128/CURVE_25519/NO_EXT_SEQ",
        "configured proposals: ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ", true)]
    [InlineData("received proposals: ESP:AES_CBC_256/HMAC_SHA2_256_128/NO_EXT_SEQ",
        "configured proposals: ESP:AES_CBC_128/HMAC_SHA2_256_128/CURVE_25519/NO_EXT_SEQ", false)]
    [InlineData("received proposals: IKE:AES_CBC_256/MODP_1024, IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_8192",
        "configured proposals: IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024", true)]
    public void Proposals_that_differ_only_in_the_key_exchange_are_told_apart(string received, string configured, bool onlyKe)
    {
        Assert.Equal(onlyKe, ProposalComparison.DiffersOnlyInKeyExchange(received, configured));
    }

    [Fact]
    public void Lines_are_made_from_log_and_control_log_events()
    {
        var msg = new Vici.ViciMessage().Set("group", "IKE").Set("level", "1").Set("thread", "7").Set("ikesa-name", "s2s")
            .Set("ikesa-uniqueid", "3").Set("msg", "received AUTHENTICATION_FAILED notify error");
        var at = DateTimeOffset.UnixEpoch.AddDays(1);

        var fromLog = GatewayLogLine.From(LogEvent.Parse(msg, at));
        var fromControl = GatewayLogLine.From(ControlLogEvent.Parse(msg, at));

        Assert.Equal(new GatewayLogLine(at, "IKE", 1, "s2s", 3, "received AUTHENTICATION_FAILED notify error", 7), fromLog);
        Assert.Equal(fromLog with { Thread = null }, fromControl);
        Assert.Equal("[IKE] <s2s|3> received AUTHENTICATION_FAILED notify error", fromLog.ToString());
    }
}
