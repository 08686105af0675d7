using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FleetCtl.Cli.Tests;

/// <summary>Answers the real server does not give (bare 401/403 without a problem body, 500s, HTML): a stub HTTP server
/// answers every request with one fixed status and body, and records the Authorization header it was sent.</summary>
public sealed class HttpErrorTests
{
    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Refused_requests_exit_4_and_say_how_to_give_a_token(int status)
    {
        await using var stub = StubServer.Start(status, "");
        var (exit, _, error) = await RunAsync(stub.Url, "--token", "s3cret", "gateways");
        Assert.Equal(4, exit);
        Assert.Contains($"refused the request ({status} ", error, StringComparison.Ordinal);
        Assert.Contains("--token", error, StringComparison.Ordinal);
        Assert.Equal("Bearer s3cret", stub.LastAuthorization);
    }

    [Fact]
    public async Task Other_http_errors_exit_1_with_the_status_and_the_problem_title()
    {
        await using var stub = StubServer.Start(500, """{"type":"about:blank","title":"The fleet is not ready","status":500,"detail":"actor system starting"}""");
        var (exit, _, error) = await RunAsync(stub.Url, "sas", "gw-001");
        Assert.Equal(1, exit);
        Assert.Contains("answered 500 Internal Server Error to GET /api/v1/gateways/gw-001/sas: The fleet is not ready (actor system starting)", error, StringComparison.Ordinal);
        Assert.Null(stub.LastAuthorization); // no token given, none sent
    }

    [Fact]
    public async Task A_404_on_the_list_is_not_a_missing_gateway()
    {
        await using var stub = StubServer.Start(404, "");
        var (exit, _, error) = await RunAsync(stub.Url, "gateways");
        Assert.Equal(1, exit);
        Assert.Contains("answered 404 Not Found to GET /api/v1/gateways", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_is_not_the_api_exits_1()
    {
        await using var stub = StubServer.Start(200, "<html>hello</html>");
        var (exit, _, error) = await RunAsync(stub.Url, "gateways");
        Assert.Equal(1, exit);
        Assert.Contains("the server's answer is not what fleetctl expects", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Out, string Error)> RunAsync(string url, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext
        {
            Out = stdout,
            Error = stderr,
            GetEnvironmentVariable = name => name == "FLEETCTL_CONFIG" ? "/nonexistent/fleetctl.json" : null,
            Timeout = TimeSpan.FromSeconds(10),
        };
        var exit = await FleetCtlCli.RunAsync(["--server", url, .. args], context);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private sealed class StubServer : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        private StubServer(int status, string body)
        {
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
            }
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext ctx;
                    try
                    {
                        ctx = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                        return;
                    }
                    LastAuthorization = ctx.Request.Headers["Authorization"];
                    ctx.Response.StatusCode = status;
                    ctx.Response.ContentType = body.StartsWith('{') ? "application/problem+json" : "text/html";
                    var bytes = Encoding.UTF8.GetBytes(body);
                    await ctx.Response.OutputStream.WriteAsync(bytes);
                    ctx.Response.Close();
                }
            });
        }

        public string Url { get; }

        public string? LastAuthorization { get; private set; }

        public static StubServer Start(int status, string body) => new(status, body);

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _loop;
        }
    }
}
