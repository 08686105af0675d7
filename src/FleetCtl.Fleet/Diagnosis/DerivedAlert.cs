using FleetCtl.Fleet.Catalog;
using FleetCtl.Vici.Events;

namespace FleetCtl.Fleet.Diagnosis;

/// <summary>
/// An alert derived from one charon log line, for daemons without the VICI <c>alert</c> event (strongSwan before
/// 6.0.3). It is the same alert type, with the same catalog entry (1000–1099), as the daemon would have raised;
/// <see cref="Derived"/> marks that it was recognised in the log and may carry fewer attributes.
/// </summary>
/// <param name="Type">The alert type charon 6.0.3+ would have raised.</param>
/// <param name="Line">The log line it was derived from.</param>
/// <param name="Attributes">What the line tells: <c>ike</c>, <c>ikeId</c>, <c>localHost</c>, <c>remoteHost</c>,
/// <c>localId</c>, <c>remoteId</c>, <c>notify</c>, <c>retransmits</c> ... (catalog parameter names).</param>
/// <param name="RuleId">The deriver rule that matched.</param>
public sealed record DerivedAlert(
    ViciAlertType Type, GatewayLogLine Line, IReadOnlyDictionary<string, string> Attributes, string RuleId)
{
    /// <summary>Always true: the alert was derived from a log line, not sent by charon.</summary>
    public bool Derived => true;

    /// <summary>The alert type's catalog entry (the same as for a real VICI alert).</summary>
    public CatalogEntry Entry => FleetCatalog.ForAlert(Type);

    /// <summary>The wire name of the type, e.g. <c>peer-auth-failed</c>.</summary>
    public string WireName => ViciAlertTypes.ToWireName(Type);

    public override string ToString() => $"{WireName} (derived, {RuleId}): {Line}";
}
