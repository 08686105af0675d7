using System.Globalization;
using System.Reflection;
using CsvHelper;
using FleetCtl.Fleet.Persistence;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace FleetCtl.Web.Api;

/// <summary>
/// History as CSV (<c>text/csv</c>, RFC 4180, UTF-8): columns <c>at,gateway,kind,summary,sequenceNr</c>, written
/// straight to the response as a download. Summaries carry text the gateways' peers choose (identities, connection
/// names), so a field that starts like a spreadsheet formula (<c>= + - @</c>) is escaped with a leading <c>'</c>.
/// </summary>
public sealed class HistoryCsvResult(IReadOnlyList<HistoryEntry> entries, int total, string fileName) : IResult, IEndpointMetadataProvider
{
    public const string ContentType = "text/csv";
    public const string TotalHeader = "X-Total-Count";
    public static readonly string[] Columns = ["at", "gateway", "kind", "summary", "sequenceNr"];

    private static readonly CsvWriterOptions s_options = new() { Injection = CsvInjection.Escape };

    public IReadOnlyList<HistoryEntry> Entries => entries;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType + "; charset=utf-8";
        response.Headers[TotalHeader] = total.ToString(CultureInfo.InvariantCulture);
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName }.ToString();

        var ct = httpContext.RequestAborted;
        await using var csv = CsvWriter.Create(response.Body, s_options, leaveOpen: true);
        csv.WriteHeader(Columns);
        foreach (var e in entries)
        {
            await csv.WriteRecordAsync([
                e.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                e.Gateway,
                e.Kind,
                e.Summary,
                e.SequenceNr.ToString(CultureInfo.InvariantCulture),
            ], ct).ConfigureAwait(false);
        }

        await csv.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Marks the endpoint as also answering 200 with <c>text/csv</c>; <see cref="FleetOpenApi"/> adds it to the
    /// JSON answer's 200 response (metadata for the same status would replace the JSON one).</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(CsvMarker.Instance);
    }

    /// <summary>Endpoint metadata: the endpoint can answer CSV.</summary>
    public sealed class CsvMarker
    {
        public static readonly CsvMarker Instance = new();

        private CsvMarker()
        {
        }
    }
}
