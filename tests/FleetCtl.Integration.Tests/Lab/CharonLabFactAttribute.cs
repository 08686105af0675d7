namespace FleetCtl.Integration.Tests.Lab;

/// <summary>
/// A test that needs the real-strongSwan lab (root, network namespaces, charon). Skipped, with the reason, where the
/// lab cannot run; with FLEETCTL_REQUIRE_LAB=1 it runs anyway and fails loudly instead, so CI cannot skip by accident.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class CharonLabFactAttribute : FactAttribute
{
    public CharonLabFactAttribute()
    {
        if (CharonLab.UnavailableReason is { } reason && !CharonLab.Required)
        {
            Skip = "real-strongSwan lab unavailable: " + reason + " (set FLEETCTL_REQUIRE_LAB=1 to fail instead of skipping)";
        }
    }
}
