using System.Globalization;

namespace FleetCtl.Libreswan;

/// <summary>Which command line the prefix leads to: the <c>ipsec</c> front end, or <c>whack</c> itself.</summary>
public enum LibreswanCommandStyle
{
    /// <summary><c>PREFIX status</c>, <c>PREFIX auto --up NAME</c>, <c>PREFIX whack --deletestate N</c>.</summary>
    Ipsec,
    /// <summary><c>PREFIX --status</c>, <c>PREFIX --name NAME --initiate</c>, <c>PREFIX --deletestate N</c> (prefix ends in whack and its options, e.g. <c>--ctlsocket PATH</c>).</summary>
    Whack,
}

/// <summary>
/// Drives one libreswan gateway through commands (the <c>exec:</c> transport): a prefix — <c>ipsec</c>,
/// <c>ssh gw1 sudo ipsec</c>, or <c>/usr/libexec/ipsec/whack --ctlsocket /run/pluto/pluto.ctl</c> — split into argv like
/// a shell would (quotes, backslashes; no expansion, no shell), then the operation's arguments appended as separate
/// argv entries, so a connection name can never inject anything. A prefix containing a <c>whack</c> word uses whack's
/// own options; otherwise the <c>ipsec</c> front end's subcommands. Non-zero exits throw <see cref="LibreswanCommandException"/>.
/// </summary>
public sealed class LibreswanCommands
{
    private readonly ICommandRunner _runner;

    public LibreswanCommands(string commandPrefix, ICommandRunner? runner = null, CommandOptions? options = null)
        : this(CommandLine.Split(commandPrefix ?? throw new ArgumentNullException(nameof(commandPrefix))), runner, options)
    {
    }

    public LibreswanCommands(IReadOnlyList<string> prefix, ICommandRunner? runner = null, CommandOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Count == 0)
        {
            throw new ArgumentException("the command prefix is empty; expected e.g. 'ipsec' or '/usr/libexec/ipsec/whack --ctlsocket /run/pluto/pluto.ctl'", nameof(prefix));
        }

        Prefix = [.. prefix];
        Style = prefix.Any(a => Path.GetFileName(a) == "whack") ? LibreswanCommandStyle.Whack : LibreswanCommandStyle.Ipsec;
        _runner = runner ?? ProcessCommandRunner.Instance;
        Options = options ?? new CommandOptions();
    }

    public IReadOnlyList<string> Prefix { get; }
    public LibreswanCommandStyle Style { get; }
    public CommandOptions Options { get; }

    // ---- the argv of each operation (public so a preview can show exactly what will run) ---------------------

    public IReadOnlyList<string> StatusArgv() => Argv(["status"], ["--status"]);

    public IReadOnlyList<string> TrafficStatusArgv() => Argv(["trafficstatus"], ["--trafficstatus"]);

    /// <summary><c>ipsec auto [--asynchronous] --up NAME</c> = <c>whack --name NAME --initiate [--asynchronous]</c>.
    /// Without <paramref name="asynchronous"/> whack waits for the negotiation (and keeps waiting while pluto retries).</summary>
    public IReadOnlyList<string> UpArgv(string connection, bool asynchronous = false) => Argv(
        ["auto", .. asynchronous ? (string[])["--asynchronous"] : [], "--up", Name(connection)],
        ["--name", Name(connection), "--initiate", .. asynchronous ? (string[])["--asynchronous"] : []]);

    /// <summary><c>ipsec auto --down NAME</c> = <c>whack --name NAME --terminate</c>: deletes the connection's SAs.</summary>
    public IReadOnlyList<string> DownArgv(string connection) =>
        Argv(["auto", "--down", Name(connection)], ["--name", Name(connection), "--terminate"]);

    /// <summary><c>whack --deletestate N</c>: deletes one state (IKE or child SA).</summary>
    public IReadOnlyList<string> DeleteStateArgv(int serial)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(serial);
        var n = serial.ToString(CultureInfo.InvariantCulture);
        return Argv(["whack", "--deletestate", n], ["--deletestate", n]);
    }

    public IReadOnlyList<string> RekeyIkeArgv(string connection, bool asynchronous = false) => Whack(["--rekey-ike", "--name", Name(connection), .. Async(asynchronous)]);

    public IReadOnlyList<string> RekeyIpsecArgv(string connection, bool asynchronous = false) => Whack(["--rekey-ipsec", "--name", Name(connection), .. Async(asynchronous)]);

    /// <summary>Active IKEv2 redirect (4.10: <c>whack [--name NAME] --redirect-to ADDR</c>): sends a REDIRECT to the peers of the
    /// connection's established IKE SAs.</summary>
    public IReadOnlyList<string> RedirectArgv(string connection, string redirectTo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(redirectTo);
        return Whack(["--name", Name(connection), "--redirect-to", redirectTo]);
    }

    // ---- running them -------------------------------------------------------------------------------------------

    /// <summary>The full status text (<c>ipsec status</c>).</summary>
    public async Task<string> StatusTextAsync(CancellationToken cancellationToken = default) =>
        (await RunCheckedAsync(StatusArgv(), cancellationToken).ConfigureAwait(false)).StdOut;

    public async Task<string> TrafficStatusTextAsync(CancellationToken cancellationToken = default) =>
        (await RunCheckedAsync(TrafficStatusArgv(), cancellationToken).ConfigureAwait(false)).StdOut;

    /// <summary>Runs status and trafficstatus and parses them together (children then carry trafficstatus' exact byte counts).</summary>
    public async Task<LibreswanStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        var status = await StatusTextAsync(cancellationToken).ConfigureAwait(false);
        var traffic = await TrafficStatusTextAsync(cancellationToken).ConfigureAwait(false);
        return LibreswanStatusParser.Parse(status + "\n" + traffic);
    }

    public Task<CommandResult> UpAsync(string connection, bool asynchronous = false, CancellationToken cancellationToken = default) =>
        RunCheckedAsync(UpArgv(connection, asynchronous), cancellationToken);

    public Task<CommandResult> DownAsync(string connection, CancellationToken cancellationToken = default) =>
        RunCheckedAsync(DownArgv(connection), cancellationToken);

    public Task<CommandResult> DeleteStateAsync(int serial, CancellationToken cancellationToken = default) =>
        RunCheckedAsync(DeleteStateArgv(serial), cancellationToken);

    public Task<CommandResult> RekeyIkeAsync(string connection, bool asynchronous = false, CancellationToken cancellationToken = default) =>
        RunCheckedAsync(RekeyIkeArgv(connection, asynchronous), cancellationToken);

    public Task<CommandResult> RekeyIpsecAsync(string connection, bool asynchronous = false, CancellationToken cancellationToken = default) =>
        RunCheckedAsync(RekeyIpsecArgv(connection, asynchronous), cancellationToken);

    public Task<CommandResult> RedirectAsync(string connection, string redirectTo, CancellationToken cancellationToken = default) =>
        RunCheckedAsync(RedirectArgv(connection, redirectTo), cancellationToken);

    /// <summary>Runs <paramref name="argv"/> with <see cref="Options"/>; throws <see cref="LibreswanCommandException"/> on a non-zero exit.</summary>
    public async Task<CommandResult> RunCheckedAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken = default)
    {
        var result = await _runner.RunAsync(argv, Options, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var output = (result.StdErr + result.StdOut).Trim();
            throw new LibreswanCommandException($"`{result.CommandLine}` exited {result.ExitCode}" + (output.Length > 0 ? ": " + Tail(output) : ""), result);
        }

        return result;
    }

    private IReadOnlyList<string> Argv(string[] ipsec, string[] whack) => [.. Prefix, .. Style == LibreswanCommandStyle.Ipsec ? ipsec : whack];

    private IReadOnlyList<string> Whack(string[] whackArgs) => Argv(["whack", .. whackArgs], whackArgs);

    private static string[] Async(bool asynchronous) => asynchronous ? ["--asynchronous"] : [];

    /// <summary>A connection name as one argv entry; one starting with '-' would read as an option, so it is refused.</summary>
    private static string Name(string connection)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connection);
        if (connection.StartsWith('-'))
        {
            throw new ArgumentException($"connection name '{connection}' starts with '-' and would be read as an option", nameof(connection));
        }

        return connection;
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "…" + text[^2000..];
}
