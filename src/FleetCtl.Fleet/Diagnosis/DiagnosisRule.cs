using System.Text.RegularExpressions;

namespace FleetCtl.Fleet.Diagnosis;

/// <summary>An extra condition on the proposals a rule's lines show (<see cref="ProposalComparison"/>).</summary>
public enum ProposalCheck
{
    /// <summary>No condition.</summary>
    None,
    /// <summary>Some received proposal equals a configured one except for its key exchange (DH) group.</summary>
    KeyExchangeOnly,
    /// <summary>No received proposal differs from a configured one by the key exchange group alone.</summary>
    NotKeyExchangeOnly,
}

/// <summary>
/// How one cause is recognised in charon's log, as data: the lines the revealing side logs (all must be present),
/// lines that must not be present there, the lines the other side logs when it agrees, and how sure a match is when
/// the other side is missing or silent. Several rules may point at the same catalog entry (IKEv1 and IKEv2 forms).
/// Rules live next to their catalog entries in <c>FleetCatalog.Diagnosis.cs</c>.
/// </summary>
/// <param name="Id">Stable rule name, e.g. <c>psk-mismatch-ikev2</c>.</param>
/// <param name="CatalogId">The cause's catalog entry (3000–3099).</param>
/// <param name="RevealedBy">The IKE role of the side whose log reveals the cause.</param>
/// <param name="Reveal">Every pattern must match a line of the revealing side (anywhere in its lines).</param>
/// <param name="Corroborate">Any of these on the other side makes the verdict <see cref="DiagnosisConfidence.High"/>.</param>
/// <param name="Alone">The confidence when nothing on the other side corroborates (missing peer log, or silent).</param>
public sealed record DiagnosisRule(
    string Id,
    int CatalogId,
    DiagnosisRole RevealedBy,
    IReadOnlyList<Regex> Reveal,
    IReadOnlyList<Regex> Corroborate,
    DiagnosisConfidence Alone)
{
    /// <summary>None of these may match a line of the revealing side (they point at a more specific cause).</summary>
    public IReadOnlyList<Regex> Unless { get; init; } = [];

    /// <summary>A condition on the <c>received proposals</c>/<c>configured proposals</c> lines of the revealing side.</summary>
    public ProposalCheck Proposals { get; init; } = ProposalCheck.None;

    public override string ToString() => $"{Id} → {CatalogId}";
}
