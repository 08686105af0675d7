using FleetCtl.Vici.Events;
using Xunit;

namespace FleetCtl.Vici.Tests;

public sealed class TypedEventParserTests
{
    private static readonly DateTimeOffset s_at = new(2026, 11, 24, 8, 30, 0, TimeSpan.Zero);

    private static ViciTypedEvent Parse(string name, ViciMessage message) => ViciEventParser.Parse(new ViciEvent(name, message, s_at));

    [Fact]
    public void Ike_updown_up()
    {
        var e = Assert.IsType<IkeUpDownEvent>(Parse("ike-updown", CharonSamples.IkeUpDown(up: true)));

        Assert.True(e.Up);
        Assert.Equal("ike-updown", e.Name);
        Assert.Equal(s_at, e.ReceivedAt);
        Assert.Equal("s2s", e.Sa.Name);
        Assert.Equal(3, e.Sa.UniqueId);
        Assert.Equal("ESTABLISHED", e.Sa.State);
        Assert.Equal("203.0.113.42", e.Sa.RemoteHost);
        Assert.Empty(e.Sa.Children);
        Assert.Equal("yes", e.Raw.GetString("up"));
    }

    [Fact]
    public void Ike_updown_down_has_no_up_key()
    {
        var e = Assert.IsType<IkeUpDownEvent>(Parse("ike-updown", CharonSamples.IkeUpDown(up: false)));

        Assert.False(e.Up);
        Assert.Equal("DELETING", e.Sa.State);
    }

    [Fact]
    public void Ike_rekey_gives_old_and_new_under_the_connection_name()
    {
        var e = Assert.IsType<IkeRekeyEvent>(Parse("ike-rekey", CharonSamples.IkeRekey()));

        Assert.Equal("s2s", e.Old.Name);
        Assert.Equal("s2s", e.New.Name);
        Assert.Equal(3, e.Old.UniqueId);
        Assert.Equal("REKEYED", e.Old.State);
        Assert.Equal(4, e.New.UniqueId);
        Assert.Equal("ESTABLISHED", e.New.State);
    }

    [Fact]
    public void Ike_update_gives_new_endpoints_and_the_sa_with_old_ones()
    {
        var e = Assert.IsType<IkeUpdateEvent>(Parse("ike-update", CharonSamples.IkeUpdate()));

        Assert.Equal("198.51.100.10", e.NewLocalHost);
        Assert.Equal(4500, e.NewLocalPort);
        Assert.Equal("192.0.2.77", e.NewRemoteHost);
        Assert.Equal(62001, e.NewRemotePort);
        Assert.Equal("s2s", e.Sa.Name);
        Assert.Equal("203.0.113.42", e.Sa.RemoteHost);
        Assert.Equal(4500, e.Sa.RemotePort);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Child_updown_gives_the_ike_sa_and_the_affected_child(bool up)
    {
        var e = Assert.IsType<ChildUpDownEvent>(Parse("child-updown", CharonSamples.ChildUpDown(up)));

        Assert.Equal(up, e.Up);
        Assert.Equal("s2s", e.Ike.Name);
        Assert.Equal("net-7", e.Child.UniqueName);
        Assert.Equal("net", e.Child.Name);
        Assert.Equal(7, e.Child.UniqueId);
        Assert.Same(e.Child, Assert.Single(e.Ike.Children));
    }

    [Fact]
    public void Child_rekey_gives_old_and_new_with_unique_names_rebuilt()
    {
        var e = Assert.IsType<ChildRekeyEvent>(Parse("child-rekey", CharonSamples.ChildRekey()));

        Assert.Equal("s2s", e.Ike.Name);
        Assert.Empty(e.Ike.Children);
        Assert.Equal("net", e.Old.Name);
        Assert.Equal("REKEYED", e.Old.State);
        Assert.Equal("net-7", e.Old.UniqueName);
        Assert.Equal("net", e.New.Name);
        Assert.Equal(9, e.New.UniqueId);
        Assert.Equal("net-9", e.New.UniqueName);
    }

    [Fact]
    public void Log_event_reads_every_key()
    {
        var e = Assert.IsType<LogEvent>(Parse("log", CharonSamples.Log()));

        Assert.Equal("IKE", e.Group);
        Assert.Equal(1, e.Level);
        Assert.Equal(12, e.Thread);
        Assert.Equal("s2s", e.IkeSaName);
        Assert.Equal(3, e.IkeSaUniqueId);
        Assert.StartsWith("IKE_SA s2s[3] established", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("12[IKE] <s2s|3> IKE_SA s2s[3] established", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Log_event_accepts_the_spec_spelling_ikesa_uniqued()
    {
        var message = new ViciMessage().Set("group", "CFG").Set("level", 2L).Set("thread", 4L)
            .Set("ikesa-name", "s2s").Set("ikesa-uniqued", 17L).Set("msg", "looking for peer configs");

        var e = Assert.IsType<LogEvent>(Parse("log", message));

        Assert.Equal(17, e.IkeSaUniqueId);
    }

    [Fact]
    public void Log_event_without_an_sa_has_null_sa_fields()
    {
        var e = Assert.IsType<LogEvent>(Parse("log", new ViciMessage().Set("group", "DMN").Set("level", 0L).Set("thread", 1L).Set("msg", "Starting IKE charon daemon")));

        Assert.Null(e.IkeSaName);
        Assert.Null(e.IkeSaUniqueId);
        Assert.Equal("01[DMN] Starting IKE charon daemon", e.ToString());
    }

    [Fact]
    public void Control_log_event_reads_every_key()
    {
        var e = Assert.IsType<ControlLogEvent>(Parse("control-log", CharonSamples.ControlLog()));

        Assert.Equal("IKE", e.Group);
        Assert.Equal(1, e.Level);
        Assert.Equal("s2s", e.IkeSaName);
        Assert.Equal(3, e.IkeSaUniqueId);
        Assert.Equal("initiating IKE_SA s2s[3] to 203.0.113.42", e.Message);
        Assert.Equal("[IKE] <s2s|3> initiating IKE_SA s2s[3] to 203.0.113.42", e.ToString());
    }

    [Fact]
    public void Alert_with_an_sa()
    {
        var e = Assert.IsType<AlertEvent>(Parse("alert", CharonSamples.Alert("proposal-mismatch-ike")));

        Assert.Equal(ViciAlertType.ProposalMismatchIke, e.Type);
        Assert.Equal("proposal-mismatch-ike", e.RawType);
        Assert.NotNull(e.Sa);
        Assert.Equal("s2s", e.Sa.Name);
        Assert.Equal("CONNECTING", e.Sa.State);
        Assert.Equal("IKE proposals do not match", e.Description);
    }

    [Fact]
    public void Alert_without_an_sa()
    {
        var e = Assert.IsType<AlertEvent>(Parse("alert", CharonSamples.Alert("shutdown-signal", withSa: false)));

        Assert.Equal(ViciAlertType.ShutdownSignal, e.Type);
        Assert.Null(e.Sa);
    }

    [Fact]
    public void Alert_of_an_unknown_type_keeps_the_raw_string()
    {
        var e = Assert.IsType<AlertEvent>(Parse("alert", CharonSamples.Alert("quantum-decoherence")));

        Assert.Equal(ViciAlertType.Unknown, e.Type);
        Assert.Equal("quantum-decoherence", e.RawType);
        Assert.NotNull(e.Sa);
    }

    [Fact]
    public void Alert_without_a_type_is_unknown_with_an_empty_raw_type()
    {
        var e = Assert.IsType<AlertEvent>(Parse("alert", new ViciMessage()));

        Assert.Equal(ViciAlertType.Unknown, e.Type);
        Assert.Equal("", e.RawType);
    }

    [Fact]
    public void List_sa_event_gives_the_sa_with_its_children()
    {
        var e = Assert.IsType<ListSaEvent>(Parse("list-sa", CharonSamples.ListSa()));

        var sa = Assert.Single(e.Sas);
        Assert.Equal(["net-7", "voice-8"], sa.Children.Select(c => c.UniqueName));
    }

    [Fact]
    public void List_policy_event()
    {
        var message = new ViciMessage().Set("s2s/net", new ViciMessage()
            .Set("child", "net").Set("reqid", 1L).Set("ike", "s2s").Set("mode", "TUNNEL")
            .Set("local-ts", ["10.1.0.0/16"]).Set("remote-ts", ["10.2.0.0/16"]));

        var e = Assert.IsType<ListPolicyEvent>(Parse("list-policy", message));

        var policy = Assert.Single(e.Policies);
        Assert.Equal("s2s/net", policy.Key);
        Assert.Equal("net", policy.Child);
        Assert.Equal("s2s", policy.Ike);
        Assert.Equal(1, policy.Reqid);
        Assert.Equal("TUNNEL", policy.Mode);
        Assert.Equal(["10.1.0.0/16"], policy.LocalTs);
        Assert.Equal(["10.2.0.0/16"], policy.RemoteTs);
    }

    [Fact]
    public void List_conn_list_cert_and_list_authority_events()
    {
        Assert.Equal("s2s", Assert.Single(Assert.IsType<ListConnEvent>(Parse("list-conn", CharonSamples.ListConn())).Connections).Name);
        Assert.Equal("X509", Assert.IsType<ListCertEvent>(Parse("list-cert", new ViciMessage().Set("type", "X509").Set("flag", "CA"))).Certificate.Type);
        var authority = Assert.Single(Assert.IsType<ListAuthorityEvent>(
            Parse("list-authority", new ViciMessage().Set("fleet-ca", new ViciMessage().Set("cacert", "CN=Fleet Root CA")))).Authorities);
        Assert.Equal("fleet-ca", authority.Name);
    }

    [Fact]
    public void Unknown_event_names_give_a_raw_event()
    {
        var message = new ViciMessage().Set("k", "v");
        var e = Assert.IsType<RawEvent>(Parse("future-event", message));

        Assert.Equal("future-event", e.Name);
        Assert.Same(message, e.Raw);
        Assert.Equal(s_at, e.ReceivedAt);
        Assert.Null(e.Problem);
    }

    [Theory]
    [InlineData("ike-updown")]
    [InlineData("ike-rekey")]
    [InlineData("ike-update")]
    [InlineData("child-updown")]
    [InlineData("child-rekey")]
    public void Sa_events_missing_their_sections_give_a_raw_event_with_the_problem(string name)
    {
        var e = Assert.IsType<RawEvent>(Parse(name, new ViciMessage().Set("up", "yes").Set("s2s", "not a section")));

        Assert.Equal(name, e.Name);
        Assert.NotNull(e.Problem);
    }

    [Fact]
    public void Sa_events_with_partial_sections_give_a_raw_event()
    {
        // ike-rekey with only "old"; child-updown with an empty child-sas; child-rekey child without old/new
        Assert.IsType<RawEvent>(Parse("ike-rekey", new ViciMessage().Set("s2s", new ViciMessage().Set("old", CharonSamples.IkeSection()))));
        Assert.IsType<RawEvent>(Parse("child-updown", new ViciMessage().Set("s2s", CharonSamples.IkeSection().Set("child-sas", new ViciMessage()))));
        Assert.IsType<RawEvent>(Parse("child-rekey", new ViciMessage().Set("s2s",
            CharonSamples.IkeSection().Set("child-sas", new ViciMessage().Set("net", CharonSamples.ChildSection())))));
    }

    [Theory]
    [InlineData("ike-updown")]
    [InlineData("ike-rekey")]
    [InlineData("ike-update")]
    [InlineData("child-updown")]
    [InlineData("child-rekey")]
    [InlineData("log")]
    [InlineData("control-log")]
    [InlineData("alert")]
    [InlineData("list-sa")]
    [InlineData("list-policy")]
    [InlineData("list-conn")]
    [InlineData("list-cert")]
    [InlineData("list-authority")]
    public void Garbage_never_throws(string name)
    {
        var garbage = new ViciMessage()
            .Set("up", ["yes"])
            .Set("type", new ViciMessage())
            .Set("level", "loud")
            .Set("ike-sa", "none")
            .Set("msg", new byte[] { 0xc3, 0x28 })
            .Set("x", new ViciMessage()
                .Set("uniqueid", "x")
                .Set("old", "o")
                .Set("child-sas", new ViciMessage().Set("c", new ViciMessage().Set("old", ["1"]).Set("bytes-in", "lots"))));

        var e = Parse(name, garbage);

        Assert.Equal(name, e.Name);
    }

    [Fact]
    public void Monitoring_set_is_what_a_fleet_controller_registers()
    {
        Assert.Equal(["ike-updown", "ike-rekey", "ike-update", "child-updown", "child-rekey", "log", "alert"], ViciEventNames.Monitoring);
        Assert.Equal("control-log", ViciEventNames.ControlLog);
        Assert.Equal("list-authority", ViciEventNames.ListAuthority);
    }
}
