namespace FleetCtl.Fleet.Catalog;

/// <summary>
/// The ids of the controller's own catalog entries as constants, for <c>[LoggerMessage(EventId = ...)]</c> (which
/// needs compile-time constants). VICI alerts are looked up at run time: <see cref="FleetCatalog.ForAlert"/>.
/// Ids are stable: never renumber or reuse one.
/// </summary>
public static class CatalogIds
{
    // 1000-1099: strongSwan alerts (FleetCatalog.Alerts.cs)
    public const int FirstAlert = 1000;
    public const int UnknownAlert = 1099;

    // 2000-2009: the VICI connection to a gateway
    public const int GatewayConnecting = 2000;
    public const int GatewayConnected = 2001;
    public const int GatewayConnectionLost = 2002;
    public const int GatewayUnreachable = 2003;
    public const int GatewayReconnected = 2004;
    public const int AlertEventUnsupported = 2005;
    public const int GatewayProtocolError = 2006;
    public const int CommandFailed = 2007;

    // 2010-2019: resynchronisation of a gateway's state
    public const int ResyncCompleted = 2010;
    public const int ResyncDifferences = 2011;
    public const int ResyncTimedOut = 2012;
    public const int EventBufferOverflow = 2013;

    // 2020-2029: IKE_SA lifecycle as the controller sees it
    public const int IkeSaUp = 2020;
    public const int IkeSaDown = 2021;
    public const int IkeSaRekeyed = 2022;
    public const int IkeSaUpdated = 2023;

    // 2030-2039: CHILD_SA lifecycle and tunnel state
    public const int ChildSaUp = 2030;
    public const int ChildSaDown = 2031;
    public const int ChildSaRekeyed = 2032;
    public const int TunnelConfiguredButDown = 2033;

    // 2040-2049: inventory
    public const int InventoryLoaded = 2040;
    public const int InventoryInvalid = 2041;

    // 2050-2059: journal (event history)
    public const int JournalWriteSlow = 2050;
    public const int JournalSnapshotFailed = 2051;

    // 2060-2069: controller lifecycle
    public const int ControllerStarted = 2060;
    public const int ControllerStopped = 2061;

    // 2070-2079: access to the controller (users, sessions, API tokens)
    public const int AdminCreated = 2070;
    public const int LoginSucceeded = 2071;
    public const int LoginFailed = 2072;
    public const int UserLockedOut = 2073;
    public const int TokenCreated = 2074;
    public const int TokenRevoked = 2075;
    public const int TokenRejected = 2076;
    public const int PasswordChanged = 2077;
    public const int AccessDenied = 2078;

    // 2080-2099: fleet operations (drain, redirect, terminate, rekey, initiate)
    public const int OperationStarted = 2080;
    public const int OperationCompleted = 2081;
    public const int OperationFailed = 2082;
    public const int OperationHalted = 2083;
    public const int OperationCancelled = 2084;
    public const int OperationPaused = 2085;
    public const int OperationResumed = 2086;
    public const int OperationItemFailed = 2087;
    public const int OperationRecovered = 2088;
    public const int DrainConfirmed = 2089;
    public const int DrainIncomplete = 2090;
    public const int OperationPreviewed = 2091;

    // 3000-3099: tunnel diagnoses (FleetCatalog.Diagnosis.cs): why a tunnel is down, from both peers' logs
    public const int DiagnosisNoFault = 3000;
    public const int DiagnosisUnknown = 3001;
    public const int DiagnosisIkev1ModeMismatch = 3010;
    public const int DiagnosisIdMismatch = 3011;
    public const int DiagnosisPskMismatch = 3012;
    public const int DiagnosisAuthMethodMismatch = 3013;
    public const int DiagnosisPskMissing = 3014;
    public const int DiagnosisPeerRejectedAuth = 3015;
    public const int DiagnosisIkeProposalMismatch = 3020;
    public const int DiagnosisDhGroupMismatch = 3021;
    public const int DiagnosisNoIkeConfig = 3022;
    public const int DiagnosisIkeVersionMismatch = 3023;
    public const int DiagnosisPeerNotAnswering = 3024;
    public const int DiagnosisPeerRejectedIkeProposal = 3025;
    public const int DiagnosisEspProposalMismatch = 3030;
    public const int DiagnosisTsMismatch = 3031;
    public const int DiagnosisPfsMismatch = 3032;
    public const int DiagnosisPeerRejectedChild = 3033;
    public const int DiagnosisNatIdentityMismatch = 3040;
}
