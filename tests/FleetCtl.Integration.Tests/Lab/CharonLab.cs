using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace FleetCtl.Integration.Tests.Lab;

public sealed record CharonLabOptions
{
    /// <summary>Receives what the lab does (commands, PIDs, timings) and, on dispose, the tail of every charon log.
    /// Pass an <c>ITestOutputHelper.WriteLine</c>: xunit shows it when a test fails.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Leave the lab's directory (configs, logs) behind after disposing. Default: the FLEETCTL_LAB_KEEP=1 environment variable.</summary>
    public bool KeepDirectory { get; init; } = Environment.GetEnvironmentVariable("FLEETCTL_LAB_KEEP") == "1";

    /// <summary>Lines of each charon log written to <see cref="Log"/> on dispose.</summary>
    public int LogTailLines { get; init; } = 40;

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Extra <c>charon { }</c> options of gateway K (its number), e.g. short retransmits or
    /// <c>i_dont_care_about_security_and_use_aggressive_mode_psk = yes</c>; null or empty for none.</summary>
    public Func<int, string?>? CharonOptions { get; init; }

    /// <summary>The process whose death tears the lab down (the watchdog's and stale cleanup's notion of "owner").
    /// Default: this process. Tests of the watchdog substitute a short-lived one.</summary>
    internal int? OwnerPid { get; init; }
}

/// <summary>
/// A lab of real strongSwan 5.9.8 charons, one per network namespace, the same topology as deploy/lab/lab-up.sh:
/// a hub namespace with bridge br0, and per gateway a veth pair (gwK on the bridge, eth0 in the gateway).
/// Every name carries a random id (<c>fct1a2b3c4d-gw1</c>), so parallel and aborted runs never collide, and
/// nothing is created in the root namespace. On start, leftovers of earlier runs whose owning process is gone are
/// removed (their charons killed, their namespaces deleted). Disposal — or process exit, if a test run is torn
/// down without disposing — kills the charons by PID and deletes the namespaces.
/// </summary>
public sealed class CharonLab : IAsyncDisposable
{
    public const string CharonPath = "/usr/lib/ipsec/charon";
    public const string SwanctlPath = "/usr/sbin/swanctl";
    public const string KernelLibipsecPlugin = "/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so";
    public const string OuterSubnet = "10.99.0.0/24";
    public const string DefaultPsk = "fleetctl-lab-psk";
    /// <summary>Namespaces are named <c>fct</c> + 8 hex digits + <c>-hub</c> or <c>-gwK</c>.</summary>
    public const string NamespacePrefix = "fct";

    public static readonly string RootDirectory = Path.Combine(Path.GetTempPath(), "fleetctl-charonlab");
    internal static readonly string IpPath = new[] { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip" }.FirstOrDefault(File.Exists) ?? "ip";

    private static readonly Regex s_namespacePattern = new(@"^fct([0-9a-f]{8})-(hub|gw\d+)$", RegexOptions.CultureInvariant);
    private static readonly Lazy<string?> s_unavailable = new(ProbeAvailability);
    private static readonly ConcurrentDictionary<CharonLab, byte> s_live = new();
    private static readonly SemaphoreSlim s_staleCleanup = new(1, 1);
    private static bool s_staleCleanupDone;
    private static int s_processExitHooked;

    private readonly CharonLabOptions _options;
    private readonly List<CharonGateway> _gateways = [];
    private readonly Lock _pidsGate = new();
    private Process? _watchdog;
    private int _disposed;

    private CharonLab(string id, CharonLabOptions options)
    {
        Id = id;
        _options = options;
        Directory = Path.Combine(RootDirectory, id);
        HubNamespace = $"{NamespacePrefix}{id}-hub";
    }

    /// <summary>Why the lab cannot run here (not root, no charon, no namespaces...), or null when it can.</summary>
    public static string? UnavailableReason => s_unavailable.Value;

    /// <summary>FLEETCTL_REQUIRE_LAB=1 (set it on CI): lab tests fail instead of skipping when the lab is unavailable.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("FLEETCTL_REQUIRE_LAB") == "1";

    /// <summary>The random id in every namespace and in <see cref="Directory"/>.</summary>
    public string Id { get; }
    public string Directory { get; }
    public string HubNamespace { get; }
    public IReadOnlyList<CharonGateway> Gateways => _gateways;

    /// <summary>The extra <c>charon { }</c> options of gateway <paramref name="number"/> (<see cref="CharonLabOptions.CharonOptions"/>).</summary>
    internal string CharonOptionsOf(int number) => _options.CharonOptions?.Invoke(number) ?? "";

    /// <summary>Every namespace of this lab: the gateways', then the hub.</summary>
    public IReadOnlyList<string> Namespaces => [.. _gateways.Select(g => g.Namespace), HubNamespace];

    /// <summary>Gateway by number: <c>lab[1]</c> is gw1.</summary>
    public CharonGateway this[int number] => _gateways[number - 1];

    /// <summary>Builds the namespaces and starts <paramref name="gateways"/> charons (no connections loaded).</summary>
    public static async Task<CharonLab> StartAsync(int gateways, CharonLabOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gateways, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gateways, 80);
        if (UnavailableReason is { } reason)
        {
            throw new InvalidOperationException("the real-strongSwan lab cannot run here: " + reason);
        }

        await CleanUpStaleLabsOnceAsync(options?.Log);
        HookProcessExit();

        var lab = new CharonLab(RandomNumberGenerator.GetHexString(8, lowercase: true), options ?? new CharonLabOptions());
        var watch = Stopwatch.StartNew();
        System.IO.Directory.CreateDirectory(lab.Directory);
        // Written before any namespace exists: the stale-lab cleanup of a parallel run sees we are alive.
        File.WriteAllText(Path.Combine(lab.Directory, "owner"), OwnerStamp(lab._options.OwnerPid ?? Environment.ProcessId));
        s_live.TryAdd(lab, 0);
        try
        {
            for (var k = 1; k <= gateways; k++)
            {
                var gwDir = Path.Combine(lab.Directory, $"gw{k}");
                System.IO.Directory.CreateDirectory(gwDir);
                var gw = new CharonGateway(lab, k, $"{NamespacePrefix}{lab.Id}-gw{k}", gwDir);
                gw.WriteStrongswanConf();
                lab._gateways.Add(gw);
            }

            lab.WriteTeardownFiles();
            lab.StartWatchdog();
            await lab.BuildTopologyAsync(cancellationToken);
            await Task.WhenAll(lab._gateways.Select(g => g.StartAsync(lab._options.StartTimeout, cancellationToken)));
            lab.Trace($"lab {lab.Id}: {gateways} gateway(s) up in {watch.ElapsedMilliseconds} ms");
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    // ---- configuration helpers --------------------------------------------------------------------------

    /// <summary>The lab-wide PSK, without owners (matches every pair of identities).</summary>
    public LabSecret Secret { get; } = new() { Name = "lab", Secret = DefaultPsk };

    /// <summary>
    /// The lab's site-to-site connection on <paramref name="local"/> towards <paramref name="remote"/>, as in deploy/lab:
    /// PSK, IKEv2, identities gwK.lab (remote %any); <c>remote_addrs</c> = the peer plus the whole lab subnet, so the
    /// same connection also accepts any other lab gateway (a peer redirected here); <c>remote_ts</c> lists every other
    /// gateway's inner /24 and the responder narrows it to its own.
    /// </summary>
    public LabConnection S2S(CharonGateway local, CharonGateway remote, string name = "s2s", string child = "net") => new()
    {
        Name = name,
        LocalAddrs = [local.OuterAddress],
        RemoteAddrs = [remote.OuterAddress, OuterSubnet],
        LocalId = local.Identity,
        Children =
        [
            new LabChild
            {
                Name = child,
                LocalTs = [local.InnerSubnet],
                RemoteTs = [.. _gateways.Where(g => g != local).Select(g => g.InnerSubnet)],
            },
        ],
    };

    // ---- topology ---------------------------------------------------------------------------------------

    private async Task BuildTopologyAsync(CancellationToken cancellationToken)
    {
        var ip = IpPath;
        var sb = new StringBuilder("set -eu\n");
        sb.Append(CultureInfo.InvariantCulture, $"{ip} netns add {HubNamespace}\n");
        sb.Append(CultureInfo.InvariantCulture, $"{ip} -n {HubNamespace} link set lo up\n");
        sb.Append(CultureInfo.InvariantCulture, $"{ip} -n {HubNamespace} link add br0 type bridge\n");
        sb.Append(CultureInfo.InvariantCulture, $"{ip} -n {HubNamespace} link set br0 up\n");
        foreach (var g in _gateways)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{ip} netns add {g.Namespace}\n");
            // No IPv6: a link-local address finishing DAD after an SA is up makes charon roam and send a MOBIKE
            // INFORMATIONAL, which shifts message IDs and adds exchanges tests do not expect.
            sb.Append(CultureInfo.InvariantCulture, $"{ip} netns exec {g.Namespace} sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1\n");
            sb.Append(CultureInfo.InvariantCulture, $"{ip} -n {HubNamespace} link add {g.Name} type veth peer name eth0 netns {g.Namespace}\n");
            sb.Append(CultureInfo.InvariantCulture, $"{ip} -n {HubNamespace} link set {g.Name} master br0 up\n");
            sb.Append(CultureInfo.InvariantCulture, $"{ip} -n {g.Namespace} link set lo up\n");
            sb.Append(CultureInfo.InvariantCulture, $"{ip} -n {g.Namespace} addr add {g.OuterAddress}/24 dev eth0\n");
            sb.Append(CultureInfo.InvariantCulture, $"{ip} -n {g.Namespace} link set eth0 up\n");
            sb.Append(CultureInfo.InvariantCulture, $"{ip} -n {g.Namespace} addr add {g.InnerAddress}/32 dev lo\n");
        }

        var script = Path.Combine(Directory, "topology.sh");
        await File.WriteAllTextAsync(script, sb.ToString(), cancellationToken);
        var result = await ProcessRunner.RunAsync("/bin/sh", [script], TimeSpan.FromSeconds(30), cancellationToken);
        Trace($"lab {Id}: topology ({_gateways.Count} gateways) built in {result.Elapsed.TotalMilliseconds:0} ms");
        result.EnsureSuccess();
    }

    // ---- teardown ---------------------------------------------------------------------------------------

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        try
        {
            if (_options.Log is not null)
            {
                foreach (var g in _gateways.Where(g => File.Exists(g.LogPath)))
                {
                    Trace($"---- {g.Name} {g.LogPath} (last {_options.LogTailLines} lines)\n{g.LogTail(_options.LogTailLines)}");
                }
            }

            await Task.WhenAll(_gateways.Select(g => g.KillAsync()));
            foreach (var g in _gateways)
            {
                g.KillNow(); // reaps and releases the Process objects
            }

            Trace($"lab {Id}: charons killed after {watch.ElapsedMilliseconds} ms");
            var result = await ProcessRunner.RunAsync("/bin/sh", ["-c", DeleteNamespacesScript(Namespaces)], TimeSpan.FromSeconds(30));
            Trace($"lab {Id}: namespaces deleted in {result.Elapsed.TotalMilliseconds:0} ms");
            var left = (await ListLabNamespacesAsync()).Where(Namespaces.Contains).ToList();
            if (left.Count > 0)
            {
                Trace($"lab {Id}: namespaces left after teardown: {string.Join(", ", left)}\n{result.Output}");
            }
        }
        finally
        {
            StopWatchdog();
            RemoveDirectory();
            s_live.TryRemove(this, out _);
            Trace($"lab {Id}: torn down in {watch.ElapsedMilliseconds} ms");
        }
    }

    /// <summary>Teardown for <see cref="AppDomain.ProcessExit"/>: synchronous, no logging.</summary>
    private void DisposeNow()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var g in _gateways)
        {
            try
            {
                g.KillNow();
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // keep going: the namespaces must go
            }
        }

        ProcessRunner.Run("/bin/sh", ["-c", DeleteNamespacesScript(Namespaces)], TimeSpan.FromSeconds(10));
        StopWatchdog();
        RemoveDirectory();
        s_live.TryRemove(this, out _);
    }

    private void RemoveDirectory()
    {
        try
        {
            if (_options.KeepDirectory)
            {
                File.WriteAllText(Path.Combine(Directory, "keep"), "");
                Trace($"lab {Id}: kept {Directory}");
            }
            else if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // a charon killed a moment ago may still be closing its log; the next run's stale cleanup removes it
        }
    }

    // ---- the watchdog: teardown even when the test process is killed (SIGKILL, SIGTERM, a crash) -------------
    // .NET runs no ProcessExit handler for a signal here (checked: not even for SIGTERM), so a process outside the
    // test host watches it. teardown.sh is also what a human runs to remove a lab left behind:
    //   sh /tmp/fleetctl-charonlab/ID/teardown.sh

    private void WriteTeardownFiles()
    {
        File.WriteAllLines(Path.Combine(Directory, "namespaces"), Namespaces);
        File.WriteAllText(Path.Combine(Directory, "pids"), "");
        File.WriteAllText(Path.Combine(Directory, "teardown.sh"), $$"""
            # Tears down CharonLab {{Id}}: kills its charons — each only while its PID is still charon in the recorded
            # namespace, so a reused PID is never hit — then deletes its namespaces and (without a 'keep' file) this directory.
            dir={{Directory}}
            if [ -f "$dir/pids" ]; then
              while read -r pid ns; do
                [ -n "$pid" ] || continue
                if [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "{{CharonPath}}" ] && {{IpPath}} netns identify "$pid" 2>/dev/null | grep -qx "$ns"; then
                  kill -9 "$pid"
                fi
              done < "$dir/pids"
            fi
            for ns in $(cat "$dir/namespaces"); do {{IpPath}} netns del "$ns" 2>/dev/null; done
            [ -e "$dir/keep" ] || rm -rf "$dir"

            """);
        var stamp = File.ReadAllText(Path.Combine(Directory, "owner")).Split(' ');
        File.WriteAllText(Path.Combine(Directory, "watchdog.sh"), $$"""
            # Watchdog of CharonLab {{Id}}: while the owning test process lives and the lab is not disposed (owner file
            # present), it sleeps; if the owner dies first, it runs teardown.sh.
            dir={{Directory}}; owner={{stamp[0]}}; start={{stamp[1]}}
            alive() { s=$(cat "/proc/$owner/stat" 2>/dev/null) || return 1; s=${s##*) }; set -- $s; [ "${20}" = "$start" ]; }
            while [ -e "$dir/owner" ] && alive; do sleep 0.5; done
            [ -e "$dir/owner" ] || exit 0
            exec sh "$dir/teardown.sh"

            """);
    }

    private void StartWatchdog()
    {
        // setsid: its own session and process group, so a Ctrl-C aimed at the test run does not stop it first
        var psi = new ProcessStartInfo("/usr/bin/setsid") { UseShellExecute = false };
        foreach (var a in new[] { "/bin/sh", Path.Combine(Directory, "watchdog.sh") })
        {
            psi.ArgumentList.Add(a);
        }

        _watchdog = Process.Start(psi);
        Trace($"lab {Id}: watchdog pid {_watchdog?.Id}");
    }

    private void StopWatchdog()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            File.Delete(Path.Combine(Directory, "owner")); // the watchdog exits by itself within 0.5 s ...
        }

        if (_watchdog is { } w)
        {
            try
            {
                if (!w.HasExited)
                {
                    w.Kill(); // ... or now: it is ours, by PID
                }

                w.WaitForExit(2000);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            w.Dispose();
            _watchdog = null;
        }
    }

    /// <summary>Records the current charon PIDs ("PID NAMESPACE" lines) for teardown.sh.</summary>
    internal void RecordPids()
    {
        lock (_pidsGate)
        {
            var lines = _gateways.Where(g => g.Pid != 0).Select(g => $"{g.Pid} {g.Namespace}");
            var path = Path.Combine(Directory, "pids");
            if (System.IO.Directory.Exists(Directory))
            {
                File.WriteAllLines(path + ".tmp", lines);
                File.Move(path + ".tmp", path, overwrite: true);
            }
        }
    }

    private static string DeleteNamespacesScript(IEnumerable<string> namespaces) =>
        string.Concat(namespaces.Select(ns => $"{IpPath} netns del {ns} 2>/dev/null; ")) + "true";

    private static void HookProcessExit()
    {
        if (Interlocked.Exchange(ref s_processExitHooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                foreach (var lab in s_live.Keys)
                {
                    lab.DisposeNow();
                }
            };
        }
    }

    internal void Trace(string message) => _options.Log?.Invoke($"[{DateTime.Now:HH:mm:ss.fff}] {message}");

    // ---- stale labs of earlier, aborted runs --------------------------------------------------------------

    private static async Task CleanUpStaleLabsOnceAsync(Action<string>? log)
    {
        if (!Volatile.Read(ref s_staleCleanupDone))
        {
            await CleanUpStaleLabsAsync(log, onlyOnce: true);
        }
    }

    /// <summary>
    /// Removes what earlier runs left behind when neither disposal nor their watchdog could clean up (the whole process
    /// tree killed, a watchdog killed with it): for every namespace named like ours whose lab's owner process is gone,
    /// kills the charons inside it (checked by /proc/PID/exe, so nothing else is touched) and deletes it; then deletes
    /// such labs' directories. A lab whose owner still runs (a parallel test run) is left alone. Runs once per process
    /// before the first lab starts.
    /// </summary>
    public static async Task CleanUpStaleLabsAsync(Action<string>? log = null) => await CleanUpStaleLabsAsync(log, onlyOnce: false);

    private static async Task CleanUpStaleLabsAsync(Action<string>? log, bool onlyOnce)
    {
        await s_staleCleanup.WaitAsync();
        try
        {
            if (onlyOnce && s_staleCleanupDone)
            {
                return;
            }

            Volatile.Write(ref s_staleCleanupDone, true);
            var byLab = (await ListLabNamespacesAsync())
                .Select(ns => (ns, m: s_namespacePattern.Match(ns)))
                .GroupBy(x => x.m.Groups[1].Value, x => x.ns);
            foreach (var lab in byLab)
            {
                if (OwnerAlive(lab.Key))
                {
                    continue;
                }

                foreach (var ns in lab)
                {
                    var pids = await ProcessRunner.RunAsync(IpPath, ["netns", "pids", ns], TimeSpan.FromSeconds(10));
                    foreach (var pid in pids.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (int.TryParse(pid, CultureInfo.InvariantCulture, out var p) && ExeOf(p) == CharonPath)
                        {
                            log?.Invoke($"stale lab {lab.Key}: kill -9 charon {p} in {ns}");
                            CharonGateway.SendSignal(p, 9);
                        }
                    }
                }

                // charon is not our child: wait for its exit through /proc
                foreach (var ns in lab)
                {
                    await WaitUntilNoCharonAsync(ns);
                }

                await ProcessRunner.RunAsync("/bin/sh", ["-c", DeleteNamespacesScript(lab.OrderBy(ns => ns.EndsWith("-hub", StringComparison.Ordinal)))], TimeSpan.FromSeconds(30));
                log?.Invoke($"stale lab {lab.Key}: deleted namespaces {string.Join(", ", lab)}");
            }

            if (System.IO.Directory.Exists(RootDirectory))
            {
                foreach (var dir in System.IO.Directory.GetDirectories(RootDirectory))
                {
                    var id = Path.GetFileName(dir);
                    var ownerFile = Path.Combine(dir, "owner");
                    var orphanedOrDead = File.Exists(ownerFile)
                        ? !OwnerAlive(id)
                        : System.IO.Directory.GetCreationTimeUtc(dir) < DateTime.UtcNow.AddMinutes(-5);
                    if (orphanedOrDead && !File.Exists(Path.Combine(dir, "keep")))
                    {
                        try
                        {
                            System.IO.Directory.Delete(dir, recursive: true);
                            log?.Invoke($"stale lab {id}: removed {dir}");
                        }
                        catch (IOException)
                        {
                            // next time
                        }
                    }
                }
            }
        }
        finally
        {
            s_staleCleanup.Release();
        }
    }

    private static async Task WaitUntilNoCharonAsync(string ns)
    {
        for (var i = 0; i < 100; i++)
        {
            var pids = await ProcessRunner.RunAsync(IpPath, ["netns", "pids", ns], TimeSpan.FromSeconds(10));
            var alive = pids.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Any(p => int.TryParse(p, CultureInfo.InvariantCulture, out var pid) && ExeOf(pid) == CharonPath);
            if (!alive)
            {
                return;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Every namespace named like a lab's (this run's and others').</summary>
    public static async Task<List<string>> ListLabNamespacesAsync()
    {
        var result = await ProcessRunner.RunAsync(IpPath, ["netns", "list"], TimeSpan.FromSeconds(10));
        return [.. result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 2)[0])
            .Where(ns => s_namespacePattern.IsMatch(ns))];
    }

    /// <summary>"PID STARTTIME": the start time (field 22 of /proc/PID/stat) tells a live owner from a reused PID.</summary>
    private static string OwnerStamp(int pid) => $"{pid} {StartTime(pid)}";

    private static bool OwnerAlive(string labId)
    {
        try
        {
            var parts = File.ReadAllText(Path.Combine(RootDirectory, labId, "owner")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid) && StartTime(pid) is { } t && t == parts[1];
        }
        catch (IOException)
        {
            return false; // no owner file: its directory is gone, so is its owner
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string? StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 ? fields[19] : null; // fields[0] is field 3 (state); field 22 is starttime
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? ExeOf(int pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/exe").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // ---- availability -----------------------------------------------------------------------------------

    private static string? ProbeAvailability()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "needs Linux (network namespaces)";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "needs root (network namespaces, veth pairs, mounts)";
        }

        foreach (var (path, what) in new[]
                 {
                     (CharonPath, "charon (apt-get install strongswan-charon)"),
                     (SwanctlPath, "swanctl (apt-get install strongswan-swanctl)"),
                     (KernelLibipsecPlugin, "the kernel-libipsec plugin (apt-get install libcharon-extra-plugins)"),
                     (IpPath, "ip (iproute2)"),
                     ("/usr/bin/unshare", "unshare (util-linux)"),
                     ("/usr/bin/setsid", "setsid (util-linux)"),
                     ("/dev/net/tun", "/dev/net/tun (kernel-libipsec's TUN device)"),
                 })
        {
            if (!File.Exists(path))
            {
                return $"{what} is missing: {path}";
            }
        }

        // The whole recipe once: a namespace, a private mount namespace with its own /run inside it.
        var probe = $"{NamespacePrefix}probe{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        var result = ProcessRunner.Run("/bin/sh",
            ["-c", $"{IpPath} netns add {probe} && {IpPath} netns exec {probe} unshare -m sh -c 'mount -t tmpfs tmpfs /run'; rc=$?; {IpPath} netns del {probe} 2>/dev/null; exit $rc"],
            TimeSpan.FromSeconds(20));
        return result.Succeeded ? null : $"cannot create a network namespace with a private /run: {result.Output.Trim()}";
    }
}
