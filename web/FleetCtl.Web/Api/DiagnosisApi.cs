using System.ComponentModel;
using FleetCtl.Fleet.Diagnosis;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FleetCtl.Web.Api;

/// <summary>The catalog entry of a diagnosis' cause: what it means and what to do.</summary>
public sealed record DiagnosisCauseDto(int Id, string Key, string Title, string Severity, string Explanation, string ProposedAction);

/// <summary>One evidence line with the side and gateway that logged it.</summary>
public sealed record DiagnosisEvidenceDto(string Side, string? Gateway, DateTimeOffset Time, string Group, int Level, string? IkeSa, long? IkeSaId, string Message);

/// <summary>
/// A tunnel diagnosis as the API shows it, flat: the tunnel, the cause (catalog words), which side revealed it and its
/// IKE role, how sure it is, and the evidence lines of both sides (local first, in time order).
/// </summary>
public sealed record DiagnosisDto(
    string Gateway,
    string Connection,
    string? Child,
    string? PeerGateway,
    bool Up,
    DateTimeOffset At,
    DiagnosisCauseDto Cause,
    string? RuleId,
    string? RevealedBy,
    string? RevealedByGateway,
    string Role,
    string Confidence,
    string? Detail,
    bool NoFault,
    bool Unknown,
    IReadOnlyList<DiagnosisEvidenceDto> Evidence,
    int LocalLines,
    int PeerLines)
{
    public static DiagnosisDto From(TunnelDiagnosis d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var v = d.Verdict;
        return new DiagnosisDto(d.Gateway, d.Connection, d.Child, d.PeerGateway, d.Up, d.At,
            new DiagnosisCauseDto(v.Cause.Id, v.Cause.Key, v.Cause.Title, v.Cause.Severity.ToString(), v.Cause.Explanation, v.Cause.ProposedAction),
            v.RuleId, SideName(v.RevealedBy), v.RevealedBy is { } side ? GatewayOf(d, side) : null, v.Role.ToString(), v.Confidence.ToString(), v.Detail,
            v.IsNoFault, v.IsUnknown,
            [.. v.Evidence.Select(e => new DiagnosisEvidenceDto(SideName(e.Side)!, GatewayOf(d, e.Side), e.Line.Time, e.Line.Group, e.Line.Level,
                e.Line.IkeSaName, e.Line.IkeSaUniqueId, e.Line.Message))],
            d.LocalLines, d.PeerLines);
    }

    /// <summary>The gateway name of a side: the diagnosed gateway, or its managed peer (null when the peer is not managed).</summary>
    public static string? GatewayOf(TunnelDiagnosis d, DiagnosisSide side) => side == DiagnosisSide.Local ? d.Gateway : d.PeerGateway;

    private static string? SideName(DiagnosisSide? side) => side switch
    {
        DiagnosisSide.Local => "local",
        DiagnosisSide.Peer => "peer",
        _ => null,
    };
}

/// <summary>One log line of a gateway, as charon logged it.</summary>
public sealed record LogLineDto(DateTimeOffset Time, string Group, int Level, string? IkeSa, long? IkeSaId, string Message, int? Thread)
{
    public static LogLineDto From(GatewayLogLine line) =>
        new(line.Time, line.Group, line.Level, line.IkeSaName, line.IkeSaUniqueId, line.Message, line.Thread);
}

/// <summary>A gateway's recent log lines (oldest first, newest last), how many matched, and what the ring dropped or redacted.</summary>
public sealed record GatewayLogDto(string Gateway, IReadOnlyList<LogLineDto> Lines, int Matching, int Held, long Dropped, long Redacted);

/// <summary>
/// <c>/api/v1/diagnose</c>: why a tunnel is down, from the log lines of both ends (docs/diagnosis.md); and
/// <c>/api/v1/gateways/{gateway}/log</c>: the recent (redacted) log lines a gateway's actor holds. Viewers may read both.
/// </summary>
public static class DiagnosisApi
{
    public const string Tag = "diagnosis";

    public const int DefaultLogLimit = 200;
    public const int MaxLogLimit = 2000;

    public static IEndpointRouteBuilder MapDiagnosisApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").WithTags(Tag).RequireAuthorization(FleetPolicies.Viewer)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/diagnose", DiagnoseAsync).WithName("Diagnose")
            .WithSummary("Why a tunnel is down (or that it is not): the cause with its explanation and proposed action, the side that revealed it, both sides' evidence")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/gateways/{gateway}/log", LogAsync).WithName("GetGatewayLog")
            .WithSummary("A gateway's recent charon log lines (redacted), newest last, optionally filtered by text")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static async Task<Results<Ok<DiagnosisDto>, ProblemHttpResult>> DiagnoseAsync(
        IFleetDiagnosis diagnosis,
        [Description("The gateway the tunnel is on (any case).")] string? gateway,
        [Description("The connection (IKE config name in swanctl.conf).")] string? connection,
        [Description("One CHILD_SA config of the connection (optional: without it, the IKE_SA and any of its children).")] string? child,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(gateway))
        {
            return ApiProblems.BadRequest("gateway: give the gateway the tunnel is on, e.g. ?gateway=gw-001&connection=s2s");
        }

        if (string.IsNullOrWhiteSpace(connection))
        {
            return ApiProblems.BadRequest("connection: give the connection to diagnose, e.g. ?gateway=gw-001&connection=s2s");
        }

        try
        {
            var result = await diagnosis.DiagnoseAsync(gateway.Trim(), connection.Trim(), string.IsNullOrWhiteSpace(child) ? null : child.Trim(), ct)
                .ConfigureAwait(false);
            return TypedResults.Ok(DiagnosisDto.From(result));
        }
        catch (DiagnosisNotFoundException e)
        {
            return ApiProblems.NotFound(e.Message);
        }
        catch (Exception e) when (e is TimeoutException or Akka.Actor.AskTimeoutException)
        {
            return ApiProblems.Unavailable($"the gateway's actor did not answer: {e.Message}");
        }
    }

    private static async Task<Results<Ok<GatewayLogDto>, ProblemHttpResult>> LogAsync(
        IFleetDiagnosis diagnosis,
        [Description("The gateway's name (any case).")] string gateway,
        [Description("At most this many lines, the newest (1 to 2000, default 200).")] int? limit,
        [Description("Only lines whose text, group or IKE_SA name contains this (case-insensitive).")] string? search,
        CancellationToken ct)
    {
        if (ApiQuery.Paging(null, limit, out _, out var take, DefaultLogLimit, MaxLogLimit, minLimit: 1) is { } bad)
        {
            return bad;
        }

        GatewayLogLines? log;
        try
        {
            log = await diagnosis.GetLogAsync(gateway, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or Akka.Actor.AskTimeoutException)
        {
            return ApiProblems.Unavailable($"the gateway's actor did not answer: {e.Message}");
        }

        if (log is null)
        {
            return ApiProblems.NotFound($"no gateway '{gateway}'");
        }

        var text = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        var matching = text is null ? log.Lines : [.. log.Lines.Where(l => Matches(l, text))];
        var lines = matching.Skip(Math.Max(0, matching.Count - take)).Select(LogLineDto.From).ToList();
        return TypedResults.Ok(new GatewayLogDto(log.Gateway, lines, matching.Count, log.Lines.Count, log.Dropped, log.Redacted));
    }

    /// <summary>Does a line's text, group or IKE_SA name contain <paramref name="text"/> (any case)?</summary>
    public static bool Matches(GatewayLogLine line, string text)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.Message.Contains(text, StringComparison.OrdinalIgnoreCase)
            || line.Group.Contains(text, StringComparison.OrdinalIgnoreCase)
            || (line.IkeSaName?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false);
    }
}
