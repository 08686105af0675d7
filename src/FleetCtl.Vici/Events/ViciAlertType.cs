namespace FleetCtl.Vici.Events;

/// <summary>
/// The alert types of charon's <c>alert</c> event (strongSwan 6.0.3 and later), in charon's order. The wire names
/// (<c>proposal-mismatch-ike</c> ...) are mapped by <see cref="ViciAlertTypes"/>; a name this version does not know
/// becomes <see cref="Unknown"/>, and the event keeps the raw string.
/// </summary>
public enum ViciAlertType
{
    /// <summary>A type string this library does not know (a newer daemon), or none.</summary>
    Unknown = 0,
    /// <summary>A RADIUS server did not respond.</summary>
    RadiusNotResponding,
    /// <summary>A shutdown signal was received.</summary>
    ShutdownSignal,
    /// <summary>Local peer authentication failed (by us or by the peer).</summary>
    LocalAuthFailed,
    /// <summary>Peer authentication failed.</summary>
    PeerAuthFailed,
    /// <summary>Failed to resolve the peer address.</summary>
    PeerAddrFailed,
    /// <summary>The peer did not respond to the initial message.</summary>
    PeerInitUnreachable,
    /// <summary>Received an IKE message with an invalid SPI.</summary>
    InvalidIkeSpi,
    /// <summary>Received an IKE message with an invalid header.</summary>
    ParseErrorHeader,
    /// <summary>Received an IKE message with an invalid body.</summary>
    ParseErrorBody,
    /// <summary>Sending a retransmit for a message.</summary>
    RetransmitSend,
    /// <summary>Received a response for a retransmitted request.</summary>
    RetransmitSendCleared,
    /// <summary>Sending retransmits timed out.</summary>
    RetransmitSendTimeout,
    /// <summary>Received a retransmit for a message.</summary>
    RetransmitReceive,
    /// <summary>The half-open timeout was reached before the IKE_SA was established.</summary>
    HalfOpenTimeout,
    /// <summary>IKE proposals do not match.</summary>
    ProposalMismatchIke,
    /// <summary>CHILD_SA proposals do not match.</summary>
    ProposalMismatchChild,
    /// <summary>Traffic selectors do not match.</summary>
    TsMismatch,
    /// <summary>Traffic selectors were narrowed (by us or by the peer).</summary>
    TsNarrowed,
    /// <summary>Installation of IPsec SAs failed.</summary>
    InstallChildSaFailed,
    /// <summary>Installation of an IPsec policy failed.</summary>
    InstallChildPolicyFailed,
    /// <summary>An IKE_SA was deleted due to the replace unique policy.</summary>
    UniqueReplace,
    /// <summary>An IKE_SA was deleted due to the keep unique policy.</summary>
    UniqueKeep,
    /// <summary>An IKE_SA was kept alive after a failed CHILD_SA establishment.</summary>
    KeepOnChildSaFailure,
    /// <summary>Allocating a virtual IP address failed.</summary>
    VipFailure,
    /// <summary>An authorization hook failed.</summary>
    AuthorizationFailed,
    /// <summary>The IKE_SA hit its hard lifetime before it could be rekeyed.</summary>
    IkeSaExpired,
    /// <summary>A certificate was rejected: it has expired.</summary>
    CertExpired,
    /// <summary>A certificate was rejected: it has been revoked.</summary>
    CertRevoked,
    /// <summary>A certificate was rejected: status validation failed.</summary>
    CertValidationFailed,
    /// <summary>A certificate was rejected: no trusted issuer found.</summary>
    CertNoIssuer,
    /// <summary>A certificate was rejected: the root CA is not trusted.</summary>
    CertUntrustedRoot,
    /// <summary>A certificate was rejected: the trust chain is longer than the configured limit.</summary>
    CertExceededPathLen,
    /// <summary>A certificate was rejected: other policy violation.</summary>
    CertPolicyViolation,
}
