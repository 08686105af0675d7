namespace FleetCtl.Fleet.State;

/// <summary>When a gateway's tunnel counts as up, for everything that asks: an IKE_SA of the connection that is
/// established (or reports no state) or, for a CHILD_SA, an IKE_SA of the connection with that child installed.</summary>
public static class Tunnels
{
    /// <summary>The IKE_SA that has <paramref name="connection"/> (and <paramref name="child"/>, when given) up, or null.</summary>
    public static IkeSaInfo? UpSa(IEnumerable<IkeSaInfo> sas, string connection, string? child)
    {
        ArgumentNullException.ThrowIfNull(sas);
        return sas.FirstOrDefault(s => string.Equals(s.Name, connection, StringComparison.Ordinal)
            && (child is null ? IsEstablished(s) : s.Children.Any(c => c.Name == child && c.State == "INSTALLED")));
    }

    /// <summary>An IKE_SA that is established, or whose state was not reported.</summary>
    public static bool IsEstablished(IkeSaInfo sa)
    {
        ArgumentNullException.ThrowIfNull(sa);
        return sa.State is null || string.Equals(sa.State, "ESTABLISHED", StringComparison.Ordinal);
    }
}
