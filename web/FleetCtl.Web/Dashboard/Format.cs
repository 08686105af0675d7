using System.Globalization;
using FleetCtl.Fleet.Gateways;
using MudBlazor;

namespace FleetCtl.Web.Dashboard;

/// <summary>How the pages write times, sizes and states: invariant culture, UTC, short.</summary>
public static class Format
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary><c>2026-11-03 14:05:09Z</c>, or an em dash.</summary>
    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", s_inv) : "—";

    /// <summary>A compact duration: <c>45s</c>, <c>12m 5s</c>, <c>3h 4m</c>, <c>2d 3h</c>.</summary>
    public static string Span(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = span.Negate();
        }

        return span.TotalSeconds < 1 ? $"{span.TotalMilliseconds.ToString("0", s_inv)}ms"
            : span.TotalMinutes < 1 ? $"{(int)span.TotalSeconds}s"
            : span.TotalHours < 1 ? $"{span.Minutes}m {span.Seconds}s"
            : span.TotalDays < 1 ? $"{span.Hours}h {span.Minutes}m"
            : $"{(int)span.TotalDays}d {span.Hours}h";
    }

    /// <summary><c>5m 3s ago</c> or <c>in 42m 0s</c> relative to <paramref name="now"/>; an em dash when unknown.</summary>
    public static string Relative(DateTimeOffset? at, DateTimeOffset now) => at is not { } t ? "—"
        : t <= now ? $"{Span(now - t)} ago"
        : $"in {Span(t - now)}";

    /// <summary>A duration such as a resync's: <c>120ms</c>, <c>2.4s</c>.</summary>
    public static string Duration(TimeSpan? span) => span is not { } d ? "—"
        : d.TotalSeconds < 1 ? $"{d.TotalMilliseconds.ToString("0", s_inv)}ms"
        : d.TotalMinutes < 1 ? $"{d.TotalSeconds.ToString("0.0", s_inv)}s"
        : Span(d);

    /// <summary>Binary units: <c>512 B</c>, <c>1.5 KiB</c>, <c>3.2 GiB</c>.</summary>
    public static string Bytes(ulong bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes.ToString(s_inv)} B" : $"{value.ToString(value < 10 ? "0.0" : "0", s_inv)} {units[unit]}";
    }

    /// <summary>A packet count, short: <c>812 pkts</c>, <c>12.4k pkts</c>, <c>3.1M pkts</c>.</summary>
    public static string Packets(ulong packets) =>
        (packets < 10_000 ? packets.ToString(s_inv)
            : packets < 1_000_000 ? $"{(packets / 1e3).ToString("0.#", s_inv)}k"
            : $"{(packets / 1e6).ToString("0.#", s_inv)}M") + " pkts";

    public static string Count(long n) => n.ToString("#,0", s_inv);

    /// <summary>Host and port as <c>192.0.2.1[4500]</c> (charon's notation); an IPv6 host stays readable.</summary>
    public static string Endpoint(string? host, long? port) => host is null ? "—" : port is { } p ? $"{host}[{p.ToString(s_inv)}]" : host;

    /// <summary>An algorithm with its key size when charon gives one: <c>AES_CBC-256</c>.</summary>
    public static string Algorithm(string? name, long? keySize) =>
        name is null ? "" : keySize is { } k && k > 0 ? $"{name}-{k.ToString(s_inv)}" : name;

    /// <summary>The non-empty parts joined with <c>/</c> (an AEAD cipher has no integrity algorithm), or an em dash.</summary>
    public static string Proposal(params string?[] parts)
    {
        var present = parts.Where(p => !string.IsNullOrEmpty(p)).ToArray();
        return present.Length == 0 ? "—" : string.Join('/', present);
    }

    public static string List(IReadOnlyCollection<string> items) => items.Count == 0 ? "—" : string.Join(", ", items);

    /// <summary>The chip colour of a gateway state: green connected, amber on the way, red unreachable.</summary>
    public static Color StateColor(GatewayConnectionState state) => state switch
    {
        GatewayConnectionState.Connected => Color.Success,
        GatewayConnectionState.Unreachable => Color.Error,
        _ => Color.Warning,
    };

    /// <summary>The colour of an SA state as charon names it (<c>ESTABLISHED</c>, <c>INSTALLED</c>, <c>REKEYING</c>, ...).</summary>
    public static Color SaStateColor(string? state) => state?.ToUpperInvariant() switch
    {
        "ESTABLISHED" or "INSTALLED" => Color.Success,
        "CONNECTING" or "INSTALLING" or "REKEYING" or "REKEYED" or "PASSIVE" or "CREATED" => Color.Warning,
        "DELETING" or "DESTROYING" or "DELETED" or "FAILED" => Color.Error,
        "ROUTED" => Color.Info,
        _ => Color.Default,
    };
}
