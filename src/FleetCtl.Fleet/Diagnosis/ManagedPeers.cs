using System.Collections.Concurrent;
using System.Net;
using Akka.Actor;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;
using FleetCtl.Fleet.Inventory;

namespace FleetCtl.Fleet.Diagnosis;

/// <summary>
/// Finds the managed gateway at the far end of a tunnel: the one that owns one of the tunnel's remote addresses as a
/// local address of its connections or SAs. Finding it means asking every gateway's view, so what such a scan saw is
/// remembered per address (every local address of every gateway): next time the owner is asked alone (and must still
/// own the address), and an address no gateway owned in a scan younger than <see cref="UnmanagedFor"/> is taken as not
/// managed. A gateway added or re-addressed meanwhile is found as a peer at the next scan, at most that long after.
/// </summary>
internal sealed class ManagedPeers(FleetInventory inventory, IFleetQueries queries, TimeProvider time)
{
    /// <summary>How long a scan of the fleet answers "not managed" for the addresses nobody owned in it.</summary>
    public static readonly TimeSpan UnmanagedFor = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Owner> _byAddress = new(StringComparer.OrdinalIgnoreCase);
    private long _scannedAtTicks = DateTimeOffset.MinValue.UtcTicks;

    /// <summary>The managed gateway other than <paramref name="self"/> that owns one of <paramref name="addresses"/>, or null.</summary>
    public async Task<string?> FindAsync(string self, IReadOnlySet<string> addresses, CancellationToken cancellationToken)
    {
        if (addresses.Count == 0)
        {
            return null;
        }

        // a gateway found before: one view says whether it still owns the address
        var known = addresses.Select(a => _byAddress.TryGetValue(a, out var o) ? o.Gateway : null).OfType<string>()
            .Where(g => !Same(g, self)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var gateway in known)
        {
            if (await ViewAsync(gateway, cancellationToken).ConfigureAwait(false) is { } view && Owns(view, addresses))
            {
                return view.Status.Gateway;
            }
        }

        // nobody owned these addresses when the whole fleet was last asked, and that was recent: not managed
        var now = time.GetUtcNow();
        if (known.Count == 0 && now - new DateTimeOffset(Interlocked.Read(ref _scannedAtTicks), TimeSpan.Zero) < UnmanagedFor)
        {
            return null;
        }

        // ask every gateway (this one too) and remember the owner of every address seen, so the next tunnel's peer, from
        // either end, is one view away, and an address nobody owns needs no scan for a while
        var views = (await Task.WhenAll(inventory.Select(g => ViewAsync(g.Name, cancellationToken))).ConfigureAwait(false)).OfType<GatewayView>().ToList();
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var view in views)
        {
            foreach (var address in LocalAddresses(view))
            {
                seen.TryAdd(address, view.Status.Gateway);
            }
        }

        foreach (var (address, gateway) in seen)
        {
            _byAddress[address] = new Owner(gateway, now);
        }

        foreach (var (address, owner) in _byAddress)
        {
            if (!seen.ContainsKey(address) && owner.At < now)
            {
                _byAddress.TryRemove(new KeyValuePair<string, Owner>(address, owner)); // no longer anybody's
            }
        }

        // only a scan in which every gateway answered with its listed state can say "nobody owns it" (a gateway that has
        // not listed its connections yet may be the peer)
        if (views.Count == inventory.Count && views.All(v => v.Status.LastResyncAt is not null))
        {
            Interlocked.Exchange(ref _scannedAtTicks, now.UtcTicks);
        }

        return views.FirstOrDefault(v => !Same(v.Status.Gateway, self) && Owns(v, addresses))?.Status.Gateway;
    }

    private static IEnumerable<string> LocalAddresses(GatewayView view) =>
        view.Connections.SelectMany(c => c.LocalAddrs).Concat(view.Sas.Select(s => s.LocalHost).OfType<string>()).Where(a => IPAddress.TryParse(a, out _));

    private async Task<GatewayView?> ViewAsync(string gateway, CancellationToken cancellationToken)
    {
        try
        {
            return await queries.GetGatewayViewAsync(gateway, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return null; // a gateway that does not answer is not a peer whose lines we can read anyway
        }
    }

    private static bool Owns(GatewayView view, IReadOnlySet<string> addresses) =>
        view.Connections.SelectMany(c => c.LocalAddrs).Any(addresses.Contains) || view.Sas.Any(s => s.LocalHost is { } h && addresses.Contains(h));

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private sealed record Owner(string Gateway, DateTimeOffset At);
}
