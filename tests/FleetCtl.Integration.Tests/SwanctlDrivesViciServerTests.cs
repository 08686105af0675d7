using System.Diagnostics;
using FleetCtl.Vici;

namespace FleetCtl.Integration.Tests;

/// <summary>The real strongSwan <c>swanctl</c> client talks to our <see cref="ViciServer"/> and prints what a real charon would make it print.</summary>
public sealed class SwanctlDrivesViciServerTests : IAsyncLifetime
{
    private const string Swanctl = "/usr/sbin/swanctl";
    private readonly string _dir = Directory.CreateTempSubdirectory("fleetctl-swanctl-").FullName;
    private readonly ViciServer _server = new();
    private string _uri = "";

    public Task InitializeAsync()
    {
        Assert.True(File.Exists(Swanctl), "swanctl is not installed: run the README's test command, which installs strongswan-swanctl");
        _server.DeclareEvents("list-sa");
        _server.Handle("version", (_, _) => ValueTask.FromResult(new ViciMessage()
            .Set("daemon", "charon").Set("version", "5.9.8").Set("sysname", "Linux").Set("release", "6.1.0-fleet").Set("machine", "x86_64")));
        _server.Handle("list-sas", async (req, _) =>
        {
            await req.StreamAsync("list-sa", new ViciMessage().Set("hq-s2s", IkeSa(1, "10.99.0.1", "10.99.0.2", "gw-hq", "gw-branch", "net", "10.11.0.0/16", "10.12.0.0/16", 1234)));
            await req.StreamAsync("list-sa", new ViciMessage().Set("dc-s2s", IkeSa(2, "10.99.0.1", "10.99.0.3", "gw-hq", "gw-dc", "lan", "10.11.0.0/16", "10.13.0.0/16", 98765)));
            return new ViciMessage();
        });
        _uri = _server.Listen("unix://" + Path.Combine(_dir, "charon.vici"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Swanctl_version_reads_the_daemon_version()
    {
        var output = await RunAsync("--version", "--daemon", "--uri", _uri);
        Assert.Equal("strongSwan 5.9.8 charon (Linux, 6.1.0-fleet, x86_64)", output.Trim());
    }

    [Fact]
    public async Task Swanctl_list_sas_prints_both_sas_with_their_children()
    {
        var output = await RunAsync("--list-sas", "--uri", _uri);
        Assert.Contains("hq-s2s: #1, ESTABLISHED, IKEv2, 1122334455660001_i* 8877665544330001_r", output, StringComparison.Ordinal);
        Assert.Contains("remote 'gw-branch' @ 10.99.0.2[4500]", output, StringComparison.Ordinal);
        Assert.Contains("dc-s2s: #2, ESTABLISHED, IKEv2", output, StringComparison.Ordinal);
        Assert.Contains("lan: #2, reqid 2, INSTALLED, TUNNEL-in-UDP, ESP:AES_GCM_16-256", output, StringComparison.Ordinal);
        Assert.Contains("in  c1000002,  98765 bytes", output, StringComparison.Ordinal);
        Assert.Contains("remote 10.13.0.0/16", output, StringComparison.Ordinal);
        // swanctl registered list-sa for the command and unregistered it afterwards
        Assert.All(_server.Connections, c => Assert.Empty(c.RegisteredEvents));
    }

    [Fact]
    public async Task Swanctl_reports_a_command_the_server_does_not_handle_as_a_failure()
    {
        var (exit, _, stderr) = await RunRawAsync("--stats", "--uri", _uri);
        Assert.NotEqual(0, exit);
        Assert.Contains("stats request failed", stderr, StringComparison.Ordinal);
    }

    private static ViciMessage IkeSa(int id, string local, string remote, string localId, string remoteId, string child, string lts, string rts, long bytesIn) =>
        new ViciMessage()
            .Set("uniqueid", id).Set("version", 2).Set("state", "ESTABLISHED")
            .Set("local-host", local).Set("local-port", 4500).Set("local-id", localId)
            .Set("remote-host", remote).Set("remote-port", 4500).Set("remote-id", remoteId)
            .Set("initiator", true).Set("initiator-spi", $"112233445566{id:0000}").Set("responder-spi", $"887766554433{id:0000}")
            .Set("nat-local", true).Set("nat-any", true)
            .Set("encr-alg", "AES_CBC").Set("encr-keysize", 256).Set("integ-alg", "HMAC_SHA2_256_128").Set("prf-alg", "PRF_HMAC_SHA2_256").Set("dh-group", "CURVE_25519")
            .Set("established", 12).Set("rekey-time", 13000).Set("reauth-time", 0)
            .Set("child-sas", new ViciMessage().Set($"{child}-{id}", new ViciMessage()
                .Set("name", child).Set("uniqueid", id).Set("reqid", id).Set("state", "INSTALLED").Set("mode", "TUNNEL").Set("protocol", "ESP").Set("encap", true)
                .Set("spi-in", $"c100000{id}").Set("spi-out", $"c200000{id}").Set("encr-alg", "AES_GCM_16").Set("encr-keysize", 256)
                .Set("bytes-in", bytesIn).Set("packets-in", 10).Set("bytes-out", 4321).Set("packets-out", 12)
                .Set("rekey-time", 3000).Set("life-time", 3500).Set("install-time", 12)
                .Set("local-ts", [lts]).Set("remote-ts", [rts])));

    private static async Task<string> RunAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await RunRawAsync(args);
        Assert.True(exit == 0, $"swanctl {string.Join(' ', args)} exited {exit}: {stderr}");
        return stdout;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunRawAsync(params string[] args)
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
        return (p.ExitCode, await stdout, await stderr);
    }
}
