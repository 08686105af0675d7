namespace FleetCtl.Integration.Tests.Lab;

/// <summary>The commonest lab: two charons, gw1 and gw2, each with the site-to-site connection <c>s2s</c> (child <c>net</c>) to the
/// other and the lab's PSK, loaded; <paramref name="gw2Connection"/> may change gw2's side (the one configuration difference a
/// failure test needs). Retransmits are short when <paramref name="shortRetransmits"/>, so a failing exchange gives up in ~1.5 s.</summary>
internal static class LabPeers
{
    public const string ShortRetransmits = "retransmit_tries = 2\n  retransmit_timeout = 0.5\n  retransmit_base = 1";

    public static async Task<CharonLab> StartAsync(Action<string> log, Func<LabConnection, LabConnection>? gw2Connection = null, bool shortRetransmits = false)
    {
        var lab = await CharonLab.StartAsync(2, new CharonLabOptions { Log = log, CharonOptions = shortRetransmits ? _ => ShortRetransmits : null });
        try
        {
            var (gw1, gw2) = (lab[1], lab[2]);
            gw1.WriteSwanctlConf([lab.S2S(gw1, gw2)], [lab.Secret]);
            gw2.WriteSwanctlConf([(gw2Connection ?? (c => c))(lab.S2S(gw2, gw1))], [lab.Secret]);
            await gw1.LoadAllAsync();
            await gw2.LoadAllAsync();
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }
}
