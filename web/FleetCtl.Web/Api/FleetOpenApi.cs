using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FleetCtl.Web.Api;

/// <summary>The OpenAPI document of <c>/api/v1</c> (<c>/openapi/v1.json</c>): every API endpoint, the bearer scheme, and
/// which operations need no token.</summary>
internal static class FleetOpenApi
{
    public const string DocumentName = "v1";
    public const string DocumentPattern = "/openapi/{documentName}.json";
    public const string BearerScheme = "bearer";

    public static void Configure(OpenApiOptions options)
    {
        // the JSON API only: not the dashboard's form posts, /healthz or /metrics
        options.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "FleetCtl API",
                Version = DocumentName,
                Description = "The JSON API of a FleetCtl controller for fleets of strongSwan gateways. Every endpoint but " +
                    "POST /api/v1/auth/token needs a bearer token (`Authorization: Bearer fct_...`; `fleetctl login` or " +
                    "POST /api/v1/auth/token makes one) or a dashboard session. Errors are RFC 9457 problem+json. See docs/api.md.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "fct_...",
                Description = "An API token of FleetCtl: from `fleetctl login`, POST /api/v1/auth/token, the dashboard, or the configuration (Fleet:Auth:Tokens).",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
            // the fleet first, access last (readers of the reference look for gateways, not tokens)
            document.Tags = new HashSet<OpenApiTag>
            {
                new() { Name = GatewaysApi.Tag, Description = "The gateways: list, one gateway, its live SAs." },
                new() { Name = HistoryApi.Tag, Description = "Persisted events: SA changes, connectivity, alerts; JSON pages or CSV." },
                new() { Name = CatalogApi.Tag, Description = "What every event means and what to do about it." },
                new() { Name = "access", Description = "API tokens, users, who the caller is." },
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security = []; // e.g. the token login: no token needed
            }

            if (metadata.OfType<HistoryCsvResult.CsvMarker>().Any()
                && operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
            {
                content[HistoryCsvResult.ContentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }

            return Task.CompletedTask;
        });
    }
}
