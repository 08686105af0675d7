using System.Diagnostics;
using Xunit.Abstractions;

namespace FleetCtl.Integration.Tests.Lab;

/// <summary>The fixture itself: namespaces, daemons, kill/restart, teardown and the cleanup of aborted runs.</summary>
public sealed class CharonLabTests(ITestOutputHelper output)
{
    private CharonLabOptions Options => new() { Log = output.WriteLine };

    [CharonLabFact]
    public async Task Lab_builds_namespaces_starts_charons_and_tears_everything_down()
    {
        string[] namespaces;
        int[] pids;
        string dir;
        await using (var lab = await CharonLab.StartAsync(3, Options))
        {
            namespaces = [.. lab.Namespaces];
            pids = [.. lab.Gateways.Select(g => g.Pid)];
            dir = lab.Directory;
            Assert.Equal(4, namespaces.Length);
            Assert.All(namespaces, ns => Assert.Matches($"^fct{lab.Id}-(hub|gw[123])$", ns));
            Assert.Equal(namespaces.Order(), (await CharonLab.ListLabNamespacesAsync()).Where(ns => ns.Contains(lab.Id, StringComparison.Ordinal)).Order());

            foreach (var gw in lab.Gateways)
            {
                Assert.True(gw.IsRunning);
                Assert.Equal(CharonLab.CharonPath, new FileInfo($"/proc/{gw.Pid}/exe").LinkTarget);
                Assert.Equal($"unix://{lab.Directory}/{gw.Name}/charon.vici", gw.ViciUri);

                var addrs = (await gw.ExecAsync(["ip", "-br", "addr"])).EnsureSuccess().StdOut;
                Assert.Contains($"{gw.OuterAddress}/24", addrs, StringComparison.Ordinal);
                Assert.Contains($"{gw.InnerAddress}/32", addrs, StringComparison.Ordinal);

                var stats = (await gw.SwanctlAsync("--stats")).EnsureSuccess().StdOut;
                Assert.Contains("loaded plugins:", stats, StringComparison.Ordinal);
                Assert.Contains("kernel-libipsec", stats, StringComparison.Ordinal);
                Assert.Contains("kdf", stats, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain((await CharonLab.ListLabNamespacesAsync()), namespaces.Contains);
        Assert.All(pids, pid => Assert.False(File.Exists($"/proc/{pid}/exe") && new FileInfo($"/proc/{pid}/exe").LinkTarget == CharonLab.CharonPath,
            $"charon {pid} survived the teardown"));
        Assert.False(Directory.Exists(dir));
    }

    [CharonLabFact]
    public async Task Kill_and_restart_a_gateway()
    {
        await using var lab = await CharonLab.StartAsync(1, Options);
        var gw = lab[1];
        var first = gw.Pid;

        await gw.KillAsync();
        Assert.False(gw.IsRunning);
        Assert.False(Directory.Exists($"/proc/{first}/fd"), "the killed charon is still around");
        var dead = await gw.SwanctlAsync("--stats");
        Assert.False(dead.Succeeded);

        var mark = gw.LogMark();
        await gw.RestartAsync();
        Assert.True(gw.IsRunning);
        Assert.NotEqual(first, gw.Pid);
        Assert.Equal(2, gw.Starts);
        (await gw.SwanctlAsync("--stats")).EnsureSuccess();
        await gw.WaitForLogAsync("Starting IKE charon daemon (strongSwan 5.9.8", mark);

        // a clean stop (SIGTERM) followed by a start: same socket path, new daemon
        await gw.RestartAsync();
        Assert.Equal(3, gw.Starts);
        (await gw.SwanctlAsync("--stats")).EnsureSuccess();
    }

    [CharonLabFact]
    public async Task Stale_lab_of_an_aborted_run_is_removed_and_live_labs_are_left_alone()
    {
        await using var live = await CharonLab.StartAsync(1, Options);

        // Fake an aborted run: a namespace and a charon under our naming scheme, owned by a process that has exited.
        var id = System.Security.Cryptography.RandomNumberGenerator.GetHexString(8, lowercase: true);
        var ns = $"fct{id}-gw1";
        var dir = Path.Combine(CharonLab.RootDirectory, id);
        var gwDir = Path.Combine(dir, "gw1");
        Directory.CreateDirectory(gwDir);
        using (var gone = Process.Start("/bin/true")!)
        {
            await gone.WaitForExitAsync();
            await File.WriteAllTextAsync(Path.Combine(dir, "owner"), $"{gone.Id} 1");
        }

        await File.WriteAllTextAsync(Path.Combine(gwDir, "strongswan.conf"),
            $"charon {{\n load_modular = no\n load = random nonce kdf openssl vici kernel-netlink socket-default\n plugins {{\n  vici {{\n   socket = unix://{gwDir}/charon.vici\n  }}\n }}\n}}\n");
        (await ProcessRunner.RunAsync("/bin/sh", ["-c",
            $"ip netns add {ns} && ip netns exec {ns} unshare -m sh -c 'mount -t tmpfs tmpfs /run && STRONGSWAN_CONF={gwDir}/strongswan.conf exec {CharonLab.CharonPath}' >/dev/null 2>&1 </dev/null & echo $!"])).EnsureSuccess();
        var watch = Stopwatch.StartNew();
        int? orphan = null;
        while (orphan is null && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            var pids = await ProcessRunner.RunAsync(CharonLab.IpPath, ["netns", "pids", ns]);
            orphan = pids.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)
                .Where(p => new FileInfo($"/proc/{p}/exe").LinkTarget == CharonLab.CharonPath).Cast<int?>().FirstOrDefault();
            await Task.Delay(20);
        }

        Assert.True(orphan is not null, "the fake stale charon did not start");

        await CharonLab.CleanUpStaleLabsAsync(output.WriteLine);

        Assert.DoesNotContain(ns, (await CharonLab.ListLabNamespacesAsync()));
        Assert.False(File.Exists($"/proc/{orphan}/exe") && new FileInfo($"/proc/{orphan}/exe").LinkTarget == CharonLab.CharonPath, "stale charon survived");
        Assert.False(Directory.Exists(dir));

        // the live lab (its owner is this process) is untouched
        Assert.Contains(live[1].Namespace, (await CharonLab.ListLabNamespacesAsync()));
        Assert.True(live[1].IsRunning);
        (await live[1].SwanctlAsync("--stats")).EnsureSuccess();
    }

    [CharonLabFact]
    public async Task Watchdog_tears_the_lab_down_when_its_owner_dies_without_disposing()
    {
        // stands in for a test host killed with SIGKILL: the lab's owner is a process we end ourselves
        using var owner = Process.Start("/bin/sleep", "60")!;
        var lab = await CharonLab.StartAsync(2, Options with { OwnerPid = owner.Id });
        var namespaces = lab.Namespaces.ToArray();
        var pids = lab.Gateways.Select(g => g.Pid).ToArray();
        Assert.Equal(pids.Select((p, i) => $"{p} {namespaces[i]}"), File.ReadAllLines(Path.Combine(lab.Directory, "pids")));

        owner.Kill();
        await owner.WaitForExitAsync();

        var watch = Stopwatch.StartNew();
        while (((await CharonLab.ListLabNamespacesAsync()).Intersect(namespaces).Any() || lab.Gateways.Any(g => g.IsRunning) || Directory.Exists(lab.Directory))
               && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        output.WriteLine($"watchdog cleaned up {watch.ElapsedMilliseconds} ms after the owner died");
        Assert.DoesNotContain(await CharonLab.ListLabNamespacesAsync(), namespaces.Contains);
        Assert.All(lab.Gateways, g => Assert.False(g.IsRunning));
        Assert.False(Directory.Exists(lab.Directory));
        await lab.DisposeAsync(); // still safe after the watchdog did the work
    }

    [Fact]
    public void Connection_config_renders_as_swanctl_conf_and_as_a_load_conn_message()
    {
        var conn = new LabConnection
        {
            Name = "s2s",
            LocalAddrs = ["10.99.0.2"],
            RemoteAddrs = ["10.99.0.1", "10.99.0.0/24"],
            LocalId = "gw2.lab",
            Options = new Dictionary<string, string> { ["rekey_time"] = "1h" },
            Children = [new LabChild { Name = "net", LocalTs = ["10.12.0.0/24"], RemoteTs = ["10.11.0.0/24", "10.13.0.0/24"], StartAction = "none" }],
        };
        var secret = new LabSecret { Name = "lab", Secret = "a secret \"quoted\"" };

        Assert.Equal("""
            # written by FleetCtl's CharonLab test fixture
            connections {
              s2s {
                version = 2
                local_addrs = 10.99.0.2
                remote_addrs = 10.99.0.1, 10.99.0.0/24
                proposals = aes128-sha256-x25519
                rekey_time = 1h
                local {
                  auth = psk
                  id = gw2.lab
                }
                remote {
                  auth = psk
                }
                children {
                  net {
                    local_ts = 10.12.0.0/24
                    remote_ts = 10.11.0.0/24, 10.13.0.0/24
                    esp_proposals = aes128-sha256-x25519
                    start_action = none
                  }
                }
              }
            }
            secrets {
              ike-lab {
                secret = "a secret \"quoted\""
              }
            }

            """, SwanctlConf.Render([conn], [secret]));

        var msg = conn.ToLoadConnMessage();
        var s2s = msg.GetSection("s2s")!;
        Assert.Equal("2", s2s.GetString("version"));
        Assert.Equal(["10.99.0.1", "10.99.0.0/24"], s2s.GetStrings("remote_addrs"));
        Assert.Equal("gw2.lab", s2s.GetSection("local")!.GetString("id"));
        Assert.Null(s2s.GetSection("remote")!.GetString("id"));
        var net = s2s.GetSection("children")!.GetSection("net")!;
        Assert.Equal(["10.12.0.0/24"], net.GetStrings("local_ts"));
        Assert.Equal(["aes128-sha256-x25519"], net.GetStrings("esp_proposals"));

        var shared = secret.ToLoadSharedMessage();
        Assert.Equal("IKE", shared.GetString("type"));
        Assert.Equal("ike-lab", shared.GetString("id"));
        Assert.Equal("a secret \"quoted\"", shared.GetString("data"));
    }
}
