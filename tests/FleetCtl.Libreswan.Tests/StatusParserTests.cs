namespace FleetCtl.Libreswan.Tests;

public sealed class StatusParserTests
{
    public static TheoryData<bool> BothForms => new() { false, true };

    // ---- recorded from a real pluto 4.10 (Recorded/README.md) ---------------------------------------------------

    [Theory]
    [MemberData(nameof(BothForms))]
    public void Idle_connection_is_loaded_with_its_topology_and_no_states(bool stripped)
    {
        var status = Fixtures.Parse("Recorded/pluto-4.10-idle-status.txt", stripped);

        var c = Assert.Single(status.Connections);
        Assert.Equal("s2s", c.Name);
        Assert.Null(c.Instance);
        Assert.Equal(new LibreswanEndpoint { Host = "10.98.0.2", Id = "@gw2.lab", Subnet = "10.12.0.0/24" }, c.Local);
        Assert.Equal(new LibreswanEndpoint { Host = "10.98.0.1", Id = "@gw1.lab", Subnet = "10.11.0.0/24" }, c.Remote);
        Assert.Equal("unrouted", c.Routing);
        Assert.Null(c.ErouteOwner);
        Assert.Null(c.NewestIkeSa);
        Assert.Null(c.NewestIpsecSa);
        Assert.Equal("@gw2.lab", c.LocalId);
        Assert.Equal("@gw1.lab", c.RemoteId);
        Assert.Equal("IKEv2+PSK+ENCRYPT+TUNNEL+PFS+IKE_FRAG_ALLOW+ESN_NO+ESN_YES", c.Policy);
        Assert.Equal(2, c.IkeVersion);
        Assert.Empty(status.States);
        Assert.Empty(status.Traffic);
        Assert.Equal(1, status.Totals.ConnectionsLoaded);
        Assert.Equal(0, status.Totals.ConnectionsActive);
        Assert.Equal(0, status.Totals.IkeSaTotal);
        Assert.Equal(0, status.Totals.IpsecSaTotal);
        Assert.Equal("DDoS cookies not required, Accepting new IKE connections", status.Totals.StateInformation);
        Assert.Empty(status.UnknownLines);
        Assert.True(status.IgnoredLineCount > 50, $"interfaces, config and algorithm lines are recognised: {status.IgnoredLineCount}");
        Assert.Equal(!stripped, status.HadNumericPrefixes);
    }

    [Theory]
    [MemberData(nameof(BothForms))]
    public void Established_childless_ike_sa_is_state_2(bool stripped)
    {
        var status = Fixtures.Parse("Recorded/pluto-4.10-established-status.txt", stripped);

        Assert.Empty(status.UnknownLines);
        Assert.Equal(2, Assert.Single(status.Connections).NewestIkeSa);
        var s = Assert.Single(status.States);
        Assert.Equal(2, s.Serial);
        Assert.Equal("s2s", s.Connection);
        Assert.Equal(4500, s.RemotePort);
        Assert.Equal("STATE_V2_ESTABLISHED_IKE_SA", s.Name);
        Assert.Equal("established IKE SA", s.Story);
        Assert.Equal(LibreswanStateKind.Ike, s.Kind);
        Assert.True(s.IsEstablished);
        Assert.Equal(2, s.IkeVersion);
        Assert.Null(s.ParentSerial);
        Assert.Equal([new LibreswanTimer("REKEY", 28525), new LibreswanTimer("REPLACE", 28795)], s.Timers);
        Assert.Equal(28525, s.SecondsUntil("REKEY"));
        Assert.Equal(["newest", "idle"], s.Flags);
        Assert.True(s.IsNewest);
        Assert.Equal(1, status.Totals.IkeSas["authenticated"]);

        var ike = Assert.Single(LibreswanSas.FromStatus(status).IkeSas);
        Assert.Equal(2, ike.Serial);
        Assert.Equal("10.98.0.1", ike.PeerAddress);
        Assert.Equal(2, ike.IkeVersion);
        Assert.True(ike.IsEstablished);
        Assert.Empty(ike.Children);
    }

    [Theory]
    [MemberData(nameof(BothForms))]
    public void After_deletestate_no_state_is_left(bool stripped)
    {
        var status = Fixtures.Parse("Recorded/pluto-4.10-deleted-status.txt", stripped);

        Assert.Empty(status.States);
        Assert.Empty(status.UnknownLines);
        Assert.Equal(0, status.Totals.IkeSaTotal);
        Assert.Empty(LibreswanSas.FromStatus(status).IkeSas);
    }

    [Theory]
    [MemberData(nameof(BothForms))]
    public void Up_from_plutos_side_shows_an_established_ike_sa_retransmitting(bool stripped)
    {
        var status = Fixtures.Parse("Recorded/pluto-4.10-up-status.txt", stripped);

        var s = Assert.Single(status.States);
        Assert.Equal(3, s.Serial);
        Assert.True(s.IsEstablished);
        Assert.Equal("RETRANSMIT", s.Event?.Name);
        Assert.Empty(status.UnknownLines);
    }

    [Theory]
    [MemberData(nameof(BothForms))]
    public void Looping_child_negotiation_is_a_child_state_not_established(bool stripped)
    {
        var status = Fixtures.Parse("Recorded/pluto-4.10-looping-status.txt", stripped);

        Assert.Empty(status.UnknownLines);
        Assert.Equal([5, 7], status.States.Select(s => s.Serial));
        var child = status.State(7)!;
        Assert.Equal("STATE_V2_NEW_CHILD_I0", child.Name);
        Assert.Equal(LibreswanStateKind.Child, child.Kind);
        Assert.False(child.IsEstablished);
        Assert.Equal(new LibreswanTimer("CRYPTO_TIMEOUT", 37 - 7), child.Event);
        Assert.Equal(2, status.Totals.IkeSaTotal);

        var snapshot = LibreswanSas.FromStatus(status);
        Assert.Equal(5, Assert.Single(snapshot.IkeSas).Serial);
        Assert.Equal(7, Assert.Single(snapshot.OrphanChildSas).Serial); // pluto prints no parent for a larval child
    }

    [Fact]
    public void Whack_progress_output_is_not_status_and_is_counted_unknown()
    {
        var status = LibreswanStatusParser.Parse(Fixtures.Read("Recorded/pluto-4.10-up-childless-peer-whack-output.txt"));

        Assert.Empty(status.Connections);
        Assert.Empty(status.States);
        Assert.Equal(9, status.UnknownLines.Count); // every line of it
        Assert.StartsWith("\"s2s\" #3: initiating IKEv2 connection", status.UnknownLines[0].Text, StringComparison.Ordinal);
    }

    // ---- the wiki's examples (Seed/README.md) --------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(BothForms))]
    public void Seed_trafficstatus(bool stripped)
    {
        var status = Fixtures.Parse("Seed/trafficstatus.txt", stripped);

        Assert.Empty(status.UnknownLines);
        Assert.Equal(3, status.Traffic.Count);
        var redhat = status.Traffic[0];
        Assert.Equal(48971, redhat.Serial);
        Assert.Equal("redhat", redhat.Connection);
        Assert.Equal("pwouters", redhat.Username);
        Assert.Equal("ESP", redhat.Type);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1480687195), redhat.AddTime);
        Assert.Equal(12295525, redhat.InBytes);
        Assert.Equal(673668, redhat.OutBytes);
        Assert.Null(redhat.Id);
        Assert.Equal("@melto.foobar.fi", status.Traffic[1].Id);
        Assert.Null(status.Traffic[1].Username);
        Assert.Equal((1008L, 1008L, "@foo-gw.foobar.fi"), (status.Traffic[2].InBytes!.Value, status.Traffic[2].OutBytes!.Value, status.Traffic[2].Id!));
    }

    [Theory]
    [MemberData(nameof(BothForms))]
    public void Seed_connection_listing_gives_two_topologies_of_redhat(bool stripped)
    {
        var status = Fixtures.Parse("Seed/connection-redhat.txt", stripped);

        Assert.Empty(status.UnknownLines);
        Assert.Equal(2, status.Connections.Count);
        var first = status.Connections[0];
        Assert.Equal("redhat", first.Name);
        Assert.Equal(new LibreswanEndpoint { Subnet = "10.3.228.119/32", Host = "192.168.10.124", Id = "@OURREMOTEID", Flags = "+MC+XC+S=C", NextHop = "192.168.10.1" }, first.Local);
        Assert.Equal(new LibreswanEndpoint { Host = "209.XXX.XXX.XXX", HostName = "XXX.XXX.redhat.com", Flags = "MS+XS+S=C", Subnet = "0.0.0.0/0" }, first.Remote);
        Assert.Equal("erouted", first.Routing);
        Assert.Equal(2, first.ErouteOwner);

        var second = status.Connections[1];
        Assert.Equal("10.0.0.0/8", second.Remote.Subnet);
        Assert.Equal("@", second.Local.Id);
        Assert.Equal(3, second.NewestIkeSa); // "newest ISAKMP SA: #3; newest IPsec SA: #2;"
        Assert.Equal(2, second.NewestIpsecSa);
        Assert.Null(second.IkeVersion); // IKEV1_ALLOW+IKEV2_ALLOW
        Assert.StartsWith("PSK+ENCRYPT+TUNNEL", second.Policy, StringComparison.Ordinal);
        Assert.Contains("ESP algorithm newest: AES_256-HMAC_SHA1; pfsgroup=MODP1024", second.Lines);
    }

    [Theory]
    [MemberData(nameof(BothForms))]
    public void Seed_ikev1_states_main_and_quick_mode(bool stripped)
    {
        var status = Fixtures.Parse("Seed/states-redhat.txt", stripped);

        Assert.Empty(status.UnknownLines);
        Assert.Equal((6, 1), (status.Totals.ConnectionsLoaded!.Value, status.Totals.ConnectionsActive!.Value));
        Assert.Equal(new Dictionary<string, int> { ["total"] = 1, ["authenticated"] = 1, ["anonymous"] = 0 }, status.Totals.IpsecSas);

        var quick = status.State(2)!;
        Assert.Equal(("STATE_QUICK_I2", "sent QI2, IPsec SA established"), (quick.Name, quick.Story));
        Assert.Equal(LibreswanStateKind.Child, quick.Kind);
        Assert.Equal(1, quick.IkeVersion);
        Assert.True(quick.IsEstablished);
        Assert.Equal(1, quick.ParentSerial);
        Assert.Equal(new LibreswanTimer("EVENT_SA_REPLACE_IF_USED", 28039), quick.Event);
        Assert.Equal(28039, quick.SecondsUntil("REPLACE"));
        Assert.Equal(["newest IPSEC", "eroute owner", "idle", "import:admin initiate"], quick.Flags);
        Assert.Equal("9c01f20f", quick.OutboundSpi());
        Assert.Equal("e12dd706", quick.InboundSpi());
        Assert.Equal(new LibreswanSaid("tun", "0", "209.132.183.55"), quick.Saids[2]);
        Assert.Equal((0L, 0L, "4194303B", "pwouters"), (quick.InBytes!.Value, quick.OutBytes!.Value, quick.MaxBytes!, quick.Username!));

        var main = status.State(1)!;
        Assert.Equal(("STATE_MAIN_I4", LibreswanStateKind.Ike, 1, true), (main.Name, main.Kind, main.IkeVersion!.Value, main.IsEstablished));
        Assert.Equal(new LibreswanTimer("EVENT_SA_EXPIRE", 86390), main.Event);
        Assert.Contains("lastdpd=-1s(seq in:0 out:0)", main.Flags);

        var ike = Assert.Single(LibreswanSas.FromStatus(status).IkeSas);
        Assert.Equal(1, ike.Serial);
        var child = Assert.Single(ike.Children);
        Assert.Equal((2, "esp", "9c01f20f", "e12dd706"), (child.Serial, child.Protocol!, child.OutboundSpi!, child.InboundSpi!));
        Assert.Equal("209.132.183.55", ike.PeerAddress); // no connection list: where the child's outbound SA goes
    }

    [Theory]
    [MemberData(nameof(BothForms))]
    public void Seed_half_open_parent_with_instance_and_peer(bool stripped)
    {
        var status = Fixtures.Parse("Seed/state-parent-i1.txt", stripped);

        var s = Assert.Single(status.States);
        Assert.Equal(51231, s.Serial);
        Assert.Equal("private-or-clear#193.110.157.0/24", s.Connection);
        Assert.Equal("[1]", s.Instance);
        Assert.Equal("193.110.157.102", s.Peer);
        Assert.Equal(500, s.RemotePort);
        Assert.Equal(("STATE_PARENT_I1", "sent v2I1, expected v2R1"), (s.Name, s.Story));
        Assert.False(s.IsEstablished);
        Assert.Equal((LibreswanStateKind.Ike, 2), (s.Kind, s.IkeVersion!.Value));
        Assert.Equal(new LibreswanTimer("EVENT_v2_RETRANSMIT", 8), s.Event);
        Assert.Equal("193.110.157.102", Assert.Single(LibreswanSas.FromStatus(status).IkeSas).PeerAddress);
    }

    [Theory]
    [MemberData(nameof(BothForms))]
    public void Seed_ikev2_child_calling_itself_parent_is_linked_by_isakmp_serial(bool stripped)
    {
        var status = Fixtures.Parse("Seed/states-supo.txt", stripped);

        Assert.Empty(status.UnknownLines);
        var child = status.State(50578)!;
        var parent = status.State(50577)!;
        Assert.Equal((LibreswanStateKind.Child, 50577), (child.Kind, child.ParentSerial!.Value));
        Assert.Equal((LibreswanStateKind.Ike, (int?)null), (parent.Kind, parent.ParentSerial)); // isakmp#0
        Assert.All(new[] { child, parent }, s => Assert.Equal(("STATE_PARENT_R2", 2, true), (s.Name, s.IkeVersion!.Value, s.IsEstablished)));
        Assert.Equal(("9a8c024f", "8758b394", "0B"), (child.OutboundSpi()!, child.InboundSpi()!, child.MaxBytes!));
        Assert.Empty(parent.Saids);

        var ike = Assert.Single(LibreswanSas.FromStatus(status).IkeSas);
        Assert.Equal(50578, Assert.Single(ike.Children).Serial);
    }

    // ---- 4.x/5.x child SAs -------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(BothForms))]
    public void Child_sas_link_to_their_ike_sa_with_spis_and_bytes(bool stripped)
    {
        var text = stripped ? LibreswanStatusParser.StripNumericPrefixes(Fixtures.ChildStates4x) : Fixtures.ChildStates4x;
        var status = LibreswanStatusParser.Parse(text);

        Assert.Empty(status.UnknownLines);
        Assert.Equal([1, 2, 3, 7, 8, 9], status.States.Select(s => s.Serial));
        var three = status.State(3)!;
        Assert.Equal((1, LibreswanStateKind.Child, 2), (three.ParentSerial!.Value, three.Kind, three.IkeVersion!.Value));
        Assert.Equal((3L * 1024, 1024L * 1024, "alice"), (three.InBytes!.Value, three.OutBytes!.Value, three.Username!));
        Assert.Equal(["newest", "eroute owner", "idle"], three.Flags);
        var eight = status.State(8)!;
        Assert.Equal(("[4]", "203.0.113.9", 4500, true), (eight.Instance!, eight.Peer!, eight.RemotePort!.Value, eight.Tcp));
        Assert.Equal("00000abc", eight.OutboundSpi());
        Assert.Equal(["Child SA for \"road\"[4] 203.0.113.9 replacing #8"], status.State(7)!.Pending.Select(p => p["pending ".Length..]));

        Assert.Equal(3, status.Traffic.Count);
        Assert.Equal("C=CH, O=Example, CN=site-a", status.Traffic[1].Id);
        Assert.Equal("2^63B", status.Traffic[1].MaxBytes);
        Assert.Equal(("[4]", "203.0.113.9"), (status.Traffic[2].Instance!, status.Traffic[2].Peer!));

        var snapshot = LibreswanSas.FromStatus(status);
        Assert.Equal([1, 7], snapshot.IkeSas.Select(i => i.Serial));
        var siteA = snapshot.IkeSas[0];
        Assert.Equal([2, 3], siteA.Children.Select(c => c.Serial));
        Assert.Equal((3300L, 1049000L), (siteA.Children[1].InBytes!.Value, siteA.Children[1].OutBytes!.Value)); // trafficstatus is exact
        Assert.Equal("198.51.100.7", siteA.PeerAddress);
        var road = snapshot.IkeSas[1];
        Assert.Equal(("203.0.113.9", 4500), (road.PeerAddress!, road.PeerPort!.Value));
        Assert.Equal(("00000abc", "00000def"), (road.Children[0].OutboundSpi!, road.Children[0].InboundSpi!));
        Assert.Equal(9, Assert.Single(snapshot.OrphanChildSas).Serial);
    }

    [Fact]
    public void Libreswan5_state_names_without_the_state_prefix()
    {
        var status = LibreswanStatusParser.Parse("""
            #5: "vpn":4500 ESTABLISHED_CHILD_SA (established Child SA); REKEY in 10284s; REPLACE in 11212s; newest; eroute owner; IKE SA #6; idle;
            #5: "vpn" esp.aabbccdd@192.0.2.50 esp.11223344@192.0.2.1 Traffic: ESPin=10KB ESPout=20KB ESPmax=2^63B
            #6: "vpn":4500 ESTABLISHED_IKE_SA (established IKE SA); REKEY in 10219s; REPLACE in 11255s; newest; idle;
            """);

        Assert.Empty(status.UnknownLines);
        Assert.False(status.HadNumericPrefixes);
        var ike = Assert.Single(LibreswanSas.FromStatus(status).IkeSas);
        Assert.Equal((6, 2, true), (ike.Serial, ike.IkeVersion!.Value, ike.IsEstablished));
        var child = Assert.Single(ike.Children);
        Assert.Equal((5, true, "aabbccdd", 10L * 1024), (child.Serial, child.IsEstablished, child.OutboundSpi!, child.InBytes!.Value));
        Assert.Equal("192.0.2.50", ike.PeerAddress);
    }

    // ---- never fatal ------------------------------------------------------------------------------------------

    [Fact]
    public void Malformed_and_unknown_lines_are_kept_and_counted()
    {
        var status = LibreswanStatusParser.Parse("""
            000 #1: "s2s":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); REKEY in 10s; newest; idle;
            000 something pluto 9 might print
            000 #2: "never-seen" esp.12345678@10.0.0.1 Traffic: ESPin=0B
            000 #x: "bad serial":500 STATE_V2_X (y);
            000 "unterminated: 10.0.0.0/8===10.1.1.1...10.2.2.2
            000 IKE SAs: total(1), half-open(0)
            garbage ~~~
            """);

        Assert.Single(status.States);
        Assert.Equal(1, status.Totals.IkeSaTotal);
        Assert.Equal(
            ["something pluto 9 might print", "#2: \"never-seen\" esp.12345678@10.0.0.1 Traffic: ESPin=0B", "#x: \"bad serial\":500 STATE_V2_X (y);",
             "\"unterminated: 10.0.0.0/8===10.1.1.1...10.2.2.2", "garbage ~~~"],
            status.UnknownLines.Select(u => u.Text));
        Assert.Equal([2, 3, 4, 5, 7], status.UnknownLines.Select(u => u.LineNumber));
    }

    [Fact]
    public void Empty_and_whitespace_input_is_an_empty_status()
    {
        foreach (var text in new[] { "", "\n\n", "000  \n000\r\n" })
        {
            var status = LibreswanStatusParser.Parse(text);
            Assert.Empty(status.Connections);
            Assert.Empty(status.States);
            Assert.Empty(status.UnknownLines);
        }
    }

    [Theory]
    [InlineData("0B", 0L)]
    [InlineData("1023B", 1023L)]
    [InlineData("12KB", 12L * 1024)]
    [InlineData("3MB", 3L * 1024 * 1024)]
    [InlineData("2^63B", null)]
    public void Byte_counts_in_pluto_units(string text, long? expected) => Assert.Equal(expected, LibreswanStatusParser.Bytes(text));
}
