using System.Diagnostics;

namespace FleetCtl.Simulator.Tests;

/// <summary>The real strongSwan swanctl against a simulated gateway: proof that the simulator speaks real VICI.</summary>
public sealed class SwanctlTests
{
    private const string Swanctl = "/usr/sbin/swanctl";

    [Fact]
    public async Task Real_swanctl_lists_the_simulated_sas()
    {
        Assert.True(File.Exists(Swanctl), "swanctl is not installed (apt-get install strongswan-swanctl)");
        await using var h = Harness.Start(sas: 12);
        var sas = h.Gateway.GetIkeSas();

        var output = await RunAsync("--list-sas", "--uri", h.Uri);

        foreach (var sa in sas)
        {
            Assert.Contains($"{sa.Name}: #{sa.UniqueId}, ESTABLISHED, IKEv{sa.Version}, {sa.InitiatorSpi}_i", output, StringComparison.Ordinal);
            Assert.Contains($"remote '{sa.RemoteId}' @ {sa.RemoteHost}[", output, StringComparison.Ordinal);
            foreach (var child in sa.Children)
            {
                Assert.Contains($"{child.Name}: #{child.UniqueId}, reqid {child.ReqId}, INSTALLED, TUNNEL", output, StringComparison.Ordinal);
                Assert.Contains($"in  {child.SpiIn}", output, StringComparison.Ordinal); // then /CPI, (marks), bytes
                Assert.Contains($"out {child.SpiOut}", output, StringComparison.Ordinal);
            }
        }

        Assert.Contains("local  'gw-001.vpn.example.net' @ 198.51.100.1[", output, StringComparison.Ordinal);
        Assert.Contains("established ", output, StringComparison.Ordinal);
        Assert.Contains(" bytes, ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Real_swanctl_reads_version_stats_and_connections()
    {
        Assert.True(File.Exists(Swanctl), "swanctl is not installed (apt-get install strongswan-swanctl)");
        await using var h = Harness.Start(sas: 4, version: "6.0.3");

        Assert.Equal("strongSwan 6.0.3 charon (Linux, 6.1.0-28-amd64, x86_64)", (await RunAsync("--version", "--daemon", "--uri", h.Uri)).Trim());
        Assert.Contains("IKE_SAs: 4 total, 0 half-open", await RunAsync("--stats", "--uri", h.Uri), StringComparison.Ordinal);
        var conns = await RunAsync("--list-conns", "--uri", h.Uri);
        Assert.All(h.Gateway.GetConnectionNames(), n => Assert.Contains($"{n}: IKEv", conns, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Real_swanctl_initiates_and_terminates()
    {
        Assert.True(File.Exists(Swanctl), "swanctl is not installed (apt-get install strongswan-swanctl)");
        await using var h = Harness.Start(sas: 4, down: 2);
        var up = h.Gateway.GetIkeSas().Select(s => s.Name).ToHashSet();
        var idle = h.Gateway.GetConnectionNames().First(n => n.StartsWith("site-", StringComparison.Ordinal) && !up.Contains(n));

        var initiate = await RunAsync("--initiate", "--ike", idle, "--child", "net", "--uri", h.Uri);
        Assert.Contains($"IKE_SA {idle}[", initiate, StringComparison.Ordinal);
        Assert.Contains("initiate completed successfully", initiate, StringComparison.Ordinal);
        Assert.Equal(5, h.Gateway.IkeSaCount);

        var terminate = await RunAsync("--terminate", "--ike", idle, "--uri", h.Uri);
        Assert.Contains("terminate completed successfully", terminate, StringComparison.Ordinal);
        Assert.Equal(4, h.Gateway.IkeSaCount);
    }

    private static async Task<string> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(Swanctl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(p.ExitCode == 0, $"swanctl {string.Join(' ', args)} exited {p.ExitCode}: {await stderr}");
        return await stdout;
    }
}
