using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace FleetCtl.Integration.Tests.Lab;

/// <summary>
/// One real charon of a <see cref="CharonLab"/>: its namespace, addresses, files and process. Outer address
/// 10.99.0.K/24 on eth0, inner address 10.(10+K).0.1/32 on lo (inside its local traffic selector 10.(10+K).0.0/24).
/// </summary>
public sealed class CharonGateway
{
    private readonly CharonLab _lab;
    private readonly Lock _gate = new();
    private Process? _process;

    internal CharonGateway(CharonLab lab, int number, string @namespace, string directory)
    {
        _lab = lab;
        Number = number;
        Namespace = @namespace;
        Directory = directory;
    }

    /// <summary>1 for gw1.</summary>
    public int Number { get; }

    /// <summary><c>gw1</c>, <c>gw2</c>...</summary>
    public string Name => $"gw{Number}";

    /// <summary>The IKE identity the lab's default connections use: <c>gwK.lab</c> (an FQDN identity).</summary>
    public string Identity => $"{Name}.lab";

    public string Namespace { get; }
    public string OuterAddress => $"10.99.0.{Number}";
    public string InnerAddress => $"10.{10 + Number}.0.1";
    /// <summary>The gateway's local traffic selector; <see cref="InnerAddress"/> lies inside it.</summary>
    public string InnerSubnet => $"10.{10 + Number}.0.0/24";

    public string Directory { get; }
    public string ViciSocketPath => Path.Combine(Directory, "charon.vici");
    /// <summary><c>unix://DIR/charon.vici</c>, reachable from the root namespace.</summary>
    public string ViciUri => "unix://" + ViciSocketPath;
    /// <summary>charon's filelog (default level 1, ike 2, flushed per line).</summary>
    public string LogPath => Path.Combine(Directory, "charon.log");
    /// <summary>charon's stdout/stderr (and errors of the mount/exec wrapper).</summary>
    public string OutputPath => Path.Combine(Directory, "charon.out");
    public string StrongswanConfPath => Path.Combine(Directory, "strongswan.conf");
    public string SwanctlConfPath => Path.Combine(Directory, "swanctl.conf");

    /// <summary>PID of the current charon (changes on restart); 0 before the first start.</summary>
    public int Pid
    {
        get
        {
            lock (_gate)
            {
                return _process?.Id ?? 0;
            }
        }
    }

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _process is { HasExited: false };
            }
        }
    }

    /// <summary>How many times charon was started (1 after the lab comes up).</summary>
    public int Starts { get; private set; }

    internal void WriteStrongswanConf()
    {
        foreach (var d in new[] { "x509", "x509ca", "x509aa", "x509ocsp", "x509crl", "x509ac", "pubkey", "private", "rsa", "ecdsa", "bliss", "pkcs8", "pkcs12" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(Directory, d));
        }

        File.WriteAllText(StrongswanConfPath, $$"""
            # {{Name}} of CharonLab {{_lab.Id}}. kernel-libipsec: the kernel has no ESP; ESP runs in userspace over a TUN
            # device, which forces UDP encapsulation ("remote host is behind NAT" is expected). Without kdf: "key derivation failed".
            charon {
              load_modular = no
              load = random nonce kdf openssl aes sha1 sha2 hmac gmp curve25519 pem pkcs1 x509 pubkey kernel-libipsec kernel-netlink socket-default vici updown
              {{_lab.CharonOptionsOf(Number)}}
              filelog {
                f {
                  path = {{LogPath}}
                  time_format = %F %T
                  default = 1
                  ike = 2
                  flush_line = yes
                }
              }
              plugins {
                vici {
                  socket = {{ViciUri}}
                }
              }
            }

            """);
        File.AppendAllText(LogPath, "");
    }

    /// <summary>Starts charon in the gateway's namespace and waits until its VICI socket answers.</summary>
    internal async Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name}: charon is already running (pid {Pid})");
        }

        File.Delete(ViciSocketPath); // so a stale socket file cannot pass for readiness
        // `ip netns exec`, `unshare` and `sh` all exec: the PID of the process we start is charon's. The private mount
        // namespace gets its own /run (charon's pid file) and drops its copy of /run/netns, so it does not pin other
        // labs' namespaces while it lives.
        var script = $"exec >>{Q(OutputPath)} 2>&1 </dev/null; umount -l /run/netns 2>/dev/null; " +
                     $"mount -t tmpfs tmpfs /run && STRONGSWAN_CONF={Q(StrongswanConfPath)} exec {CharonLab.CharonPath}";
        var psi = new ProcessStartInfo(CharonLab.IpPath) { UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", Namespace, "unshare", "-m", "sh", "-c", script })
        {
            psi.ArgumentList.Add(a);
        }

        var watch = Stopwatch.StartNew();
        Process process;
        lock (_gate)
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"{Name}: could not start charon");
            _process = process;
            Starts++;
        }

        _lab.RecordPids();
        _lab.Trace($"{Name}: started charon pid {process.Id} in {Namespace}");
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"{Name}: charon (pid {process.Id}) exited with {process.ExitCode} before answering VICI.\n--- {OutputPath}\n{ReadText(OutputPath)}\n--- {LogPath}\n{LogTail(40)}");
            }

            if (await RawVici.AnswersAsync(ViciSocketPath, TimeSpan.FromSeconds(1)))
            {
                break;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name}: charon (pid {process.Id}) did not answer VICI at {ViciSocketPath} within {timeout.TotalSeconds:0.#} s.\n{LogTail(40)}");
            }

            await Task.Delay(10, cancellationToken);
        }

        _lab.Trace($"{Name}: VICI answers after {watch.ElapsedMilliseconds} ms");
    }

    /// <summary><c>kill -9</c> of charon by its PID; waits until it is gone. No-op when it is not running.</summary>
    public async Task KillAsync()
    {
        var process = Current();
        if (process is null || process.HasExited)
        {
            return;
        }

        _lab.Trace($"{Name}: kill -9 {process.Id}");
        _ = SendSignal(process.Id, Sigkill);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>SIGTERM (charon shuts down cleanly, deleting its SAs); SIGKILL when it has not exited after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        var process = Current();
        if (process is null || process.HasExited)
        {
            return;
        }

        _lab.Trace($"{Name}: kill -TERM {process.Id}");
        _ = SendSignal(process.Id, Sigterm);
        try
        {
            await process.WaitForExitAsync().WaitAsync(grace ?? TimeSpan.FromSeconds(3));
        }
        catch (TimeoutException)
        {
            _lab.Trace($"{Name}: charon {process.Id} ignored SIGTERM; kill -9");
            _ = SendSignal(process.Id, Sigkill);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>Stops charon (SIGTERM) if it runs and starts a new one with the same configuration; waits for VICI.
    /// Loaded connections and secrets are gone: load them again.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync();
        await StartAsync(TimeSpan.FromSeconds(10), cancellationToken);
    }

    /// <summary>Synchronous SIGKILL for disposal paths.</summary>
    internal void KillNow()
    {
        var process = Current();
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            _ = SendSignal(process.Id, Sigkill);
            process.WaitForExit(5000);
        }

        process.Dispose();
    }

    // ---- configuration ----------------------------------------------------------------------------------

    /// <summary>Writes <see cref="SwanctlConfPath"/> (the folders <c>swanctl --load-all</c> expects exist next to it).</summary>
    public string WriteSwanctlConf(IEnumerable<LabConnection> connections, IEnumerable<LabSecret> secrets)
    {
        File.WriteAllText(SwanctlConfPath, SwanctlConf.Render(connections, secrets));
        return SwanctlConfPath;
    }

    /// <summary><c>swanctl ARGS --uri unix://DIR/charon.vici</c>.</summary>
    public Task<RunResult> SwanctlAsync(params string[] args) => SwanctlAsync(args, TimeSpan.FromSeconds(30));

    public async Task<RunResult> SwanctlAsync(IEnumerable<string> args, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var result = await ProcessRunner.RunAsync(CharonLab.SwanctlPath, [.. args, "--uri", ViciUri], timeout, cancellationToken);
        _lab.Trace($"{Name}: {result}");
        return result;
    }

    /// <summary><c>swanctl --load-all --file SwanctlConfPath</c>; throws when it fails.</summary>
    public async Task<RunResult> LoadAllAsync() => (await SwanctlAsync("--load-all", "--file", SwanctlConfPath)).EnsureSuccess();

    /// <summary>Runs a command inside the gateway's network namespace.</summary>
    public Task<RunResult> ExecAsync(IEnumerable<string> command, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync(CharonLab.IpPath, ["netns", "exec", Namespace, .. command], timeout, cancellationToken);

    // ---- log --------------------------------------------------------------------------------------------

    /// <summary>The log's current length: pass it to <see cref="WaitForLogAsync"/> to look only at what comes after.</summary>
    public long LogMark() => File.Exists(LogPath) ? new FileInfo(LogPath).Length : 0;

    public string ReadLog(long since = 0)
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (since > 0)
        {
            stream.Seek(Math.Min(since, stream.Length), SeekOrigin.Begin);
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public string LogTail(int lines)
    {
        var all = File.Exists(LogPath) ? ReadLog().Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <summary>Waits until a log line after <paramref name="since"/> contains <paramref name="text"/>; returns that line.</summary>
    public async Task<string> WaitForLogAsync(string text, long since = 0, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var line = ReadLog(since).Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"{Name}: no log line containing '{text}' within {limit.TotalSeconds:0.#} s. Log since mark:\n{ReadLog(since)}");
            }

            await Task.Delay(20);
        }
    }

    public override string ToString() => $"{Name} ({Namespace}, {OuterAddress}, pid {Pid})";

    private Process? Current()
    {
        lock (_gate)
        {
            return _process;
        }
    }

    private static string ReadText(string path) => File.Exists(path) ? File.ReadAllText(path) : "(none)";

    private static string Q(string s) => ProcessRunner.Quote(s);

    private const int Sigkill = 9;
    private const int Sigterm = 15;

    internal static int SendSignal(int pid, int signal) => Kill(pid, signal);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
