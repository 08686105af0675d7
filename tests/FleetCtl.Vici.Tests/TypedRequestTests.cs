using System.Text;
using FleetCtl.Vici.Commands;
using Xunit;

namespace FleetCtl.Vici.Tests;

public sealed class TypedRequestTests
{
    private static string[] Keys(ViciMessage m) => m.Select(e => e.Key).ToArray();

    public static TheoryData<IViciRequest, string> EveryCommand => new()
    {
        { new VersionRequest(), "version" },
        { new StatsRequest(), "stats" },
        { new ReloadSettingsRequest(), "reload-settings" },
        { InitiateRequest.ForChild("net"), "initiate" },
        { new TerminateRequest { Ike = "s2s" }, "terminate" },
        { new RekeyRequest { Ike = "s2s" }, "rekey" },
        { new RedirectRequest("192.0.2.1") { Ike = "s2s" }, "redirect" },
        { new InstallRequest("net"), "install" },
        { new UninstallRequest("net"), "uninstall" },
        { new ListSasRequest(), "list-sas" },
        { new ListPoliciesRequest(), "list-policies" },
        { new ListConnsRequest(), "list-conns" },
        { new GetConnsRequest(), "get-conns" },
        { new ListCertsRequest(), "list-certs" },
        { new ListAuthoritiesRequest(), "list-authorities" },
        { new GetAuthoritiesRequest(), "get-authorities" },
        { new LoadConnRequest("s2s", new ViciMessage()), "load-conn" },
        { new UnloadConnRequest("s2s"), "unload-conn" },
        { new LoadCertRequest(new byte[] { 0x30 }), "load-cert" },
        { new LoadKeyRequest("rsa", new byte[] { 0x30 }), "load-key" },
        { new UnloadKeyRequest("ab"), "unload-key" },
        { new GetKeysRequest(), "get-keys" },
        { new LoadTokenRequest("01"), "load-token" },
        { new LoadSharedRequest("IKE", "psk", []), "load-shared" },
        { new UnloadSharedRequest("id"), "unload-shared" },
        { new GetSharedRequest(), "get-shared" },
        { new FlushCertsRequest(), "flush-certs" },
        { new ClearCredsRequest(), "clear-creds" },
        { new LoadAuthorityRequest("ca", new ViciMessage()), "load-authority" },
        { new UnloadAuthorityRequest("ca"), "unload-authority" },
        { new LoadPoolRequest("pool"), "load-pool" },
        { new UnloadPoolRequest("pool"), "unload-pool" },
        { new GetPoolsRequest(), "get-pools" },
        { new GetAlgorithmsRequest(), "get-algorithms" },
        { new GetCountersRequest(), "get-counters" },
        { new ResetCountersRequest(), "reset-counters" },
    };

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public void Every_request_names_its_command_and_builds_a_valid_message(IViciRequest request, string command)
    {
        Assert.Equal(command, request.Command);
        var message = request.ToMessage();
        Assert.True(message.ContentEquals(ViciMessage.Decode(message.Encode())));
    }

    [Fact]
    public void The_theory_covers_every_request_type_in_the_library()
    {
        var covered = EveryCommand.Select(row => row[0]!.GetType()).ToHashSet();
        var all = typeof(IViciRequest).Assembly.GetTypes()
            .Where(t => typeof(IViciRequest).IsAssignableFrom(t) && !t.IsInterface).ToHashSet();

        Assert.Equal(36, all.Count);
        Assert.Subset(covered, all);
        Assert.Subset(all, covered);
    }

    [Fact]
    public void No_argument_commands_send_an_empty_message()
    {
        foreach (IViciRequest r in new IViciRequest[]
                 {
                     new VersionRequest(), new StatsRequest(), new ReloadSettingsRequest(), new GetConnsRequest(), new GetKeysRequest(),
                     new GetSharedRequest(), new ClearCredsRequest(), new GetAuthoritiesRequest(), new GetAlgorithmsRequest(),
                 })
        {
            Assert.True(r.ToMessage().IsEmpty, r.Command);
        }
    }

    [Fact]
    public void Initiate_sends_the_spec_keys()
    {
        var m = new InitiateRequest { Child = "net", Ike = "s2s", TimeoutMs = 15000, InitLimits = true, LogLevel = 2 }.ToMessage();

        Assert.Equal(["child", "ike", "timeout", "init-limits", "loglevel"], Keys(m));
        Assert.Equal("net", m.GetString("child"));
        Assert.Equal("s2s", m.GetString("ike"));
        Assert.Equal("15000", m.GetString("timeout"));
        Assert.Equal("yes", m.GetString("init-limits"));
        Assert.Equal("2", m.GetString("loglevel"));
    }

    [Fact]
    public void Initiate_sends_only_what_is_set_and_needs_a_name()
    {
        Assert.Equal(["child"], Keys(InitiateRequest.ForChild("net").ToMessage()));
        Assert.Equal(["ike"], Keys(InitiateRequest.ForIke("s2s").ToMessage()));
        Assert.Equal("-1", new InitiateRequest { Ike = "s2s", TimeoutMs = -1 }.ToMessage().GetString("timeout"));
        Assert.Throws<InvalidOperationException>(() => new InitiateRequest().ToMessage());
        Assert.Throws<ArgumentException>(() => InitiateRequest.ForChild(" "));
    }

    [Fact]
    public void Terminate_sends_the_spec_keys()
    {
        var m = new TerminateRequest { Child = "net", Ike = "s2s", ChildId = 7, IkeId = 3, Force = true, TimeoutMs = 5000, LogLevel = 1 }.ToMessage();

        Assert.Equal(["child", "ike", "child-id", "ike-id", "force", "timeout", "loglevel"], Keys(m));
        Assert.Equal("7", m.GetString("child-id"));
        Assert.Equal("3", m.GetString("ike-id"));
        Assert.Equal("yes", m.GetString("force"));
        Assert.Equal(["ike-id"], Keys(new TerminateRequest { IkeId = 3 }.ToMessage()));
        Assert.Throws<InvalidOperationException>(() => new TerminateRequest { Force = true }.ToMessage());
    }

    [Fact]
    public void Rekey_sends_the_spec_keys()
    {
        var m = new RekeyRequest { Child = "net", Ike = "s2s", ChildId = 7, IkeId = 3, Reauth = true }.ToMessage();

        Assert.Equal(["child", "ike", "child-id", "ike-id", "reauth"], Keys(m));
        Assert.Equal(["child-id"], Keys(new RekeyRequest { ChildId = 7 }.ToMessage()));
        Assert.Throws<InvalidOperationException>(() => new RekeyRequest().ToMessage());
    }

    [Fact]
    public void Redirect_always_sends_the_gateway()
    {
        var m = new RedirectRequest("gw-b.example.org") { Ike = "s2s", IkeId = 3, PeerIp = "203.0.113.0/24", PeerId = "*.example.org" }.ToMessage();

        Assert.Equal(["ike", "ike-id", "peer-ip", "peer-id", "gateway"], Keys(m));
        Assert.Equal("gw-b.example.org", m.GetString("gateway"));
        Assert.Equal("203.0.113.0/24", m.GetString("peer-ip"));
        Assert.Equal("*.example.org", m.GetString("peer-id"));
        Assert.Equal(["ike-id", "gateway"], Keys(new RedirectRequest("192.0.2.1") { IkeId = 9 }.ToMessage()));
    }

    [Fact]
    public void Redirect_refuses_a_missing_gateway_or_selector()
    {
        Assert.Throws<ArgumentException>(() => new RedirectRequest(""));
        Assert.Throws<ArgumentException>(() => new RedirectRequest(null!));
        Assert.Throws<ArgumentException>(() => new RedirectRequest("192.0.2.1") with { Gateway = " " });
        Assert.Throws<InvalidOperationException>(() => new RedirectRequest("192.0.2.1").ToMessage());
    }

    [Fact]
    public void Install_and_uninstall_send_child_and_optional_ike()
    {
        Assert.Equal(["child", "ike"], Keys(new InstallRequest("net") { Ike = "s2s" }.ToMessage()));
        Assert.Equal(["child"], Keys(new InstallRequest("net").ToMessage()));
        Assert.Equal(["child", "ike"], Keys(new UninstallRequest("net") { Ike = "s2s" }.ToMessage()));
        Assert.Throws<ArgumentException>(() => new UninstallRequest(""));
    }

    [Fact]
    public void List_sas_sends_noblock_yes_and_filters()
    {
        var m = new ListSasRequest { NoBlock = true, Ike = "s2s", IkeId = 3 }.ToMessage();

        Assert.Equal(["noblock", "ike", "ike-id"], Keys(m));
        Assert.Equal("yes", m.GetString("noblock"));
        Assert.Equal("3", m.GetString("ike-id"));
        Assert.True(new ListSasRequest().ToMessage().IsEmpty); // charon tests presence: noblock = no would still not block
        Assert.Equal(["child", "child-id"], Keys(new ListSasRequest { Child = "net", ChildId = 7 }.ToMessage()));
    }

    [Fact]
    public void List_policies_sends_each_wanted_kind_as_yes_and_leaves_out_the_rest()
    {
        var all = new ListPoliciesRequest().ToMessage();
        Assert.Equal(["drop", "pass", "trap"], Keys(all));
        Assert.All(Keys(all), k => Assert.Equal("yes", all.GetString(k)));

        var trapsOnly = new ListPoliciesRequest { Drop = false, Pass = false, Child = "net", Ike = "s2s" }.ToMessage();
        Assert.Equal(["trap", "child", "ike"], Keys(trapsOnly));
    }

    [Fact]
    public void List_conns_certs_and_authorities_send_their_filters()
    {
        Assert.Equal(["ike"], Keys(new ListConnsRequest { Ike = "s2s" }.ToMessage()));
        Assert.True(new ListConnsRequest().ToMessage().IsEmpty);
        Assert.Equal(["type", "flag", "subject"], Keys(new ListCertsRequest { Type = "X509", Flag = "CA", Subject = "CN=Fleet Root CA" }.ToMessage()));
        Assert.Equal(["name"], Keys(new ListAuthoritiesRequest { Name = "fleet-ca" }.ToMessage()));
    }

    [Fact]
    public void Load_conn_wraps_the_connection_in_a_section_named_after_it()
    {
        var request = LoadConnRequest.Create("s2s", c => c
            .Set("version", "2")
            .Set("local_addrs", ["198.51.100.10"])
            .Set("remote_addrs", ["203.0.113.42"])
            .Set("local", new ViciMessage().Set("auth", "psk").Set("id", "gw-hq.example.org"))
            .Set("remote", new ViciMessage().Set("auth", "psk").Set("id", "gw-site-042.example.org"))
            .Set("children", new ViciMessage().Set("net", new ViciMessage()
                .Set("local_ts", ["10.1.0.0/16"]).Set("remote_ts", ["10.2.0.0/16"]).Set("start_action", "trap"))));

        var m = request.ToMessage();

        Assert.Equal(["s2s"], Keys(m));
        var conn = m.GetSection("s2s")!;
        Assert.Equal("2", conn.GetString("version"));
        Assert.Equal(["198.51.100.10"], conn.GetStrings("local_addrs"));
        Assert.Equal("psk", conn.GetSection("local")!.GetString("auth"));
        Assert.Equal("trap", conn.GetSection("children")!.GetSection("net")!.GetString("start_action"));
        Assert.Throws<ArgumentException>(() => new LoadConnRequest("", new ViciMessage()));
        Assert.Throws<ArgumentNullException>(() => new LoadConnRequest("s2s", null!));
    }

    [Fact]
    public void Unload_conn_pool_and_authority_send_name()
    {
        Assert.Equal("s2s", new UnloadConnRequest("s2s").ToMessage().GetString("name"));
        Assert.Equal("pool", new UnloadPoolRequest("pool").ToMessage().GetString("name"));
        Assert.Equal("ca", new UnloadAuthorityRequest("ca").ToMessage().GetString("name"));
        Assert.Equal(["name"], Keys(new UnloadConnRequest("s2s").ToMessage()));
    }

    [Fact]
    public void Load_cert_sends_type_flag_and_data()
    {
        var der = new byte[] { 0x30, 0x82, 0x01, 0x0a };
        var m = new LoadCertRequest(der) { Flag = "CA" }.ToMessage();

        Assert.Equal(["type", "flag", "data"], Keys(m));
        Assert.Equal("X509", m.GetString("type"));
        Assert.Equal("CA", m.GetString("flag"));
        Assert.Equal(der, m.GetBytes("data")!.Value.ToArray());
        Assert.Throws<ArgumentException>(() => new LoadCertRequest(ReadOnlyMemory<byte>.Empty));
    }

    [Fact]
    public void Load_key_sends_type_and_data()
    {
        var pem = Encoding.ASCII.GetBytes("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI...\n-----END PRIVATE KEY-----\n");
        var m = new LoadKeyRequest("ed25519", pem).ToMessage();

        Assert.Equal(["type", "data"], Keys(m));
        Assert.Equal("ed25519", m.GetString("type"));
        Assert.Equal(pem, m.GetBytes("data")!.Value.ToArray());
    }

    [Fact]
    public void Unload_key_and_unload_shared_send_id()
    {
        Assert.Equal("a1b2c3", new UnloadKeyRequest("a1b2c3").ToMessage().GetString("id"));
        Assert.Equal("psk-site-042", new UnloadSharedRequest("psk-site-042").ToMessage().GetString("id"));
    }

    [Fact]
    public void Load_token_sends_handle_slot_module_pin()
    {
        var m = new LoadTokenRequest("0a0b") { Slot = 1, Module = "softhsm", Pin = "1234" }.ToMessage();

        Assert.Equal(["handle", "slot", "module", "pin"], Keys(m));
        Assert.Equal("1", m.GetString("slot"));
        Assert.Equal("1234", m.GetString("pin"));
        Assert.Equal(["handle"], Keys(new LoadTokenRequest("0a0b").ToMessage()));
    }

    [Fact]
    public void Load_shared_sends_id_type_data_and_owners()
    {
        var m = new LoadSharedRequest("IKE", "s3cr3t-psk", ["gw-hq.example.org", "gw-site-042.example.org"]) { Id = "psk-site-042" }.ToMessage();

        Assert.Equal(["id", "type", "data", "owners"], Keys(m));
        Assert.Equal("IKE", m.GetString("type"));
        Assert.Equal("s3cr3t-psk", m.GetString("data"));
        Assert.Equal(["gw-hq.example.org", "gw-site-042.example.org"], m.GetStrings("owners"));
        Assert.NotNull(m.GetList("owners"));
    }

    [Fact]
    public void Flush_certs_sends_optional_type()
    {
        Assert.Equal("X509_CRL", new FlushCertsRequest { Type = "X509_CRL" }.ToMessage().GetString("type"));
        Assert.True(new FlushCertsRequest().ToMessage().IsEmpty);
    }

    [Fact]
    public void Load_authority_wraps_the_authority_in_a_section_named_after_it()
    {
        var m = LoadAuthorityRequest.Create("fleet-ca", a => a
            .Set("cacert", new byte[] { 0x30, 0x82 })
            .Set("crl_uris", ["http://crl.example.org/fleet.crl"])
            .Set("ocsp_uris", ["http://ocsp.example.org"])).ToMessage();

        Assert.Equal(["fleet-ca"], Keys(m));
        Assert.Equal(["http://crl.example.org/fleet.crl"], m.GetSection("fleet-ca")!.GetStrings("crl_uris"));
    }

    [Fact]
    public void Load_pool_sends_addrs_and_attribute_lists_in_a_section_named_after_it()
    {
        var m = new LoadPoolRequest("rw-pool")
        {
            Addrs = "10.99.0.0/24",
            Attributes = new Dictionary<string, IReadOnlyList<string>>
            {
                ["dns"] = ["10.1.0.53", "10.1.0.54"],
                ["split_include"] = ["10.1.0.0/16"],
            },
        }.ToMessage();

        var pool = m.GetSection("rw-pool")!;
        Assert.Equal(["addrs", "dns", "split_include"], Keys(pool));
        Assert.Equal("10.99.0.0/24", pool.GetString("addrs"));
        Assert.Equal(["10.1.0.53", "10.1.0.54"], pool.GetStrings("dns"));
        Assert.NotNull(pool.GetList("split_include"));
    }

    [Fact]
    public void Get_pools_sends_leases_yes_only_when_asked()
    {
        var m = new GetPoolsRequest { Leases = true, Name = "rw-pool" }.ToMessage();
        Assert.Equal(["leases", "name"], Keys(m));
        Assert.Equal("yes", m.GetString("leases"));
        Assert.True(new GetPoolsRequest().ToMessage().IsEmpty);
    }

    [Fact]
    public void Get_and_reset_counters_send_name_and_all()
    {
        Assert.Equal(["name"], Keys(new GetCountersRequest { Name = "s2s" }.ToMessage()));
        var all = new GetCountersRequest { All = true }.ToMessage();
        Assert.Equal("yes", all.GetString("all"));
        Assert.True(new GetCountersRequest().ToMessage().IsEmpty);
        Assert.Equal(["name", "all"], Keys(new ResetCountersRequest { Name = "s2s", All = true }.ToMessage()));
        Assert.True(new ResetCountersRequest().ToMessage().IsEmpty);
    }
}
