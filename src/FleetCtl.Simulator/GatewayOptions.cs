using System.Globalization;

namespace FleetCtl.Simulator;

/// <summary>How one <see cref="SimulatedGateway"/> looks and where it listens.</summary>
public sealed record GatewayOptions
{
    /// <summary>The gateway's name (fleet: <c>gw-001</c>, <c>gw-002</c> ...).</summary>
    public string Name { get; init; } = "gw-001";

    /// <summary>Position in its fleet (0-based). Drives addresses, subnets and the per-gateway random seed.</summary>
    public int Index { get; init; }

    /// <summary>Where the VICI socket listens: <c>unix:///path</c> or <c>tcp://127.0.0.1:0</c> (0 picks a free port, kept across restarts).</summary>
    public string ListenUri { get; init; } = "tcp://127.0.0.1:0";

    /// <summary>The strongSwan version <c>version</c> reports. <c>alert</c> exists from 6.0.3 on, as in the real daemon.</summary>
    public string Version { get; init; } = "5.9.8";

    /// <summary>How many IKE_SAs are up at start (each has one or two CHILD_SAs).</summary>
    public int SaCount { get; init; } = 10;

    /// <summary>Connections configured but not up at start. Null: a tenth of <see cref="SaCount"/>, at least one.</summary>
    public int? DownConnections { get; init; }

    /// <summary>Seed of everything random about this gateway: the same seed gives the same SAs, SPIs and churn.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The public address the gateway's IKE_SAs use as <c>local-host</c>. Null: derived from <see cref="Index"/> (198.51.100.x first).</summary>
    public string? Address { get; init; }

    /// <summary>Inventory tags (site, region, role). Null: derived from <see cref="Index"/>.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>The clock behind established/installed times and the byte counters. Tests pass a manual one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Churn for a gateway running on its own (a fleet runs one loop for all its gateways instead): events per second, 0 for none.</summary>
    public double EventRate { get; init; }

    /// <summary>Reported by <c>version</c>.</summary>
    public string SysName { get; init; } = "Linux";

    /// <summary>Reported by <c>version</c>.</summary>
    public string Release { get; init; } = "6.1.0-28-amd64";

    /// <summary>Reported by <c>version</c>.</summary>
    public string Machine { get; init; } = "x86_64";
}

/// <summary>What a simulated restart changes. Fractions are of the IKE_SAs up before the restart.</summary>
public sealed record RestartOptions
{
    /// <summary>Share of the IKE_SAs that do not come back.</summary>
    public double RemoveFraction { get; init; } = 0.2;

    /// <summary>Share of the surviving IKE_SAs that come back rekeyed (new SPIs and unique ids, for the IKE_SA and its children).</summary>
    public double RekeyFraction { get; init; } = 0.3;

    /// <summary>IKE_SAs that are new after the restart. Null: as many as were removed.</summary>
    public int? AddCount { get; init; }

    /// <summary>How long the socket is gone (connections refused) before the daemon answers again.</summary>
    public TimeSpan Downtime { get; init; } = TimeSpan.Zero;

    /// <summary>The version after the restart (an upgrade); null keeps the current one.</summary>
    public string? Version { get; init; }
}

/// <summary>What a restart did: unique ids of the IKE_SAs removed, added, and rekeyed (old id → new id).</summary>
public sealed record RestartResult(
    IReadOnlyList<uint> Removed,
    IReadOnlyList<uint> Added,
    IReadOnlyDictionary<uint, uint> Rekeyed,
    int IkeSaCount);

/// <summary>A strongSwan version as <c>version</c> reports it, compared numerically (6.0.3 &gt; 5.9.14 &gt; 5.9.8).</summary>
public static class StrongSwanVersion
{
    /// <summary>The first version whose vici plugin has the <c>alert</c> event.</summary>
    public static readonly Version AlertSince = new(6, 0, 3);

    /// <summary>Parses the leading numeric part ("6.0.3", "5.9.14", "6.0.0dr2" → 6.0.0).</summary>
    public static Version Parse(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var parts = new int[3];
        var span = version.AsSpan().Trim();
        for (var i = 0; i < 3 && !span.IsEmpty; i++)
        {
            var n = 0;
            while (n < span.Length && char.IsAsciiDigit(span[n]))
            {
                n++;
            }

            if (n == 0)
            {
                break;
            }

            parts[i] = int.Parse(span[..n], NumberStyles.None, CultureInfo.InvariantCulture);
            span = span[n..];
            if (span.IsEmpty || span[0] != '.')
            {
                break;
            }

            span = span[1..];
        }

        return new Version(parts[0], parts[1], parts[2]);
    }

    public static bool HasAlert(string version) => Parse(version) >= AlertSince;
}
