using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace FleetCtl.Web.Api;

/// <summary>
/// Turns request binding failures into problem+json that says what was wrong, instead of an empty 400: a body that is
/// not JSON or has a field of the wrong type (with the JSON path), a query value that is not a number, a body that is
/// not <c>application/json</c>. Needs <see cref="Microsoft.AspNetCore.Routing.RouteHandlerOptions.ThrowOnBadRequest"/>.
/// </summary>
internal static partial class ApiErrors
{
    public static IApplicationBuilder Use(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            if (!ApiProblems.IsApi(context.Request))
            {
                // a page or form post: the bare status, as before binding failures threw
                context.Response.StatusCode = e.StatusCode;
                return;
            }

            var title = e.StatusCode == StatusCodes.Status400BadRequest ? "Bad request" : ReasonPhrases.GetReasonPhrase(e.StatusCode);
            await ApiProblems.WriteAsync(context, e.StatusCode, title, Describe(e)).ConfigureAwait(false);
        }
    });

    /// <summary>The reason in words a client can act on.</summary>
    internal static string Describe(BadHttpRequestException e)
    {
        if (e.InnerException is JsonException json)
        {
            return $"the request body is not the JSON this endpoint takes: {json.Message}";
        }

        var bind = BindFailure().Match(e.Message);
        if (bind.Success)
        {
            var type = bind.Groups["type"].Value.TrimEnd('?');
            if (type.StartsWith("Nullable<", StringComparison.Ordinal))
            {
                type = type["Nullable<".Length..^1];
            }

            var expected = type switch
            {
                "int" or "long" => "is not a whole number",
                "bool" => "is not true or false",
                "DateTimeOffset" or "DateTime" => "is not an ISO 8601 time",
                _ => $"is not a valid {type}",
            };
            return $"{bind.Groups["name"].Value}: '{bind.Groups["value"].Value}' {expected}";
        }

        return e.Message;
    }

    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^"]+) (?<name>[^" ]+)" from "(?<value>.*)"\.$""")]
    private static partial Regex BindFailure();
}
