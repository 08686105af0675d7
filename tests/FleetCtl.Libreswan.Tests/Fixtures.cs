namespace FleetCtl.Libreswan.Tests;

/// <summary>The recorded (Recorded/) and wiki (Seed/) outputs, as printed (4.x, with numeric prefixes) or stripped (the 5.x form).</summary>
internal static class Fixtures
{
    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, relativePath));

    public static LibreswanStatus Parse(string relativePath, bool stripped) =>
        LibreswanStatusParser.Parse(stripped ? LibreswanStatusParser.StripNumericPrefixes(Read(relativePath)) : Read(relativePath));

    /// <summary>A libreswan 4.x state list with established child SAs, in the form pluto 4.x's show_state prints
    /// (<c>IKE SA #N</c> parent links, <c>REKEY/REPLACE in Ns</c> timers, SA ids and traffic on the detail line).
    /// Written for these tests: the lab cannot install child SAs (no ESP in the kernel).</summary>
    public const string ChildStates4x = """
        000 Total IPsec connections: loaded 2, active 2
        000  
        000 State Information: DDoS cookies not required, Accepting new IKE connections
        000 IKE SAs: total(2), half-open(0), open(0), authenticated(2), anonymous(0)
        000 IPsec SAs: total(3), authenticated(3), anonymous(0)
        000  
        000 #1: "site-a":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); REKEY in 27456s; REPLACE in 28087s; newest; idle;
        000 #2: "site-a":500 STATE_V2_ESTABLISHED_CHILD_SA (established Child SA); REKEY in 27499s; REPLACE in 28087s; IKE SA #1; idle;
        000 #2: "site-a" esp.1a2b3c4d@198.51.100.7 esp.c0ffee01@192.0.2.1 tun.0@198.51.100.7 tun.0@192.0.2.1 Traffic: ESPin=0B ESPout=0B ESPmax=2^63B 
        000 #3: "site-a":500 STATE_V2_ESTABLISHED_CHILD_SA (established Child SA); REKEY in 27080s; REPLACE in 28100s; newest; eroute owner; IKE SA #1; idle;
        000 #3: "site-a" used 2s ago; esp.5e6f7a8b@198.51.100.7 esp.0badcafe@192.0.2.1 Traffic: ESPin=3KB ESPout=1MB ESPmax=2^63B username=alice
        000 #7: "road"[4] 203.0.113.9:4500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); REKEY in 100s; REPLACE in 370s; newest; idle;
        000 #8: "road"[4] 203.0.113.9:4500(tcp) STATE_V2_ESTABLISHED_CHILD_SA (established Child SA); REKEY in 90s; REPLACE in 370s; newest; eroute owner; IKE SA #7; idle;
        000 #8: "road"[4] 203.0.113.9 esp.00000abc@203.0.113.9 esp.00000def@192.0.2.1 Traffic: ESPin=512B ESPout=2KB ESPmax=2^63B 
        000 #9: "orphan":500 STATE_V2_ESTABLISHED_CHILD_SA (established Child SA); REKEY in 5s; REPLACE in 9s; IKE SA #99; idle;
        000 #7: pending Child SA for "road"[4] 203.0.113.9 replacing #8
        006 #2: "site-a", type=ESP, add_time=1700000000, inBytes=0, outBytes=0, maxBytes=2^63B, id='@site-a.example'
        006 #3: "site-a", username=alice, type=ESP, add_time=1700000100, inBytes=3300, outBytes=1049000, maxBytes=2^63B, id='C=CH, O=Example, CN=site-a'
        006 #8: "road"[4] 203.0.113.9, type=ESP, add_time=1700000200, inBytes=512, outBytes=2100, id='@road'
        """;
}
