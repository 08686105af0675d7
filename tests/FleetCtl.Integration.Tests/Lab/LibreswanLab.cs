using System.Diagnostics;
using FleetCtl.Libreswan;

namespace FleetCtl.Integration.Tests.Lab;

/// <summary>
/// A real libreswan 4.10 <c>pluto</c> in a <see cref="CharonLab"/>: the lab starts two gateways, gw2's charon is stopped
/// and pluto runs in gw2's namespace instead (same addresses: outer 10.99.0.2, inner 10.12.0.1), peering with gw1's
/// charon over IKEv2 PSK as connection <see cref="ConnectionName"/>. Debian's libreswan package conflicts with
/// strongSwan's, so it is never installed: <see cref="EnsureInstalledAsync"/> unpacks it (<c>apt-get download</c>,
/// <c>dpkg -x</c>) into <see cref="PackageRoot"/>, and pluto gets the <c>/usr/libexec/ipsec</c> it insists on only
/// inside its own mount namespace (an overlay). Control is from the root namespace with
/// <c>whack --ctlsocket</c>: <see cref="WhackPrefix"/>, <see cref="Commands"/>. The kernel has no ESP, so no child SA
/// can be installed; see docs/libreswan.md.
/// </summary>
public sealed class LibreswanLab : IAsyncDisposable
{
    public const string ConnectionName = "s2s";

    /// <summary>Where the unpacked package lives; kept across runs (FLEETCTL_LIBRESWAN_ROOT overrides).</summary>
    public static readonly string PackageRoot = Environment.GetEnvironmentVariable("FLEETCTL_LIBRESWAN_ROOT")
                                                ?? Path.Combine(Path.GetTempPath(), "fleetctl-libreswan", "root");

    public static string WhackPath => Path.Combine(PackageRoot, "usr/libexec/ipsec/whack");
    private static string PlutoPathInside => "/usr/libexec/ipsec/pluto";
    private static readonly SemaphoreSlim s_install = new(1, 1);

    private readonly Action<string>? _log;
    private Process? _pluto;

    private LibreswanLab(CharonLab lab, Action<string>? log)
    {
        Lab = lab;
        _log = log;
        Directory = Path.Combine(lab.Directory, "pluto");
    }

    public CharonLab Lab { get; }
    /// <summary>gw1: the charon pluto peers with.</summary>
    public CharonGateway Charon => Lab[1];
    /// <summary>gw2's namespace and addresses, where pluto runs.</summary>
    public CharonGateway PlutoSlot => Lab[2];
    public string Directory { get; }
    public string CtlSocket => Path.Combine(Directory, "run", "pluto.ctl");
    public string LogPath => Path.Combine(Directory, "pluto.log");
    public int PlutoPid => _pluto?.Id ?? 0;

    /// <summary><c>ROOT/usr/libexec/ipsec/whack --ctlsocket DIR/run/pluto.ctl</c>.</summary>
    public IReadOnlyList<string> WhackPrefix => [WhackPath, "--ctlsocket", CtlSocket];

    public LibreswanCommands Commands => new(WhackPrefix, options: new CommandOptions { Timeout = TimeSpan.FromSeconds(20) });

    /// <summary>Unpacks Debian's libreswan into <see cref="PackageRoot"/> unless it is there. Its libraries come from
    /// test.sh's apt list (dns-root-data host iptables libnss3-tools libcurl3-nss libevent-* libldns3 libunbound8 ...).</summary>
    public static async Task EnsureInstalledAsync(Action<string>? log = null)
    {
        await s_install.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(PackageRoot, "usr/libexec/ipsec/pluto")) && File.Exists(WhackPath))
            {
                return;
            }

            var download = Path.Combine(Path.GetDirectoryName(PackageRoot)!, "download");
            System.IO.Directory.CreateDirectory(download);
            log?.Invoke($"unpacking libreswan into {PackageRoot}");
            (await ProcessRunner.RunAsync("/bin/sh", ["-c", $"cd {ProcessRunner.Quote(download)} && rm -f libreswan_*.deb && apt-get download libreswan && dpkg -x libreswan_*.deb {ProcessRunner.Quote(PackageRoot)}"],
                TimeSpan.FromMinutes(3))).EnsureSuccess();
        }
        finally
        {
            s_install.Release();
        }
    }

    /// <summary>Why pluto cannot run here beyond the charon lab's own reasons (certutil missing), or null.</summary>
    public static string? UnavailableReason =>
        CharonLab.UnavailableReason ?? (File.Exists("/usr/bin/certutil") ? null : "certutil is missing (apt-get install libnss3-tools)");

    /// <summary>Starts the lab, unpacks libreswan if needed, replaces gw2's charon by pluto with connection
    /// <see cref="ConnectionName"/> (auto=add) towards gw1, and waits until whack answers.</summary>
    public static async Task<LibreswanLab> StartAsync(Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        if (UnavailableReason is { } reason)
        {
            throw new InvalidOperationException("the libreswan lab cannot run here: " + reason);
        }

        await EnsureInstalledAsync(log);
        var lab = await CharonLab.StartAsync(2, new CharonLabOptions { Log = log }, cancellationToken);
        var pluto = new LibreswanLab(lab, log);
        try
        {
            await lab[2].StopAsync();
            await pluto.StartPlutoAsync(cancellationToken);
            return pluto;
        }
        catch
        {
            await pluto.DisposeAsync();
            throw;
        }
    }

    /// <summary>Loads gw1's side of <see cref="ConnectionName"/> into charon. <paramref name="childless"/>: charon's
    /// <c>childless</c> option (<c>force</c> keeps a clean IKE SA when charon initiates; pluto 4.10 cannot initiate childless).</summary>
    public async Task LoadCharonAsync(string childless = "force")
    {
        var conn = Lab.S2S(Charon, PlutoSlot, ConnectionName) with
        {
            RemoteId = PlutoSlot.Identity,
            Options = new Dictionary<string, string> { ["childless"] = childless },
        };
        Charon.WriteSwanctlConf([conn], [Lab.Secret]);
        await Charon.LoadAllAsync();
    }

    private async Task StartPlutoAsync(CancellationToken cancellationToken)
    {
        var slot = PlutoSlot;
        foreach (var sub in new[] { "run", "nss", "ipsec.d" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(Directory, sub));
        }

        (await ProcessRunner.RunAsync("/usr/bin/certutil", ["-N", "-d", "sql:" + Path.Combine(Directory, "nss"), "--empty-password"], TimeSpan.FromSeconds(30), cancellationToken)).EnsureSuccess();
        var conf = Path.Combine(Directory, "ipsec.conf");
        await File.WriteAllTextAsync(conf, $"""
            config setup
            	dnssec-enable=no
            	logtime=yes
            conn {ConnectionName}
            	left={slot.OuterAddress}
            	leftid=@{slot.Identity}
            	leftsubnet={slot.InnerSubnet}
            	right={Charon.OuterAddress}
            	rightid=@{Charon.Identity}
            	rightsubnet={Charon.InnerSubnet}
            	authby=secret
            	ikev2=insist
            	leftupdown=%disabled
            	auto=add

            """, cancellationToken);
        var secrets = Path.Combine(Directory, "ipsec.secrets");
        await File.WriteAllTextAsync(secrets, $"@{slot.Identity} @{Charon.Identity} : PSK \"{CharonLab.DefaultPsk}\"\n", cancellationToken);

        string Q(string s) => ProcessRunner.Quote(s);
        var d = Directory;
        var script = $"exec >>{Q(Path.Combine(d, "pluto.out"))} 2>&1 </dev/null; umount -l /run/netns 2>/dev/null; " +
                     $"mount --make-rprivate / && mount -t tmpfs tmpfs /run && " +
                     $"mount -t overlay overlay -o lowerdir={PackageRoot}/usr/libexec:/usr/libexec /usr/libexec && " +
                     $"exec {PlutoPathInside} --nofork --config {Q(conf)} --rundir {Q(d + "/run")} --dumpdir {Q(d + "/run")} " +
                     $"--nssdir {Q(d + "/nss")} --ipsecdir {Q(d + "/ipsec.d")} --secretsfile {Q(secrets)} --logfile {Q(LogPath)}";
        var psi = new ProcessStartInfo(CharonLab.IpPath) { UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", slot.Namespace, "unshare", "-m", "sh", "-c", script })
        {
            psi.ArgumentList.Add(a);
        }

        _pluto = Process.Start(psi) ?? throw new InvalidOperationException("could not start pluto");
        Trace($"pluto: started pid {_pluto.Id} in {slot.Namespace}");
        var watch = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_pluto.HasExited)
            {
                throw new InvalidOperationException($"pluto exited with {_pluto.ExitCode}:\n{ReadQuietly(Path.Combine(d, "pluto.out"))}\n{ReadQuietly(LogPath)}");
            }

            if (File.Exists(CtlSocket) && (await ProcessRunner.RunAsync(WhackPath, ["--ctlsocket", CtlSocket, "--status"], TimeSpan.FromSeconds(5), cancellationToken)).StdOut.Contains($"\"{ConnectionName}\":", StringComparison.Ordinal))
            {
                break;
            }

            if (watch.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new TimeoutException($"pluto did not load {ConnectionName} within 15 s:\n{ReadQuietly(LogPath)}");
            }

            await Task.Delay(50, cancellationToken);
        }

        Trace($"pluto: answers whack after {watch.ElapsedMilliseconds} ms");
    }

    public string LogTail(int lines = 40)
    {
        var all = ReadQuietly(LogPath).Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_pluto is { } p)
        {
            Trace($"---- pluto log (tail)\n{LogTail()}");
            if (!p.HasExited)
            {
                _ = CharonGateway.SendSignal(p.Id, 15);
                if (!p.WaitForExit(3000))
                {
                    _ = CharonGateway.SendSignal(p.Id, 9);
                    p.WaitForExit(5000);
                }
            }

            p.Dispose();
            _pluto = null;
        }

        await Lab.DisposeAsync();
    }

    private void Trace(string message) => _log?.Invoke($"[{DateTime.Now:HH:mm:ss.fff}] {message}");

    private static string ReadQuietly(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : "";
        }
        catch (IOException)
        {
            return "";
        }
    }
}
