using System.Text.Json;
using FleetCtl.Fleet;
using FleetCtl.Fleet.Alerts;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;
using FleetCtl.Fleet.State;
using FleetCtl.Web.Auth;
using Microsoft.Extensions.Options;

namespace FleetCtl.Web.Api;

/// <summary>One message of the live stream: which stream, when the server saw it, what type, the record itself.</summary>
public sealed record StreamEvent(string Stream, DateTimeOffset At, string Type, string? Gateway, object Data);

/// <summary>
/// <c>GET /api/v1/events</c>: the fleet's event bus as server-sent events. <c>stream</c> picks
/// <c>sas</c>, <c>gateways</c>, <c>alerts</c> (the alert book's changes), <c>operations</c> (repeatable or
/// comma-separated; default all), <c>gateway</c> narrows to one gateway. A slow client loses the oldest messages,
/// never the server's memory: it is told how many with an <c>event: dropped</c>. A comment every 15 s keeps proxies
/// from closing an idle stream.
/// </summary>
public static class EventsApi
{
    public const int Capacity = 5000;
    private static readonly TimeSpan s_heartbeat = TimeSpan.FromSeconds(15);

    /// <summary>Stream names and the bus topics behind them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Streams = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["sas"] = FleetTopics.Sas,
        ["gateways"] = FleetTopics.Gateways,
        ["alerts"] = FleetTopics.AlertBook,
        ["operations"] = FleetTopics.Operations,
    };

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/events", StreamAsync).WithTags("events").RequireAuthorization(FleetPolicies.Viewer)
            .WithSummary("Live fleet events as server-sent events (text/event-stream)")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return endpoints;
    }

    private static async Task StreamAsync(HttpContext context, IFleetEventStream bus, FleetDirectory directory, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var ct = context.RequestAborted;
        var requested = ApiQuery.Values(context.Request.Query["stream"]);
        if (requested.FirstOrDefault(s => !Streams.ContainsKey(s)) is { } unknown)
        {
            await ApiProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad request",
                $"stream: '{unknown}' is not one of {string.Join(", ", Streams.Keys)}").ConfigureAwait(false);
            return;
        }

        var gateway = context.Request.Query["gateway"].ToString() is { Length: > 0 } g ? g : null;
        if (gateway is not null && !directory.TryGet(gateway, out _))
        {
            await ApiProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", $"no gateway '{gateway}'").ConfigureAwait(false);
            return;
        }

        var topics = requested.Count == 0 ? [.. Streams.Values] : requested.Select(s => Streams[s]).Distinct().ToArray();
        var names = Streams.ToDictionary(kv => kv.Value, kv => kv.Key.ToLowerInvariant());
        await using var subscription = bus.Subscribe(topics, Capacity);

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        await context.Response.WriteAsync(": fleetctl event stream\n\n", ct).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);

        var options = json.Value.SerializerOptions;
        long id = 0;
        long reportedDrops = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    wait.CancelAfter(s_heartbeat);
                    try
                    {
                        if (!await subscription.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                        {
                            return;
                        }
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        await context.Response.WriteAsync(": keep-alive\n\n", ct).ConfigureAwait(false);
                        await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                        continue;
                    }
                }

                while (subscription.Reader.TryRead(out var message))
                {
                    var about = GatewayOf(message.Payload);
                    if (gateway is not null && !string.Equals(about, gateway, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var stream = names.GetValueOrDefault(message.Topic, message.Topic);
                    var data = JsonSerializer.Serialize(new StreamEvent(stream, message.ReceivedAt, message.Payload.GetType().Name, about, message.Payload), options);
                    await context.Response.WriteAsync($"id: {++id}\nevent: {stream}\ndata: {data}\n\n", ct).ConfigureAwait(false);
                }

                if (subscription.Dropped > reportedDrops)
                {
                    var dropped = subscription.Dropped - reportedDrops;
                    reportedDrops = subscription.Dropped;
                    await context.Response.WriteAsync($"event: dropped\ndata: {{\"dropped\":{dropped}}}\n\n", ct).ConfigureAwait(false);
                }

                await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the client went away
        }
    }

    private static string? GatewayOf(object payload) => payload switch
    {
        SaChange c => c.Gateway,
        GatewayStatus s => s.Gateway,
        AlertChanged a => a.Alert.Gateway,
        AlertRaised r => r.Gateway,
        FleetCtl.Fleet.Operations.GatewayDrainingChanged d => d.Gateway,
        _ => null, // an operation's progress is about several gateways
    };
}
