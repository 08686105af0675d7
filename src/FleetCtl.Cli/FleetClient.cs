using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace FleetCtl.Cli;

/// <summary>The server's JSON API as the CLI uses it. Answers are returned as the raw body (for <c>--json</c>);
/// every failure becomes a <see cref="CliException"/> whose message says what went wrong.</summary>
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

    /// <summary><c>GET /api/v1/gateways</c>: the raw JSON array of gateway statuses.</summary>
    public Task<string> GetGatewaysJsonAsync(CancellationToken ct) => GetAsync("api/v1/gateways", notFoundMessage: null, ct);

    /// <summary><c>GET /api/v1/gateways/{name}</c>: the raw JSON gateway view; exit 5 when there is no such gateway.</summary>
    public Task<string> GetGatewayJsonAsync(string name, CancellationToken ct) =>
        GetAsync("api/v1/gateways/" + Uri.EscapeDataString(name), $"no gateway named {name}", ct);

    public static T Parse<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
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

    private async Task<string> GetAsync(string path, string? notFoundMessage, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(new Uri(path, UriKind.Relative), ct).ConfigureAwait(false);
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
            var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            switch (response.StatusCode)
            {
                case HttpStatusCode.Unauthorized:
                case HttpStatusCode.Forbidden:
                    throw new CliException(ExitCodes.Unauthorized,
                        $"the FleetCtl server at {_server} refused the request ({status}){ProblemSuffix(body)}: give a valid token with --token, FLEETCTL_TOKEN or the config file");
                case HttpStatusCode.NotFound when notFoundMessage is not null:
                    throw new CliException(ExitCodes.NotFound, notFoundMessage);
                default:
                    throw new CliException(ExitCodes.Error, $"the FleetCtl server at {_server} answered {status} to GET /{path}{ProblemSuffix(body)}");
            }
        }
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

    private static string ProblemSuffix(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "";
        }
        try
        {
            var problem = JsonSerializer.Deserialize(body, CliJson.Default.ProblemDto);
            return problem?.Title is { Length: > 0 } title
                ? ": " + title + (problem.Detail is { Length: > 0 } detail ? " (" + detail + ")" : "")
                : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    public void Dispose() => _http.Dispose();
}
