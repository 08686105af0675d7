using System.Security.Cryptography;
using System.Text.Json;
using FleetCtl.Fleet.Persistence;

namespace FleetCtl.Fleet.Operations;

/// <summary>
/// What an operation would do, computed from the gateways' live state: the exact items (in waves) and what was matched
/// but will be skipped, with the reason. Kept by the controller for <see cref="OperationsOptions.PreviewTtl"/>; executing
/// needs its <see cref="Id"/> and runs exactly <see cref="Items"/>. <see cref="Hash"/> fingerprints the content
/// (request, items, skipped), so the audit trail can prove which preview was run.
/// </summary>
public sealed record OperationPreview
{
    public required string Id { get; init; }

    /// <summary><c>sha256:</c> and the hex SHA-256 of the request, the items and the skipped entries (see <see cref="ComputeHash"/>).</summary>
    public required string Hash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>After this the preview cannot be executed any more: preview again.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public required OperationRequest Request { get; init; }

    /// <summary>The items, in order of execution (by wave, gateways interleaved within a wave).</summary>
    public required IReadOnlyList<OperationItem> Items { get; init; }

    /// <summary>What was matched but will not be touched, with the reason; whole gateways too (unreachable, unknown ...).</summary>
    public required IReadOnlyList<SkippedItem> Skipped { get; init; }

    /// <summary>The gateways the selector chose, in inventory order (with items or not).</summary>
    public required IReadOnlyList<string> Gateways { get; init; }

    /// <summary>How many waves the items make.</summary>
    public int Waves => Items.Count == 0 ? 0 : Items[^1].Wave;

    /// <summary>Items and skipped entries per gateway, in <see cref="Gateways"/> order.</summary>
    public IReadOnlyList<GatewayPreview> ByGateway()
    {
        var items = Items.ToLookup(i => i.Gateway, StringComparer.Ordinal);
        var skipped = Skipped.ToLookup(s => s.Gateway, StringComparer.Ordinal);
        var names = Gateways.Concat(Skipped.Select(s => s.Gateway)).Distinct(StringComparer.Ordinal);
        return [.. names.Select(g => new GatewayPreview(g, [.. items[g]], [.. skipped[g]]))];
    }

    /// <summary>The items of one wave.</summary>
    public IReadOnlyList<OperationItem> Wave(int wave) => [.. Items.Where(i => i.Wave == wave)];

    /// <summary>The content hash: SHA-256 over the JSON of the request, the items and the skipped entries.</summary>
    public static string ComputeHash(OperationRequest request, IReadOnlyList<OperationItem> items, IReadOnlyList<SkippedItem> skipped)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new HashedContent(request, items, skipped), FleetJsonSerializer.Json);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(json));
    }

    private sealed record HashedContent(OperationRequest Request, IReadOnlyList<OperationItem> Items, IReadOnlyList<SkippedItem> Skipped);
}

/// <summary>One gateway's part of a preview.</summary>
public sealed record GatewayPreview(string Gateway, IReadOnlyList<OperationItem> Items, IReadOnlyList<SkippedItem> Skipped);
