using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FleetCtl.Web.Tests;

/// <summary>Requests and problem checks shared by the API tests.</summary>
internal static class ApiTestHelpers
{
    public static Uri Url(string path) => new(path, UriKind.Relative);

    public static async Task<T> GetJsonAsync<T>(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(Url(path));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<T>(body, DemoFleetAppFixture.Json)!;
    }

    /// <summary>Asserts a problem+json answer with this status and returns its detail.</summary>
    public static async Task<string> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem.GetProperty("detail").GetString()!;
    }

    public static async Task<string> GetProblemAsync(this HttpClient client, string path, HttpStatusCode status)
    {
        using var response = await client.GetAsync(Url(path));
        return await response.ProblemAsync(status);
    }

    public static async Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        await client.PostAsJsonAsync(Url(path), body);
}
