using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FleetCtl.Cli;

/// <summary>The server's JSON API as the CLI uses it. Answers are returned as the raw body (for <c>--json</c> and
/// <c>--csv</c>); every failure becomes a <see cref="CliException"/> whose message says what went wrong, with the
/// server's problem <c>detail</c> when it sent one.</summary>
public sealed class FleetClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _server;

    public FleetClient(CliSettings settings, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _server = settings.Server;
        _http = new HttpClient { BaseAddress = settings.Server, Timeout = timeout };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("fleetctl", typeof(FleetClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
        if (settings.Token is { } token)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Uri Server => _server;

    /// <summary>GET of an API path (relative, with its query): the raw body. A 404 exits 5 only when
    /// <paramref name="notFound"/> says what was not found (a named gateway, a catalog entry); on a list it means the
    /// server is not the FleetCtl API, exit 1.</summary>
    public Task<string> GetAsync(string pathAndQuery, CancellationToken ct, string? notFound = null, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(pathAndQuery, UriKind.Relative));
        if (accept is not null)
        {
            request.Headers.Accept.Clear();
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }
        return SendAsync(request, notFound, refusedHint: null, ct);
    }

    /// <summary>POST of a JSON body: the raw answer. <paramref name="refusedHint"/> replaces the advice on 401/403.</summary>
    public Task<string> PostJsonAsync(string path, string json, CancellationToken ct, string? refusedHint = null, string? notFound = null) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        }, notFound, refusedHint, ct);

    /// <summary>DELETE of an API path; <paramref name="notFound"/> as for <see cref="GetAsync"/>.</summary>
    public Task<string> DeleteAsync(string path, CancellationToken ct, string? notFound = null) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, new Uri(path, UriKind.Relative)), notFound, refusedHint: null, ct);

    /// <summary>Every item of a paged list (<c>{items, total, offset, limit}</c>), following the pages up to
    /// <paramref name="max"/> items (all when null). Returns the items as sent and the total the server reported.</summary>
    public async Task<(IReadOnlyList<JsonElement> Items, int Total)> GetAllAsync(string path, IReadOnlyList<string> query, int pageSize, int? max,
        CancellationToken ct, string? notFound = null)
    {
        var items = new List<JsonElement>();
        var total = 0;
        while (max is null || items.Count < max)
        {
            var take = max is { } m ? Math.Min(pageSize, m - items.Count) : pageSize;
            var page = Parse(await GetAsync(WithQuery(path, [.. query, $"offset={items.Count}", $"limit={take}"]), ct, notFound).ConfigureAwait(false),
                CliJson.Default.PageDto);
            total = page.Total;
            items.AddRange(page.Items);
            if (page.Items.Count == 0 || items.Count >= total)
            {
                break;
            }
        }
        return (items, total);
    }

    /// <summary>
    /// The server-sent events of <paramref name="pathAndQuery"/> as (event, data) pairs until the server or
    /// <paramref name="ct"/> ends the stream. Errors before the stream starts are reported like any request's.
    /// </summary>
    public async IAsyncEnumerable<(string Event, string Data)> StreamAsync(string pathAndQuery, string? notFound,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var streaming = new HttpClient { BaseAddress = _server, Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        streaming.DefaultRequestHeaders.Authorization = _http.DefaultRequestHeaders.Authorization;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(pathAndQuery, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        HttpResponseMessage response;
        try
        {
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connect.CancelAfter(_http.Timeout);
            response = await streaming.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, connect.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new CliException(ExitCodes.Unreachable, $"cannot reach the FleetCtl server at {_server}: {Describe(e)}", e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unreachable, $"cannot reach the FleetCtl server at {_server}: no answer within {_http.Timeout.TotalSeconds:0} s", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                throw Failure(response, body, notFound, refusedHint: null, $"GET /{pathAndQuery}");
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false));
            var eventName = "message";
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0)
                    {
                        yield return (eventName, data.ToString());
                    }

                    eventName = "message";
                    data.Clear();
                }
                else if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    eventName = line["event:".Length..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Append(line["data:".Length..].TrimStart());
                }
            }
        }
    }

    /// <summary><c>path?a=b&amp;c=d</c>; the parts must be escaped already (see <see cref="Q"/>).</summary>
    public static string WithQuery(string path, IEnumerable<string> query)
    {
        var parts = query.ToList();
        return parts.Count == 0 ? path : path + "?" + string.Join('&', parts);
    }

    /// <summary>One escaped query parameter.</summary>
    public static string Q(string name, string value) => $"{name}={Uri.EscapeDataString(value)}";

    public static T Parse<T>(string json, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new JsonException("the answer is null");
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Error, $"the server's answer is not what fleetctl expects ({e.Message}); is the server a FleetCtl server of a matching version?", e);
        }
    }

    public static T Parse<T>(JsonElement json, JsonTypeInfo<T> type) => Parse(json.GetRawText(), type);

    private async Task<string> SendAsync(HttpRequestMessage request, string? notFound, string? refusedHint, CancellationToken ct)
    {
        using (request)
        {
            var what = $"{request.Method} /{request.RequestUri}";
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new CliException(ExitCodes.Unreachable, $"cannot reach the FleetCtl server at {_server}: {Describe(e)}", e);
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new CliException(ExitCodes.Unreachable, $"cannot reach the FleetCtl server at {_server}: no answer within {_http.Timeout.TotalSeconds:0} s", e);
            }
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return body;
                }
                throw Failure(response, body, notFound, refusedHint, what);
            }
        }
    }

    private CliException Failure(HttpResponseMessage response, string body, string? notFound, string? refusedHint, string what)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        var problem = Problem(body);
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new CliException(ExitCodes.Unauthorized,
                $"the FleetCtl server at {_server} refused the request ({status}){Suffix(problem)}: "
                + (refusedHint ?? "give a valid token with --token, FLEETCTL_TOKEN or the config file ('fleetctl login' saves one)")),
            HttpStatusCode.Forbidden => new CliException(ExitCodes.Unauthorized,
                $"the FleetCtl server at {_server} refused the request ({status}){Suffix(problem)}: "
                + (refusedHint ?? "use a token of a user with that role (--token, FLEETCTL_TOKEN, or 'fleetctl login' as that user)")),
            HttpStatusCode.NotFound when notFound is not null => new CliException(ExitCodes.NotFound, problem?.Detail ?? notFound),
            HttpStatusCode.BadRequest when problem?.Detail is { Length: > 0 } detail => new CliException(ExitCodes.Usage,
                $"the FleetCtl server at {_server} refused the arguments: {detail}"),
            HttpStatusCode.Conflict when problem?.Detail is { Length: > 0 } conflict => new CliException(ExitCodes.Error, conflict),
            _ => new CliException(ExitCodes.Error, $"the FleetCtl server at {_server} answered {status} to {what}{Suffix(problem)}"),
        };
    }

    /// <summary>The innermost message (e.g. "Connection refused (127.0.0.1:5080)"), not the wrapper's.</summary>
    private static string Describe(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }
        return e.Message;
    }

    private static ProblemDto? Problem(string body)
    {
        if (string.IsNullOrWhiteSpace(body) || !body.TrimStart().StartsWith('{'))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(body, CliJson.Default.ProblemDto);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary><c>: TITLE (DETAIL)</c> of a problem body, or nothing.</summary>
    private static string Suffix(ProblemDto? problem) =>
        problem?.Title is { Length: > 0 } title
            ? ": " + title + (problem.Detail is { Length: > 0 } detail ? " (" + detail + ")" : "")
            : problem?.Detail is { Length: > 0 } only ? ": " + only : "";

    public void Dispose() => _http.Dispose();
}
