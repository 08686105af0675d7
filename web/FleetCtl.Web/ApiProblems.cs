using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FleetCtl.Web;

/// <summary>Errors of the API as RFC 9457 problem details (<c>application/problem+json</c>), each with a clear <c>detail</c>.</summary>
public static class ApiProblems
{
    public const string ContentType = "application/problem+json";

    /// <summary>The interactive API reference: a page for browsers, so a missing login redirects to the login form.</summary>
    public const string ReferencePath = "/api/docs";

    /// <summary>Is this request for the JSON API (so it gets problem+json, never a redirect to the login page)?</summary>
    public static bool IsApi(HttpRequest request) =>
        (request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && !request.Path.StartsWithSegments(ReferencePath, StringComparison.OrdinalIgnoreCase))
        || request.Path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);

    public static ProblemDetails Create(HttpContext context, int status, string title, string detail) => new()
    {
        Status = status,
        Title = title,
        Detail = detail,
        Instance = context.Request.Path,
        Type = $"https://httpstatuses.io/{status}",
    };

    /// <summary>Writes a problem directly (for authentication handlers and middleware, outside endpoint results).</summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(Create(context, status, title, detail), (System.Text.Json.JsonSerializerOptions?)null, ContentType);
    }

    /// <summary>A problem as an endpoint result (typed, so endpoints can declare <c>Results&lt;Ok&lt;T&gt;, ProblemHttpResult&gt;</c>).</summary>
    public static ProblemHttpResult Result(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: $"https://httpstatuses.io/{status}");

    public static ProblemHttpResult BadRequest(string detail) => Result(StatusCodes.Status400BadRequest, "Bad request", detail);

    /// <summary>400 for a query or route value that is not allowed: <c>state: 'bogus' is not one of Connecting, Connected</c>.</summary>
    public static ProblemHttpResult BadParameter(string parameter, string? value, string expected) =>
        BadRequest($"{parameter}: '{value}' {expected}");

    public static ProblemHttpResult NotFound(string detail) => Result(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemHttpResult Unavailable(string detail) => Result(StatusCodes.Status503ServiceUnavailable, "Service unavailable", detail);
}
