using FleetCtl.Testing;
using FleetCtl.Fleet.Diagnosis;
using Microsoft.Playwright;

namespace FleetCtl.Web.Tests.Browser;

/// <summary>Diagnose in real Chromium: a simulated gateway logs an IKE proposal mismatch as charon 5.9.8 does on the
/// initiator, the operator diagnoses the connection on the gateway page and gets the verdict, the evidence and a retry link.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DiagnosisTests(DashboardServerFixture server)
{
    [ChromiumFact]
    public async Task Diagnose_on_a_connection_shows_the_verdict_the_evidence_and_a_retry_link_to_operations()
    {
        var gateway = server.Fleet.Gateways[0];
        var up = gateway.GetIkeSas().Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var connection = gateway.GetConnectionNames().FirstOrDefault(c => !up.Contains(c)) ?? gateway.GetConnectionNames()[0];

        // the initiator's side of a proposal mismatch (tests/FleetCtl.Fleet.Tests/Diagnosis/Recorded/ike-proposal-mismatch.initiator.jsonl)
        (string Group, int Level, string Message)[] lines =
        [
            ("IKE", 0, $"initiating IKE_SA {connection}[9001] to 203.0.113.77"),
            ("ENC", 1, "generating IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(HASH_ALG) N(REDIR_SUP) ]"),
            ("ENC", 1, "parsed IKE_SA_INIT response 0 [ N(NO_PROP) ]"),
            ("IKE", 1, "received NO_PROPOSAL_CHOSEN notify error"),
        ];
        foreach (var (group, level, message) in lines)
        {
            await gateway.WriteLogAsync(group, level, connection, message, 9001);
        }

        var now = DateTimeOffset.UtcNow;
        var expected = TunnelDiagnoser.Diagnose(new DiagnosisRequest(gateway.Name, connection, null,
            [.. lines.Select(l => new GatewayLogLine(now, l.Group, l.Level, connection, 9001, l.Message))]));
        Assert.False(expected.IsUnknown, expected.ToString());

        var page = await server.SignedInPageAsync("operator", height: 1000);
        await page.GotoAsync($"{server.Url}/gateways/{gateway.Name}");
        await BlazorCircuit.WaitAsync(page);
        await page.GetByTestId($"diagnose-{connection}").ClickAsync();

        var panel = page.GetByTestId("diag-panel");
        await Assertions.Expect(panel.GetByTestId("diag-title")).ToHaveTextAsync(expected.Title);
        await Assertions.Expect(panel.GetByTestId("diag-evidence-local")).ToContainTextAsync($"<{connection}|9001> received NO_PROPOSAL_CHOSEN notify error");
        await Assertions.Expect(panel.GetByTestId("diag-no-peer")).ToBeVisibleAsync(); // the simulated peers are not managed
        var retry = panel.GetByTestId("diag-retry");
        Assert.Equal($"operations?action=initiate&gateway={gateway.Name}&connection={Uri.EscapeDataString(connection)}", await retry.GetAttributeAsync("href"));

        await page.GetByTestId("diag-section").ScrollIntoViewIfNeededAsync();
        await page.EvaluateAsync("() => document.querySelector('[data-testid=\"diag-section\"]').scrollIntoView({ block: 'center' })");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardServerFixture.ScreenshotDirectory, "diagnosis.png") });

        // the diagnosis is in the URL: the link opens it again
        Assert.Contains($"diagnose={Uri.EscapeDataString(connection)}", page.Url, StringComparison.Ordinal);
        var shared = await page.Context.NewPageAsync();
        await shared.GotoAsync(page.Url);
        await Assertions.Expect(shared.GetByTestId("diag-title")).ToHaveTextAsync(expected.Title);
        await shared.CloseAsync();

        // the log section holds the same lines, newest first
        await Assertions.Expect(page.GetByTestId("log-lines")).ToContainTextAsync("received NO_PROPOSAL_CHOSEN notify error");

        await retry.ClickAsync();
        await page.WaitForURLAsync("**/operations?**");
        await Assertions.Expect(page.GetByTestId("ops-connection")).ToHaveValueAsync(connection);
        await Assertions.Expect(page.GetByTestId("ops-gateways")).ToHaveValueAsync(gateway.Name);
        await page.Context.CloseAsync();
    }
}
