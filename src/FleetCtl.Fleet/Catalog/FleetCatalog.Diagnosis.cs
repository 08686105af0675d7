using System.Text.RegularExpressions;
using FleetCtl.Fleet.Diagnosis;
using static FleetCtl.Fleet.Catalog.CatalogCategories;
using static FleetCtl.Fleet.Catalog.CatalogIds;
using static FleetCtl.Fleet.Catalog.CatalogSeverity;
using static FleetCtl.Fleet.Diagnosis.DiagnosisConfidence;
using static FleetCtl.Fleet.Diagnosis.DiagnosisRole;

namespace FleetCtl.Fleet.Catalog;

public static partial class FleetCatalog
{
    /// <summary>
    /// The diagnosis engine's rules (<see cref="TunnelDiagnoser"/>), in the order ties are broken: specific causes
    /// before the catch-alls an initiator alone can tell. Patterns are matched against charon's messages as the VICI
    /// <c>log</c> event delivers them (levels 0 and 1); docs/diagnosis.md lists them.
    /// </summary>
    public static IReadOnlyList<DiagnosisRule> DiagnosisRules { get; } = Array.AsReadOnly(DiagnosisRuleList().ToArray());

    // a property, not a field: field initialisers of partial classes run in file order, and All (another file) needs it
    private static string[] DiagnosisParameters => ["gateway", "connection", "child", "peerGateway", "confidence"];

    private static IEnumerable<CatalogEntry> DiagnosisEntries() =>
    [
        Diagnosis(DiagnosisNoFault, "diagnosis.no-fault", "No fault: the tunnel came up", [Ike], Information,
            explanation: "The tunnel's IKE_SA (and the CHILD_SA asked about) was established and nothing failed after it. " +
                "\"remote host is behind NAT\" on kernel-libipsec gateways is normal and not a fault.",
            gatewayAction: "None.",
            proposedAction: "None. If traffic still does not flow, look at routing and firewalls between the inner networks."),

        Diagnosis(DiagnosisUnknown, "diagnosis.unknown", "Cause unknown: no rule matched", [Ike], Warning,
            explanation: "The tunnel did not come up, but none of the diagnosis rules recognised the lines. The verdict " +
                "carries the lines of both sides that looked relevant (failures, notifies, retransmits). An unknown verdict " +
                "with the lines is given rather than a guess.",
            gatewayAction: "Depends on the cause.",
            proposedAction: "Read the evidence lines of both sides, starting with the responder's. If the peer's lines are " +
                "missing, make the peer a managed gateway or get its log. Report the lines so a rule can be added."),

        Diagnosis(DiagnosisIkev1ModeMismatch, "diagnosis.ikev1-mode-mismatch", "IKEv1 Main/Aggressive Mode mismatch", [Ike, Auth], Error,
            explanation: "The initiator uses IKEv1 Aggressive Mode with a pre-shared key, and the responder refuses it " +
                "(\"Aggressive Mode PSK disabled for security reasons\"): Aggressive Mode sends the PSK hash in the clear, " +
                "so strongSwan only allows it with `charon.i_dont_care_about_security_and_use_aggressive_mode_psk`. The " +
                "initiator only sees AUTHENTICATION_FAILED.",
            gatewayAction: "The responder answers AUTHENTICATION_FAILED; no IKE_SA is built.",
            proposedAction: "Use Main Mode on the initiator (`aggressive = no`), or better IKEv2 (`version = 2`) on both. " +
                "Enabling Aggressive Mode PSK on the responder is insecure."),

        Diagnosis(DiagnosisIdMismatch, "diagnosis.id-mismatch", "Identity mismatch: no peer config for the identities", [Auth, Ike], Error,
            explanation: "The responder found an IKE config for the addresses but no peer config whose identities match " +
                "what the initiator sent (\"looking for peer configs matching A[idA]...B[idB]\" then \"no matching peer " +
                "config found\"; IKEv1: \"no peer config found\"). The initiator only sees AUTHENTICATION_FAILED.",
            gatewayAction: "The responder answers AUTHENTICATION_FAILED and deletes the IKE_SA.",
            proposedAction: "Compare the initiator's `local.id` with the responder's `remote.id`, and the initiator's " +
                "`remote.id` with the responder's `local.id` (the responder's \"looking for peer configs matching\" line " +
                "shows both identities as received). Without `local.id`, charon uses the IP address (or the certificate's subject)."),

        Diagnosis(DiagnosisPskMismatch, "diagnosis.psk-mismatch", "Pre-shared key mismatch", [Auth, Ike], Error,
            explanation: "The two gateways use different pre-shared keys for this pair of identities. IKEv2: the responder " +
                "logs \"tried 1 shared key for 'a' - 'b', but MAC mismatched\" and the initiator only AUTHENTICATION_FAILED. " +
                "IKEv1 Main Mode: the key encrypts the third exchange, so both sides log \"invalid ... payload length, " +
                "decryption failed?\" and \"message parsing failed\".",
            gatewayAction: "IKEv2: the responder answers AUTHENTICATION_FAILED and deletes the IKE_SA. IKEv1: the message is " +
                "dropped; the initiator retransmits until it gives up.",
            proposedAction: "Set the same `secrets.ike-*.secret` on both gateways (check its `id-*` selectors pick the " +
                "secret you changed) and reload with `swanctl --load-creds`. Beware of trailing spaces and quoting."),

        Diagnosis(DiagnosisAuthMethodMismatch, "diagnosis.auth-method-mismatch", "Authentication method mismatch (PSK vs certificate)", [Auth, Ike], Error,
            explanation: "The peer authenticated with one method and this side's config requires another: e.g. the peer " +
                "sent a pre-shared key AUTH payload where `remote.auth = pubkey` asks for a signature (\"constraint requires " +
                "public key authentication, but pre-shared key was used\", \"selected peer config ... unacceptable\").",
            gatewayAction: "The responder answers AUTHENTICATION_FAILED and deletes the IKE_SA.",
            proposedAction: "Make the initiator's `local.auth` equal the responder's `remote.auth` (and the other way " +
                "round): both `psk`, or both `pubkey` with certificates loaded (`swanctl --list-certs`)."),

        Diagnosis(DiagnosisPskMissing, "diagnosis.psk-missing", "No pre-shared key for the identities", [Auth, Ike], Error,
            explanation: "A gateway has no pre-shared key for the pair of identities of this tunnel (\"no shared key found " +
                "for 'a' - 'b'\"): the secret is missing or its `id-*` owners do not include the identities used.",
            gatewayAction: "The gateway cannot build or verify the AUTH payload; the IKE_SA fails (AUTHENTICATION_FAILED " +
                "towards the peer when it is the responder).",
            proposedAction: "Add a `secrets.ike-*` entry on that gateway whose `id-*` owners match both identities named in " +
                "the line (or no owners), then `swanctl --load-creds`."),

        Diagnosis(DiagnosisPeerRejectedAuth, "diagnosis.peer-rejected-auth", "Peer rejected our authentication (reason in its log)", [Auth, Ike], Error,
            explanation: "This side received AUTHENTICATION_FAILED and the peer's log that would say why is not available " +
                "(or says nothing a rule knows). Usual causes: PSK mismatch, identity mismatch, authentication method " +
                "mismatch, IKEv1 Aggressive Mode refused.",
            gatewayAction: "The IKE_SA is deleted.",
            proposedAction: "Get the peer's log (make it a managed gateway) for a precise verdict. Meanwhile compare " +
                "identities (`local.id`/`remote.id`), methods (`local.auth`/`remote.auth`) and the PSK on both sides."),

        Diagnosis(DiagnosisIkeProposalMismatch, "diagnosis.ike-proposal-mismatch", "IKE proposal mismatch", [Ike], Error,
            explanation: "No IKE proposal of the initiator is acceptable to the responder: encryption, integrity or PRF " +
                "differ. The responder logs \"received proposals: IKE:...\" and \"configured proposals: IKE:...\" — compare " +
                "them — and the initiator only receives NO_PROPOSAL_CHOSEN.",
            gatewayAction: "The responder answers NO_PROPOSAL_CHOSEN; no IKE_SA is built.",
            proposedAction: "Make `connections.<conn>.proposals` on both gateways share at least one proposal; the " +
                "evidence shows both lists."),

        Diagnosis(DiagnosisDhGroupMismatch, "diagnosis.dh-group-mismatch", "DH group mismatch in the IKE proposal", [Ike], Error,
            explanation: "The IKE proposals agree on every algorithm except the key exchange (Diffie-Hellman) group, e.g. " +
                "received `.../MODP_2048`, configured `.../CURVE_25519`.",
            gatewayAction: "The responder answers NO_PROPOSAL_CHOSEN; no IKE_SA is built.",
            proposedAction: "Configure the same DH group in `connections.<conn>.proposals` on both gateways (e.g. " +
                "`aes128-sha256-x25519` or `-modp2048` on both)."),

        Diagnosis(DiagnosisNoIkeConfig, "diagnosis.no-ike-config", "No IKE config for the peer's address", [Ike, Network], Error,
            explanation: "The responder has no connection whose `local_addrs`/`remote_addrs` match the addresses of the " +
                "request (\"no IKE config found for L...R, sending NO_PROPOSAL_CHOSEN\"): the peer's address is not in " +
                "`remote_addrs`, the connection is not loaded, or the packet arrived on an unexpected address. It is also what an " +
                "IKEv2 request to a responder with only IKEv1 (`version = 1`) connections for the address looks like. The " +
                "initiator sees NO_PROPOSAL_CHOSEN, which looks like a proposal mismatch but is not.",
            gatewayAction: "The responder answers NO_PROPOSAL_CHOSEN; no IKE_SA is built.",
            proposedAction: "On the responder, check `swanctl --list-conns` shows the connection and that its `remote_addrs` " +
                "includes the initiator's address shown in the line (and `local_addrs` the address it was sent to)."),

        Diagnosis(DiagnosisIkeVersionMismatch, "diagnosis.ike-version-mismatch", "IKE version mismatch (IKEv1 vs IKEv2)", [Ike], Error,
            explanation: "One gateway speaks IKEv1 (`version = 1`: Main or Aggressive Mode) and the other has only IKEv2 " +
                "connections for it (or the other way round). The responder finds no config of that version for the " +
                "addresses.",
            gatewayAction: "The responder rejects or ignores the request; no IKE_SA is built.",
            proposedAction: "Set the same `connections.<conn>.version` on both gateways (2 unless the peer only supports IKEv1)."),

        Diagnosis(DiagnosisPeerNotAnswering, "diagnosis.peer-not-answering", "Peer not answering", [Network, Ike], Error,
            explanation: "The initiator retransmitted its request and gave up (\"retransmit N of request with message ID " +
                "0\", \"giving up after N retransmits\"): nothing answered on UDP 500/4500. The peer's charon is down, the " +
                "address is wrong or unreachable, or a firewall drops IKE.",
            gatewayAction: "charon deletes the IKE_SA after `charon.retransmit_tries`; with `keyingtries` it tries again.",
            proposedAction: "Check the peer's charon runs (`swanctl --stats` there), that `remote_addrs` is its address, " +
                "and that UDP 500 and 4500 pass between them (`tcpdump -ni any udp port 500 or udp port 4500` on both ends)."),

        Diagnosis(DiagnosisPeerRejectedIkeProposal, "diagnosis.peer-rejected-ike-proposal", "Peer answered NO_PROPOSAL_CHOSEN (reason in its log)", [Ike], Error,
            explanation: "This side received NO_PROPOSAL_CHOSEN for its IKE_SA_INIT (or IKEv1 Main Mode) and the peer's " +
                "log is not available. Either the IKE proposals do not match, or the peer has no IKE config for this " +
                "address or version at all — only the peer's log tells which.",
            gatewayAction: "The IKE_SA is deleted.",
            proposedAction: "Get the peer's log for a precise verdict. Compare `connections.<conn>.proposals`, `version` and " +
                "the peer's `remote_addrs` with this gateway's address."),

        Diagnosis(DiagnosisEspProposalMismatch, "diagnosis.esp-proposal-mismatch", "ESP proposal mismatch", [Ipsec], Error,
            explanation: "The IKE_SA came up but no ESP proposal of the initiator is acceptable to the responder " +
                "(\"received proposals: ESP:...\", \"configured proposals: ESP:...\", \"no acceptable proposal found\"). The " +
                "initiator sees \"received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built\".",
            gatewayAction: "The CHILD_SA is not built; the IKE_SA stays up without it (or is deleted when it has no other CHILD_SA).",
            proposedAction: "Make `children.<child>.esp_proposals` on both gateways share a proposal; the evidence shows both lists."),

        Diagnosis(DiagnosisTsMismatch, "diagnosis.ts-mismatch", "Traffic selector mismatch", [Ipsec], Error,
            explanation: "The responder has no child config whose `local_ts`/`remote_ts` cover the traffic selectors the " +
                "initiator proposes (\"traffic selectors A === B unacceptable\", IKEv1: \"no matching CHILD_SA config " +
                "found\"). The initiator sees TS_UNACCEPTABLE (IKEv1: INVALID_ID_INFORMATION).",
            gatewayAction: "The CHILD_SA is not built.",
            proposedAction: "Make the initiator's `local_ts`/`remote_ts` the mirror image of (or narrower than) the " +
                "responder's `remote_ts`/`local_ts`; the evidence shows the proposed selectors."),

        Diagnosis(DiagnosisPfsMismatch, "diagnosis.pfs-mismatch", "PFS (DH group) mismatch in the ESP proposal", [Ipsec], Error,
            explanation: "The ESP proposals agree except for the key exchange (PFS) group. In IKEv2 the first CHILD_SA is " +
                "keyed with the IKE_SA's keys and ignores the group, so the tunnel comes up and fails only at its first " +
                "CHILD_SA rekey (or a second CHILD_SA) with NO_PROPOSAL_CHOSEN. In IKEv1 it fails in Quick Mode at once.",
            gatewayAction: "The rekey fails; the old CHILD_SA keeps working until it expires, then the tunnel goes down.",
            proposedAction: "Use the same DH group in `children.<child>.esp_proposals` on both gateways (e.g. " +
                "`aes128-sha256-x25519` on both), or none on both."),

        Diagnosis(DiagnosisPeerRejectedChild, "diagnosis.peer-rejected-child", "Peer refused the CHILD_SA (reason in its log)", [Ipsec], Error,
            explanation: "This side's CHILD_SA request was refused with NO_PROPOSAL_CHOSEN or TS_UNACCEPTABLE and the peer's " +
                "log is not available to tell the ESP proposals, PFS group or traffic selectors apart.",
            gatewayAction: "The CHILD_SA is not built.",
            proposedAction: "Get the peer's log for a precise verdict. Compare `esp_proposals` (with their DH group) and " +
                "`local_ts`/`remote_ts` on both sides."),

        Diagnosis(DiagnosisNatIdentityMismatch, "diagnosis.nat-identity-mismatch", "Identity mismatch behind NAT (private address as ID)", [Auth, Network], Error,
            explanation: "The peer is behind NAT and uses its private (pre-NAT) address as its IKE identity, while this " +
                "side expects its public address (\"remote host is behind NAT\", then IKEv1 \"IDir 'private' does not " +
                "match to 'public'\").",
            gatewayAction: "The peer is not authenticated; no IKE_SA is built.",
            proposedAction: "Set `remote.id` to the peer's private address (the one in the line), or give the peer a " +
                "NAT-independent identity (an FQDN, `local.id = gw.example.org`) on both sides."),
    ];

    /// <summary>What a responder logs when no IKE proposal matches (IKEv2; IKEv1 says "no proposal found").</summary>
    private static string[] IkeProposalLines =>
        ["^received proposals: IKE:", "^configured proposals: IKE:", "^(received proposals unacceptable|no proposal found)$"];

    /// <summary>What a responder logs when no ESP proposal matches (IKEv2; IKEv1 says "no matching proposal found").</summary>
    private static string[] EspProposalLines =>
        ["^received proposals: ESP:", "^configured proposals: ESP:", "^no (acceptable|matching) proposal found"];

    private static IEnumerable<DiagnosisRule> DiagnosisRuleList() =>
    [
        Rule("ikev1-aggressive-psk-refused", DiagnosisIkev1ModeMismatch, Responder, Medium,
            reveal: ["^Aggressive Mode PSK disabled for security reasons"],
            corroborate: ["received AUTHENTICATION_FAILED", "initiating Aggressive Mode"]),

        // the identity is an IP address, but not the address the packets come from: a pre-NAT (private) address
        Rule("nat-identity-mismatch", DiagnosisNatIdentityMismatch, Responder, Medium,
            reveal: ["^remote host is behind NAT",
                @"^looking for (pre-shared key )?peer configs matching \S+\.\.\.(?<r>[0-9.]+)\[(?!\k<r>\])\d+\.\d+\.\d+\.\d+\]$",
                "^no (matching )?peer config found"],
            corroborate: ["received AUTHENTICATION_FAILED"]),

        // older charons (the pfSense documentation's log): the IKEv1 ID check after decryption
        Rule("nat-identity-mismatch-idir", DiagnosisNatIdentityMismatch, Responder, Medium,
            reveal: ["^remote host is behind NAT", @"^ID[ir]{2} '[^']*' does not match to '[^']*'"],
            corroborate: ["received AUTHENTICATION_FAILED"]),

        Rule("psk-mismatch-ikev2", DiagnosisPskMismatch, Responder, Medium,
            reveal: [@"^tried \d+ shared keys? for '[^']*' - '[^']*', but MAC mismatched"],
            corroborate: ["received AUTHENTICATION_FAILED notify error"]),

        // IKEv1 Main Mode: the PSK keys the encryption of the third exchange, so both sides fail to decrypt: the
        // responder the initiator's ID payload, the initiator the responder's (notify) HASH payload
        Rule("psk-mismatch-ikev1-responder", DiagnosisPskMismatch, Responder, Medium,
            reveal: [@"^invalid ID_V1 payload length, decryption failed\?", "^message parsing failed"],
            corroborate: [@"^invalid HASH_V1 payload length, decryption failed\?", "^giving up after"]),

        Rule("psk-mismatch-ikev1-initiator", DiagnosisPskMismatch, Initiator, Medium,
            reveal: [@"^invalid HASH_V1 payload length, decryption failed\?", "^message parsing failed"],
            corroborate: [@"^invalid ID_V1 payload length, decryption failed\?"]),

        Rule("auth-method-mismatch", DiagnosisAuthMethodMismatch, Responder, Medium,
            reveal: [@"^constraint requires .* authentication, but .* was used"],
            corroborate: ["received AUTHENTICATION_FAILED"]),

        Rule("psk-missing", DiagnosisPskMissing, Responder, Medium,
            reveal: [@"^no shared key found for '[^']*' - '[^']*'"],
            corroborate: ["received AUTHENTICATION_FAILED"]),

        Rule("id-mismatch-ikev2", DiagnosisIdMismatch, Responder, Medium,
            reveal: [@"^looking for peer configs matching", "^no matching peer config found"],
            corroborate: ["received AUTHENTICATION_FAILED"]),

        Rule("id-mismatch-ikev1", DiagnosisIdMismatch, Responder, Medium,
            reveal: ["^no peer config found"],
            corroborate: ["received AUTHENTICATION_FAILED"]),

        Rule("ike-version-mismatch", DiagnosisIkeVersionMismatch, Responder, Medium,
            reveal: ["^no IKE config found for", @"^parsed (ID_PROT|AGGRESSIVE) request"],
            corroborate: ["initiating (Main|Aggressive) Mode", "received NO_PROPOSAL_CHOSEN", "giving up"]),

        Rule("no-ike-config", DiagnosisNoIkeConfig, Responder, Medium,
            reveal: ["^no IKE config found for"],
            corroborate: ["received NO_PROPOSAL_CHOSEN"]),

        Rule("dh-group-mismatch", DiagnosisDhGroupMismatch, Responder, Medium,
            reveal: IkeProposalLines,
            corroborate: ["received NO_PROPOSAL_CHOSEN"]) with { Proposals = ProposalCheck.KeyExchangeOnly },

        Rule("ike-proposal-mismatch", DiagnosisIkeProposalMismatch, Responder, Medium,
            reveal: IkeProposalLines,
            corroborate: ["received NO_PROPOSAL_CHOSEN"]) with { Proposals = ProposalCheck.NotKeyExchangeOnly },

        Rule("pfs-mismatch", DiagnosisPfsMismatch, Responder, Medium,
            reveal: EspProposalLines,
            corroborate: ["received NO_PROPOSAL_CHOSEN"]) with { Proposals = ProposalCheck.KeyExchangeOnly },

        Rule("esp-proposal-mismatch", DiagnosisEspProposalMismatch, Responder, Medium,
            reveal: EspProposalLines,
            corroborate: ["received NO_PROPOSAL_CHOSEN"]) with { Proposals = ProposalCheck.NotKeyExchangeOnly },

        Rule("ts-mismatch-ikev2", DiagnosisTsMismatch, Responder, Medium,
            reveal: ["^traffic selectors .* unacceptable"],
            corroborate: ["received TS_UNACCEPTABLE"]),

        Rule("ts-mismatch-ikev1", DiagnosisTsMismatch, Responder, Medium,
            reveal: ["^no matching CHILD_SA config found"],
            corroborate: ["received INVALID_ID_INFORMATION"]),

        // the peer has nothing to say by nature: the initiator's lines alone are certain
        Rule("peer-not-answering", DiagnosisPeerNotAnswering, Initiator, High,
            reveal: [@"^giving up after \d+ retransmits"],
            corroborate: []) with { Unless = [Pattern("decryption failed")] },

        Rule("peer-rejected-auth", DiagnosisPeerRejectedAuth, Initiator, Low,
            reveal: ["^received AUTHENTICATION_FAILED"],
            corroborate: []),

        // after the IKE_SA is up (IKEv1 Quick Mode), the same notify is about the CHILD_SA
        Rule("peer-rejected-ike-proposal", DiagnosisPeerRejectedIkeProposal, Initiator, Low,
            reveal: ["^received NO_PROPOSAL_CHOSEN (notify error|error notify)"],
            corroborate: []) with { Unless = [Pattern(@"^IKE_SA \S+\[\d+\] established")] },

        Rule("peer-rejected-child", DiagnosisPeerRejectedChild, Initiator, Low,
            reveal: ["^received (NO_PROPOSAL_CHOSEN|TS_UNACCEPTABLE|INVALID_ID_INFORMATION) (notify, no CHILD_SA built|error notify)"],
            corroborate: []),
    ];

    private static CatalogEntry Diagnosis(int id, string key, string title, string[] categories, CatalogSeverity severity,
        string explanation, string gatewayAction, string proposedAction) =>
        new(id, key, title, categories, severity, DiagnosisParameters, explanation, gatewayAction, proposedAction,
            CatalogSource.Diagnosis);

    private static DiagnosisRule Rule(string id, int catalogId, DiagnosisRole revealedBy, DiagnosisConfidence alone,
        string[] reveal, string[] corroborate) =>
        new(id, catalogId, revealedBy, reveal.Select(Pattern).ToArray(), corroborate.Select(Pattern).ToArray(), alone);

    private static Regex Pattern(string pattern) => new(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
