using System.Net;
using System.Text.Json;
using FleetCtl.Fleet.Diagnosis;
using FleetCtl.Web.Auth;
using FleetCtl.Web.Tests.Components;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static FleetCtl.Web.Tests.ApiTestHelpers;

namespace FleetCtl.Web.Tests.Api;

/// <summary>The server with a small demo fleet and a fake <see cref="IFleetDiagnosis"/> whose verdicts the test knows.</summary>
public sealed class DiagnosisAppFixture : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset At = new(2026, 11, 24, 14, 35, 54, TimeSpan.Zero);

    private readonly string _data = Directory.CreateTempSubdirectory("fleetctl-web-diag-test-").FullName;

    public FakeFleetDiagnosis Diagnosis { get; } = new();

    public DiagnosisAppFixture()
    {
        Diagnosis.Put(FakeFleetDiagnosis.PskMismatch("gw-001", "gw-002", At));
        Diagnosis.Put(FakeFleetDiagnosis.PskMismatch("gw-003", null, At, "alone"));
        Diagnosis.PutLog("gw-001", Enumerable.Range(0, 10).Select(i =>
            new GatewayLogLine(At.AddSeconds(i), i % 2 == 0 ? "IKE" : "NET", 1, "s2s", 3, $"line {i}{(i == 7 ? " MAC mismatched" : "")}", 4)).ToArray());
    }

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        builder.UseSetting("Fleet:Persistence:SqlitePath", Path.Combine(_data, "fleetctl.db"));
        builder.UseSetting("Fleet:Demo:Gateways", "3");
        builder.UseSetting("Fleet:Demo:SasPerGateway", "2");
        TestCredentials.Apply(builder, Path.Combine(_data, "auth.json"));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IFleetDiagnosis>();
            services.AddSingleton<IFleetDiagnosis>(Diagnosis);
        });
    }

    public HttpClient CreateClient(string role) => CreateClient().As(role);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary><c>GET /api/v1/diagnose</c> and <c>GET /api/v1/gateways/{gateway}/log</c>: the shape, the refusals, who may read.</summary>
public sealed class DiagnosisApiTests(DiagnosisAppFixture app) : IClassFixture<DiagnosisAppFixture>
{
    [Fact]
    public async Task A_diagnosis_is_flat_camel_case_with_the_cause_the_revealing_side_and_both_sides_evidence()
    {
        using var viewer = app.CreateClient(FleetRoles.Viewer);
        var d = await viewer.GetJsonAsync<JsonElement>("/api/v1/diagnose?gateway=gw-001&connection=s2s&child=net");

        Assert.Equal("gw-001", d.GetProperty("gateway").GetString());
        Assert.Equal("s2s", d.GetProperty("connection").GetString());
        Assert.Equal("net", d.GetProperty("child").GetString());
        Assert.Equal("gw-002", d.GetProperty("peerGateway").GetString());
        Assert.False(d.GetProperty("up").GetBoolean());
        Assert.Equal(DiagnosisAppFixture.At.AddSeconds(5), d.GetProperty("at").GetDateTimeOffset());
        var cause = d.GetProperty("cause");
        Assert.Equal("diagnosis.psk-mismatch", cause.GetProperty("key").GetString());
        Assert.Equal(3012, cause.GetProperty("id").GetInt32());
        foreach (var field in (string[])["title", "severity", "explanation", "proposedAction"])
        {
            Assert.False(string.IsNullOrWhiteSpace(cause.GetProperty(field).GetString()), field);
        }

        Assert.False(string.IsNullOrEmpty(d.GetProperty("ruleId").GetString()));
        Assert.Equal("peer", d.GetProperty("revealedBy").GetString());
        Assert.Equal("gw-002", d.GetProperty("revealedByGateway").GetString());
        Assert.Equal("Responder", d.GetProperty("role").GetString());
        Assert.Equal("High", d.GetProperty("confidence").GetString());
        Assert.False(d.GetProperty("noFault").GetBoolean());
        Assert.False(d.GetProperty("unknown").GetBoolean());
        Assert.Equal(6, d.GetProperty("localLines").GetInt32());
        Assert.Equal(5, d.GetProperty("peerLines").GetInt32());

        var evidence = d.GetProperty("evidence").EnumerateArray().ToList();
        var mac = Assert.Single(evidence, e => e.GetProperty("message").GetString()!.Contains("MAC mismatched", StringComparison.Ordinal));
        Assert.Equal("peer", mac.GetProperty("side").GetString());
        Assert.Equal("gw-002", mac.GetProperty("gateway").GetString());
        Assert.Equal("IKE", mac.GetProperty("group").GetString());
        Assert.Equal("s2s", mac.GetProperty("ikeSa").GetString());
        Assert.Equal(1, mac.GetProperty("ikeSaId").GetInt64());
        Assert.Equal(1, mac.GetProperty("level").GetInt32());
        Assert.True(mac.TryGetProperty("time", out _));
        Assert.Contains(evidence, e => e.GetProperty("side").GetString() == "local" && e.GetProperty("gateway").GetString() == "gw-001");
        Assert.Equal(("gw-001", "s2s", "net"), app.Diagnosis.LastRequest);
    }

    [Fact]
    public async Task Without_a_managed_peer_the_peer_side_has_no_gateway()
    {
        using var viewer = app.CreateClient(FleetRoles.Viewer);
        var d = await viewer.GetJsonAsync<JsonElement>("/api/v1/diagnose?gateway=gw-003&connection=alone");
        Assert.Equal(JsonValueKind.Null, d.GetProperty("peerGateway").ValueKind);
        Assert.Equal(JsonValueKind.Null, d.GetProperty("child").ValueKind);
        Assert.Equal(0, d.GetProperty("peerLines").GetInt32());
        Assert.All(d.GetProperty("evidence").EnumerateArray(), e => Assert.Equal("local", e.GetProperty("side").GetString()));
    }

    [Theory]
    [InlineData("/api/v1/diagnose?connection=s2s", "gateway")]
    [InlineData("/api/v1/diagnose?gateway=%20&connection=s2s", "gateway")]
    [InlineData("/api/v1/diagnose?gateway=gw-001", "connection")]
    [InlineData("/api/v1/diagnose?gateway=gw-001&connection=", "connection")]
    [InlineData("/api/v1/gateways/gw-001/log?limit=0", "limit")]
    [InlineData("/api/v1/gateways/gw-001/log?limit=2001", "limit")]
    public async Task A_missing_parameter_is_a_400_that_names_it(string path, string parameter)
    {
        using var viewer = app.CreateClient(FleetRoles.Viewer);
        var detail = await viewer.GetProblemAsync(path, HttpStatusCode.BadRequest);
        Assert.StartsWith(parameter + ":", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_is_not_there_is_a_404_with_the_reason()
    {
        using var viewer = app.CreateClient(FleetRoles.Viewer);
        var detail = await viewer.GetProblemAsync("/api/v1/diagnose?gateway=gw-001&connection=nope", HttpStatusCode.NotFound);
        Assert.Equal("connection 'nope' is not loaded on gw-001", detail);
        Assert.Contains("no-such-gw", await viewer.GetProblemAsync("/api/v1/gateways/no-such-gw/log", HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_log_is_the_newest_lines_last_filtered_by_text()
    {
        using var viewer = app.CreateClient(FleetRoles.Viewer);
        var log = await viewer.GetJsonAsync<JsonElement>("/api/v1/gateways/gw-001/log?limit=3");
        Assert.Equal("gw-001", log.GetProperty("gateway").GetString());
        Assert.Equal(10, log.GetProperty("held").GetInt32());
        Assert.Equal(10, log.GetProperty("matching").GetInt32());
        Assert.Equal(["line 7 MAC mismatched", "line 8", "line 9"], log.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("message").GetString()));
        var line = log.GetProperty("lines")[1]; // line 8
        Assert.Equal("IKE", line.GetProperty("group").GetString());
        Assert.Equal("s2s", line.GetProperty("ikeSa").GetString());
        Assert.Equal(3, line.GetProperty("ikeSaId").GetInt64());
        Assert.Equal(4, line.GetProperty("thread").GetInt32());

        var found = await viewer.GetJsonAsync<JsonElement>("/api/v1/gateways/gw-001/log?search=mac%20MISMATCHED");
        Assert.Equal(1, found.GetProperty("matching").GetInt32());
        Assert.Equal("line 7 MAC mismatched", Assert.Single(found.GetProperty("lines").EnumerateArray()).GetProperty("message").GetString());
        var all = await viewer.GetJsonAsync<JsonElement>("/api/v1/gateways/gw-001/log");
        Assert.Equal(10, all.GetProperty("lines").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/v1/diagnose?gateway=gw-001&connection=s2s")]
    [InlineData("/api/v1/gateways/gw-001/log")]
    public async Task Without_a_token_it_is_401(string path)
    {
        using var anonymous = app.CreateClient();
        await anonymous.GetProblemAsync(path, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_openapi_document_lists_both_routes()
    {
        using var viewer = app.CreateClient(FleetRoles.Viewer);
        var paths = (await viewer.GetJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");
        Assert.Equal(["gateway", "connection", "child"],
            paths.GetProperty("/api/v1/diagnose").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.True(paths.TryGetProperty("/api/v1/gateways/{gateway}/log", out _));
    }
}

/// <summary>The real diagnosis over the demo fleet: a demo connection is diagnosed (whatever the verdict), an unknown one is 404.</summary>
[Collection(DemoFleetAppCollection.Name)]
public sealed class DemoFleetDiagnosisApiTests(DemoFleetAppFixture app)
{
    [Fact]
    public async Task A_demo_connection_is_diagnosed_and_an_unknown_one_names_what_is_loaded()
    {
        await app.WaitForFleetAsync();
        using var viewer = app.CreateClient(FleetRoles.Viewer);
        var sas = await viewer.GetJsonAsync<JsonElement>("/api/v1/gateways/gw-004/sas");
        var connection = sas.GetProperty("connections")[0].GetProperty("name").GetString()!;

        var d = await viewer.GetJsonAsync<JsonElement>($"/api/v1/diagnose?gateway=GW-004&connection={Uri.EscapeDataString(connection)}");
        Assert.Equal("gw-004", d.GetProperty("gateway").GetString());
        Assert.StartsWith("diagnosis.", d.GetProperty("cause").GetProperty("key").GetString(), StringComparison.Ordinal);

        var detail = await viewer.GetProblemAsync("/api/v1/diagnose?gateway=gw-004&connection=no-such-conn", HttpStatusCode.NotFound);
        Assert.Contains("no-such-conn", detail, StringComparison.Ordinal);
        Assert.Contains(connection, detail, StringComparison.Ordinal);
        await viewer.GetProblemAsync("/api/v1/diagnose?gateway=no-such-gw&connection=x", HttpStatusCode.NotFound);

        var log = await viewer.GetJsonAsync<JsonElement>("/api/v1/gateways/gw-004/log?limit=5");
        Assert.InRange(log.GetProperty("lines").GetArrayLength(), 0, 5);
    }
}
