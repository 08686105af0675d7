using System.Text;
using FleetCtl.Vici.Commands;
using Xunit;

namespace FleetCtl.Vici.Tests;

public sealed class TypedSecretRedactionTests
{
    private const string Psk = "s3cr3t-psk-value";
    private const string KeyPem = "-----BEGIN PRIVATE KEY-----MC4CAQAwBQYDK2VwBCIEIPRIVATEBITS-----END PRIVATE KEY-----";
    private const string Pin = "918273";

    [Fact]
    public void Load_shared_never_prints_its_data()
    {
        var request = new LoadSharedRequest("IKE", Psk, ["gw-hq.example.org"]) { Id = "psk-1" };

        AssertRedacted(request.ToString(), Psk);
        AssertRedacted($"{request}", Psk);
        AssertRedacted((request with { Id = "psk-2" }).ToString(), Psk);
        Assert.Contains("gw-hq.example.org", request.ToString(), StringComparison.Ordinal);
        Assert.Contains("psk-1", request.ToString(), StringComparison.Ordinal);
        AssertRedacted(request.ToMessage().ToString(), Psk);
    }

    [Fact]
    public void Load_shared_with_binary_data_never_prints_it()
    {
        var request = new LoadSharedRequest("EAP", Encoding.UTF8.GetBytes(Psk), ["alice"]);

        AssertRedacted(request.ToString(), Psk);
    }

    [Fact]
    public void Load_key_never_prints_its_data()
    {
        var request = new LoadKeyRequest("ed25519", Encoding.ASCII.GetBytes(KeyPem));

        AssertRedacted(request.ToString(), "PRIVATEBITS");
        AssertRedacted((request with { Type = "any" }).ToString(), "PRIVATEBITS");
        Assert.Contains("ed25519", request.ToString(), StringComparison.Ordinal);
        AssertRedacted(request.ToMessage().ToString(), "PRIVATEBITS");
    }

    [Fact]
    public void Load_token_never_prints_its_pin()
    {
        var request = new LoadTokenRequest("0a0b0c") { Slot = 2, Module = "softhsm", Pin = Pin };

        AssertRedacted(request.ToString(), Pin);
        Assert.Contains("0a0b0c", request.ToString(), StringComparison.Ordinal);
        Assert.Contains("softhsm", request.ToString(), StringComparison.Ordinal);
        AssertRedacted(request.ToMessage().ToString(), Pin);
        Assert.DoesNotContain("redacted", new LoadTokenRequest("0a0b0c").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Public_certificate_data_is_not_treated_as_secret_by_the_request()
    {
        var request = new LoadCertRequest(new byte[] { 0x30, 0x82 }) { Flag = "CA" };

        Assert.DoesNotContain("redacted", request.ToString(), StringComparison.Ordinal);
    }

    private static void AssertRedacted(string text, string secret)
    {
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.Contains("redacted", text, StringComparison.Ordinal);
    }
}
