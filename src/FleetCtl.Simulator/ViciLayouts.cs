using System.Globalization;
using FleetCtl.Vici;

namespace FleetCtl.Simulator;

/// <summary>
/// Builds the messages charon's vici plugin sends, key for key and in charon's order, from the simulator's state.
/// Optional keys follow charon's rules: <c>initiator</c>, <c>nat-*</c>, <c>encap</c> appear only when "yes";
/// <c>cpi-*</c> only with IPComp, <c>mark-*</c> only with marks, <c>integ-*</c> not for AEAD ciphers, <c>use-*</c> only once
/// traffic flowed, the vips and tasks lists only when not empty. Across a generated population every key of the
/// spec's list-sa layout occurs.
/// </summary>
internal static class ViciLayouts
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    // ---- list-sa and the SA sections of events ----------------------------------------------------

    /// <summary>One <c>list-sa</c> event: <c>{ name = { ...ike..., child-sas = { name-id = {...} } } }</c>.</summary>
    public static ViciMessage ListSa(IkeSaState sa, long now) =>
        new ViciMessage().Set(sa.Name, IkeSection(sa, now).Set("child-sas", ChildSas(sa.Children, now)));

    public static ViciMessage ChildSas(IEnumerable<ChildSaState> children, long now)
    {
        var section = new ViciMessage();
        foreach (var child in children)
        {
            section.Set(child.Key, ChildSection(child, now));
        }

        return section;
    }

    /// <summary>The IKE_SA keys of list-sa, without <c>child-sas</c> (the form ike-updown, ike-rekey and alert carry).</summary>
    public static ViciMessage IkeSection(IkeSaState sa, long now)
    {
        var m = new ViciMessage()
            .Set("uniqueid", sa.UniqueId)
            .Set("version", sa.Version)
            .Set("state", sa.State)
            .Set("local-host", sa.LocalHost)
            .Set("local-port", sa.LocalPort)
            .Set("local-id", sa.LocalId)
            .Set("remote-host", sa.RemoteHost)
            .Set("remote-port", sa.RemotePort)
            .Set("remote-id", sa.RemoteId)
            .SetIfNotNull("remote-xauth-id", sa.RemoteXauthId)
            .SetIfNotNull("remote-eap-id", sa.RemoteEapId);
        if (sa.Initiator)
        {
            m.Set("initiator", true);
        }

        m.Set("initiator-spi", Hex16(sa.InitiatorSpi)).Set("responder-spi", Hex16(sa.ResponderSpi));
        YesIf(m, "nat-local", sa.NatLocal);
        YesIf(m, "nat-remote", sa.NatRemote);
        YesIf(m, "nat-fake", sa.NatFake);
        YesIf(m, "nat-any", sa.NatAny);

        var ike = sa.Conn.Ike;
        m.Set("encr-alg", ike.Encr);
        if (ike.EncrKeySize > 0)
        {
            m.Set("encr-keysize", ike.EncrKeySize);
        }

        if (ike.Integ is not null)
        {
            m.Set("integ-alg", ike.Integ);
            if (ike.IntegKeySize > 0)
            {
                m.Set("integ-keysize", ike.IntegKeySize);
            }
        }

        m.Set("prf-alg", ike.Prf).Set("dh-group", ike.DhGroup);

        if (sa.State == "ESTABLISHED")
        {
            var established = Math.Max(0, now - sa.EstablishedAt);
            m.Set("established", established);
            if (sa.Conn.RekeyTime > 0)
            {
                m.Set("rekey-time", Remaining(sa.Conn.RekeyTime, established, sa.UniqueId));
            }

            if (sa.Conn.ReauthTime > 0)
            {
                m.Set("reauth-time", Remaining(sa.Conn.ReauthTime, established, sa.UniqueId));
            }
        }

        ListIfAny(m, "local-vips", sa.LocalVips);
        ListIfAny(m, "remote-vips", sa.RemoteVips);
        ListIfAny(m, "tasks-queued", sa.TasksQueued);
        ListIfAny(m, "tasks-active", sa.TasksActive);
        ListIfAny(m, "tasks-passive", sa.TasksPassive);
        return m;
    }

    public static ViciMessage ChildSection(ChildSaState child, long now)
    {
        var cfg = child.Config;
        var esp = cfg.Esp;
        var m = new ViciMessage()
            .Set("name", child.Name)
            .Set("uniqueid", child.UniqueId)
            .Set("reqid", child.ReqId)
            .Set("state", child.State)
            .Set("mode", cfg.Mode)
            .Set("protocol", "ESP");
        YesIf(m, "encap", child.Encap);
        m.Set("spi-in", Hex8(child.SpiIn)).Set("spi-out", Hex8(child.SpiOut));
        if (cfg.Compress)
        {
            m.Set("cpi-in", child.CpiIn.ToString("x4", s_inv)).Set("cpi-out", child.CpiOut.ToString("x4", s_inv));
        }

        if (cfg.Mark != 0)
        {
            m.Set("mark-in", Hex8(cfg.Mark)).Set("mark-mask-in", "ffffffff")
             .Set("mark-out", Hex8(cfg.Mark)).Set("mark-mask-out", "ffffffff");
        }

        m.Set("encr-alg", esp.Encr);
        if (esp.EncrKeySize > 0)
        {
            m.Set("encr-keysize", esp.EncrKeySize);
        }

        if (esp.Integ is not null)
        {
            m.Set("integ-alg", esp.Integ);
            if (esp.IntegKeySize > 0)
            {
                m.Set("integ-keysize", esp.IntegKeySize);
            }
        }

        if (esp.Prf is not null)
        {
            m.Set("prf-alg", esp.Prf);
        }

        if (esp.DhGroup is not null)
        {
            m.Set("dh-group", esp.DhGroup);
        }

        if (esp.Esn)
        {
            m.Set("esn", 1);
        }

        var installed = Math.Max(0, now - child.InstalledAt);
        var bytesIn = child.BaseBytesIn + (ulong)child.RateIn * (ulong)installed;
        var bytesOut = child.BaseBytesOut + (ulong)child.RateOut * (ulong)installed;
        m.Set("bytes-in", bytesIn).Set("packets-in", bytesIn / child.PacketSize);
        if (bytesIn > 0)
        {
            m.Set("use-in", (now + child.UniqueId) % 3);
        }

        m.Set("bytes-out", bytesOut).Set("packets-out", bytesOut / child.PacketSize);
        if (bytesOut > 0)
        {
            m.Set("use-out", (now + child.ReqId) % 4);
        }

        var rekey = Remaining(cfg.RekeyTime, installed, child.UniqueId);
        m.Set("rekey-time", rekey)
         .Set("life-time", rekey + (cfg.LifeTime - cfg.RekeyTime))
         .Set("install-time", installed)
         .Set("local-ts", child.LocalTs)
         .Set("remote-ts", child.RemoteTs);
        return m;
    }

    /// <summary>
    /// Seconds until the next rekey. Real SAs are rekeyed when this reaches 0; the simulator does not schedule per-SA
    /// timers, so the countdown wraps round (jittered per SA, as charon's rekey margins do) while the age keeps growing.
    /// </summary>
    private static long Remaining(int interval, long elapsed, uint salt)
    {
        var period = Math.Max(60, interval - (int)(salt * 2654435761u % (uint)Math.Max(1, interval / 10)));
        return period - (elapsed % period);
    }

    // ---- events -----------------------------------------------------------------------------------

    public static ViciMessage IkeUpDown(IkeSaState sa, bool up, long now)
    {
        var m = new ViciMessage();
        if (up)
        {
            m.Set("up", true);
        }

        return m.Set(sa.Name, IkeSection(sa, now));
    }

    public static ViciMessage ChildUpDown(IkeSaState sa, ChildSaState child, bool up, long now)
    {
        var m = new ViciMessage();
        if (up)
        {
            m.Set("up", true);
        }

        return m.Set(sa.Name, IkeSection(sa, now).Set("child-sas", new ViciMessage().Set(child.Key, ChildSection(child, now))));
    }

    public static ViciMessage IkeRekey(string name, ViciMessage oldIke, ViciMessage newIke) =>
        new ViciMessage().Set(name, new ViciMessage().Set("old", oldIke).Set("new", newIke));

    public static ViciMessage ChildRekey(IkeSaState sa, string childName, ViciMessage oldChild, ViciMessage newChild, long now) =>
        new ViciMessage().Set(sa.Name, IkeSection(sa, now).Set("child-sas",
            new ViciMessage().Set(childName, new ViciMessage().Set("old", oldChild).Set("new", newChild))));

    /// <summary><c>ike-update</c>: the new endpoints at the top, the IKE_SA as it was (old endpoints) in its section.</summary>
    public static ViciMessage IkeUpdate(IkeSaState sa, string localHost, int localPort, string remoteHost, int remotePort, long now) =>
        new ViciMessage()
            .Set("local-host", localHost).Set("local-port", localPort)
            .Set("remote-host", remoteHost).Set("remote-port", remotePort)
            .Set(sa.Name, IkeSection(sa, now));

    public static ViciMessage Log(string group, int level, int thread, IkeSaState? sa, string msg)
    {
        var m = new ViciMessage().Set("group", group).Set("level", level).Set("thread", thread);
        if (sa is not null)
        {
            m.Set("ikesa-name", sa.Name).Set("ikesa-uniqueid", sa.UniqueId);
        }

        return m.Set("msg", msg);
    }

    public static ViciMessage ControlLog(string group, int level, IkeSaState? sa, string msg)
    {
        var m = new ViciMessage().Set("group", group).Set("level", level);
        if (sa is not null)
        {
            m.Set("ikesa-name", sa.Name).Set("ikesa-uniqueid", sa.UniqueId);
        }

        return m.Set("msg", msg);
    }

    public static ViciMessage Alert(string type, IkeSaState? sa, long now)
    {
        var m = new ViciMessage().Set("type", type);
        if (sa is not null)
        {
            m.Set("ike-sa", new ViciMessage().Set(sa.Name, IkeSection(sa, now)));
        }

        return m;
    }

    // ---- list-conn ----------------------------------------------------------------------------------

    public static ViciMessage ListConn(ConnConfig conn)
    {
        var c = new ViciMessage()
            .Set("local_addrs", [conn.LocalAddr])
            .Set("remote_addrs", [conn.RemoteAddr])
            .Set("version", conn.Version == 1 ? "IKEv1" : "IKEv2")
            .Set("reauth_time", conn.ReauthTime)
            .Set("rekey_time", conn.RekeyTime)
            .Set("unique", conn.IsRoadWarrior ? "UNIQUE_REPLACE" : "UNIQUE_NO")
            .Set("dpd_delay", 30);
        if (conn.IsRoadWarrior)
        {
            c.Set("local_vips", new ViciList()).Set("remote_vips", new ViciList());
        }

        c.Set("local-1", Auth(conn.LocalAuth, conn.LocalId, local: true, conn));
        c.Set("remote-1", Auth(conn.RemoteAuth, conn.RemoteId, local: false, conn));
        if (conn.Kind == ConnKind.LegacyXauth)
        {
            c.Set("remote-2", new ViciMessage().Set("class", "XAuth").Set("xauth", "eap-radius")
                .Set("groups", new ViciList()).Set("certs", new ViciList()).Set("cacerts", new ViciList()));
        }

        var children = new ViciMessage();
        foreach (var child in conn.Children)
        {
            children.Set(child.Name, new ViciMessage()
                .Set("mode", child.Mode)
                .Set("rekey_time", child.RekeyTime)
                .Set("rekey_bytes", 0)
                .Set("rekey_packets", 0)
                .Set("dpd_action", child.DpdAction)
                .Set("close_action", child.CloseAction)
                .Set("local-ts", child.LocalTs)
                .Set("remote-ts", child.RemoteTs));
        }

        c.Set("children", children);
        return new ViciMessage().Set(conn.Name, c);
    }

    private static ViciMessage Auth(string authClass, string id, bool local, ConnConfig conn)
    {
        var a = new ViciMessage().Set("class", authClass);
        if (!local && conn.Kind == ConnKind.RoadWarriorEap)
        {
            a.Set("eap-type", "MSCHAPV2");
        }

        if (authClass == "public key")
        {
            a.Set("revocation", "relaxed");
        }

        a.Set("id", id);
        if (!local && conn.Kind == ConnKind.RoadWarriorEap)
        {
            a.Set("eap_id", "%any");
        }

        a.Set("groups", new ViciList());
        if (local && authClass == "public key")
        {
            a.Set("certs", [$"CN={id}, OU=VPN, O=Example"]);
        }
        else
        {
            a.Set("certs", new ViciList());
        }

        a.Set("cacerts", !local && authClass == "public key" ? new ViciList().Add("CN=Example VPN Root CA, O=Example") : new ViciList());
        return a;
    }

    // ---- helpers ------------------------------------------------------------------------------------

    public static string Hex16(ulong v) => v.ToString("x16", s_inv);

    public static string Hex8(uint v) => v.ToString("x8", s_inv);

    private static void YesIf(ViciMessage m, string key, bool condition)
    {
        if (condition)
        {
            m.Set(key, true);
        }
    }

    private static void ListIfAny(ViciMessage m, string key, string[] items)
    {
        if (items.Length > 0)
        {
            m.Set(key, items);
        }
    }
}
