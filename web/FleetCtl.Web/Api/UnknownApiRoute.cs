using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace FleetCtl.Web.Api;

/// <summary>
/// Answers any <c>/api/...</c> request no API endpoint takes, as problem+json rather than the dashboard's HTML: 405 when
/// the path exists with other methods (with <c>Allow</c>), 415 when the path and method exist but the body is not JSON,
/// else 404. Anonymous on purpose: it only tells what the OpenAPI document tells anyway, and a wrong method or content
/// type on the anonymous token login must not answer 401.
/// </summary>
internal sealed class UnknownApiRoute(EndpointDataSource endpoints)
{
    public const string Pattern = "/api/{**path}";

    private readonly Lazy<IReadOnlyList<(TemplateMatcher Matcher, IReadOnlyList<string> Methods)>> _routes = new(() =>
        [.. endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) && raw != Pattern)
            .Select(e => (new TemplateMatcher(new RouteTemplate(e.RoutePattern), DefaultsOf(e.RoutePattern)),
                (IReadOnlyList<string>)(e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])))]);

    public IResult Answer(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var methods = _routes.Value.Where(r => r.Matcher.TryMatch(request.Path, new RouteValueDictionary()))
            .SelectMany(r => r.Methods).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (methods.Count == 0)
        {
            return ApiProblems.NotFound($"no API endpoint {request.Method} {request.Path}; the endpoints are listed in /openapi/v1.json and docs/api.md");
        }

        if (methods.Contains(request.Method, StringComparer.OrdinalIgnoreCase))
        {
            return ApiProblems.Result(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"{request.Method} {request.Path} takes a JSON body: send 'Content-Type: application/json' (got '{request.ContentType}')");
        }

        context.Response.Headers.Allow = string.Join(", ", methods);
        return ApiProblems.Result(StatusCodes.Status405MethodNotAllowed, "Method not allowed",
            $"{request.Path} does not take {request.Method}; it takes {string.Join(", ", methods)}");
    }

    private static RouteValueDictionary DefaultsOf(RoutePattern pattern) => new(pattern.Defaults);
}
