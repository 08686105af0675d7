using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FleetCtl.Web.Auth;

namespace FleetCtl.Web.Tests;

/// <summary>Who may call the API, and what they are told when they may not: through the real server pipeline.</summary>
[Collection(DemoFleetAppCollection.Name)]
public sealed class AuthApiTests(DemoFleetAppFixture app)
{
    [Fact]
    public async Task Without_a_token_the_api_answers_401_problem_json_that_says_how_to_get_one()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri("/api/v1/gateways", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var problem = await ProblemAsync(response);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Contains("fleetctl login", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fct_this-token-was-never-issued-by-anyone")]
    [InlineData("not-even-our-format")]
    public async Task A_wrong_token_gets_401_naming_the_problem(string token)
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var response = await client.GetAsync(new Uri("/api/v1/gateways", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var detail = (await ProblemAsync(response)).GetProperty("detail").GetString()!;
        Assert.Contains("refused", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(token, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_reads_but_gets_403_naming_the_role_needed_for_admin_endpoints()
    {
        using var client = app.CreateClient(FleetRoles.Viewer);
        using var gateways = await client.GetAsync(new Uri("/api/v1/gateways", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, gateways.StatusCode);

        using var users = await client.GetAsync(new Uri("/api/v1/users", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);
        Assert.Equal("application/problem+json", users.Content.Headers.ContentType?.MediaType);
        Assert.Contains("needs 'admin'", (await ProblemAsync(users)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var admin = app.CreateClient(FleetRoles.Admin);
        var list = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/users", UriKind.Relative));
        Assert.Contains(list.EnumerateArray(), u => u.GetProperty("name").GetString() == "victor" && u.GetProperty("role").GetString() == "viewer");
        Assert.DoesNotContain("pbkdf2", list.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_buys_a_token_that_works_until_it_is_revoked()
    {
        using var anonymous = app.CreateClient();
        using var login = await anonymous.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative),
            new { user = "oscar", password = TestCredentials.Password, name = "revoke-me" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var created = await login.Content.ReadFromJsonAsync<JsonElement>();
        var token = created.GetProperty("token").GetString()!;
        var id = created.GetProperty("info").GetProperty("id").GetString()!;
        Assert.StartsWith("fct_", token, StringComparison.Ordinal);
        Assert.Equal("operator", created.GetProperty("info").GetProperty("role").GetString());

        using var withToken = app.CreateClient();
        withToken.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var me = await withToken.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/auth/me", UriKind.Relative));
        Assert.Equal("oscar", me.GetProperty("user").GetString());
        Assert.Equal("token", me.GetProperty("method").GetString());

        // the listing shows it, never its secret
        var listed = await withToken.GetStringAsync(new Uri("/api/v1/tokens", UriKind.Relative));
        Assert.Contains(id, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(token, listed, StringComparison.Ordinal);

        using var revoke = await withToken.DeleteAsync(new Uri($"/api/v1/tokens/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var after = await withToken.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_gets_401_and_a_request_without_fields_gets_400()
    {
        using var client = app.CreateClient();
        using var wrong = await client.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { user = "victor", password = "nope nope nope" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("wrong user name or password", (await ProblemAsync(wrong)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var empty = await client.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { user = "victor" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("password", (await ProblemAsync(empty)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nobody_gets_a_token_above_their_own_role()
    {
        using var viewer = app.CreateClient();
        using var login = await viewer.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative),
            new { user = "victor", password = TestCredentials.Password, role = "admin" });
        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
        Assert.Contains("cannot have more than your role", (await ProblemAsync(login)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var admin = app.CreateClient();
        using var bad = await admin.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative),
            new { user = "alice", password = TestCredentials.Password, role = "superuser" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Pages_redirect_to_the_login_form_which_signs_in_and_returns_to_the_page_asked_for()
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var page = await client.GetAsync(new Uri("/gateways/gw-001", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.AbsolutePath, StringComparison.Ordinal);

        var form = await client.GetStringAsync(new Uri("/login", UriKind.Relative));
        var antiforgery = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(antiforgery);

        using var bad = await client.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user"] = "victor", ["password"] = "wrong wrong", ["returnUrl"] = "/gateways/gw-001", ["__RequestVerificationToken"] = antiforgery,
        }));
        Assert.Contains("error=invalid", bad.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var good = await client.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user"] = "victor", ["password"] = TestCredentials.Password, ["returnUrl"] = "/gateways/gw-001", ["__RequestVerificationToken"] = antiforgery,
        }));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Equal("/gateways/gw-001", good.Headers.Location!.OriginalString);

        using var again = await client.GetAsync(new Uri("/gateways/gw-001", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("gw-001", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // a logout posted without the form's antiforgery token (another site's form) does not sign out
        using var forged = await client.PostAsync(new Uri("/account/logout", UriKind.Relative), new FormUrlEncodedContent([]));
        Assert.Equal("/", forged.Headers.Location!.OriginalString);
        using var still = await client.GetAsync(new Uri("/gateways/gw-001", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/steal", "/")]
    [InlineData("//evil.example/steal", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/alerts?state=open", "/alerts?state=open")]
    public void The_login_only_returns_to_pages_of_this_site(string asked, string expected) =>
        Assert.Equal(expected, AuthEndpoints.LocalOnly(asked));

    [Fact]
    public async Task Health_needs_no_login_but_metrics_do()
    {
        using var client = app.CreateClient();
        Assert.Equal("ok", await client.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
        using var metrics = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, metrics.StatusCode);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
