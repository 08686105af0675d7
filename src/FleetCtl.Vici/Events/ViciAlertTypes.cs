using System.Collections.Frozen;

namespace FleetCtl.Vici.Events;

/// <summary>Maps <see cref="ViciAlertType"/> to and from charon's wire strings, and describes each type.</summary>
public static class ViciAlertTypes
{
    private static readonly (ViciAlertType Type, string Wire, string Description)[] s_table =
    [
        (ViciAlertType.RadiusNotResponding, "radius-not-responding", "A RADIUS server did not respond"),
        (ViciAlertType.ShutdownSignal, "shutdown-signal", "A shutdown signal was received"),
        (ViciAlertType.LocalAuthFailed, "local-auth-failed", "Local peer authentication failed (by us or by peer)"),
        (ViciAlertType.PeerAuthFailed, "peer-auth-failed", "Peer authentication failed"),
        (ViciAlertType.PeerAddrFailed, "peer-addr-failed", "Failed to resolve peer address"),
        (ViciAlertType.PeerInitUnreachable, "peer-init-unreachable", "Peer did not respond to the initial message"),
        (ViciAlertType.InvalidIkeSpi, "invalid-ike-spi", "Received IKE message with an invalid SPI"),
        (ViciAlertType.ParseErrorHeader, "parse-error-header", "Received IKE message with an invalid header"),
        (ViciAlertType.ParseErrorBody, "parse-error-body", "Received IKE message with an invalid body"),
        (ViciAlertType.RetransmitSend, "retransmit-send", "Sending a retransmit for a message"),
        (ViciAlertType.RetransmitSendCleared, "retransmit-send-cleared", "Received a response for a retransmitted request"),
        (ViciAlertType.RetransmitSendTimeout, "retransmit-send-timeout", "Sending retransmits timed out"),
        (ViciAlertType.RetransmitReceive, "retransmit-receive", "Received a retransmit for a message"),
        (ViciAlertType.HalfOpenTimeout, "half-open-timeout", "Half-open timeout reached before IKE_SA was established"),
        (ViciAlertType.ProposalMismatchIke, "proposal-mismatch-ike", "IKE proposals do not match"),
        (ViciAlertType.ProposalMismatchChild, "proposal-mismatch-child", "CHILD_SA proposals do not match"),
        (ViciAlertType.TsMismatch, "ts-mismatch", "Traffic selectors do not match"),
        (ViciAlertType.TsNarrowed, "ts-narrowed", "Traffic selectors were narrowed (by us or by peer)"),
        (ViciAlertType.InstallChildSaFailed, "install-child-sa-failed", "Installation of IPsec SAs failed"),
        (ViciAlertType.InstallChildPolicyFailed, "install-child-policy-failed", "Installation of IPsec policy failed"),
        (ViciAlertType.UniqueReplace, "unique-replace", "IKE_SA deleted due to replace unique policy"),
        (ViciAlertType.UniqueKeep, "unique-keep", "IKE_SA deleted due to keep unique policy"),
        (ViciAlertType.KeepOnChildSaFailure, "keep-on-child-sa-failure", "IKE_SA kept alive after a failed CHILD_SA establishment"),
        (ViciAlertType.VipFailure, "vip-failure", "Allocating a virtual IP address failed"),
        (ViciAlertType.AuthorizationFailed, "authorization-failed", "An authorization hook failed"),
        (ViciAlertType.IkeSaExpired, "ike-sa-expired", "IKE_SA hit hard lifetime limit before it could be rekeyed"),
        (ViciAlertType.CertExpired, "cert-expired", "Certificate rejected: it has expired"),
        (ViciAlertType.CertRevoked, "cert-revoked", "Certificate rejected: it has been revoked"),
        (ViciAlertType.CertValidationFailed, "cert-validation-failed", "Certificate rejected: status validation failed"),
        (ViciAlertType.CertNoIssuer, "cert-no-issuer", "Certificate rejected: no trusted issuer found"),
        (ViciAlertType.CertUntrustedRoot, "cert-untrusted-root", "Certificate rejected: root CA not trusted"),
        (ViciAlertType.CertExceededPathLen, "cert-exceeded-path-len", "Certificate trust chain length exceeds the configured limit"),
        (ViciAlertType.CertPolicyViolation, "cert-policy-violation", "Certificate rejected: other policy violation"),
    ];

    private static readonly FrozenDictionary<string, ViciAlertType> s_byWire =
        s_table.ToFrozenDictionary(e => e.Wire, e => e.Type, StringComparer.Ordinal);

    private static readonly FrozenDictionary<ViciAlertType, (string Wire, string Description)> s_byType =
        s_table.ToFrozenDictionary(e => e.Type, e => (e.Wire, e.Description));

    /// <summary>Every known alert type (all but <see cref="ViciAlertType.Unknown"/>), in charon's order.</summary>
    public static IReadOnlyList<ViciAlertType> All { get; } = Array.AsReadOnly(s_table.Select(e => e.Type).ToArray());

    /// <summary>The type for a wire string; <see cref="ViciAlertType.Unknown"/> for null or a string not known here.</summary>
    public static ViciAlertType Parse(string? wireName) =>
        wireName is not null && s_byWire.TryGetValue(wireName, out var type) ? type : ViciAlertType.Unknown;

    public static bool TryParse(string? wireName, out ViciAlertType type)
    {
        type = Parse(wireName);
        return type != ViciAlertType.Unknown;
    }

    /// <summary>The exact wire string, e.g. <c>proposal-mismatch-ike</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ViciAlertType.Unknown"/> or an undefined value: they have no wire name.</exception>
    public static string ToWireName(ViciAlertType type) => s_byType.TryGetValue(type, out var e)
        ? e.Wire
        : throw new ArgumentOutOfRangeException(nameof(type), type, "this alert type has no wire name");

    /// <summary>A one-line description of the alert (from strongSwan's event reference); a generic one for unknown types.</summary>
    public static string Describe(ViciAlertType type) =>
        s_byType.TryGetValue(type, out var e) ? e.Description : "Alert of a type this version does not know";
}
