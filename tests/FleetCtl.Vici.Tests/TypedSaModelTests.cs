using FleetCtl.Vici.Models;
using Xunit;

namespace FleetCtl.Vici.Tests;

public sealed class TypedSaModelTests
{
    [Fact]
    public void IkeSa_reads_every_list_sa_key()
    {
        var sa = Assert.Single(IkeSa.ParseAll(CharonSamples.ListSa()));

        Assert.Equal("s2s", sa.Name);
        Assert.Equal(3, sa.UniqueId);
        Assert.Equal(2, sa.Version);
        Assert.Equal("ESTABLISHED", sa.State);
        Assert.True(sa.IsEstablished);
        Assert.Equal("198.51.100.10", sa.LocalHost);
        Assert.Equal(4500, sa.LocalPort);
        Assert.Equal("gw-hq.example.org", sa.LocalId);
        Assert.Equal("203.0.113.42", sa.RemoteHost);
        Assert.Equal(4500, sa.RemotePort);
        Assert.Equal("gw-site-042.example.org", sa.RemoteId);
        Assert.Equal("alice@example.org", sa.RemoteEapId);
        Assert.Null(sa.RemoteXauthId);
        Assert.True(sa.Initiator);
        Assert.Equal("8f3a1c2d4e5b6a70", sa.InitiatorSpi);
        Assert.Equal("1b2c3d4e5f607182", sa.ResponderSpi);
        Assert.False(sa.NatLocal);
        Assert.True(sa.NatRemote);
        Assert.False(sa.NatFake);
        Assert.True(sa.NatAny);
        Assert.Equal("0000002a", sa.IfIdIn);
        Assert.Equal("0000002b", sa.IfIdOut);
        Assert.Equal("AES_CBC", sa.EncrAlg);
        Assert.Equal(256, sa.EncrKeysize);
        Assert.Equal("HMAC_SHA2_256_128", sa.IntegAlg);
        Assert.Null(sa.IntegKeysize);
        Assert.Equal("PRF_HMAC_SHA2_256", sa.PrfAlg);
        Assert.Equal("CURVE_25519", sa.DhGroup);
        Assert.Equal(12345, sa.EstablishedSeconds);
        Assert.Equal(13462, sa.RekeyTimeSeconds);
        Assert.Equal(86000, sa.ReauthTimeSeconds);
        Assert.Equal(["10.99.0.1"], sa.LocalVips);
        Assert.Equal(["10.99.0.2", "fd00::2"], sa.RemoteVips);
        Assert.Equal(["IKE_DPD"], sa.TasksQueued);
        Assert.Equal(["CHILD_CREATE"], sa.TasksActive);
        Assert.Equal(["IKE_REKEY"], sa.TasksPassive);
        Assert.Equal(2, sa.Children.Count);
        Assert.Equal(4500, sa.Raw.GetInt64("local-port"));
    }

    [Fact]
    public void ChildSa_reads_every_child_key_and_keeps_unique_and_config_name_apart()
    {
        var sa = Assert.Single(IkeSa.ParseAll(CharonSamples.ListSa()));
        var child = sa.Children[0];

        Assert.Equal("net-7", child.UniqueName);
        Assert.Equal("net", child.Name);
        Assert.Equal(7, child.UniqueId);
        Assert.Equal(1, child.Reqid);
        Assert.Equal("INSTALLED", child.State);
        Assert.Equal("TUNNEL", child.Mode);
        Assert.Equal("ESP", child.Protocol);
        Assert.True(child.Encap);
        Assert.Equal("c1a2b3c4", child.SpiIn);
        Assert.Equal("c4d5e6f7", child.SpiOut);
        Assert.Equal("1a2b", child.CpiIn);
        Assert.Equal("3c4d", child.CpiOut);
        Assert.Equal("00000010", child.MarkIn);
        Assert.Equal("000000ff", child.MarkMaskIn);
        Assert.Equal("00000020", child.MarkOut);
        Assert.Equal("0000ffff", child.MarkMaskOut);
        Assert.Equal("AES_GCM_16", child.EncrAlg);
        Assert.Equal(256, child.EncrKeysize);
        Assert.Equal("HMAC_SHA2_256_128", child.IntegAlg);
        Assert.Equal(128, child.IntegKeysize);
        Assert.Equal("PRF_HMAC_SHA2_256", child.PrfAlg);
        Assert.Equal("CURVE_25519", child.DhGroup);
        Assert.True(child.Esn);
        Assert.Equal(ulong.MaxValue, child.BytesIn);
        Assert.Equal(42UL, child.PacketsIn);
        Assert.Equal(3, child.UseInSeconds);
        Assert.Equal(5000UL, child.BytesOut);
        Assert.Equal(40UL, child.PacketsOut);
        Assert.Equal(2, child.UseOutSeconds);
        Assert.Equal(3000, child.RekeyTimeSeconds);
        Assert.Equal(3300, child.LifeTimeSeconds);
        Assert.Equal(300, child.InstallTimeSeconds);
        Assert.Equal(["10.1.0.0/16"], child.LocalTs);
        Assert.Equal(["10.2.0.0/16", "10.3.0.0/16"], child.RemoteTs);
        Assert.Equal("voice-8", sa.Children[1].UniqueName);
        Assert.Equal("voice", sa.Children[1].Name);
    }

    [Fact]
    public void A_connecting_sa_without_optional_keys_gives_nulls_and_false_flags()
    {
        // what list_ike() sends for a half-open responder SA: no established/rekey keys, no flags, no lists
        var section = new ViciMessage()
            .Set("uniqueid", 9L).Set("version", 2L).Set("state", "CONNECTING")
            .Set("local-host", "198.51.100.10").Set("local-port", 500L).Set("local-id", "%any")
            .Set("remote-host", "203.0.113.9").Set("remote-port", 500L).Set("remote-id", "%any")
            .Set("initiator-spi", "0123456789abcdef").Set("responder-spi", "0000000000000000")
            .Set("child-sas", new ViciMessage());

        var sa = IkeSa.Parse("rw", section);

        Assert.False(sa.Initiator);
        Assert.False(sa.NatAny);
        Assert.False(sa.IsEstablished);
        Assert.Null(sa.EstablishedSeconds);
        Assert.Null(sa.RekeyTimeSeconds);
        Assert.Null(sa.EncrAlg);
        Assert.Empty(sa.LocalVips);
        Assert.Empty(sa.TasksActive);
        Assert.Empty(sa.Children);
    }

    [Fact]
    public void A_child_without_name_key_takes_its_section_name()
    {
        var child = ChildSa.Parse("net", new ViciMessage().Set("uniqueid", 1L).Set("state", "CREATED"));

        Assert.Equal("net", child.Name);
        Assert.Equal("net", child.UniqueName);
        Assert.Null(child.BytesIn);
        Assert.False(child.Encap);
        Assert.False(child.Esn);
        Assert.Empty(child.LocalTs);
    }

    [Fact]
    public void Garbage_fields_become_null_or_empty_without_throwing()
    {
        var garbage = new ViciMessage()
            .Set("uniqueid", "three")                       // not a number
            .Set("version", "2.0")
            .Set("state", new ViciMessage().Set("x", "y"))   // a section where a value belongs
            .Set("local-port", "99999999999999999999999")     // overflows long
            .Set("remote-port", "-")
            .Set("local-vips", "10.0.0.1")                    // a value where a list belongs
            .Set("tasks-queued", new ViciMessage())
            .Set("initiator", "maybe")
            .Set("established", ["1", "2"])                   // a list where a value belongs
            .Set("local-host", new byte[] { 0xff, 0xfe, 0x00 })  // not UTF-8
            .Set("child-sas", ["net-1"])                       // a list where a section belongs
            ;

        var sa = IkeSa.Parse("broken", garbage);

        Assert.Null(sa.UniqueId);
        Assert.Null(sa.Version);
        Assert.Null(sa.State);
        Assert.Null(sa.LocalPort);
        Assert.Null(sa.RemotePort);
        Assert.Empty(sa.LocalVips);
        Assert.Empty(sa.TasksQueued);
        Assert.False(sa.Initiator);
        Assert.Null(sa.EstablishedSeconds);
        Assert.NotNull(sa.LocalHost); // kept (with replacement characters) rather than lost
        Assert.Empty(sa.Children);
    }

    [Fact]
    public void Garbage_child_fields_become_null_without_throwing()
    {
        var child = ChildSa.Parse("net-1", new ViciMessage()
            .Set("bytes-in", "-5")              // negative: not a ulong
            .Set("packets-in", "1e3")
            .Set("use-in", new ViciMessage())
            .Set("reqid", "")
            .Set("encap", "perhaps")
            .Set("local-ts", "10.0.0.0/8")
            .Set("name", new ViciMessage()));

        Assert.Equal("net-1", child.Name);
        Assert.Null(child.BytesIn);
        Assert.Null(child.PacketsIn);
        Assert.Null(child.UseInSeconds);
        Assert.Null(child.Reqid);
        Assert.False(child.Encap);
        Assert.Empty(child.LocalTs);
    }

    [Fact]
    public void ParseAll_of_a_message_without_sections_is_empty()
    {
        Assert.Empty(IkeSa.ParseAll(new ViciMessage().Set("noise", "1")));
        Assert.Empty(ChildSa.ParseAll(null));
    }
}
