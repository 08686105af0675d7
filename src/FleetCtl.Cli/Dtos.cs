using System.Text.Json;
using System.Text.Json.Serialization;

namespace FleetCtl.Cli;

// The CLI's own view of the server's JSON (/api/v1, docs/api.md): only the fields it shows, so it does not depend on the
// fleet core. Names follow the server's camelCase; unknown fields are ignored, so the server can add fields without
// breaking the CLI.

/// <summary>A page of a list: <c>{items, total, offset, limit}</c>. Items stay raw JSON so <c>--json</c> prints them as sent.</summary>
public sealed record PageDto
{
    public IReadOnlyList<JsonElement> Items { get; init; } = [];
    public int Total { get; init; }
    public int Offset { get; init; }
    public int Limit { get; init; }
}

public sealed record GatewayStatusDto
{
    public string Gateway { get; init; } = "";
    public string? Uri { get; init; }
    public string? State { get; init; }
    public DateTimeOffset Since { get; init; }
    public string? LastError { get; init; }
    public string? DaemonVersion { get; init; }
    public string? Daemon { get; init; }
    public int IkeSas { get; init; }
    public int ChildSas { get; init; }
    public int TunnelsDown { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}

/// <summary><c>GET /api/v1/gateways/{name}/sas</c>.</summary>
public sealed record GatewaySasDto
{
    public string Gateway { get; init; } = "";
    public string? State { get; init; }
    public IReadOnlyList<IkeSaDto> Sas { get; init; } = [];
    public IReadOnlyList<DownTunnelDto> DownTunnels { get; init; } = [];
    public IReadOnlyList<ConnectionDto> Connections { get; init; } = [];
}

/// <summary>A configured CHILD_SA with no installed CHILD_SA.</summary>
public sealed record DownTunnelDto
{
    public string Connection { get; init; } = "";
    public string Child { get; init; } = "";
    public IReadOnlyList<string> LocalTs { get; init; } = [];
    public IReadOnlyList<string> RemoteTs { get; init; } = [];
}

/// <summary>A connection loaded on the gateway.</summary>
public sealed record ConnectionDto
{
    public string Name { get; init; } = "";
    public IReadOnlyList<ConnectionChildDto> Children { get; init; } = [];
}

public sealed record ConnectionChildDto
{
    public string Name { get; init; } = "";
}

public sealed record IkeSaDto
{
    public string Name { get; init; } = "";
    public long? UniqueId { get; init; }
    public string? State { get; init; }
    public string? RemoteHost { get; init; }
    public string? RemoteId { get; init; }
    public string? EncrAlg { get; init; }
    public long? EncrKeysize { get; init; }
    public string? IntegAlg { get; init; }
    public string? PrfAlg { get; init; }
    public string? DhGroup { get; init; }
    public DateTimeOffset? EstablishedAt { get; init; }
    public IReadOnlyList<ChildSaDto> Children { get; init; } = [];
}

public sealed record ChildSaDto
{
    public string Name { get; init; } = "";
    public long? UniqueId { get; init; }
    public string? State { get; init; }
    public string? SpiIn { get; init; }
    public string? SpiOut { get; init; }
    public ulong BytesIn { get; init; }
    public ulong BytesOut { get; init; }
    public IReadOnlyList<string> LocalTs { get; init; } = [];
    public IReadOnlyList<string> RemoteTs { get; init; } = [];
}

/// <summary>One event of <c>GET /api/v1/history</c>.</summary>
public sealed record HistoryItemDto
{
    public DateTimeOffset At { get; init; }
    public string Gateway { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Summary { get; init; } = "";
    public long SequenceNr { get; init; }
}

/// <summary>A catalog entry (<c>GET /api/v1/catalog</c>).</summary>
public sealed record CatalogItemDto
{
    public int Id { get; init; }
    public string Key { get; init; } = "";
    public string Title { get; init; } = "";
    public IReadOnlyList<string> Categories { get; init; } = [];
    public string? Severity { get; init; }
    public string? Source { get; init; }
    public string? AlertType { get; init; }
    public IReadOnlyList<string> Parameters { get; init; } = [];
    public string Explanation { get; init; } = "";
    public string GatewayAction { get; init; } = "";
    public string ProposedAction { get; init; } = "";
}

public sealed record CatalogListDto
{
    public IReadOnlyList<JsonElement> Items { get; init; } = [];
    public int Total { get; init; }
}

/// <summary>The body of <c>POST /api/v1/auth/token</c>.</summary>
public sealed record TokenLoginDto(string User, string Password, string? Name, string? Role);

/// <summary>The answer of <c>POST /api/v1/auth/token</c>: the token (shown this once) and its listing.</summary>
public sealed record CreatedTokenDto
{
    public string Token { get; init; } = "";
    public TokenInfoDto Info { get; init; } = new();
}

public sealed record TokenInfoDto
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string? User { get; init; }
    public string Role { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public bool FromConfiguration { get; init; }
}

/// <summary><c>GET /api/v1/auth/me</c>.</summary>
public sealed record WhoAmIDto
{
    public string User { get; init; } = "";
    public string Role { get; init; } = "";
    public string Method { get; init; } = "";
    public string? TokenId { get; init; }
}

/// <summary>An alert of <c>GET /api/v1/alerts</c>: the alert book's record and the catalog's explanation.</summary>
public sealed record AlertItemDto
{
    public AlertDto Alert { get; init; } = new();
    public AlertExplanationDto Explanation { get; init; } = new();
}

public sealed record AlertDto
{
    public long Id { get; init; }
    public string Gateway { get; init; } = "";
    public string AlertType { get; init; } = "";
    public string? Severity { get; init; }
    public string? Connection { get; init; }
    public string? RemoteHost { get; init; }
    public string? RemoteId { get; init; }
    public string Description { get; init; } = "";

    /// <summary>Recognised in charon's log (strongSwan before 6.0.3 has no alert event), not sent by the daemon.</summary>
    public bool Derived { get; init; }
    public DateTimeOffset FirstAt { get; init; }
    public DateTimeOffset LastAt { get; init; }
    public int Count { get; init; }
    public string? State { get; init; }
    public string? AcknowledgedBy { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public string? Comment { get; init; }
}

public sealed record AlertExplanationDto
{
    public int Id { get; init; }
    public string Key { get; init; } = "";
    public string Title { get; init; } = "";
    public string Explanation { get; init; } = "";
    public string GatewayAction { get; init; } = "";
    public string ProposedAction { get; init; } = "";
}

/// <summary>One message of <c>GET /api/v1/events</c> (the <c>data:</c> line).</summary>
public sealed record StreamEventDto
{
    public string Stream { get; init; } = "";
    public DateTimeOffset At { get; init; }
    public string Type { get; init; } = "";
    public string? Gateway { get; init; }
    public JsonElement Data { get; init; }
}

/// <summary>An RFC 9457 problem body, for error messages.</summary>
public sealed record ProblemDto(string? Title, string? Detail);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PageDto))]
[JsonSerializable(typeof(GatewayStatusDto))]
[JsonSerializable(typeof(GatewaySasDto))]
[JsonSerializable(typeof(HistoryItemDto))]
[JsonSerializable(typeof(CatalogItemDto))]
[JsonSerializable(typeof(CatalogListDto))]
[JsonSerializable(typeof(TokenLoginDto))]
[JsonSerializable(typeof(CreatedTokenDto))]
[JsonSerializable(typeof(WhoAmIDto))]
[JsonSerializable(typeof(ProblemDto))]
[JsonSerializable(typeof(AlertItemDto))]
[JsonSerializable(typeof(List<TokenInfoDto>))]
[JsonSerializable(typeof(StreamEventDto))]
[JsonSerializable(typeof(ConfigFile))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class CliJson : JsonSerializerContext
{
    /// <summary>For files people read (the config file).</summary>
    public static CliJson Indented { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
