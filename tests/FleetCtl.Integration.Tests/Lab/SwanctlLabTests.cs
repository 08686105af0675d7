using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace FleetCtl.Integration.Tests.Lab;

/// <summary>
/// Proves the lab with nothing but the real strongSwan tools: swanctl loads the fixture's generated swanctl.conf,
/// initiates, lists and redirects against real charons (5.9.8, kernel-libipsec).
/// </summary>
public sealed class SwanctlLabTests(ITestOutputHelper output)
{
    private CharonLabOptions Options => new() { Log = output.WriteLine };

    [CharonLabFact]
    public async Task Two_gateways_establish_a_psk_ikev2_tunnel_and_carry_traffic()
    {
        await using var lab = await CharonLab.StartAsync(2, Options);
        var (gw1, gw2) = (lab[1], lab[2]);
        await LoadAsync(lab, gw1, gw2);
        await LoadAsync(lab, gw2, gw1);

        var initiate = (await gw2.SwanctlAsync("--initiate", "--child", "net", "--ike", "s2s", "--timeout", "15")).EnsureSuccess();
        Assert.Contains("IKE_SA s2s[1] established between 10.99.0.2[gw2.lab]...10.99.0.1[gw1.lab]", initiate.StdOut, StringComparison.Ordinal);
        Assert.Contains("TS 10.12.0.0/24 === 10.11.0.0/24", initiate.StdOut, StringComparison.Ordinal);
        Assert.Contains("initiate completed successfully", initiate.StdOut, StringComparison.Ordinal);

        var sas = (await gw1.SwanctlAsync("--list-sas")).EnsureSuccess().StdOut;
        Assert.Contains("s2s: #1, ESTABLISHED, IKEv2", sas, StringComparison.Ordinal);
        Assert.Contains("local  'gw1.lab' @ 10.99.0.1[4500]", sas, StringComparison.Ordinal);
        Assert.Contains("remote 'gw2.lab' @ 10.99.0.2[4500]", sas, StringComparison.Ordinal); // kernel-libipsec forces UDP encapsulation: port 4500
        Assert.Contains("AES_CBC-128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519", sas, StringComparison.Ordinal);
        Assert.Contains("net: #1, reqid 1, INSTALLED, TUNNEL-in-UDP, ESP:AES_CBC-128/HMAC_SHA2_256_128", sas, StringComparison.Ordinal);
        Assert.Contains("local  10.11.0.0/24", sas, StringComparison.Ordinal);
        Assert.Contains("remote 10.12.0.0/24", sas, StringComparison.Ordinal);

        // traffic between the inner addresses goes through the tunnel (userspace ESP on ipsec0)
        Assert.Equal("pong", await TcpThroughTunnelAsync(gw1, gw2));
        Assert.True(BytesIn(await gw1.SwanctlAsync("--list-sas")) > 0, "no ESP bytes counted on gw1");
    }

    [CharonLabFact]
    public async Task Hub_holds_tunnels_to_two_gateways()
    {
        await using var lab = await CharonLab.StartAsync(3, Options);
        var (gw1, gw2, gw3) = (lab[1], lab[2], lab[3]);
        await LoadAsync(lab, gw1, gw2);
        await LoadAsync(lab, gw2, gw1);
        await LoadAsync(lab, gw3, gw1);

        (await gw2.SwanctlAsync("--initiate", "--child", "net", "--ike", "s2s", "--timeout", "15")).EnsureSuccess();
        (await gw3.SwanctlAsync("--initiate", "--child", "net", "--ike", "s2s", "--timeout", "15")).EnsureSuccess();

        var sas = (await gw1.SwanctlAsync("--list-sas")).EnsureSuccess().StdOut;
        Assert.Equal(2, Regex.Matches(sas, @"^s2s: #\d+, ESTABLISHED, IKEv2", RegexOptions.Multiline).Count);
        Assert.Contains("remote 'gw2.lab' @ 10.99.0.2[4500]", sas, StringComparison.Ordinal);
        Assert.Contains("remote 'gw3.lab' @ 10.99.0.3[4500]", sas, StringComparison.Ordinal);
        Assert.Contains("remote 10.12.0.0/24", sas, StringComparison.Ordinal);
        Assert.Contains("remote 10.13.0.0/24", sas, StringComparison.Ordinal);
        Assert.Equal("pong", await TcpThroughTunnelAsync(gw1, gw3));
    }

    /// <summary>
    /// gw1 redirects gw2 to gw3 (RFC 5685). What charon 5.9.8 does and logs (from a run of this test; thread ids and
    /// SPIs vary):
    /// <code>
    /// gw1  [CFG] vici redirect IKE_SA 's2s' to '10.99.0.3'
    /// gw1  [IKE] redirecting peer to 10.99.0.3
    /// gw1  [ENC] generating INFORMATIONAL request 0 [ N(REDIR) ]      (0: gw1's first request on this SA)
    /// gw2  [ENC] parsed INFORMATIONAL request 0 [ N(REDIR) ]
    /// gw2  [IKE] redirected to 10.99.0.3
    /// gw2  [IKE] restarting CHILD_SA net
    /// gw2  [IKE] initiating IKE_SA s2s[2] to 10.99.0.3
    /// gw2  [ENC] generating IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(HASH_ALG) N(REDIR_FROM) ]
    /// gw3  [IKE] client got redirected from 10.99.0.1
    /// gw3  [CFG] selected peer config 's2s'
    /// gw3  [IKE] IKE_SA s2s[2] established between 10.99.0.3[gw3.lab]...10.99.0.2[gw2.lab]
    /// gw2  [IKE] IKE_SA s2s[2] established between 10.99.0.2[gw2.lab]...10.99.0.3[gw3.lab]
    /// gw2  [IKE] CHILD_SA net{2} established with SPIs ..._i ..._o and TS 10.12.0.0/24 === 10.13.0.0/24
    /// gw2  [IKE] deleting IKE_SA s2s[1] between 10.99.0.2[gw2.lab]...10.99.0.1[gw1.lab]
    /// gw1  [IKE] received DELETE for IKE_SA s2s[..]
    /// </code>
    /// Make-before-break: gw2 answers the INFORMATIONAL, builds a new IKE_SA (same peer config, new unique id, the
    /// REDIRECTED_FROM notify) with gw3, re-creates the child there (narrowed to gw3's subnet), and only then deletes
    /// the old IKE_SA to gw1 (an IKE_REAUTH_COMPLETE task). swanctl returns "redirect completed successfully" as soon
    /// as gw1 has queued the REDIRECT: the move itself is asynchronous.
    /// <para>
    /// About one run in 20-30 the move takes ~4 s instead of ~10 ms: gw3's IKE_SA_INIT response reaches gw2 (seen in a
    /// packet capture on gw2's eth0, 0.3 ms after the request) while gw2's thread is still handling the REDIRECT, before
    /// the new IKE_SA can be found; charon logs nothing for it ("received packet" is only logged once the IKE_SA is
    /// found) and gw2 retransmits after charon's 4 s retransmit timeout ("retransmit 1 of request with message ID 0",
    /// gw3: "received retransmit of request with ID 0, retransmitting response"). A zero-latency lab hits that window;
    /// the waits here allow for it.
    /// </para>
    /// </summary>
    [CharonLabFact]
    public async Task Swanctl_redirect_moves_a_peer_to_a_third_gateway()
    {
        await using var lab = await CharonLab.StartAsync(3, Options);
        var (gw1, gw2, gw3) = (lab[1], lab[2], lab[3]);
        await LoadAsync(lab, gw1, gw2);
        await LoadAsync(lab, gw2, gw1);
        await LoadAsync(lab, gw3, gw1);
        (await gw2.SwanctlAsync("--initiate", "--child", "net", "--ike", "s2s", "--timeout", "15")).EnsureSuccess(); // gw1 <-> gw2
        (await gw3.SwanctlAsync("--initiate", "--child", "net", "--ike", "s2s", "--timeout", "15")).EnsureSuccess(); // gw1 <-> gw3

        var (m1, m2, m3) = (gw1.LogMark(), gw2.LogMark(), gw3.LogMark());
        // gw1 holds two s2s IKE_SAs: select gw2's by its address, or both peers would be redirected
        var redirect = (await gw1.SwanctlAsync("--redirect", "--ike", "s2s", "--peer-ip", gw2.OuterAddress, "--gateway", gw3.OuterAddress)).EnsureSuccess();
        Assert.Contains("redirect completed successfully", redirect.StdOut, StringComparison.Ordinal);

        await gw1.WaitForLogAsync("vici redirect IKE_SA 's2s' to '10.99.0.3'", m1);
        await gw1.WaitForLogAsync("redirecting peer to 10.99.0.3", m1);
        await gw1.WaitForLogAsync("[ N(REDIR) ]", m1); // "generating INFORMATIONAL request N [ N(REDIR) ]": N is gw1's next message ID
        await gw2.WaitForLogAsync("redirected to 10.99.0.3", m2);
        await gw2.WaitForLogAsync("N(REDIR_FROM) ]", m2);
        await gw3.WaitForLogAsync("client got redirected from 10.99.0.1", m3);
        await gw2.WaitForLogAsync("IKE_SA s2s[2] established between 10.99.0.2[gw2.lab]...10.99.0.3[gw3.lab]", m2);
        await gw2.WaitForLogAsync("TS 10.12.0.0/24 === 10.13.0.0/24", m2);
        await gw2.WaitForLogAsync("deleting IKE_SA s2s[1] between 10.99.0.2[gw2.lab]...10.99.0.1[gw1.lab]", m2);
        await gw1.WaitForLogAsync("received DELETE for IKE_SA s2s", m1);
        await gw2.WaitForLogAsync("IKE_SA s2s[1] state change: DELETING => DESTROYING", m2);

        var sas1 = (await gw1.SwanctlAsync("--list-sas")).EnsureSuccess().StdOut;
        Assert.DoesNotContain("gw2.lab", sas1, StringComparison.Ordinal);
        Assert.Contains("remote 'gw3.lab' @ 10.99.0.3[4500]", sas1, StringComparison.Ordinal); // gw1 <-> gw3 untouched

        var sas2 = (await gw2.SwanctlAsync("--list-sas")).EnsureSuccess().StdOut;
        Assert.Contains("s2s: #2, ESTABLISHED, IKEv2", sas2, StringComparison.Ordinal);
        Assert.Contains("remote 'gw3.lab' @ 10.99.0.3[4500]", sas2, StringComparison.Ordinal);
        Assert.Contains("remote 10.13.0.0/24", sas2, StringComparison.Ordinal);
        Assert.DoesNotContain("gw1.lab", sas2, StringComparison.Ordinal);

        var sas3 = (await gw3.SwanctlAsync("--list-sas")).EnsureSuccess().StdOut;
        Assert.Contains("remote 'gw1.lab' @ 10.99.0.1[4500]", sas3, StringComparison.Ordinal);
        Assert.Contains("remote 'gw2.lab' @ 10.99.0.2[4500]", sas3, StringComparison.Ordinal);

        Assert.Equal("pong", await TcpThroughTunnelAsync(gw3, gw2));
    }

    private static async Task LoadAsync(CharonLab lab, CharonGateway gw, CharonGateway peer)
    {
        gw.WriteSwanctlConf([lab.S2S(gw, peer)], [lab.Secret]);
        var load = await gw.LoadAllAsync();
        Assert.Contains("loaded ike secret 'ike-lab'", load.StdOut, StringComparison.Ordinal);
        Assert.Contains("loaded connection 's2s'", load.StdOut, StringComparison.Ordinal);
    }

    /// <summary>A TCP exchange between the inner addresses: server on <paramref name="server"/>'s, client bound to <paramref name="client"/>'s.
    /// The server reads the request before answering: if it closed with "ping" still unread, its kernel would answer
    /// with a RST that can reach the client before it has read "pong" (socat: "write(5, ...): Broken pipe").</summary>
    private async Task<string> TcpThroughTunnelAsync(CharonGateway server, CharonGateway client)
    {
        var script =
            $"ip netns exec {server.Namespace} socat -T5 TCP-LISTEN:7000,bind={server.InnerAddress},reuseaddr SYSTEM:'read line; echo pong' & " +
            $"echo ping | ip netns exec {client.Namespace} socat -t5 -T5 - TCP:{server.InnerAddress}:7000,bind={client.InnerAddress},retry=50,interval=0.1; " +
            "wait";
        var result = await ProcessRunner.RunAsync("/bin/sh", ["-c", script], TimeSpan.FromSeconds(20));
        output.WriteLine($"traffic {client.Name} -> {server.Name}: {result}");
        Assert.True(result.StdOut.Trim() == "pong", $"no answer through the tunnel {client.Name} -> {server.Name}: {result}");
        return result.StdOut.Trim();
    }

    private static long BytesIn(RunResult listSas)
    {
        var m = Regex.Match(listSas.StdOut, @"in  [0-9a-f]{8},\s+(\d+) bytes");
        return m.Success ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
