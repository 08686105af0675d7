using System.Net;
using Akka.Actor;
using Akka.Hosting;
using FleetCtl.Fleet.Catalog;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;
using FleetCtl.Fleet.Inventory;

namespace FleetCtl.Fleet.Diagnosis;

/// <summary>One diagnosis of one tunnel, as the dashboard, API and CLI show it.</summary>
/// <param name="Gateway">The gateway asked about.</param>
/// <param name="Connection">Its connection.</param>
/// <param name="Child">The child, when one was named.</param>
/// <param name="PeerGateway">The peer, when it is a gateway of the fleet (its log lines were read too); null otherwise.</param>
/// <param name="Up">Whether the tunnel is up right now (an established IKE_SA of the connection and, when named, the child installed).</param>
/// <param name="Verdict">The diagnosis.</param>
/// <param name="LocalLines">Lines the gateway's ring held.</param>
/// <param name="PeerLines">Lines the peer's ring held (0 when there is no managed peer).</param>
/// <param name="At">When the diagnosis was made.</param>
public sealed record TunnelDiagnosis(string Gateway, string Connection, string? Child, string? PeerGateway, bool Up, DiagnosisVerdict Verdict,
    int LocalLines, int PeerLines, DateTimeOffset At);

/// <summary>The gateway or its connection is not there to diagnose (the API answers 404 with <see cref="Exception.Message"/>).</summary>
public sealed class DiagnosisNotFoundException(string message) : Exception(message)
{
    public DiagnosisNotFoundException() : this("not found")
    {
    }

    public DiagnosisNotFoundException(string message, Exception inner) : this(message) => _ = inner;
}

/// <summary>Diagnoses tunnels from the log lines the gateway actors hold (both ends when both are managed).</summary>
public interface IFleetDiagnosis
{
    /// <summary>Why <paramref name="connection"/> (and <paramref name="child"/>) on <paramref name="gateway"/> is down, or that it is not.</summary>
    /// <exception cref="DiagnosisNotFoundException">No such gateway, or no such connection loaded on it.</exception>
    Task<TunnelDiagnosis> DiagnoseAsync(string gateway, string connection, string? child = null, CancellationToken cancellationToken = default);

    /// <summary>The recent log lines a gateway's actor holds (redacted); null for a gateway not in the inventory.</summary>
    Task<GatewayLogLines?> GetLogAsync(string gateway, CancellationToken cancellationToken = default);
}

public sealed class FleetDiagnosis(FleetInventory inventory, IRequiredActor<GatewayRegion> region, IFleetQueries queries, TimeProvider? time = null)
    : IFleetDiagnosis
{
    private static readonly TimeSpan s_askTimeout = TimeSpan.FromSeconds(10);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ManagedPeers _peers = new(inventory, queries, time ?? TimeProvider.System);

    public async Task<GatewayLogLines?> GetLogAsync(string gateway, CancellationToken cancellationToken = default)
    {
        if (!inventory.TryGet(gateway, out var definition))
        {
            return null;
        }

        var shards = await region.GetAsync(cancellationToken).ConfigureAwait(false);
        return await shards.Ask<GatewayLogLines>(new GetGatewayLog(definition.Name), s_askTimeout, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TunnelDiagnosis> DiagnoseAsync(string gateway, string connection, string? child = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!inventory.TryGet(gateway, out var definition))
        {
            throw new DiagnosisNotFoundException($"no gateway '{gateway}' in the inventory");
        }

        var view = await queries.GetGatewayViewAsync(definition.Name, cancellationToken).ConfigureAwait(false)
            ?? throw new DiagnosisNotFoundException($"no gateway '{gateway}' in the inventory");
        var conn = view.Connections.FirstOrDefault(c => string.Equals(c.Name, connection, StringComparison.Ordinal))
            ?? throw new DiagnosisNotFoundException($"connection '{connection}' is not loaded on {definition.Name}"
                + (view.Connections.Count > 0 ? $" (loaded: {string.Join(", ", view.Connections.Select(c => c.Name))})" : ""));
        if (child is not null && conn.Children.All(c => !string.Equals(c.Name, child, StringComparison.Ordinal)))
        {
            throw new DiagnosisNotFoundException($"connection '{connection}' on {definition.Name} has no child '{child}'");
        }

        var local = await GetLogAsync(definition.Name, cancellationToken).ConfigureAwait(false);
        var peerAddresses = conn.RemoteAddrs.Where(IsAddress)
            .Concat(view.Sas.Where(s => s.Name == connection && s.RemoteHost is not null).Select(s => s.RemoteHost!))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var peer = await _peers.FindAsync(definition.Name, peerAddresses, cancellationToken).ConfigureAwait(false);
        var peerLog = peer is null ? null : await GetLogAsync(peer, cancellationToken).ConfigureAwait(false);

        var request = new DiagnosisRequest(definition.Name, connection, child, local?.Lines ?? [], peer, peerLog?.Lines)
        {
            KnownAddresses = [.. conn.RemoteAddrs.Where(IsAddress), .. conn.LocalAddrs.Where(IsAddress)],
        };
        var up = State.Tunnels.UpSa(view.Sas, connection, child) is not null;
        return new TunnelDiagnosis(definition.Name, connection, child, peer, up, Now(up, TunnelDiagnoser.Diagnose(request)), local?.Lines.Count ?? 0,
            peerLog?.Lines.Count ?? 0, _time.GetUtcNow());
    }

    /// <summary>
    /// The gateway's own state outranks old lines: a tunnel that is up now has no fault, whatever the ring still holds
    /// (its "established" lines may have scrolled out, or an earlier failure was fixed since). An earlier cause is named in
    /// the detail, with its evidence kept.
    /// </summary>
    internal static DiagnosisVerdict Now(bool up, DiagnosisVerdict verdict) =>
        !up || verdict.IsNoFault
            ? verdict
            : new DiagnosisVerdict(FleetCatalog.Get(CatalogIds.DiagnosisNoFault), null, null, DiagnosisRole.Any, DiagnosisConfidence.High, verdict.Evidence,
                verdict.IsUnknown
                    ? "the tunnel is up now (the gateway lists it established); no failure in the lines held"
                    : $"the tunnel is up now (the gateway lists it established); earlier: {verdict.Title}" + (verdict.Detail is { } d ? $" ({d})" : ""));

    private static bool IsAddress(string value) => IPAddress.TryParse(value, out _);
}
