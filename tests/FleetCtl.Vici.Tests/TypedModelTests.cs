using FleetCtl.Vici.Models;
using Xunit;

namespace FleetCtl.Vici.Tests;

public sealed class TypedModelTests
{
    [Fact]
    public void ConnectionInfo_reads_addresses_auth_rounds_and_children()
    {
        var conn = Assert.Single(ConnectionInfo.ParseAll(CharonSamples.ListConn()));

        Assert.Equal("s2s", conn.Name);
        Assert.Equal(["198.51.100.10"], conn.LocalAddrs);
        Assert.Equal(["203.0.113.42", "gw-site-042.example.org"], conn.RemoteAddrs);
        Assert.Equal(500, conn.LocalPort);
        Assert.Equal(500, conn.RemotePort);
        Assert.Equal("IKEv2", conn.Version);
        Assert.Equal(0, conn.ReauthTime);
        Assert.Equal(14400, conn.RekeyTime);
        Assert.Equal("UNIQUE_REPLACE", conn.Unique);
        Assert.Single(conn.Proposals);
        Assert.Equal(30, conn.DpdDelay);
        Assert.Null(conn.DpdTimeout);
        Assert.False(conn.PpkRequired);

        Assert.Equal(["local-1", "local-2"], conn.Local.Select(a => a.Round));
        Assert.Equal("pre-shared key", conn.Local[0].Class);
        Assert.Equal("gw-hq.example.org", conn.Local[0].Id);
        Assert.Equal("EAP", conn.Local[1].Class);
        Assert.Equal("MSCHAPV2", conn.Local[1].EapType);
        Assert.Equal("alice", conn.Local[1].EapId);
        Assert.Equal(["admins"], conn.Local[1].Groups);

        var remote = Assert.Single(conn.Remote);
        Assert.Equal("remote-1", remote.Round);
        Assert.Equal("public key", remote.Class);
        Assert.Equal("strict", remote.Revocation);
        Assert.Equal(["CN=gw-site-042"], remote.Certs);
        Assert.Equal(["CN=Fleet Root CA"], remote.CaCerts);

        var child = Assert.Single(conn.Children);
        Assert.Equal("net", child.Name);
        Assert.Equal("TUNNEL", child.Mode);
        Assert.Equal(3600, child.RekeyTime);
        Assert.Equal(0UL, child.RekeyBytes);
        Assert.Equal(0UL, child.RekeyPackets);
        Assert.Equal("restart", child.DpdAction);
        Assert.Equal("none", child.CloseAction);
        Assert.Equal(["ESP:AES_GCM_16_256/NO_EXT_SEQ"], child.EspProposals);
        Assert.Empty(child.AhProposals);
        Assert.Equal(["10.1.0.0/16"], child.LocalTs);
        Assert.Equal(["10.2.0.0/16"], child.RemoteTs);
        Assert.Equal("xfrm42", child.Interface);
        Assert.Equal(1000, child.Priority);
    }

    [Fact]
    public void ConnectionInfo_tolerates_garbage()
    {
        var conn = ConnectionInfo.Parse("odd", new ViciMessage()
            .Set("local_addrs", "%any")                 // a value instead of a list: kept as one address
            .Set("remote_addrs", new ViciMessage())
            .Set("local_port", "five hundred")
            .Set("children", ["net"])
            .Set("local", "not a section"));

        Assert.Equal(["%any"], conn.LocalAddrs);
        Assert.Empty(conn.RemoteAddrs);
        Assert.Null(conn.LocalPort);
        Assert.Empty(conn.Children);
        Assert.Empty(conn.Local);
    }

    [Fact]
    public void PolicyInfo_falls_back_to_the_section_name_for_child_and_ike()
    {
        var withoutKeys = PolicyInfo.Parse("s2s/net", new ViciMessage().Set("mode", "TUNNEL"));
        Assert.Equal("net", withoutKeys.Child);
        Assert.Equal("s2s", withoutKeys.Ike);

        var shunt = PolicyInfo.Parse("lan-bypass", new ViciMessage().Set("child", "lan-bypass").Set("mode", "PASS"));
        Assert.Equal("lan-bypass", shunt.Child);
        Assert.Null(shunt.Ike);
        Assert.Equal("PASS", shunt.Mode);
    }

    [Fact]
    public void CertificateInfo_reads_x509_and_pubkey_entries()
    {
        var der = new byte[] { 0x30, 0x82, 0x03, 0x00 };
        var x509 = CertificateInfo.Parse(new ViciMessage().Set("type", "X509").Set("flag", "CA").Set("has_privkey", "yes").Set("data", der));
        Assert.Equal("X509", x509.Type);
        Assert.Equal("CA", x509.Flag);
        Assert.True(x509.HasPrivateKey);
        Assert.Equal(der, x509.Data.ToArray());
        Assert.Null(x509.NotAfterTime);

        var pubkey = CertificateInfo.Parse(new ViciMessage().Set("type", "PUBKEY").Set("data", der)
            .Set("subject", "gw-site-042.example.org").Set("not-before", "20260101000000Z").Set("not-after", "garbage"));
        Assert.False(pubkey.HasPrivateKey);
        Assert.Equal("gw-site-042.example.org", pubkey.Subject);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), pubkey.NotBeforeTime);
        Assert.Equal("garbage", pubkey.NotAfter);
        Assert.Null(pubkey.NotAfterTime);

        Assert.True(CertificateInfo.Parse(new ViciMessage()).Data.IsEmpty);
    }

    [Fact]
    public void AuthorityInfo_reads_every_key()
    {
        var ca = Assert.Single(AuthorityInfo.ParseAll(new ViciMessage().Set("fleet-ca", new ViciMessage()
            .Set("cacert", "CN=Fleet Root CA")
            .Set("crl_uris", ["http://crl.example.org/fleet.crl", "ldap://ldap.example.org/cn=crl"])
            .Set("ocsp_uris", ["http://ocsp.example.org"])
            .Set("cert_uri_base", "http://certs.example.org/"))));

        Assert.Equal("fleet-ca", ca.Name);
        Assert.Equal("CN=Fleet Root CA", ca.CaCert);
        Assert.Equal(2, ca.CrlUris.Count);
        Assert.Equal(["http://ocsp.example.org"], ca.OcspUris);
        Assert.Equal("http://certs.example.org/", ca.CertUriBase);
    }

    [Fact]
    public void PoolInfo_reads_pools_and_leases()
    {
        var response = new ViciMessage()
            .Set("rw-pool", new ViciMessage()
                .Set("base", "10.99.0.0").Set("size", 254L).Set("online", 1L).Set("offline", 1L)
                .Set("leases", new ViciMessage()
                    .Set("0", new ViciMessage().Set("address", "10.99.0.1").Set("identity", "alice@example.org").Set("status", "online"))
                    .Set("1", new ViciMessage().Set("address", "10.99.0.2").Set("identity", "bob@example.org").Set("status", "offline"))))
            .Set("dns-only", new ViciMessage().Set("base", "%any").Set("size", 0L).Set("online", 0L).Set("offline", 0L));

        var pools = PoolInfo.ParseAll(response);

        Assert.Equal(["rw-pool", "dns-only"], pools.Select(p => p.Name));
        Assert.Equal("10.99.0.0", pools[0].Base);
        Assert.Equal(254, pools[0].Size);
        Assert.Equal(1, pools[0].Online);
        Assert.Equal(1, pools[0].Offline);
        Assert.Equal(2, pools[0].Leases.Count);
        Assert.Equal("0", pools[0].Leases[0].Index);
        Assert.Equal("10.99.0.1", pools[0].Leases[0].Address);
        Assert.Equal("alice@example.org", pools[0].Leases[0].Identity);
        Assert.True(pools[0].Leases[0].IsOnline);
        Assert.False(pools[0].Leases[1].IsOnline);
        Assert.Empty(pools[1].Leases);
    }

    [Theory]
    [InlineData("5.9.8", "5.9.8", false)]
    [InlineData("6.0.3", "6.0.3", true)]
    [InlineData("6.0.3dr1", "6.0.3", true)]
    [InlineData("6.1", "6.1", true)]
    [InlineData("6.0.2", "6.0.2", false)]
    public void ViciVersion_reads_the_version_and_knows_when_alert_exists(string version, string numeric, bool alert)
    {
        var v = ViciVersion.Parse(new ViciMessage()
            .Set("daemon", "charon").Set("version", version).Set("sysname", "Linux").Set("release", "6.1.0-26-amd64").Set("machine", "x86_64"));

        Assert.Equal("charon", v.Daemon);
        Assert.Equal(version, v.Version);
        Assert.Equal("Linux", v.Sysname);
        Assert.Equal("6.1.0-26-amd64", v.Release);
        Assert.Equal("x86_64", v.Machine);
        Assert.Equal(Version.Parse(numeric), v.NumericVersion);
        Assert.Equal(alert, v.SupportsAlertEvent);
    }

    [Fact]
    public void ViciVersion_without_a_usable_version()
    {
        var v = ViciVersion.Parse(new ViciMessage().Set("version", "unknown"));

        Assert.Null(v.NumericVersion);
        Assert.False(v.SupportsAlertEvent);
        Assert.Null(ViciVersion.Parse(new ViciMessage()).Daemon);
    }

    [Fact]
    public void ViciStats_reads_every_section()
    {
        var stats = ViciStats.Parse(new ViciMessage()
            .Set("uptime", new ViciMessage().Set("running", "2 days").Set("since", "Nov 22 08:30:00 2026"))
            .Set("workers", new ViciMessage().Set("total", 16L).Set("idle", 11L)
                .Set("active", new ViciMessage().Set("critical", 4L).Set("high", 0L).Set("medium", 1L).Set("low", 0L)))
            .Set("queues", new ViciMessage().Set("critical", 0L).Set("high", 0L).Set("medium", 3L).Set("low", 0L))
            .Set("scheduled", 42L)
            .Set("ikesas", new ViciMessage().Set("total", 120L).Set("half-open", 2L))
            .Set("plugins", ["random", "nonce", "x509", "vici"])
            .Set("mallinfo", new ViciMessage().Set("sbrk", 2_162_688L).Set("mmap", 0L).Set("used", 1_234_567L).Set("free", 927_121L)));

        Assert.Equal("2 days", stats.UptimeRunning);
        Assert.Equal("Nov 22 08:30:00 2026", stats.UptimeSince);
        Assert.Equal(16, stats.WorkersTotal);
        Assert.Equal(11, stats.WorkersIdle);
        Assert.Equal(new JobPriorityCounts(4, 0, 1, 0), stats.WorkersActive);
        Assert.Equal(new JobPriorityCounts(0, 0, 3, 0), stats.Queues);
        Assert.Equal(42, stats.Scheduled);
        Assert.Equal(120, stats.IkeSasTotal);
        Assert.Equal(2, stats.IkeSasHalfOpen);
        Assert.Equal(["random", "nonce", "x509", "vici"], stats.Plugins);
        Assert.Null(stats.MemTotal);
        Assert.Equal(2_162_688UL, stats.MallinfoSbrk);
        Assert.Equal(1_234_567UL, stats.MallinfoUsed);
        Assert.Equal(927_121UL, stats.MallinfoFree);
    }

    [Fact]
    public void ViciStats_of_an_empty_answer_is_all_null()
    {
        var stats = ViciStats.Parse(new ViciMessage().Set("workers", "busy"));

        Assert.Null(stats.WorkersTotal);
        Assert.Equal(new JobPriorityCounts(null, null, null, null), stats.Queues);
        Assert.Empty(stats.Plugins);
    }

    [Fact]
    public void ViciCounters_reads_global_and_per_connection_sets()
    {
        static ViciMessage Set(ulong rekeys) => new ViciMessage()
            .Set("ike-rekey-init", rekeys).Set("ike-rekey-resp", 1L).Set("child-rekey", 12L).Set("invalid", 0L).Set("invalid-spi", 3L)
            .Set("ike-init-in-req", 5L).Set("ike-init-in-resp", 6L).Set("ike-init-out-req", 7L).Set("ike-init-out-resp", 8L)
            .Set("ike-auth-in-req", 9L).Set("ike-auth-in-resp", 10L).Set("ike-auth-out-req", 11L).Set("ike-auth-out-resp", 12L)
            .Set("create-child-in-req", 13L).Set("create-child-in-resp", 14L).Set("create-child-out-req", 15L).Set("create-child-out-resp", 16L)
            .Set("info-in-req", 17L).Set("info-in-resp", 18L).Set("info-out-req", 19L).Set("info-out-resp", 20L)
            .Set("future-counter", 99L);

        var counters = ViciCounters.Parse(CharonSamples.RoundTrip(new ViciMessage()
            .Set("counters", new ViciMessage().Set("", Set(ulong.MaxValue)).Set("s2s", Set(2)))
            .Set("success", "yes")));

        var global = counters.Global!;
        Assert.True(global.IsGlobal);
        Assert.Equal(ulong.MaxValue, global.IkeRekeyInit);
        Assert.Equal(1UL, global.IkeRekeyResp);
        Assert.Equal(12UL, global.ChildRekey);
        Assert.Equal(0UL, global.Invalid);
        Assert.Equal(3UL, global.InvalidSpi);
        Assert.Equal(5UL, global.IkeInitInReq);
        Assert.Equal(6UL, global.IkeInitInResp);
        Assert.Equal(7UL, global.IkeInitOutReq);
        Assert.Equal(8UL, global.IkeInitOutResp);
        Assert.Equal(9UL, global.IkeAuthInReq);
        Assert.Equal(10UL, global.IkeAuthInResp);
        Assert.Equal(11UL, global.IkeAuthOutReq);
        Assert.Equal(12UL, global.IkeAuthOutResp);
        Assert.Equal(13UL, global.CreateChildInReq);
        Assert.Equal(14UL, global.CreateChildInResp);
        Assert.Equal(15UL, global.CreateChildOutReq);
        Assert.Equal(16UL, global.CreateChildOutResp);
        Assert.Equal(17UL, global.InfoInReq);
        Assert.Equal(18UL, global.InfoInResp);
        Assert.Equal(19UL, global.InfoOutReq);
        Assert.Equal(20UL, global.InfoOutResp);
        Assert.Equal(99UL, global.Get("future-counter"));
        Assert.Equal(2UL, counters.Find("s2s")!.IkeRekeyInit);
        Assert.Null(counters.Find("other"));
        Assert.Null(ViciCounters.Parse(new ViciMessage()).Global);
    }

    [Fact]
    public void ViciAlgorithms_reads_types_and_keeps_the_first_of_repeated_keys()
    {
        // charon's nonce-gen section repeats NONCE_GEN once per plugin, which Set cannot express: build the bytes
        byte[] body =
        [
            1, 10, .. "encryption"u8, 3, 7, .. "AES_CBC"u8, 0, 7, .. "openssl"u8, 3, 8, .. "3DES_CBC"u8, 0, 3, .. "des"u8, 2,
            1, 9, .. "nonce-gen"u8, 3, 9, .. "NONCE_GEN"u8, 0, 5, .. "nonce"u8, 3, 9, .. "NONCE_GEN"u8, 0, 7, .. "openssl"u8, 2,
        ];

        var algorithms = ViciAlgorithms.Parse(ViciMessage.Decode(body));

        Assert.Equal("openssl", algorithms.FindPlugin("encryption", "AES_CBC"));
        Assert.Equal("des", algorithms.FindPlugin("encryption", "3DES_CBC"));
        Assert.Equal("nonce", algorithms.FindPlugin("nonce-gen", "NONCE_GEN"));
        Assert.Empty(algorithms.Get("xof"));
        Assert.Null(algorithms.FindPlugin("ke", "CURVE_25519"));
    }
}
