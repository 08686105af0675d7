using System.Text;
using FleetCtl.Vici;
using Xunit;

namespace FleetCtl.Vici.Tests;

/// <summary><see cref="ViciMessage.ToString()"/>: readable swanctl-style output that never shows a secret.</summary>
public class FormatTests
{
    private const string Psk = "Tr0ub4dor&3-psk-value";
    private static readonly byte[] s_privateKeyDer = [0x30, 0x82, 0x04, 0xa4, 0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00, 0xc3, 0x5e, 0x9a, 0x11];
    private static readonly byte[] s_certDer = Enumerable.Range(0, 100).Select(i => (byte)(0x30 + i)).Prepend((byte)0x82).Prepend((byte)0x30).ToArray();

    [Fact]
    public void Spec_example_prints_as_nested_swanctl_style_text()
    {
        var expected = """
            key1 = value1
            section1 {
              sub-section {
                key2 = value2
              }
              list1 = [item1, item2]
            }
            """;

        Assert.Equal(expected.ReplaceLineEndings("\n"), TestData.SpecExampleTree().ToString());
        Assert.Equal(expected.ReplaceLineEndings("\n"), ViciMessage.Decode(TestData.SpecExample).ToString());
    }

    [Fact]
    public void Empty_message_and_empty_containers_print_readably()
    {
        Assert.Equal("{}", new ViciMessage().ToString());
        Assert.Equal("s {\n}\nl = []", new ViciMessage().Set("s", new ViciMessage()).Set("l", new ViciList()).ToString());
    }

    [Fact]
    public void Lists_print_their_items_in_brackets()
    {
        var msg = new ViciMessage().Set("local-ts", ["10.1.0.0/16", "10.2.0.0/16"]).Set("one", ["x"]);

        Assert.Equal("local-ts = [10.1.0.0/16, 10.2.0.0/16]\none = [x]", msg.ToString());
    }

    [Fact]
    public void Binary_values_print_as_hex_and_long_ones_are_truncated()
    {
        var msg = new ViciMessage()
            .Set("short", new byte[] { 0x00, 0x01, 0xfe, 0xff })
            .Set("long", Enumerable.Range(0, 40).Select(i => (byte)i).ToArray())
            .Set("text", new string('a', 250));

        var text = msg.ToString();

        Assert.Contains("short = 0x0001feff\n", text);
        Assert.Contains("long = 0x" + Convert.ToHexStringLower(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()) + "... (40 bytes)", text);
        Assert.Contains("text = " + new string('a', 200) + "... (250 bytes)", text);
    }

    [Theory]
    [InlineData("secret")]
    [InlineData("password")]
    [InlineData("pin")]
    [InlineData("Secret")]
    [InlineData("PIN")]
    [InlineData("psk")]
    [InlineData("eap-password")]
    [InlineData("shared-secret")]
    public void Secret_keys_are_redacted_at_any_depth(string key)
    {
        var msg = new ViciMessage()
            .Set(key, Psk)
            .Set("conn", new ViciMessage().Set("local", new ViciMessage().Set(key, Psk).Set("id", "gw-hq")))
            .Set("list", new ViciMessage().Set(key, [Psk, Psk + "2"]));

        var text = msg.ToString();

        AssertNoLeak(text, Encoding.UTF8.GetBytes(Psk));
        Assert.Contains($"{key} = <redacted>", text);
        Assert.Contains($"{key} = [<redacted>, <redacted>]", text);
        Assert.Contains("id = gw-hq", text); // the rest still shows
        Assert.Contains(Psk, msg.ToString(redactSecrets: false));
    }

    [Theory]
    [InlineData("IKE")]
    [InlineData("EAP")]
    [InlineData("XAUTH")]
    [InlineData("NTLM")]
    [InlineData("PPK")]
    public void Load_shared_data_is_redacted(string type)
    {
        // load-shared { id, type, data = <the PSK>, owners = [...] }
        var msg = new ViciMessage()
            .Set("id", "gw-site-042")
            .Set("type", type)
            .Set("data", Psk)
            .Set("owners", ["gw-hq.example.org", "gw-site-042.example.org"]);

        var text = msg.ToString();

        AssertNoLeak(text, Encoding.UTF8.GetBytes(Psk));
        Assert.Contains("data = <redacted>", text);
        Assert.Contains("owners = [gw-hq.example.org, gw-site-042.example.org]", text);
        Assert.Contains($"type = {type}", text);
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("ecdsa")]
    [InlineData("any")]
    [InlineData("ed25519")]
    public void Load_key_data_is_redacted(string type)
    {
        // load-key { type, data = <PEM or DER private key> }
        var der = ViciMessage.Decode(new ViciMessage().Set("type", type).Set("data", s_privateKeyDer).Encode());
        var pem = new ViciMessage().Set("type", type).Set("data", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----");

        AssertNoLeak(der.ToString(), s_privateKeyDer);
        AssertNoLeak(pem.ToString(), Encoding.UTF8.GetBytes("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"));
        Assert.Contains("data = <redacted>", der.ToString());
    }

    [Fact]
    public void Data_without_a_type_is_treated_as_secret()
    {
        var text = new ViciMessage().Set("data", Psk).ToString();

        AssertNoLeak(text, Encoding.UTF8.GetBytes(Psk));
    }

    [Theory]
    [InlineData("X509")]
    [InlineData("x509")]
    [InlineData("X509_CRL")]
    [InlineData("X509_AC")]
    public void Certificate_data_is_shown_as_truncated_hex(string type)
    {
        // load-cert { type = X509, flag = NONE, data = <DER> }: public, useful in logs
        var msg = ViciMessage.Decode(new ViciMessage().Set("type", type).Set("flag", "NONE").Set("data", s_certDer).Encode());

        var text = msg.ToString();

        Assert.Contains($"data = 0x{Convert.ToHexStringLower(s_certDer.AsSpan(0, 32))}... ({s_certDer.Length} bytes)", text);
        Assert.DoesNotContain(Convert.ToHexStringLower(s_certDer.AsSpan(0, 33)), text);
    }

    [Fact]
    public void Secrets_in_a_load_conn_request_are_redacted_but_the_rest_shows()
    {
        var msg = new ViciMessage().Set("s2s", new ViciMessage()
            .Set("remote_addrs", ["203.0.113.42"])
            .Set("local-1", new ViciMessage().Set("auth", "psk").Set("id", "gw-hq"))
            .Set("remote-1", new ViciMessage().Set("auth", "eap-mschapv2").Set("eap_id", "alice").Set("password", Psk))
            .Set("children", new ViciMessage().Set("net", new ViciMessage().Set("local_ts", ["10.1.0.0/16"]))));

        var text = msg.ToString();

        AssertNoLeak(text, Encoding.UTF8.GetBytes(Psk));
        Assert.Contains("remote_addrs = [203.0.113.42]", text);
        Assert.Contains("auth = psk", text); // the *method* is not a secret
        Assert.Contains("    local_ts = [10.1.0.0/16]", text);
    }

    [Fact]
    public void An_entry_on_its_own_does_not_show_a_secret()
    {
        var msg = new ViciMessage().Set("secret", Psk).Set("type", "IKE").Set("data", Psk).Set("id", "gw");

        foreach (var entry in msg)
        {
            AssertNoLeak(entry.ToString(), Encoding.UTF8.GetBytes(Psk));
        }

        Assert.Equal("id = gw", msg[3].ToString());
        Assert.Equal("secret = <redacted>", msg[0].ToString());
    }

    [Fact]
    public void An_event_does_not_show_a_secret()
    {
        var evt = new ViciEvent("log", new ViciMessage().Set("msg", "hello").Set("secret", Psk), DateTimeOffset.UnixEpoch);

        AssertNoLeak(evt.ToString(), Encoding.UTF8.GetBytes(Psk));
        Assert.StartsWith("log: msg = hello", evt.ToString());
    }

    [Fact]
    public void IsSecretKey_judges_data_by_its_sibling_type()
    {
        Assert.True(ViciMessage.IsSecretKey("data"));
        Assert.True(ViciMessage.IsSecretKey("data", new ViciMessage().Set("type", "IKE")));
        Assert.False(ViciMessage.IsSecretKey("data", new ViciMessage().Set("type", "X509")));
        Assert.False(ViciMessage.IsSecretKey("id"));
        Assert.False(ViciMessage.IsSecretKey("auth"));
    }

    /// <summary>Neither the secret, nor any 6-byte piece of it, nor its hex, may appear.</summary>
    private static void AssertNoLeak(string text, byte[] secret)
    {
        var hex = Convert.ToHexStringLower(secret);
        Assert.DoesNotContain(hex[..Math.Min(hex.Length, 12)], text, StringComparison.OrdinalIgnoreCase);
        var asText = Encoding.UTF8.GetString(secret);
        for (var i = 0; i + 6 <= asText.Length; i++)
        {
            var piece = asText.Substring(i, 6);
            if (piece.All(c => c >= 0x20 && c < 0x7f))
            {
                Assert.DoesNotContain(piece, text, StringComparison.Ordinal);
            }
        }
    }
}
