using System.Net;

namespace FleetCtl.Vici;

/// <summary>How a gateway's VICI socket is reached.</summary>
public enum ViciTransportKind
{
    /// <summary><c>unix:///run/charon.vici</c>: charon's default, local only.</summary>
    Unix,
    /// <summary><c>tcp://host:port</c>: cleartext and unauthenticated; fine on loopback, a risk anywhere else.</summary>
    Tcp,
    /// <summary><c>tls://host:port</c>: mutual TLS to a VICI socket fronted by stunnel or socat.</summary>
    Tls,
    /// <summary><c>exec:command args</c>: the stdin/stdout of a command, e.g. <c>exec:ssh gw socat - UNIX-CONNECT:/run/charon.vici</c>.</summary>
    Exec,
}

/// <summary>A parsed VICI URI, in the forms swanctl's <c>--uri</c> takes plus <c>tls://</c> and <c>exec:</c>.</summary>
public sealed record ViciEndpoint
{
    private ViciEndpoint(ViciTransportKind kind, string uri)
    {
        Kind = kind;
        Uri = uri;
    }

    public ViciTransportKind Kind { get; }

    /// <summary>The URI as given (never holds secrets: credentials for TLS come from options, not the URI).</summary>
    public string Uri { get; }

    /// <summary>Socket path for <see cref="ViciTransportKind.Unix"/>.</summary>
    public string? Path { get; private init; }

    public string? Host { get; private init; }

    public int Port { get; private init; }

    /// <summary>Program and arguments for <see cref="ViciTransportKind.Exec"/>.</summary>
    public IReadOnlyList<string> Command { get; private init; } = [];

    /// <summary>True for <c>tcp://</c> to anything but a loopback address: VICI then travels in clear text without authentication.</summary>
    public bool IsInsecure => Kind == ViciTransportKind.Tcp && !IsLoopback(Host!);

    /// <summary>Parses a VICI URI.</summary>
    /// <exception cref="FormatException">The URI is not one of the supported forms; the message says why.</exception>
    public static ViciEndpoint Parse(string uri) => Parse(uri, allowAnyPort: false);

    /// <summary>Parses a URI to listen on: <c>tcp://host:0</c> (any free port) is allowed.</summary>
    internal static ViciEndpoint ParseListen(string uri) => Parse(uri, allowAnyPort: true);

    private static ViciEndpoint Parse(string uri, bool allowAnyPort)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var text = uri.Trim();
        if (text.Length == 0)
        {
            throw new FormatException("empty VICI URI; expected unix:///path, tcp://host:port, tls://host:port or exec:command");
        }

        if (text.StartsWith('/'))
        {
            return new ViciEndpoint(ViciTransportKind.Unix, "unix://" + text) { Path = text };
        }

        if (text.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
        {
            var path = text["unix://".Length..];
            if (!path.StartsWith('/'))
            {
                throw new FormatException($"VICI URI '{uri}': unix:// needs an absolute path, e.g. unix:///var/run/charon.vici");
            }

            return new ViciEndpoint(ViciTransportKind.Unix, text) { Path = path };
        }

        if (text.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("tls://", StringComparison.OrdinalIgnoreCase))
        {
            var kind = text.StartsWith("tcp", StringComparison.OrdinalIgnoreCase) ? ViciTransportKind.Tcp : ViciTransportKind.Tls;
            var (host, port) = ParseHostPort(uri, text[6..], allowAnyPort);
            return new ViciEndpoint(kind, text) { Host = host, Port = port };
        }

        if (text.StartsWith("exec:", StringComparison.OrdinalIgnoreCase))
        {
            var args = SplitCommandLine(text["exec:".Length..]);
            if (args.Count == 0)
            {
                throw new FormatException($"VICI URI '{uri}': exec: needs a command, e.g. exec:ssh gw socat - UNIX-CONNECT:/var/run/charon.vici");
            }

            return new ViciEndpoint(ViciTransportKind.Exec, text) { Command = args };
        }

        throw new FormatException($"VICI URI '{uri}' has an unsupported scheme; expected unix:///path, tcp://host:port, tls://host:port or exec:command");
    }

    public static bool TryParse(string uri, out ViciEndpoint? endpoint, out string? error)
    {
        try
        {
            endpoint = Parse(uri);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            endpoint = null;
            error = e.Message;
            return false;
        }
    }

    public override string ToString() => Uri;

    private static (string Host, int Port) ParseHostPort(string uri, string rest, bool allowAnyPort)
    {
        rest = rest.TrimEnd('/');
        string host;
        string portText;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= rest.Length || rest[close + 1] != ':')
            {
                throw new FormatException($"VICI URI '{uri}': expected [ipv6]:port");
            }

            host = rest[1..close];
            portText = rest[(close + 2)..];
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            if (colon <= 0)
            {
                throw new FormatException($"VICI URI '{uri}': expected host:port");
            }

            host = rest[..colon];
            portText = rest[(colon + 1)..];
        }

        if (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65535 || (port == 0 && !allowAnyPort))
        {
            throw new FormatException($"VICI URI '{uri}': port '{portText}' is not a number from 1 to 65535");
        }

        if (host.Length == 0)
        {
            throw new FormatException($"VICI URI '{uri}': missing host");
        }

        return (host, port);
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>Splits a command line the way a POSIX shell would for plain words, single and double quotes and backslashes.</summary>
    internal static List<string> SplitCommandLine(string line) => CommandLine.Split(line);
}
