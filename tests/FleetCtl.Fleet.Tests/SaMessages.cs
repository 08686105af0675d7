using FleetCtl.Vici;
using FleetCtl.Vici.Events;
using FleetCtl.Vici.Models;

namespace FleetCtl.Fleet.Tests;

/// <summary>Builds VICI messages shaped as charon 5.9 sends them.</summary>
internal static class SaMessages
{
    public static ViciMessage Child(string name, int id, string spiIn, ulong bytesIn = 0) => new ViciMessage()
        .Set("name", name).Set("uniqueid", id).Set("reqid", id).Set("state", "INSTALLED").Set("mode", "TUNNEL").Set("protocol", "ESP")
        .Set("spi-in", spiIn).Set("spi-out", "c" + spiIn[1..]).Set("encr-alg", "AES_GCM_16").Set("encr-keysize", 256)
        .Set("bytes-in", bytesIn).Set("packets-in", bytesIn / 100).Set("bytes-out", 0).Set("packets-out", 0)
        .Set("rekey-time", 3000).Set("life-time", 3500).Set("install-time", 10)
        .Set("local-ts", ["10.1.0.0/16"]).Set("remote-ts", ["10.2.0.0/16"]);

    public static ViciMessage Ike(int id, string spiI, params (string Name, int Id, string SpiIn)[] children)
    {
        var ike = new ViciMessage()
            .Set("uniqueid", id).Set("version", 2).Set("state", "ESTABLISHED")
            .Set("local-host", "198.51.100.1").Set("local-port", 4500).Set("local-id", "gw-hq")
            .Set("remote-host", $"203.0.113.{id}").Set("remote-port", 4500).Set("remote-id", $"site-{id}")
            .Set("initiator", false).Set("initiator-spi", spiI).Set("responder-spi", "00000000000000aa")
            .Set("encr-alg", "AES_CBC").Set("encr-keysize", 256).Set("integ-alg", "HMAC_SHA2_256_128").Set("prf-alg", "PRF_HMAC_SHA2_256")
            .Set("dh-group", "CURVE_25519").Set("established", 60).Set("rekey-time", 10000).Set("reauth-time", 0);
        if (children.Length > 0)
        {
            var cs = new ViciMessage();
            foreach (var c in children)
            {
                cs.Set($"{c.Name}-{c.Id}", Child(c.Name, c.Id, c.SpiIn));
            }

            ike.Set("child-sas", cs);
        }

        return ike;
    }

    public static IkeSa Sa(string conn, ViciMessage ike) => IkeSa.Parse(conn, ike);

    public static ViciTypedEvent Parse(string name, ViciMessage message) =>
        ViciEventParser.Parse(new ViciEvent(name, message, DateTimeOffset.UtcNow));

    public static ViciTypedEvent IkeUpDown(bool up, string conn, ViciMessage ike)
    {
        var m = new ViciMessage();
        if (up)
        {
            m.Set("up", true);
        }

        return Parse("ike-updown", m.Set(conn, ike));
    }

    public static ViciTypedEvent ChildUpDown(bool up, string conn, int ikeId, string spiI, string child, int childId, string spiIn)
    {
        var m = new ViciMessage();
        if (up)
        {
            m.Set("up", true);
        }

        // charon names the event's child section differently from list-sas: the controller must key by unique id
        var ike = Ike(ikeId, spiI);
        ike.Set("child-sas", new ViciMessage().Set($"{child}-event-{childId}", Child(child, childId, spiIn)));
        return Parse("child-updown", m.Set(conn, ike));
    }

    public static ViciTypedEvent ChildRekey(string conn, int ikeId, string spiI, string child, int oldId, string oldSpi, int newId, string newSpi)
    {
        var ike = Ike(ikeId, spiI);
        ike.Set("child-sas", new ViciMessage().Set(child, new ViciMessage()
            .Set("old", Child(child, oldId, oldSpi)).Set("new", Child(child, newId, newSpi))));
        return Parse("child-rekey", new ViciMessage().Set(conn, ike));
    }
}
