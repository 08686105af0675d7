using FleetCtl.Fleet.Catalog;
using FleetCtl.Fleet.Diagnosis;

namespace FleetCtl.Fleet.Tests.Diagnosis;

/// <summary>The fleet's diagnosis lets the gateway's own state outrank old log lines.</summary>
public sealed class FleetDiagnosisTests
{
    [Fact]
    public void A_tunnel_that_is_up_now_has_no_fault_and_an_earlier_cause_is_named_in_the_detail()
    {
        var failed = TunnelDiagnoser.Diagnose(Recordings.FromInitiator("psk-mismatch-ikev2"));
        Assert.Equal(CatalogIds.DiagnosisPskMismatch, failed.CauseId);

        Assert.Same(failed, FleetDiagnosis.Now(up: false, failed)); // down: the lines speak
        var healed = FleetDiagnosis.Now(up: true, failed);
        Assert.True(healed.IsNoFault);
        Assert.Equal(DiagnosisConfidence.High, healed.Confidence);
        Assert.Contains("earlier: " + failed.Title, healed.Detail, StringComparison.Ordinal);
        Assert.Equal(failed.Evidence, healed.Evidence);

        var unknown = TunnelDiagnoser.Diagnose(new DiagnosisRequest("gw1", "s2s", null, []));
        Assert.True(unknown.IsUnknown);
        var up = FleetDiagnosis.Now(up: true, unknown);
        Assert.True(up.IsNoFault);
        Assert.Contains("no failure in the lines held", up.Detail, StringComparison.Ordinal);
    }
}

/// <summary>A failed initiate's answer quotes the control-log lines that name the failure (charon's errmsg alone does not say why).</summary>
public sealed class InitiateReasonTests
{
    [Fact]
    public void The_failure_lines_of_the_real_control_log_follow_the_errmsg_and_healthy_lines_do_not()
    {
        var lines = Recordings.Load("ike-proposal-mismatch", Recordings.Initiator)
            .Select(l => FleetCtl.Vici.Events.ControlLogEvent.Parse(new FleetCtl.Vici.ViciMessage().Set("group", l.Group).Set("level", l.Level).Set("msg", l.Message)))
            .ToList();
        var answer = Gateways.ViciGatewaySession.WithReason("establishing CHILD_SA 'net' failed", lines);
        Assert.StartsWith("establishing CHILD_SA 'net' failed (", answer, StringComparison.Ordinal);
        Assert.Contains("received NO_PROPOSAL_CHOSEN notify error", answer, StringComparison.Ordinal);

        var healthy = Recordings.Load("healthy", Recordings.Initiator)
            .Select(l => FleetCtl.Vici.Events.ControlLogEvent.Parse(new FleetCtl.Vici.ViciMessage().Set("group", l.Group).Set("level", l.Level).Set("msg", l.Message)))
            .ToList();
        Assert.Equal("initiate refused", Gateways.ViciGatewaySession.WithReason("initiate refused", healthy));
    }
}
