using FleetCtl.Vici.Events;
using Xunit;

namespace FleetCtl.Vici.Tests;

public sealed class TypedAlertTypeTests
{
    // The 33 alert type strings of strongSwan's event reference (000_*.txt), verbatim.
    private static readonly string[] s_wireNames =
    [
        "authorization-failed", "cert-exceeded-path-len", "cert-expired", "cert-no-issuer", "cert-policy-violation",
        "cert-revoked", "cert-untrusted-root", "cert-validation-failed", "half-open-timeout", "ike-sa-expired",
        "install-child-policy-failed", "install-child-sa-failed", "invalid-ike-spi", "keep-on-child-sa-failure",
        "local-auth-failed", "parse-error-body", "parse-error-header", "peer-addr-failed", "peer-auth-failed",
        "peer-init-unreachable", "proposal-mismatch-child", "proposal-mismatch-ike", "radius-not-responding",
        "retransmit-receive", "retransmit-send", "retransmit-send-cleared", "retransmit-send-timeout",
        "shutdown-signal", "ts-mismatch", "ts-narrowed", "unique-keep", "unique-replace", "vip-failure",
    ];

    public static TheoryData<string> WireNames => new(s_wireNames);

    [Theory]
    [MemberData(nameof(WireNames))]
    public void Every_wire_name_round_trips(string wire)
    {
        var type = ViciAlertTypes.Parse(wire);

        Assert.NotEqual(ViciAlertType.Unknown, type);
        Assert.Equal(wire, ViciAlertTypes.ToWireName(type));
        Assert.True(ViciAlertTypes.TryParse(wire, out var again));
        Assert.Equal(type, again);
        Assert.False(string.IsNullOrWhiteSpace(ViciAlertTypes.Describe(type)));
    }

    [Fact]
    public void There_are_exactly_33_distinct_types_and_they_are_the_reference_list()
    {
        Assert.Equal(33, s_wireNames.Length);
        Assert.Equal(33, ViciAlertTypes.All.Count);
        Assert.Equal(33, ViciAlertTypes.All.Distinct().Count());
        Assert.DoesNotContain(ViciAlertType.Unknown, ViciAlertTypes.All);
        Assert.Equal(s_wireNames.Order(StringComparer.Ordinal), ViciAlertTypes.All.Select(ViciAlertTypes.ToWireName).Order(StringComparer.Ordinal));
        Assert.Equal(34, Enum.GetValues<ViciAlertType>().Length);
    }

    [Theory]
    [InlineData("Proposal-Mismatch-IKE")]
    [InlineData("proposal_mismatch_ike")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("something-new-in-7.0")]
    public void Anything_else_is_unknown(string? wire)
    {
        Assert.Equal(ViciAlertType.Unknown, ViciAlertTypes.Parse(wire));
        Assert.False(ViciAlertTypes.TryParse(wire, out _));
    }

    [Fact]
    public void Unknown_has_no_wire_name()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ViciAlertTypes.ToWireName(ViciAlertType.Unknown));
        Assert.Throws<ArgumentOutOfRangeException>(() => ViciAlertTypes.ToWireName((ViciAlertType)999));
        Assert.NotEmpty(ViciAlertTypes.Describe(ViciAlertType.Unknown));
    }
}
