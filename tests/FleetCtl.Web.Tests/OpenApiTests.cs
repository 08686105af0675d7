using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FleetCtl.Web.Auth;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FleetCtl.Web.Tests;

/// <summary>The OpenAPI document and the interactive reference page, and who may see them.</summary>
[Collection(DemoFleetAppCollection.Name)]
public sealed partial class OpenApiTests(DemoFleetAppFixture app)
{
    [Fact]
    public async Task The_document_describes_every_api_endpoint_and_the_bearer_scheme()
    {
        using var client = app.CreateClient(FleetRoles.Viewer);
        var doc = JsonDocument.Parse(await client.GetStringAsync(ApiTestHelpers.Url("/openapi/v1.json"))).RootElement;

        Assert.StartsWith("3.", doc.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in (string[])["/api/v1/gateways", "/api/v1/gateways/{name}", "/api/v1/gateways/{name}/sas", "/api/v1/history",
                     "/api/v1/catalog", "/api/v1/catalog/{idOrKey}", "/api/v1/auth/token", "/api/v1/auth/me"])
        {
            Assert.Contains(path, paths);
        }

        Assert.All(paths, p => Assert.StartsWith("/api/v1/", p, StringComparison.Ordinal)); // no pages, /healthz or /metrics

        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.True(doc.GetProperty("security")[0].TryGetProperty("bearer", out _));
        // the token login needs no token
        Assert.Equal(0, doc.GetProperty("paths").GetProperty("/api/v1/auth/token").GetProperty("post").GetProperty("security").GetArrayLength());

        var list = doc.GetProperty("paths").GetProperty("/api/v1/gateways").GetProperty("get");
        Assert.Equal("List gateways, with paging, filters and sorting", list.GetProperty("summary").GetString());
        Assert.Equal(["gateways"], list.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["offset", "limit", "state", "tag", "q", "sort"], list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var responses = list.GetProperty("responses");
        Assert.Equal("#/components/schemas/PageOfGatewaySummary",
            responses.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        foreach (var status in (string[])["400", "401", "403"])
        {
            Assert.True(responses.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), status);
        }

        var history = doc.GetProperty("paths").GetProperty("/api/v1/history").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(history.TryGetProperty("application/json", out _));
        Assert.True(history.TryGetProperty("text/csv", out _));
        Assert.True(doc.GetProperty("paths").GetProperty("/api/v1/gateways/{name}").GetProperty("get").GetProperty("responses").TryGetProperty("404", out _));
        Assert.True(doc.GetProperty("components").GetProperty("schemas").TryGetProperty("GatewaySas", out _));
    }

    [Fact]
    public async Task The_document_needs_a_token_or_a_session()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(ApiTestHelpers.Url("/openapi/v1.json"));
        Assert.Contains("fleetctl login", await response.ProblemAsync(HttpStatusCode.Unauthorized), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reference_page_sends_browsers_without_a_session_to_the_login_form()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var page = await client.GetAsync(ApiTestHelpers.Url("/api/docs/"));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login", page.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=%2Fapi%2Fdocs", page.Headers.Location.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_signing_in_the_reference_page_and_its_document_load_with_the_session_cookie()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await client.GetStringAsync(ApiTestHelpers.Url("/login"));
        var antiforgery = AntiforgeryField().Match(form).Groups[1].Value;
        using var login = await client.PostAsync(ApiTestHelpers.Url("/account/login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user"] = TestCredentials.UserByRole[FleetRoles.Viewer], ["password"] = TestCredentials.Password,
            ["returnUrl"] = "/api/docs/", ["__RequestVerificationToken"] = antiforgery,
        }));
        Assert.Equal("/api/docs/", login.Headers.Location!.OriginalString);

        using var page = await client.GetAsync(ApiTestHelpers.Url("/api/docs/"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<title>FleetCtl API</title>", html, StringComparison.Ordinal);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.DoesNotContain("fonts.scalar.com", html, StringComparison.Ordinal);

        using var script = await client.GetAsync(ApiTestHelpers.Url("/api/docs/scalar.js"));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        using var document = await client.GetAsync(ApiTestHelpers.Url("/openapi/v1.json"));
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        // and a try-out request from the page goes through with the same cookie
        using var gateways = await client.GetAsync(ApiTestHelpers.Url("/api/v1/gateways?limit=1"));
        Assert.Equal(HttpStatusCode.OK, gateways.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
