using FleetCtl.Fleet.Catalog;
using FleetCtl.Fleet.Diagnosis;
using FleetCtl.Vici.Events;
using static FleetCtl.Fleet.Tests.Diagnosis.Recordings;
using T = FleetCtl.Vici.Events.ViciAlertType;

namespace FleetCtl.Fleet.Tests.Diagnosis;

/// <summary>The log → alert deriver on the recorded lines of real charons.</summary>
public sealed class LogAlertDeriverTests
{
    public static TheoryData<string, T[]> Cases => new()
    {
        { "psk-mismatch-ikev2", [T.PeerAuthFailed, T.LocalAuthFailed] },
        { "psk-mismatch-ikev1", [T.ParseErrorBody, T.RetransmitSend, T.RetransmitSendTimeout, T.PeerInitUnreachable] },
        { "ikev1-aggressive-mismatch", [T.PeerAuthFailed, T.LocalAuthFailed] },
        { "id-mismatch", [T.PeerAuthFailed, T.LocalAuthFailed] },
        { "auth-method-mismatch", [T.PeerAuthFailed, T.LocalAuthFailed] },
        { "psk-missing", [T.LocalAuthFailed] },
        { "ike-proposal-mismatch", [T.ProposalMismatchIke] },
        { "dh-group-mismatch", [T.ProposalMismatchIke] },
        { "no-ike-config", [T.ProposalMismatchIke] },
        { "ike-version-mismatch", [T.ProposalMismatchIke] },
        { "esp-proposal-mismatch", [T.ProposalMismatchChild, T.KeepOnChildSaFailure] },
        { "pfs-mismatch", [T.ProposalMismatchChild, T.KeepOnChildSaFailure] },
        { "ts-mismatch", [T.TsMismatch, T.KeepOnChildSaFailure] },
        { "peer-not-answering", [T.RetransmitSend, T.RetransmitSendTimeout, T.PeerInitUnreachable] },
        { "nat-identity-mismatch", [T.PeerAuthFailed, T.LocalAuthFailed] },
        { "id-mismatch-ikev1", [T.PeerAuthFailed, T.LocalAuthFailed] },
        { "ts-mismatch-ikev1", [T.TsMismatch] },
        // IKEv1's NO_PROPOSAL_CHOSEN notify does not say whether Main or Quick Mode failed: read as the IKE one
        { "pfs-mismatch-ikev1", [T.ProposalMismatchChild, T.ProposalMismatchIke] },
        { "ike-version-mismatch-v2-initiator", [T.ProposalMismatchIke] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Recorded_failures_derive_their_alert_types(string name, T[] expected)
    {
        var alerts = LogAlertDeriver.DeriveAll(Load(name, Initiator).Concat(Load(name, Responder)));

        Assert.Equal(expected.Order(), alerts.Select(a => a.Type).Distinct().Order());
        Assert.All(alerts, a =>
        {
            Assert.True(a.Derived);
            Assert.Equal(CatalogSource.ViciAlert, a.Entry.Source);
            Assert.InRange(a.Entry.Id, 1000, 1098);
            Assert.Equal(a.Type, a.Entry.AlertType);
        });
    }

    [Fact]
    public void Healthy_lines_derive_nothing()
    {
        Assert.Empty(LogAlertDeriver.DeriveAll(Load("healthy", Initiator).Concat(Load("healthy", Responder))));
    }

    [Fact]
    public void Attributes_come_from_the_line_and_its_ike_sa()
    {
        var mac = Load("psk-mismatch-ikev2", Responder).Select(LogAlertDeriver.Derive).OfType<DerivedAlert>()
            .Single(a => a.Type == T.PeerAuthFailed);

        Assert.Equal("peer-auth-failed", mac.WireName);
        Assert.Equal("psk-mac-mismatch", mac.RuleId);
        Assert.Equal("s2s", mac.Attributes["ike"]);
        Assert.Equal("1", mac.Attributes["ikeId"]);
        Assert.Equal("gw2.lab", mac.Attributes["remoteId"]);
        Assert.Equal("vici.alert.peer-auth-failed", mac.Entry.Key);

        var noConfig = Load("no-ike-config", Responder).Select(LogAlertDeriver.Derive).OfType<DerivedAlert>().Single();
        Assert.Equal(("10.99.0.1", "10.99.0.2"), (noConfig.Attributes["localHost"], noConfig.Attributes["remoteHost"]));
        Assert.False(noConfig.Attributes.ContainsKey("ike"), "an unnamed IKE_SA has no connection name");

        var timeout = Load("peer-not-answering", Initiator).Select(LogAlertDeriver.Derive).OfType<DerivedAlert>()
            .Single(a => a.Type == T.RetransmitSendTimeout);
        Assert.Equal("2", timeout.Attributes["retransmits"]);
    }

    [Theory]
    [InlineData("signal of type SIGTERM received. Shutting down", T.ShutdownSignal)]
    [InlineData("deleting half open IKE_SA with 10.1.2.3 after timeout", T.HalfOpenTimeout)]
    [InlineData("unable to install inbound and outbound IPsec SA (SAD) in kernel", T.InstallChildSaFailed)]
    [InlineData("unable to install IPsec policies (SPD) in kernel", T.InstallChildPolicyFailed)]
    [InlineData("deleting duplicate IKE_SA for peer 'gw2.lab' due to uniqueness policy", T.UniqueReplace)]
    [InlineData("received retransmit of request with ID 2, retransmitting response", T.RetransmitReceive)]
    [InlineData("no issuer certificate found for \"CN=gw2\"", T.CertNoIssuer)]
    public void Other_charon_lines_derive_their_alerts(string message, T expected)
    {
        var alert = LogAlertDeriver.Derive(new GatewayLogLine(DateTimeOffset.UnixEpoch, "IKE", 1, null, null, message));

        Assert.Equal(expected, alert?.Type);
    }

    [Fact]
    public void Rule_ids_are_unique_and_every_type_has_a_catalog_entry()
    {
        Assert.Equal(LogAlertDeriver.Rules.Count, LogAlertDeriver.Rules.Select(r => r.Id).Distinct().Count());
        Assert.All(LogAlertDeriver.Rules, r => Assert.NotEqual(ViciAlertType.Unknown, FleetCatalog.ForAlert(r.Type).AlertType));
    }
}
