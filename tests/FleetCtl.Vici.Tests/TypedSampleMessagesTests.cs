using Xunit;

namespace FleetCtl.Vici.Tests;

/// <summary>
/// Messages shaped exactly as charon 5.9 builds them (key names, order, which keys appear when), used by the
/// Typed* tests. Decoded from their own encoding, so values are slices of a frame buffer as they are in real use.
/// </summary>
internal static class CharonSamples
{
    /// <summary>What list_ike() writes for an established IKEv2 SA that initiated through a NAT.</summary>
    public static ViciMessage IkeSection(string state = "ESTABLISHED", long uniqueId = 3) => new ViciMessage()
        .Set("uniqueid", uniqueId)
        .Set("version", 2L)
        .Set("state", state)
        .Set("local-host", "198.51.100.10")
        .Set("local-port", 4500L)
        .Set("local-id", "gw-hq.example.org")
        .Set("remote-host", "203.0.113.42")
        .Set("remote-port", 4500L)
        .Set("remote-id", "gw-site-042.example.org")
        .Set("remote-eap-id", "alice@example.org")
        .Set("initiator", "yes")
        .Set("initiator-spi", "8f3a1c2d4e5b6a70")
        .Set("responder-spi", "1b2c3d4e5f607182")
        .Set("nat-remote", "yes")
        .Set("nat-any", "yes")
        .Set("if-id-in", "0000002a")
        .Set("if-id-out", "0000002b")
        .Set("encr-alg", "AES_CBC")
        .Set("encr-keysize", 256L)
        .Set("integ-alg", "HMAC_SHA2_256_128")
        .Set("prf-alg", "PRF_HMAC_SHA2_256")
        .Set("dh-group", "CURVE_25519")
        .Set("established", 12345L)
        .Set("rekey-time", 13462L)
        .Set("reauth-time", 86000L)
        .Set("local-vips", ["10.99.0.1"])
        .Set("remote-vips", ["10.99.0.2", "fd00::2"])
        .Set("tasks-queued", ["IKE_DPD"])
        .Set("tasks-active", ["CHILD_CREATE"])
        .Set("tasks-passive", ["IKE_REKEY"]);

    /// <summary>What list_child() writes for an installed, UDP-encapsulated ESP CHILD_SA.</summary>
    public static ViciMessage ChildSection(string name = "net", long uniqueId = 7) => new ViciMessage()
        .Set("name", name)
        .Set("uniqueid", uniqueId)
        .Set("reqid", 1L)
        .Set("state", "INSTALLED")
        .Set("mode", "TUNNEL")
        .Set("protocol", "ESP")
        .Set("encap", "yes")
        .Set("spi-in", "c1a2b3c4")
        .Set("spi-out", "c4d5e6f7")
        .Set("cpi-in", "1a2b")
        .Set("cpi-out", "3c4d")
        .Set("mark-in", "00000010")
        .Set("mark-mask-in", "000000ff")
        .Set("mark-out", "00000020")
        .Set("mark-mask-out", "0000ffff")
        .Set("encr-alg", "AES_GCM_16")
        .Set("encr-keysize", 256L)
        .Set("integ-alg", "HMAC_SHA2_256_128")
        .Set("integ-keysize", 128L)
        .Set("prf-alg", "PRF_HMAC_SHA2_256")
        .Set("dh-group", "CURVE_25519")
        .Set("esn", "1")
        .Set("bytes-in", ulong.MaxValue)
        .Set("packets-in", 42L)
        .Set("use-in", 3L)
        .Set("bytes-out", 5000L)
        .Set("packets-out", 40L)
        .Set("use-out", 2L)
        .Set("rekey-time", 3000L)
        .Set("life-time", 3300L)
        .Set("install-time", 300L)
        .Set("local-ts", ["10.1.0.0/16"])
        .Set("remote-ts", ["10.2.0.0/16", "10.3.0.0/16"]);

    /// <summary>A <c>list-sa</c> event: { s2s = { ike keys, child-sas = { net-7 = {...}, voice-8 = {...} } } }.</summary>
    public static ViciMessage ListSa()
    {
        var ike = IkeSection().Set("child-sas", new ViciMessage()
            .Set("net-7", ChildSection("net", 7))
            .Set("voice-8", ChildSection("voice", 8)));
        return RoundTrip(new ViciMessage().Set("s2s", ike));
    }

    /// <summary>An <c>ike-updown</c> event; <c>up</c> is only present when the SA came up.</summary>
    public static ViciMessage IkeUpDown(bool up)
    {
        var m = new ViciMessage();
        if (up)
        {
            m.Set("up", "yes");
        }

        return RoundTrip(m.Set("s2s", IkeSection(up ? "ESTABLISHED" : "DELETING")));
    }

    public static ViciMessage IkeRekey() => RoundTrip(new ViciMessage().Set("s2s", new ViciMessage()
        .Set("old", IkeSection("REKEYED", 3))
        .Set("new", IkeSection("ESTABLISHED", 4))));

    /// <summary>An <c>ike-update</c> event: new endpoints at the root, the SA (still with the old ones) in its section.</summary>
    public static ViciMessage IkeUpdate() => RoundTrip(new ViciMessage()
        .Set("local-host", "198.51.100.10")
        .Set("local-port", 4500L)
        .Set("remote-host", "192.0.2.77")
        .Set("remote-port", 62001L)
        .Set("s2s", IkeSection()));

    public static ViciMessage ChildUpDown(bool up)
    {
        var m = new ViciMessage();
        if (up)
        {
            m.Set("up", "yes");
        }

        return RoundTrip(m.Set("s2s", IkeSection().Set("child-sas", new ViciMessage().Set("net-7", ChildSection("net", 7)))));
    }

    /// <summary>A <c>child-rekey</c> event: the pair is keyed by the config name only, with old and new inside.</summary>
    public static ViciMessage ChildRekey() => RoundTrip(new ViciMessage().Set("s2s", IkeSection().Set("child-sas",
        new ViciMessage().Set("net", new ViciMessage()
            .Set("old", ChildSection("net", 7).Set("state", "REKEYED"))
            .Set("new", ChildSection("net", 9))))));

    /// <summary>A <c>log</c> event as vici_logger sends it (with <c>ikesa-uniqueid</c>, not the spec's typo).</summary>
    public static ViciMessage Log() => RoundTrip(new ViciMessage()
        .Set("group", "IKE")
        .Set("level", 1L)
        .Set("thread", 12L)
        .Set("ikesa-name", "s2s")
        .Set("ikesa-uniqueid", 3L)
        .Set("msg", "IKE_SA s2s[3] established between 198.51.100.10[gw-hq.example.org]...203.0.113.42[gw-site-042.example.org]"));

    public static ViciMessage ControlLog(string msg = "initiating IKE_SA s2s[3] to 203.0.113.42") => RoundTrip(new ViciMessage()
        .Set("group", "IKE")
        .Set("level", 1L)
        .Set("ikesa-name", "s2s")
        .Set("ikesa-uniqueid", 3L)
        .Set("msg", msg));

    /// <summary>An <c>alert</c> event (6.0.3+): <c>type</c>, and the SA inside <c>ike-sa</c> when there is one.</summary>
    public static ViciMessage Alert(string type, bool withSa = true)
    {
        var m = new ViciMessage().Set("type", type);
        if (withSa)
        {
            m.Set("ike-sa", new ViciMessage().Set("s2s", IkeSection("CONNECTING")));
        }

        return RoundTrip(m);
    }

    /// <summary>A <c>list-conn</c> event of a PSK site-to-site connection with two local rounds.</summary>
    public static ViciMessage ListConn() => RoundTrip(new ViciMessage().Set("s2s", new ViciMessage()
        .Set("local_addrs", ["198.51.100.10"])
        .Set("remote_addrs", ["203.0.113.42", "gw-site-042.example.org"])
        .Set("local_port", 500L)
        .Set("remote_port", 500L)
        .Set("version", "IKEv2")
        .Set("reauth_time", 0L)
        .Set("rekey_time", 14400L)
        .Set("unique", "UNIQUE_REPLACE")
        .Set("proposals", ["IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519"])
        .Set("dpd_delay", 30L)
        .Set("local-1", new ViciMessage()
            .Set("class", "pre-shared key")
            .Set("id", "gw-hq.example.org")
            .Set("groups", Array.Empty<string>())
            .Set("cert_policy", Array.Empty<string>())
            .Set("certs", Array.Empty<string>())
            .Set("cacerts", Array.Empty<string>()))
        .Set("local-2", new ViciMessage()
            .Set("class", "EAP")
            .Set("eap-type", "MSCHAPV2")
            .Set("eap_id", "alice")
            .Set("groups", ["admins"]))
        .Set("remote-1", new ViciMessage()
            .Set("class", "public key")
            .Set("id", "CN=gw-site-042")
            .Set("revocation", "strict")
            .Set("certs", ["CN=gw-site-042"])
            .Set("cacerts", ["CN=Fleet Root CA"]))
        .Set("children", new ViciMessage()
            .Set("net", new ViciMessage()
                .Set("mode", "TUNNEL")
                .Set("rekey_time", 3600L)
                .Set("rekey_bytes", 0L)
                .Set("rekey_packets", 0L)
                .Set("dpd_action", "restart")
                .Set("close_action", "none")
                .Set("esp_proposals", ["ESP:AES_GCM_16_256/NO_EXT_SEQ"])
                .Set("ah_proposals", Array.Empty<string>())
                .Set("local-ts", ["10.1.0.0/16"])
                .Set("remote-ts", ["10.2.0.0/16"])
                .Set("interface", "xfrm42")
                .Set("priority", 1000L)))));

    public static ViciMessage RoundTrip(ViciMessage message) => ViciMessage.Decode(message.Encode());
}

public sealed class TypedSampleMessagesTests
{
    [Fact]
    public void Samples_are_valid_vici_that_survives_the_codec()
    {
        foreach (var sample in new[]
                 {
                     CharonSamples.ListSa(), CharonSamples.IkeUpDown(true), CharonSamples.IkeRekey(), CharonSamples.IkeUpdate(),
                     CharonSamples.ChildUpDown(false), CharonSamples.ChildRekey(), CharonSamples.Log(), CharonSamples.ControlLog(),
                     CharonSamples.Alert("ts-mismatch"), CharonSamples.ListConn(),
                 })
        {
            Assert.True(sample.ContentEquals(CharonSamples.RoundTrip(sample)));
        }
    }
}
