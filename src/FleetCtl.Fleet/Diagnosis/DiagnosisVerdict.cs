using FleetCtl.Fleet.Catalog;

namespace FleetCtl.Fleet.Diagnosis;

/// <summary>How sure a verdict is.</summary>
public enum DiagnosisConfidence
{
    /// <summary>Only a hint (e.g. the initiator saw a notify whose reason is in the peer's missing log).</summary>
    Low,
    /// <summary>The reason was seen on one side, the other side's lines were missing or silent.</summary>
    Medium,
    /// <summary>The reason was seen and the other side agrees (or the cause shows on one side by nature).</summary>
    High,
}

/// <summary>Which gateway of the request a line or a verdict comes from.</summary>
public enum DiagnosisSide
{
    /// <summary>The gateway the request is about (<see cref="DiagnosisRequest.Gateway"/>).</summary>
    Local,
    /// <summary>Its peer (<see cref="DiagnosisRequest.PeerGateway"/>).</summary>
    Peer,
}

/// <summary>The IKE role of the side that reveals a cause.</summary>
public enum DiagnosisRole
{
    /// <summary>Not tied to a role (no fault, unknown).</summary>
    Any,
    /// <summary>The side that sent the first request of the failing exchange.</summary>
    Initiator,
    /// <summary>The side that answered it; it usually logs the reason, the initiator only a notify.</summary>
    Responder,
}

/// <summary>One line that supports a verdict, with the side it was logged on.</summary>
public sealed record DiagnosisEvidence(DiagnosisSide Side, GatewayLogLine Line)
{
    public override string ToString() => $"{Side}: {Line}";
}

/// <summary>
/// Why a tunnel is down (or that it is not): the catalog entry of the cause (source <see cref="CatalogSource.Diagnosis"/>),
/// the side and role that reveal it, the evidence from each side, and how sure it is. <see cref="IsNoFault"/> and
/// <see cref="IsUnknown"/> are verdicts too; an unknown verdict carries the lines that looked relevant.
/// </summary>
/// <param name="Cause">The catalog entry of the cause (its id, key, title, explanation, proposed action, severity).</param>
/// <param name="RuleId">The rule that matched (<see cref="DiagnosisRule.Id"/>), or null for no fault / unknown.</param>
/// <param name="RevealedBy">The side whose lines show the cause, or null when nothing did.</param>
/// <param name="Role">The IKE role of that side in the failing exchange.</param>
/// <param name="Confidence">How sure the verdict is.</param>
/// <param name="Evidence">The supporting lines of both sides, local first, in time order.</param>
/// <param name="Detail">What the lines say concretely (e.g. "received IKE:AES_CBC_128/... configured IKE:AES_CBC_256/..."), or null.</param>
public sealed record DiagnosisVerdict(
    CatalogEntry Cause,
    string? RuleId,
    DiagnosisSide? RevealedBy,
    DiagnosisRole Role,
    DiagnosisConfidence Confidence,
    IReadOnlyList<DiagnosisEvidence> Evidence,
    string? Detail = null)
{
    /// <summary>The cause's catalog id (3000–3099).</summary>
    public int CauseId => Cause.Id;

    /// <summary>The cause's catalog key, e.g. <c>diagnosis.psk-mismatch</c>.</summary>
    public string CauseKey => Cause.Key;

    public string Title => Cause.Title;
    public string Explanation => Cause.Explanation;
    public string ProposedAction => Cause.ProposedAction;
    public CatalogSeverity Severity => Cause.Severity;

    /// <summary>The tunnel looks healthy: it was established and nothing failed after.</summary>
    public bool IsNoFault => Cause.Id == CatalogIds.DiagnosisNoFault;

    /// <summary>No rule matched; <see cref="Evidence"/> holds the lines that looked relevant.</summary>
    public bool IsUnknown => Cause.Id == CatalogIds.DiagnosisUnknown;

    /// <summary>The evidence lines of one side.</summary>
    public IEnumerable<GatewayLogLine> EvidenceFrom(DiagnosisSide side) => Evidence.Where(e => e.Side == side).Select(e => e.Line);

    public override string ToString() =>
        $"{CauseKey} ({Confidence}{(RevealedBy is { } s ? $", revealed by {s} {Role}" : "")}){(Detail is null ? "" : ": " + Detail)}";
}
