using System.Globalization;
using System.Net;

namespace FleetCtl.Simulator;

/// <summary>
/// Addresses, identities and subnets of the simulated world, all derived from small integers so that nothing
/// per-SA needs storing twice. Public IKE endpoints come from the documentation ranges (198.51.100.0/24 and
/// 192.0.2.0/24 for gateways, 203.0.113.0/24 for the first peers) and then from the benchmarking range
/// 198.18.0.0/15, which is large enough for a fleet of 1,000 gateways × 100 SAs.
/// </summary>
internal static class Addressing
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>Gateway <paramref name="index"/>'s public address: 198.51.100.1-254, then 192.0.2.1-254, then 198.19.128.0/17.</summary>
    public static string GatewayAddress(int index)
    {
        if (index < 254)
        {
            return string.Create(s_inv, $"198.51.100.{index + 1}");
        }

        if (index < 508)
        {
            return string.Create(s_inv, $"192.0.2.{index - 253}");
        }

        var n = index - 508;
        return string.Create(s_inv, $"198.19.{128 + (n / 254 % 128)}.{(n % 254) + 1}");
    }

    /// <summary>The public address of remote site <paramref name="site"/>: 203.0.113.1-254, then 198.18.0.0-198.19.63.255 (81,534 sites before wrapping).</summary>
    public static string SiteAddress(int site)
    {
        if (site < 254)
        {
            return string.Create(s_inv, $"203.0.113.{site + 1}");
        }

        var n = (site - 254) % (320 * 254);
        var block = n / 254;
        return string.Create(s_inv, $"198.{18 + (block / 256)}.{block % 256}.{(n % 254) + 1}");
    }

    /// <summary>A road-warrior client's public address (behind a NAT, like most of them): 198.19.64.0/18.</summary>
    public static string ClientAddress(int user)
    {
        var n = user % (64 * 254);
        return string.Create(s_inv, $"198.19.{64 + (n / 254)}.{(n % 254) + 1}");
    }

    public static string SiteName(int site) => string.Create(s_inv, $"site-{site + 1:000}");

    public static string SiteId(int site) => string.Create(s_inv, $"gw-site-{site + 1:000}.example.org");

    /// <summary>The LAN behind remote site <paramref name="site"/> (10.128.0.0/9).</summary>
    public static string SiteLan(int site)
    {
        var n = site % 32768;
        return string.Create(s_inv, $"10.{128 + (n / 256)}.{n % 256}.0/24");
    }

    /// <summary>The voice subnet behind remote site <paramref name="site"/> (172.24.0.0/13).</summary>
    public static string SiteVoice(int site)
    {
        var n = site % 2048;
        return string.Create(s_inv, $"172.{24 + (n / 256)}.{n % 256}.0/24");
    }

    /// <summary>The data-centre network behind gateway <paramref name="index"/> (10.0.0.0/9, a /20 each).</summary>
    public static string GatewayLan(int index)
    {
        var n = index % 2048;
        return string.Create(s_inv, $"10.{n / 16}.{n % 16 * 16}.0/20");
    }

    /// <summary>The voice network behind gateway <paramref name="index"/> (172.16.0.0/13).</summary>
    public static string GatewayVoice(int index)
    {
        var n = index % 2048;
        return string.Create(s_inv, $"172.{16 + (n / 256)}.{n % 256}.0/24");
    }

    /// <summary>A virtual IP handed to road-warrior <paramref name="user"/> (100.64.0.0/10, the carrier-grade NAT range pools often use).</summary>
    public static string VirtualIp(int user)
    {
        var n = user % (64 * 256 * 254);
        var block = n / 254;
        return string.Create(s_inv, $"100.{64 + (block / 256)}.{block % 256}.{(n % 254) + 1}");
    }

    public static string UserName(int user) => string.Create(s_inv, $"user{user + 1:0000}@example.org");

    public static string XauthUser(int user) => string.Create(s_inv, $"xauth-{user + 1:0000}");

    public static string LegacyId(int user) => string.Create(s_inv, $"legacy-{user + 1:0000}.example.org");

    public static string GatewayId(string gatewayName) => gatewayName + ".vpn.example.net";

    /// <summary>
    /// Does <paramref name="address"/> match a redirect <c>peer-ip</c> selector: an address, a CIDR subnet, or a range <c>a-b</c>?
    /// </summary>
    public static bool MatchesPeerIp(string address, string selector)
    {
        if (!IPAddress.TryParse(address, out var ip))
        {
            return false;
        }

        var dash = selector.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            return IPAddress.TryParse(selector.AsSpan(0, dash), out var from) && IPAddress.TryParse(selector.AsSpan(dash + 1), out var to) &&
                   from.AddressFamily == ip.AddressFamily && Compare(from, ip) <= 0 && Compare(ip, to) <= 0;
        }

        if (selector.Contains('/', StringComparison.Ordinal))
        {
            return IPNetwork.TryParse(selector, out var net) && net.Contains(ip);
        }

        return IPAddress.TryParse(selector, out var single) && single.Equals(ip);
    }

    /// <summary>Is <paramref name="selector"/> an address, a CIDR subnet or an address range, as redirect's <c>peer-ip</c> takes?</summary>
    public static bool IsValidPeerIpSelector(string selector)
    {
        var dash = selector.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            return IPAddress.TryParse(selector.AsSpan(0, dash), out var from) && IPAddress.TryParse(selector.AsSpan(dash + 1), out var to) &&
                   from.AddressFamily == to.AddressFamily;
        }

        return selector.Contains('/', StringComparison.Ordinal) ? IPNetwork.TryParse(selector, out _) : IPAddress.TryParse(selector, out _);
    }

    private static int Compare(IPAddress a, IPAddress b) => a.GetAddressBytes().AsSpan().SequenceCompareTo(b.GetAddressBytes());

    /// <summary>charon-style identity wildcard match: <c>*</c> matches any run of characters (e.g. <c>*.example.org</c>).</summary>
    public static bool MatchesId(string id, string pattern)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            return string.Equals(id, pattern, StringComparison.OrdinalIgnoreCase);
        }

        return Glob(id.AsSpan(), pattern.AsSpan());
    }

    private static bool Glob(ReadOnlySpan<char> text, ReadOnlySpan<char> pattern)
    {
        int t = 0, p = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] != '*' && char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t]))
            {
                t++;
                p++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
