using System.Globalization;
using System.Text.RegularExpressions;
using FleetCtl.Vici.Events;

namespace FleetCtl.Fleet.Diagnosis;

/// <summary>
/// Maps one charon log line to the alert strongSwan 6.0.3+ would have raised for it (5.9.x has no VICI <c>alert</c>
/// event). Pure: the first matching rule of <see cref="Rules"/> wins; lines of healthy traffic give nothing. Works on
/// what the <c>log</c> event carries (levels 0 and 1).
/// </summary>
public static class LogAlertDeriver
{
    private const RegexOptions Options = RegexOptions.CultureInvariant;
    private const string Addr = @"[0-9a-fA-F.:]+";

    /// <summary>The line → alert rules, in the order they are tried.</summary>
    public static IReadOnlyList<LogAlertRule> Rules { get; } =
    [
        R("proposal-mismatch-ike", ViciAlertType.ProposalMismatchIke, "^(received proposals unacceptable|no proposal found)$"),
        R("no-ike-config", ViciAlertType.ProposalMismatchIke, $"^no IKE config found for (?<localHost>{Addr})\\.\\.\\.(?<remoteHost>{Addr}), sending NO_PROPOSAL_CHOSEN"),
        R("no-proposal-chosen-ike", ViciAlertType.ProposalMismatchIke, "^received (?<notify>NO_PROPOSAL_CHOSEN) (notify error|error notify)$"),
        R("proposal-mismatch-child", ViciAlertType.ProposalMismatchChild, "^no (acceptable|matching) proposal found"),
        R("no-proposal-chosen-child", ViciAlertType.ProposalMismatchChild, "^received (?<notify>NO_PROPOSAL_CHOSEN) notify, no CHILD_SA built"),
        R("ts-mismatch", ViciAlertType.TsMismatch, "^traffic selectors (?<ts>.*) unacceptable"),
        R("ts-unacceptable", ViciAlertType.TsMismatch, "^received (?<notify>TS_UNACCEPTABLE|INVALID_ID_INFORMATION) (notify, no CHILD_SA built|error notify)"),
        R("ts-no-child-config", ViciAlertType.TsMismatch, "^no matching CHILD_SA config found"),
        R("psk-mac-mismatch", ViciAlertType.PeerAuthFailed, "^tried \\d+ shared keys? for '(?<localId>[^']*)' - '(?<remoteId>[^']*)', but MAC mismatched"),
        R("auth-constraint", ViciAlertType.PeerAuthFailed, "^constraint requires .* authentication, but .* was used"),
        R("no-peer-config", ViciAlertType.PeerAuthFailed, "^no (matching )?peer config found"),
        R("aggressive-psk-disabled", ViciAlertType.PeerAuthFailed, "^Aggressive Mode PSK disabled for security reasons"),
        R("id-mismatch", ViciAlertType.PeerAuthFailed, "^ID[ir]{2} '(?<remoteId>[^']*)' does not match to '[^']*'"),
        R("no-shared-key", ViciAlertType.LocalAuthFailed, "^no shared key found for '(?<localId>[^']*)' - '(?<remoteId>[^']*)'"),
        R("auth-failed-notify", ViciAlertType.LocalAuthFailed, "^received (?<notify>AUTHENTICATION_FAILED) (notify error|error notify)"),
        R("decryption-failed", ViciAlertType.ParseErrorBody, "^message parsing failed"),
        R("retransmit-timeout", ViciAlertType.RetransmitSendTimeout, "^giving up after (?<retransmits>\\d+) retransmits"),
        R("peer-not-responding", ViciAlertType.PeerInitUnreachable, "^establishing IKE_SA failed, peer not responding"),
        R("retransmit", ViciAlertType.RetransmitSend, "^(sending )?retransmit (?<retransmits>\\d+) of request (with )?message ID (?<messageId>\\d+)"),
        R("retransmit-received", ViciAlertType.RetransmitReceive, "^received retransmit of request with ID (?<messageId>\\d+)"),
        R("half-open-timeout", ViciAlertType.HalfOpenTimeout, $"^deleting half open IKE_SA with (?<remoteHost>{Addr}) after timeout"),
        R("install-sa-failed", ViciAlertType.InstallChildSaFailed, "^unable to install (inbound and outbound )?IPsec SA"),
        R("install-policy-failed", ViciAlertType.InstallChildPolicyFailed, "^unable to install IPsec policies"),
        R("keep-on-child-failure", ViciAlertType.KeepOnChildSaFailure, "^failed to establish CHILD_SA, keeping IKE_SA"),
        R("unique-replace", ViciAlertType.UniqueReplace, "^deleting duplicate IKE_SA for peer '(?<remoteId>[^']*)' due to uniqueness policy"),
        R("unique-keep", ViciAlertType.UniqueKeep, "^cancelling IKE_SA setup due to uniqueness policy"),
        R("vip-failure", ViciAlertType.VipFailure, "^no virtual IP found for (?<vip>\\S+) requested by '(?<remoteId>[^']*)'"),
        R("cert-expired", ViciAlertType.CertExpired, "^(subject|issuer) certificate invalid"),
        R("cert-revoked", ViciAlertType.CertRevoked, "^certificate was revoked on"),
        R("cert-no-issuer", ViciAlertType.CertNoIssuer, "^no issuer certificate found for"),
        R("cert-untrusted-root", ViciAlertType.CertUntrustedRoot, "^no trusted (RSA|ECDSA|ED25519|ED448|\\S+) public key found for '(?<remoteId>[^']*)'"),
        R("shutdown", ViciAlertType.ShutdownSignal, "^signal of type SIG(INT|TERM) received"),
        R("peer-addr-failed", ViciAlertType.PeerAddrFailed, "^unable to (resolve|initiate to) (?<remoteHost>\\S+)"),
    ];

    /// <summary>The alert one line stands for, or null.</summary>
    public static DerivedAlert? Derive(GatewayLogLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        foreach (var rule in Rules)
        {
            if (rule.Group is not null && rule.Group != line.Group)
            {
                continue;
            }

            var m = rule.Pattern.Match(line.Message);
            if (!m.Success)
            {
                continue;
            }

            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            if (line.IkeSaName is { } ike && ike != "(unnamed)")
            {
                attributes["ike"] = ike;
            }

            if (line.IkeSaUniqueId is { } id)
            {
                attributes["ikeId"] = id.ToString(CultureInfo.InvariantCulture);
            }

            foreach (var g in m.Groups.Values.Where(g => g.Success && !char.IsDigit(g.Name[0])))
            {
                attributes[g.Name] = g.Value;
            }

            return new DerivedAlert(rule.Type, line, attributes, rule.Id);
        }

        return null;
    }

    /// <summary>Every alert derived from <paramref name="lines"/>, in order.</summary>
    public static IReadOnlyList<DerivedAlert> DeriveAll(IEnumerable<GatewayLogLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return lines.Select(Derive).OfType<DerivedAlert>().ToList();
    }

    private static LogAlertRule R(string id, ViciAlertType type, string pattern) =>
        new(id, type, new Regex(pattern, Options, TimeSpan.FromSeconds(1)));
}
