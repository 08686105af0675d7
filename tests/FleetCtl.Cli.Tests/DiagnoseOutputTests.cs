using System.Text.Json;
using FleetCtl.Cli.Commands;
using FleetCtl.Fleet.Diagnosis;
using FleetCtl.Web.Api;

namespace FleetCtl.Cli.Tests;

/// <summary>The readable diagnosis, from the server's DTO of a real verdict (the demo fleet's tunnels rarely fail).</summary>
public sealed class DiagnoseOutputTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 14, 35, 54, TimeSpan.Zero);

    private static JsonElement Json(TunnelDiagnosis d) =>
        JsonSerializer.SerializeToElement(DiagnosisDto.From(d), new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private static TunnelDiagnosis PskMismatch(string? peer)
    {
        GatewayLogLine L(double ms, string message, string? ike = "s2s") => new(At.AddMilliseconds(ms), "IKE", 1, ike, 1, message);
        GatewayLogLine[] initiator =
        [
            L(1, "initiating IKE_SA s2s[1] to 10.99.0.1"),
            L(9, "authentication of 'gw2.lab' (myself) with pre-shared key"),
            L(12, "received AUTHENTICATION_FAILED notify error"),
        ];
        GatewayLogLine[] responder =
        [
            L(2, "10.99.0.2 is initiating an IKE_SA", "(unnamed)"),
            L(9.5, "selected peer config 's2s'"),
            L(10, "tried 1 shared key for '%any' - 'gw2.lab', but MAC mismatched"),
        ];
        var verdict = TunnelDiagnoser.Diagnose(new DiagnosisRequest("gw-1", "s2s", null, initiator, peer, peer is null ? null : responder));
        return new TunnelDiagnosis("gw-1", "s2s", null, peer, false, verdict, initiator.Length, peer is null ? 0 : responder.Length, At.AddSeconds(5));
    }

    [Fact]
    public void A_psk_mismatch_revealed_by_the_peer_reads_as_the_headline_then_the_catalog_then_evidence_per_gateway()
    {
        var text = DiagnoseCommand.Describe(Json(PskMismatch("gw-2")));
        var lines = text.Split('\n');

        Assert.Equal("gw-1 s2s: DOWN — Pre-shared key mismatch (high confidence, revealed by gw-2, the responder)", lines[0]);
        Assert.Contains("  cause: [3012] diagnosis.psk-mismatch, severity Error", lines);
        Assert.Contains("explanation:", lines);
        Assert.Contains("proposed action:", lines);
        var gw1 = Array.IndexOf(lines, "  gw-1 (this gateway):");
        var gw2 = Array.IndexOf(lines, "  gw-2 (the peer):");
        Assert.True(gw1 > 0 && gw2 > gw1, text);
        Assert.Contains("    14:35:54 [IKE] <s2s|1> tried 1 shared key for '%any' - 'gw2.lab', but MAC mismatched", lines);
        Assert.Contains("after the fix, retry: fleetctl initiate --gateway gw-1 --conn s2s", lines);
        Assert.DoesNotContain("peer not managed", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_managed_peer_it_says_so()
    {
        var text = DiagnoseCommand.Describe(Json(PskMismatch(null)));
        Assert.StartsWith("gw-1 s2s: DOWN — ", text, StringComparison.Ordinal);
        Assert.Contains("peer not managed by this controller", text, StringComparison.Ordinal);
        Assert.DoesNotContain("(the peer):", text, StringComparison.Ordinal);
    }
}
