using System.Net;
using System.Text;
using FleetCtl.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FleetCtl.Web.Tests;

/// <summary>What the API answers to requests it cannot take: always problem+json with the reason, never an empty body or
/// the dashboard's HTML; and who may call what.</summary>
[Collection(DemoFleetAppCollection.Name)]
public sealed class ApiErrorTests(DemoFleetAppFixture app)
{
    public static readonly TheoryData<string> ReadEndpoints = new()
    {
        "/api/v1/gateways", "/api/v1/gateways/gw-001", "/api/v1/gateways/gw-001/sas", "/api/v1/history", "/api/v1/history?format=csv",
        "/api/v1/catalog", "/api/v1/catalog/1000", "/openapi/v1.json",
    };

    [Theory]
    [MemberData(nameof(ReadEndpoints))]
    public async Task Every_endpoint_is_401_without_a_token_or_with_a_wrong_one_and_200_for_a_viewer(string path)
    {
        using var anonymous = app.CreateClient();
        Assert.Contains("fleetctl login", await anonymous.GetProblemAsync(path, HttpStatusCode.Unauthorized), StringComparison.Ordinal);

        using var wrong = app.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", "fct_never-issued-0123456789abcdefghij");
        Assert.Contains("refused", await wrong.GetProblemAsync(path, HttpStatusCode.Unauthorized), StringComparison.Ordinal);

        await app.WaitForFleetAsync();
        using var viewer = app.CreateClient(FleetRoles.Viewer);
        using var ok = await viewer.GetAsync(ApiTestHelpers.Url(path));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public void Every_api_endpoint_names_a_role_policy_and_only_the_token_login_and_the_unknown_route_answer_anonymously()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/", StringComparison.Ordinal) || raw.StartsWith("/openapi/", StringComparison.Ordinal)))
            .ToList();
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/v1/history");

        string[] policies = [FleetPolicies.Viewer, FleetPolicies.Operator, FleetPolicies.Admin];
        foreach (var endpoint in endpoints)
        {
            var raw = endpoint.RoutePattern.RawText!;
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                Assert.True(raw is "/api/v1/auth/token" or "/api/{**path}" || raw.StartsWith("/api/docs", StringComparison.Ordinal), $"{raw} is anonymous");
                continue;
            }

            var named = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            Assert.True(named.Any(p => policies.Contains(p)), $"{raw} names no role policy");
        }
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_400_saying_where_it_breaks()
    {
        using var client = app.CreateClient();
        using var response = await client.PostAsync(ApiTestHelpers.Url("/api/v1/auth/token"), new StringContent("{not json", Encoding.UTF8, "application/json"));
        var detail = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.StartsWith("the request body is not the JSON this endpoint takes: ", detail, StringComparison.Ordinal);
        Assert.Contains("Path: $", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_is_400_naming_the_field()
    {
        using var admin = app.CreateClient(FleetRoles.Admin);
        using var response = await admin.PostAsync(ApiTestHelpers.Url("/api/v1/auth/token"),
            new StringContent("""{"user": 5, "password": "x"}""", Encoding.UTF8, "application/json"));
        Assert.Contains("Path: $.user", await response.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);

        using var days = await admin.PostAsync(ApiTestHelpers.Url("/api/v1/tokens"),
            new StringContent("""{"name": "n", "days": "soon"}""", Encoding.UTF8, "application/json"));
        Assert.Contains("Path: $.days", await days.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_declared_json_is_415()
    {
        using var client = app.CreateClient();
        using var response = await client.PostAsync(ApiTestHelpers.Url("/api/v1/auth/token"), new StringContent("user=x", Encoding.UTF8, "text/plain"));
        Assert.Contains("Content-Type: application/json", await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_method_is_405_with_the_allowed_ones()
    {
        using var client = app.CreateClient(FleetRoles.Viewer);
        using var response = await client.DeleteAsync(ApiTestHelpers.Url("/api/v1/gateways/gw-001"));
        Assert.Equal("/api/v1/gateways/gw-001 does not take DELETE; it takes GET", await response.ProblemAsync(HttpStatusCode.MethodNotAllowed));
        Assert.Equal(["GET"], response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("/api/v1/nope")]
    [InlineData("/api/v1/gateways/gw-001/sas/extra")]
    [InlineData("/api/v2/gateways")]
    [InlineData("/api")]
    public async Task An_unknown_api_route_is_404_problem_json_not_the_dashboard(string path)
    {
        using var viewer = app.CreateClient(FleetRoles.Viewer);
        var detail = await viewer.GetProblemAsync(path, HttpStatusCode.NotFound);
        Assert.StartsWith($"no API endpoint GET {path};", detail, StringComparison.Ordinal);
        Assert.Contains("/openapi/v1.json", detail, StringComparison.Ordinal);

        using var anonymous = app.CreateClient();
        await anonymous.GetProblemAsync(path, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_viewer_is_403_on_admin_endpoints_naming_the_role()
    {
        using var viewer = app.CreateClient(FleetRoles.Viewer);
        Assert.Contains("needs 'admin'", await viewer.GetProblemAsync("/api/v1/users", HttpStatusCode.Forbidden), StringComparison.Ordinal);
    }
}
