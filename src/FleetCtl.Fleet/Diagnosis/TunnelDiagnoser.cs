using System.Text.RegularExpressions;
using FleetCtl.Fleet.Catalog;

namespace FleetCtl.Fleet.Diagnosis;

/// <summary>
/// Says why a tunnel is down from both peers' charon log lines: a pure function over the lines of a
/// <see cref="DiagnosisRequest"/>, driven by the rules of <see cref="FleetCatalog.DiagnosisRules"/>. Every rule is
/// tried on both sides; the most certain match wins (ties: the earlier rule). With no match, a tunnel that came up
/// is <c>diagnosis.no-fault</c>, anything else <c>diagnosis.unknown</c> with the lines that looked relevant.
/// </summary>
public static partial class TunnelDiagnoser
{
    /// <summary>At most this many lines of each side go into an unknown verdict's evidence.</summary>
    public const int UnknownEvidenceLimit = 20;

    /// <summary>Diagnoses the request's tunnel with the catalog's rules.</summary>
    public static DiagnosisVerdict Diagnose(DiagnosisRequest request) => Diagnose(request, FleetCatalog.DiagnosisRules);

    /// <summary>Diagnoses with the given rules (for testing rules one by one).</summary>
    public static DiagnosisVerdict Diagnose(DiagnosisRequest request, IReadOnlyList<DiagnosisRule> rules)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rules);
        var local = TunnelLogSelector.SelectLocal(request.LocalLines, request.Connection, request.Child, request.KnownAddresses);
        var peer = request.PeerLines is null
            ? null
            : TunnelLogSelector.SelectPeer(request.PeerLines, local, request.CorrelationWindow);
        return Diagnose(local, peer, request.Connection, request.Child, rules);
    }

    /// <summary>Diagnoses lines already selected for one tunnel (no selection step).</summary>
    public static DiagnosisVerdict Diagnose(
        IReadOnlyList<GatewayLogLine> local, IReadOnlyList<GatewayLogLine>? peer, string connection, string? child,
        IReadOnlyList<DiagnosisRule> rules)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(rules);
        DiagnosisVerdict? best = null;
        var bestOrder = int.MaxValue;
        for (var i = 0; i < rules.Count; i++)
        {
            foreach (var side in peer is null ? [DiagnosisSide.Local] : new[] { DiagnosisSide.Local, DiagnosisSide.Peer })
            {
                var (mine, other) = side == DiagnosisSide.Local ? (local, peer) : (peer!, local);
                if (Match(rules[i], side, mine, other) is { } verdict
                    && (best is null || verdict.Confidence > best.Confidence || (verdict.Confidence == best.Confidence && i < bestOrder)))
                {
                    (best, bestOrder) = (verdict, i);
                }
            }
        }

        var established = Established(local, connection, child).Concat(peer is null ? [] : Established(peer, null, null)).ToList();
        if (best is not null && !HealedAfter(best, established))
        {
            return best;
        }

        if (established.Count > 0)
        {
            var evidence = Established(local, connection, child).Select(l => new DiagnosisEvidence(DiagnosisSide.Local, l))
                .Concat((peer is null ? [] : Established(peer, null, null)).Select(l => new DiagnosisEvidence(DiagnosisSide.Peer, l)))
                .ToList();
            return new DiagnosisVerdict(FleetCatalog.Get(CatalogIds.DiagnosisNoFault), null, null, DiagnosisRole.Any,
                peer is null ? DiagnosisConfidence.Medium : DiagnosisConfidence.High, evidence);
        }

        var relevant = local.Where(l => NamesAFailure(l.Message)).TakeLast(UnknownEvidenceLimit)
            .Select(l => new DiagnosisEvidence(DiagnosisSide.Local, l))
            .Concat((peer ?? []).Where(l => NamesAFailure(l.Message)).TakeLast(UnknownEvidenceLimit)
                .Select(l => new DiagnosisEvidence(DiagnosisSide.Peer, l)))
            .ToList();
        return new DiagnosisVerdict(FleetCatalog.Get(CatalogIds.DiagnosisUnknown), null, null, DiagnosisRole.Any,
            DiagnosisConfidence.Low, relevant);
    }

    /// <summary>The verdict of one rule with <paramref name="mine"/> as the revealing side, or null when it does not match.</summary>
    public static DiagnosisVerdict? Match(
        DiagnosisRule rule, DiagnosisSide side, IReadOnlyList<GatewayLogLine> mine, IReadOnlyList<GatewayLogLine>? other)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(mine);
        var revealing = new List<GatewayLogLine>();
        foreach (var pattern in rule.Reveal)
        {
            var hit = mine.FirstOrDefault(l => pattern.IsMatch(l.Message));
            if (hit is null)
            {
                return null;
            }

            revealing.Add(hit);
        }

        if (rule.Unless.Any(p => mine.Any(l => p.IsMatch(l.Message))) || !ProposalsAgree(rule.Proposals, mine))
        {
            return null;
        }

        var otherSide = side == DiagnosisSide.Local ? DiagnosisSide.Peer : DiagnosisSide.Local;
        var corroborating = (other ?? []).Where(l => rule.Corroborate.Any(p => p.IsMatch(l.Message))).ToList();
        var proposals = rule.Proposals == ProposalCheck.None ? [] : mine.Where(l => ProposalLine().IsMatch(l.Message));
        var evidence = revealing.Concat(proposals).Distinct().Select(l => new DiagnosisEvidence(side, l))
            .Concat(corroborating.Select(l => new DiagnosisEvidence(otherSide, l)))
            .OrderBy(e => e.Side).ThenBy(e => e.Line.Time)
            .ToList();
        var confidence = corroborating.Count > 0 ? DiagnosisConfidence.High : rule.Alone;
        var detail = string.Join("; ", revealing.Select(l => l.Message).Distinct());
        return new DiagnosisVerdict(FleetCatalog.Get(rule.CatalogId), rule.Id, side, rule.RevealedBy, confidence, evidence, detail);
    }

    private static bool ProposalsAgree(ProposalCheck check, IReadOnlyList<GatewayLogLine> lines)
    {
        if (check == ProposalCheck.None)
        {
            return true;
        }

        var received = lines.LastOrDefault(l => l.Message.StartsWith("received proposals:", StringComparison.Ordinal));
        var configured = lines.LastOrDefault(l => l.Message.StartsWith("configured proposals:", StringComparison.Ordinal));
        if (received is null || configured is null)
        {
            return false;
        }

        var onlyKe = ProposalComparison.DiffersOnlyInKeyExchange(received.Message, configured.Message);
        return check == ProposalCheck.KeyExchangeOnly ? onlyKe : !onlyKe;
    }

    /// <summary>A fault whose last line is followed by the tunnel coming up is over.</summary>
    private static bool HealedAfter(DiagnosisVerdict verdict, List<GatewayLogLine> established) =>
        established.Count > 0 && verdict.Evidence.Count > 0
        && established.Max(l => l.Time) > verdict.Evidence.Max(e => e.Line.Time);

    private static IEnumerable<GatewayLogLine> Established(IReadOnlyList<GatewayLogLine> lines, string? connection, string? child)
    {
        var ike = connection is null ? @"\S+" : Regex.Escape(connection);
        var pattern = child is null
            ? new Regex($@"^IKE_SA {ike}\[\d+\] established", RegexOptions.CultureInvariant)
            : new Regex($@"^CHILD_SA {Regex.Escape(child)}\{{\d+\}} established", RegexOptions.CultureInvariant);
        return connection is null && child is null
            ? lines.Where(l => EstablishedAny().IsMatch(l.Message))
            : lines.Where(l => pattern.IsMatch(l.Message));
    }

    [GeneratedRegex(@"^(IKE_SA \S+\[\d+\]|CHILD_SA \S+\{\d+\}) established", RegexOptions.CultureInvariant)]
    private static partial Regex EstablishedAny();

    [GeneratedRegex(@"^(received|configured) proposals:", RegexOptions.CultureInvariant)]
    private static partial Regex ProposalLine();

    /// <summary>Whether a charon log message names a failure (a refusal, a notify, retransmits, a timeout ...): the lines an
    /// unknown verdict shows, and the reason a failed command's answer quotes.</summary>
    public static bool NamesAFailure(string message) => Relevant().IsMatch(message);

    [GeneratedRegex(@"fail|unacceptable|inacceptable|not found|no \S+ (config|key|proposal)|notify|mismatch|retransmit|giving up|invalid|unable|error|timeout|does not match|disabled|not responding",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Relevant();
}
