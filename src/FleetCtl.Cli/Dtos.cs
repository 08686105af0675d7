using System.Text.Json;
using System.Text.Json.Serialization;

namespace FleetCtl.Cli;

// The CLI's own view of the server's JSON (/api/v1): only the fields it shows, so it does not depend on the fleet core.
// Names follow the server's camelCase; unknown fields are ignored, so the server can add fields without breaking the CLI.

public sealed record GatewayStatusDto
{
    public string Gateway { get; init; } = "";
    public string? Uri { get; init; }
    public string? State { get; init; }
    public DateTimeOffset Since { get; init; }
    public string? LastError { get; init; }
    public string? DaemonVersion { get; init; }
    public int IkeSas { get; init; }
    public int ChildSas { get; init; }
    public int TunnelsDown { get; init; }
}

public sealed record GatewayViewDto
{
    public GatewayStatusDto? Status { get; init; }
    public IReadOnlyList<IkeSaDto> Sas { get; init; } = [];
    public IReadOnlyList<DownTunnelDto> DownTunnels { get; init; } = [];
}

/// <summary>A configured CHILD_SA with no installed CHILD_SA.</summary>
public sealed record DownTunnelDto
{
    public string Connection { get; init; } = "";
    public string Child { get; init; } = "";
    public IReadOnlyList<string> LocalTs { get; init; } = [];
    public IReadOnlyList<string> RemoteTs { get; init; } = [];
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

/// <summary>An RFC 7807 problem body, for error messages.</summary>
public sealed record ProblemDto(string? Title, string? Detail);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<GatewayStatusDto>))]
[JsonSerializable(typeof(GatewayViewDto))]
[JsonSerializable(typeof(ProblemDto))]
[JsonSerializable(typeof(ConfigFile))]
internal sealed partial class CliJson : JsonSerializerContext;
