using System.Text.RegularExpressions;
using FleetCtl.Vici;

namespace FleetCtl.Simulator.Tests;

/// <summary>What a client reads from a simulated gateway: version, stats, list-sas, list-conns, get-conns.</summary>
public sealed partial class QueryTests
{
    // Every key of the spec's list-sa layout, and those charon always sends for an established IKE_SA / installed CHILD_SA.
    private static readonly string[] s_ikeKeys =
    [
        "uniqueid", "version", "state", "local-host", "local-port", "local-id", "remote-host", "remote-port", "remote-id",
        "remote-xauth-id", "remote-eap-id", "initiator", "initiator-spi", "responder-spi", "nat-local", "nat-remote", "nat-fake",
        "nat-any", "encr-alg", "encr-keysize", "integ-alg", "integ-keysize", "prf-alg", "dh-group", "established", "rekey-time",
        "reauth-time", "local-vips", "remote-vips", "tasks-queued", "tasks-active", "tasks-passive", "child-sas",
    ];

    private static readonly string[] s_ikeAlways =
    [
        "uniqueid", "version", "state", "local-host", "local-port", "local-id", "remote-host", "remote-port", "remote-id",
        "initiator-spi", "responder-spi", "encr-alg", "prf-alg", "dh-group", "established", "child-sas",
    ];

    private static readonly string[] s_childKeys =
    [
        "name", "uniqueid", "reqid", "state", "mode", "protocol", "encap", "spi-in", "spi-out", "cpi-in", "cpi-out", "mark-in",
        "mark-mask-in", "mark-out", "mark-mask-out", "encr-alg", "encr-keysize", "integ-alg", "integ-keysize", "prf-alg", "dh-group",
        "esn", "bytes-in", "packets-in", "use-in", "bytes-out", "packets-out", "use-out", "rekey-time", "life-time", "install-time",
        "local-ts", "remote-ts",
    ];

    private static readonly string[] s_childAlways =
    [
        "name", "uniqueid", "reqid", "state", "mode", "protocol", "spi-in", "spi-out", "encr-alg", "bytes-in", "packets-in",
        "bytes-out", "packets-out", "rekey-time", "life-time", "install-time", "local-ts", "remote-ts",
    ];

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex IkeSpi();

    [GeneratedRegex("^c[0-9a-f]{7}$")]
    private static partial Regex ChildSpi();

    [Fact]
    public async Task Version_reports_charon_and_the_configured_version()
    {
        await using var h = Harness.Start(version: "6.0.3");
        await using var client = await h.ConnectAsync();
        var v = await client.CallAsync("version");
        Assert.Equal("charon", v.GetString("daemon"));
        Assert.Equal("6.0.3", v.GetString("version"));
        Assert.Equal("Linux", v.GetString("sysname"));
        Assert.NotNull(v.GetString("release"));
        Assert.Equal("x86_64", v.GetString("machine"));
    }

    [Fact]
    public async Task Stats_counts_the_ike_sas_and_has_every_section()
    {
        await using var h = Harness.Start(sas: 12);
        await using var client = await h.ConnectAsync();
        var stats = await client.CallAsync("stats");
        Assert.Equal(12, stats.GetSection("ikesas")!.GetInt32("total"));
        Assert.Equal(0, stats.GetSection("ikesas")!.GetInt32("half-open"));
        Assert.NotNull(stats.GetSection("uptime")!.GetString("running"));
        Assert.NotNull(stats.GetSection("uptime")!.GetString("since"));
        Assert.Equal(16, stats.GetSection("workers")!.GetInt32("total"));
        Assert.NotNull(stats.GetSection("workers")!.GetSection("active")!.GetInt32("critical"));
        Assert.NotNull(stats.GetSection("queues")!.GetInt32("low"));
        Assert.NotNull(stats.GetInt32("scheduled"));
        Assert.Contains("vici", stats.GetStrings("plugins"));
    }

    [Fact]
    public async Task List_sas_streams_every_sa_with_every_field_of_the_layout()
    {
        // enough SAs that the optional keys (xauth, IPComp, marks, faked NAT, tasks, local vips) all occur
        await using var h = Harness.Start(sas: 300);
        await using var client = await h.ConnectAsync();
        var listed = await client.ListSasAsync();

        Assert.Equal(300, listed.Count);
        Assert.Equal(h.Gateway.GetIkeSas().Select(s => s.UniqueId).Order(), listed.Select(m => (uint)m.Ike().GetInt64("uniqueid")!.Value).Order());
        var ikeKeysSeen = new HashSet<string>();
        var childKeysSeen = new HashSet<string>();
        foreach (var message in listed)
        {
            Assert.Single(message); // one IKE_SA per list-sa event
            var ike = message.Ike();
            Assert.All(s_ikeAlways, k => Assert.True(ike.ContainsKey(k), $"{message.IkeName()} lacks {k}"));
            Assert.Equal(message.IkeName(), message.IkeName().Trim());
            Assert.Equal("ESTABLISHED", ike.GetString("state"));
            Assert.Matches(IkeSpi(), ike.GetString("initiator-spi"));
            Assert.Matches(IkeSpi(), ike.GetString("responder-spi"));
            Assert.StartsWith("198.51.100.", ike.GetString("local-host"), StringComparison.Ordinal);
            Assert.Equal("gw-001.vpn.example.net", ike.GetString("local-id"));
            ikeKeysSeen.UnionWith(ike.Select(e => e.Key));
            Assert.NotEmpty(ike.Children());
            foreach (var child in ike.Children())
            {
                Assert.All(s_childAlways, k => Assert.True(child.ContainsKey(k), $"{message.IkeName()}/{child.GetString("name")} lacks {k}"));
                Assert.Matches(ChildSpi(), child.GetString("spi-in"));
                Assert.Matches(ChildSpi(), child.GetString("spi-out"));
                Assert.Equal("INSTALLED", child.GetString("state"));
                Assert.NotEmpty(child.GetStrings("local-ts"));
                Assert.NotEmpty(child.GetStrings("remote-ts"));
                childKeysSeen.UnionWith(child.Select(e => e.Key));
            }
        }

        Assert.Empty(s_ikeKeys.Except(ikeKeysSeen));
        Assert.Empty(s_childKeys.Except(childKeysSeen));
        Assert.Empty(ikeKeysSeen.Except(s_ikeKeys)); // and nothing the layout does not define
        Assert.Empty(childKeysSeen.Except(s_childKeys));
        // realistic names and identities
        var names = listed.Select(m => m.IkeName()).ToHashSet();
        Assert.Contains("site-001", names);
        Assert.Contains("rw-eap", names);
        Assert.Contains(listed, m => m.Ike().GetString("remote-id") == "gw-site-001.example.org");
    }

    [Fact]
    public async Task List_sas_filters_by_ike_name_and_ike_id()
    {
        await using var h = Harness.Start(sas: 30);
        await using var client = await h.ConnectAsync();
        var sas = h.Gateway.GetIkeSas();
        var one = sas.First(s => s.Name.StartsWith("site-", StringComparison.Ordinal));

        var byName = await client.ListSasAsync(new ViciMessage().Set("ike", one.Name));
        Assert.Equal([one.UniqueId], byName.Select(m => (uint)m.Ike().GetInt64("uniqueid")!.Value));

        var byId = await client.ListSasAsync(new ViciMessage().Set("ike-id", one.UniqueId));
        Assert.Equal(one.Name, Assert.Single(byId).IkeName());

        var rw = await client.ListSasAsync(new ViciMessage().Set("ike", "rw-eap"));
        Assert.Equal(sas.Count(s => s.Name == "rw-eap"), rw.Count);
        Assert.True(rw.Count > 1, "several road warriors share rw-eap");
        Assert.All(rw, m => Assert.NotNull(m.Ike().GetString("remote-eap-id")));

        Assert.Empty(await client.ListSasAsync(new ViciMessage().Set("ike", "no-such-conn")));
    }

    [Fact]
    public async Task A_held_sa_blocks_list_sas_but_noblock_skips_it()
    {
        await using var h = Harness.Start(sas: 5);
        await using var client = await h.ConnectAsync();
        var held = h.Gateway.GetIkeSas()[2].UniqueId;
        var hold = h.Gateway.HoldIkeSa(held);

        var noblock = await client.ListSasAsync(new ViciMessage().Set("noblock", true));
        Assert.Equal(4, noblock.Count);
        Assert.DoesNotContain(noblock, m => m.Ike().GetInt64("uniqueid") == held);

        var blocked = client.ListSasAsync();
        await Task.Delay(300);
        Assert.False(blocked.IsCompleted, "list-sas without noblock waits for the checked-out IKE_SA");
        hold.Dispose();
        Assert.Equal(5, (await blocked.WaitAsync(Vici.Wait)).Count);
    }

    [Fact]
    public async Task Ages_and_counters_advance_with_the_clock()
    {
        var clock = new ManualTime(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        await using var h = Harness.Start(sas: 20, time: clock);
        await using var client = await h.ConnectAsync();
        var before = (await client.ListSasAsync()).ToDictionary(m => m.Ike().GetInt64("uniqueid")!.Value);
        clock.Advance(TimeSpan.FromSeconds(100));
        var after = (await client.ListSasAsync()).ToDictionary(m => m.Ike().GetInt64("uniqueid")!.Value);

        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        var grew = 0;
        foreach (var (id, b) in before)
        {
            var a = after[id];
            Assert.Equal(b.Ike().GetInt64("established") + 100, a.Ike().GetInt64("established"));
            var bc = b.Ike().Children().First();
            var ac = a.Ike().Children().First();
            Assert.Equal(bc.GetInt64("install-time") + 100, ac.GetInt64("install-time"));
            Assert.True(ac.GetUInt64("bytes-in") >= bc.GetUInt64("bytes-in"));
            Assert.True(ac.GetUInt64("packets-out") >= bc.GetUInt64("packets-out"));
            grew += ac.GetUInt64("bytes-in") > bc.GetUInt64("bytes-in") ? 1 : 0;
        }

        Assert.True(grew > before.Count / 2, $"traffic flows on most CHILD_SAs ({grew} of {before.Count} grew)");
    }

    [Fact]
    public async Task List_conns_includes_configured_but_down_connections_and_get_conns_names_them_all()
    {
        await using var h = Harness.Start(sas: 20, down: 4);
        await using var client = await h.ConnectAsync();
        var conns = new List<ViciMessage>();
        await foreach (var m in client.StreamAsync("list-conns", "list-conn"))
        {
            conns.Add(m);
        }

        var names = conns.Select(m => m.IkeName()).ToList();
        var up = h.Gateway.GetIkeSas().Select(s => s.Name).ToHashSet();
        Assert.True(names.Count(n => !up.Contains(n)) >= 4, "configured connections without an SA are listed too");
        var site = conns.First(m => m.IkeName().StartsWith("site-", StringComparison.Ordinal)).Ike();
        Assert.Equal("IKEv2", site.GetString("version"));
        Assert.NotEmpty(site.GetStrings("local_addrs"));
        Assert.NotEmpty(site.GetStrings("remote_addrs"));
        Assert.NotNull(site.GetSection("local-1")!.GetString("class"));
        Assert.NotNull(site.GetSection("remote-1")!.GetString("id"));
        Assert.NotEmpty(site.GetSection("children")!.SectionNames);

        var filtered = new List<ViciMessage>();
        await foreach (var m in client.StreamAsync("list-conns", "list-conn", new ViciMessage().Set("ike", names[0])))
        {
            filtered.Add(m);
        }

        Assert.Equal(names[0], Assert.Single(filtered).IkeName());

        var getConns = await client.CallAsync("get-conns");
        Assert.Equal(names.Order(), getConns.GetStrings("conns").Order());
    }

    [Fact]
    public async Task An_unknown_command_answers_cmd_unknown()
    {
        await using var h = Harness.Start();
        await using var client = await h.ConnectAsync();
        await Assert.ThrowsAsync<ViciUnknownCommandException>(() => client.CallAsync("load-cert"));
        Assert.Equal("charon", (await client.CallAsync("version")).GetString("daemon"));
    }
}
