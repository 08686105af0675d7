using Bunit;
using FleetCtl.Fleet.Diagnosis;
using FleetCtl.Web.Components.GatewayDetail;

namespace FleetCtl.Web.Tests.Components;

/// <summary>The diagnosis panel of the gateway page, over verdicts of the real diagnoser and catalog.</summary>
public sealed class DiagnosisPanelTests : DashboardContext
{
    private IRenderedComponent<DiagnosisPanel> Show(TunnelDiagnosis d) => Render<DiagnosisPanel>(p => p.Add(x => x.Diagnosis, d));

    private static string Text(IRenderedComponent<DiagnosisPanel> panel, string testId) => panel.Find($"[data-testid='{testId}']").TextContent;

    [Fact]
    public void A_psk_mismatch_shows_the_verdict_the_revealing_peer_and_both_sides_evidence()
    {
        var d = FakeFleetDiagnosis.PskMismatch("fra-hub-1", "lon-branch-1", T0) with { Child = "net" };

        var panel = Show(d);

        Assert.Equal(d.Verdict.Title, Text(panel, "diag-title"));
        Assert.Equal(d.Verdict.Severity.ToString(), Text(panel, "diag-severity"));
        Assert.Equal("High confidence", Text(panel, "diag-confidence"));
        Assert.Equal("DOWN", Text(panel, "diag-up"));
        Assert.Contains("lon-branch-1 (the peer), the responder", Text(panel, "diag-revealed"), StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("[data-testid='diag-no-peer']"));
        Assert.False(string.IsNullOrWhiteSpace(Text(panel, "diag-explanation")));
        Assert.False(string.IsNullOrWhiteSpace(Text(panel, "diag-action")));

        var local = panel.Find("[data-testid='diag-evidence-local']");
        var peer = panel.Find("[data-testid='diag-evidence-peer']");
        Assert.Contains("fra-hub-1", local.TextContent, StringComparison.Ordinal);
        Assert.Contains("lon-branch-1", peer.TextContent, StringComparison.Ordinal);
        Assert.Contains("[IKE] <s2s|1> tried 1 shared key for '%any' - 'gw2.lab', but MAC mismatched", peer.TextContent, StringComparison.Ordinal);
        Assert.Contains("12:00:00.010", peer.TextContent, StringComparison.Ordinal);

        Assert.Equal("operations?action=initiate&gateway=fra-hub-1&connection=s2s&child=net", panel.Find("[data-testid='diag-retry']").GetAttribute("href"));
    }

    [Fact]
    public void Without_a_managed_peer_it_says_the_confidence_is_lower_and_the_retry_has_no_child()
    {
        var d = FakeFleetDiagnosis.PskMismatch("fra-hub-1", null, T0);

        var panel = Show(d);

        Assert.Contains("Peer not managed", Text(panel, "diag-no-peer"), StringComparison.Ordinal);
        Assert.NotEqual(DiagnosisConfidence.High, d.Verdict.Confidence);
        Assert.Contains("not managed", Text(panel, "diag-evidence-peer"), StringComparison.Ordinal);
        Assert.NotEmpty(panel.Find("[data-testid='diag-evidence-local']").QuerySelectorAll("[data-testid='diag-evidence-line']"));
        Assert.Equal("operations?action=initiate&gateway=fra-hub-1&connection=s2s", panel.Find("[data-testid='diag-retry']").GetAttribute("href"));
    }
}
