using FleetCtl.Vici.Events;
using static FleetCtl.Fleet.Catalog.CatalogCategories;
using static FleetCtl.Fleet.Catalog.CatalogSeverity;

namespace FleetCtl.Fleet.Catalog;

public static partial class FleetCatalog
{
    /// <summary>Parameters of an alert without an IKE_SA (charon sends only the type).</summary>
    private static readonly string[] s_alertParameters = ["gateway", "alertType"];

    /// <summary>
    /// Parameters of an alert that concerns an IKE_SA: the <c>ike-sa</c> section carries the list-sa fields of that
    /// IKE_SA (connection name, unique id, addresses, identities). charon's internal alert arguments (the received
    /// proposals, the rejected certificate ...) are not sent over VICI; its log has them.
    /// </summary>
    private static readonly string[] s_alertSaParameters =
        ["gateway", "alertType", "ike", "ikeId", "localHost", "remoteHost", "localId", "remoteId"];

    // IDs 1000-1032 follow charon's alert_t order; 1099 is the catch-all. Never renumber: ids are stored and logged.
    private static IEnumerable<CatalogEntry> AlertEntries() =>
    [
        Alert(1000, ViciAlertType.RadiusNotResponding, "RADIUS server not responding", [Auth, Network], Error, withSa: true,
            explanation: "charon's eap-radius plugin sent a RADIUS Access-Request for a client's EAP authentication and " +
                "got no answer from any configured server after its retransmits (`charon.plugins.eap-radius.retransmit_tries`, " +
                "`retransmit_timeout`). A RADIUS server silently drops requests whose shared secret is wrong, so a " +
                "secret mismatch looks exactly like an unreachable server.",
            gatewayAction: "The EAP exchange fails: the client gets EAP-Failure and AUTHENTICATION_FAILED, and the " +
                "half-established IKE_SA is deleted. Other clients keep failing the same way until a server answers.",
            proposedAction: "From the gateway, check the RADIUS server answers on UDP 1812 (`charon.plugins.eap-radius." +
                "servers.<name>.address`, `auth_port`). Compare `servers.<name>.secret` with the client entry for this " +
                "gateway on the RADIUS server, and read the server's log for rejected or unknown-client requests. Add a " +
                "second server under `eap-radius.servers` if there is only one."),

        Alert(1001, ViciAlertType.ShutdownSignal, "charon received a shutdown signal", [Daemon], Warning, withSa: false,
            explanation: "charon received SIGINT or SIGTERM (`systemctl stop strongswan`, a package upgrade, a reboot, " +
                "or someone killing it) and is shutting down; the log says e.g. \"signal of type SIGTERM received. " +
                "Shutting down\".",
            gatewayAction: "charon deletes every IKE_SA (sending DELETE to the peers), removes its SAs and policies " +
                "from the kernel and exits. All tunnels of this gateway go down; the controller then loses its VICI " +
                "connection.",
            proposedAction: "If this was planned maintenance, nothing. Otherwise find who stopped it: " +
                "`journalctl -u strongswan` (or `strongswan-starter`) around the time, the package log, `last reboot`. " +
                "Make sure the daemon comes back (FleetCtl reports the gateway reconnected) and that connections with " +
                "`start_action = start` re-establish; peers of connections with `start_action = none` may have to " +
                "initiate again."),

        Alert(1002, ViciAlertType.LocalAuthFailed, "Local authentication failed", [Auth, Ike], Error, withSa: true,
            explanation: "Our side of the authentication failed: the peer rejected our AUTH payload (we received " +
                "AUTHENTICATION_FAILED — the peer does not say why, see its log), or charon could not build it at all " +
                "(\"no shared key found for ...\", no private key for the local certificate).",
            gatewayAction: "The IKE_SA is deleted. charon does not retry by itself; a trap policy (`start_action = trap`) " +
                "triggers a new attempt on the next matching packet.",
            proposedAction: "Compare `connections.<conn>.local.id` here with `remote.id` on the peer, and `local.auth` " +
                "here with `remote.auth` there (psk, pubkey, eap-*). For PSK, compare the `secrets.ike-*.secret` on both " +
                "peers and that its `id` selectors match both identities. For certificates, check `swanctl --list-certs` " +
                "shows our certificate with its private key (`has private key`) and that the peer trusts our CA. The " +
                "peer's log names the actual reason."),

        Alert(1003, ViciAlertType.PeerAuthFailed, "Peer authentication failed", [Auth, Ike], Error, withSa: true,
            explanation: "The peer's AUTH payload did not verify: a PSK that does not match (\"tried 1 shared key for " +
                "'a' - 'b', but MAC mismatched\"), a signature that does not verify, no trusted public key or " +
                "certificate chain for the peer's identity (\"no trusted RSA public key found for ...\"), an identity " +
                "that does not match `remote.id`, a failed constraint (\"constraint check failed: ...\"), or a failed " +
                "EAP method.",
            gatewayAction: "charon answers AUTHENTICATION_FAILED and deletes the IKE_SA. No tunnel is built.",
            proposedAction: "Compare `connections.<conn>.remote.id` and `remote.auth` here with `local.id` and " +
                "`local.auth` on the peer; for PSK compare the secrets on both peers. For certificates, check the " +
                "peer's CA is loaded (`swanctl --list-authorities`, `/etc/swanctl/x509ca/`) and that `remote.cacerts` " +
                "or `remote.certs` constraints allow it; a `cert-*` alert just before this one names the certificate " +
                "problem. Many failures from many different addresses are more likely a scan or a password-guessing " +
                "attempt than a misconfiguration."),

        Alert(1004, ViciAlertType.PeerAddrFailed, "Peer address could not be resolved", [Network, Ike], Error, withSa: true,
            explanation: "charon was asked to initiate (by `swanctl --initiate`, `start_action = start`, a trap or DPD " +
                "restart) but has no address to send to: the DNS name in `remote_addrs` does not resolve, or " +
                "`remote_addrs` is `%any` (\"unable to initiate to %any\").",
            gatewayAction: "The initiation is aborted and the IKE_SA destroyed before any packet is sent.",
            proposedAction: "On the gateway, resolve the name in `connections.<conn>.remote_addrs` (`getent hosts <name>`) " +
                "and check `/etc/resolv.conf`. A connection with `remote_addrs = %any` can only respond: set the peer's " +
                "address, or use `start_action = none` on this side and let the peer initiate."),

        Alert(1005, ViciAlertType.PeerInitUnreachable, "Peer not responding to IKE_SA_INIT", [Network, Ike], Warning, withSa: true,
            explanation: "Our IKE_SA_INIT request got no answer after all retransmits (`charon.retransmit_tries`, default 5, " +
                "about 165 s with the default timeouts): nothing answers on UDP 500 at the peer's address. Raised once " +
                "per keying try; the log says \"peer not responding, trying again (n/m)\" or \"establishing IKE_SA " +
                "failed, peer not responding\".",
            gatewayAction: "charon starts another try if `connections.<conn>.keyingtries` allows (swanctl's default is 1: " +
                "no retry; 0 retries forever), otherwise deletes the IKE_SA. A trap policy re-triggers on the next " +
                "matching packet.",
            proposedAction: "Check the path: UDP 500 and 4500 open in both directions (firewalls, security groups, NAT), " +
                "`remote_addrs` pointing at the right address, and charon running on the peer. Capture on both ends " +
                "(`tcpdump -ni any udp port 500 or udp port 4500`): if the peer receives our packets but never answers, " +
                "it has no IKE config for our address (its `remote_addrs`/`local_addrs`) or drops us on purpose."),

        Alert(1006, ViciAlertType.InvalidIkeSpi, "IKE message for an unknown IKE_SA", [Ike, Network], Notice, withSa: false,
            explanation: "A message arrived with IKE SPIs that match no IKE_SA on this gateway. Usually the peer still " +
                "holds an IKE_SA we no longer have — this charon restarted, or the SA was deleted here and the DELETE " +
                "never reached the peer — and keeps sending DPD or rekey requests on it.",
            gatewayAction: "The message is dropped. The peer's IKE_SA stays until its own DPD or retransmits give up.",
            proposedAction: "Occasional: nothing. Repeated from one peer: that peer holds a stale IKE_SA; terminate it " +
                "there (`swanctl --terminate --ike <conn>`) or let DPD clear it — make sure `dpd_delay` is set on both " +
                "peers so stale SAs are detected within a minute or two rather than at the next rekey."),

        Alert(1007, ViciAlertType.ParseErrorHeader, "IKE message with an invalid header", [Network, Ike], Notice, withSa: false,
            explanation: "A packet on the IKE ports could not be parsed as an IKE header: truncated, an unknown IKE " +
                "version, garbage. Typical sources are port scanners, non-IKE traffic sent to UDP 500/4500, or a " +
                "middlebox that mangles UDP.",
            gatewayAction: "The packet is dropped; no IKE_SA is affected.",
            proposedAction: "Sporadic: nothing (scanners). Persistent from one address: capture the packets, and if it " +
                "is a real peer check what sits between you (NAT devices, IPS) and that both speak the same IKE " +
                "version (`connections.<conn>.version`)."),

        Alert(1008, ViciAlertType.ParseErrorBody, "IKE message with an invalid body", [Ike, Network], Warning, withSa: true,
            explanation: "The IKE header was fine but the payloads were not: they failed to decrypt or failed the " +
                "integrity check, or they are malformed. With IKEv1 a PSK mismatch shows up exactly like this " +
                "(\"invalid HASH_V1 payload length, decryption failed?\", \"could not decrypt payloads\", \"message " +
                "parsing failed\"); it is also seen with broken IP fragmentation and with interoperability bugs.",
            gatewayAction: "The message is dropped (a malformed request may be answered with INVALID_SYNTAX). The " +
                "peer retransmits and the exchange eventually times out.",
            proposedAction: "For IKEv1, compare the pre-shared key on both peers first. Otherwise check that large " +
                "messages survive the path: set `fragmentation = yes` on both peers, check the path MTU. Compare " +
                "the strongSwan versions and `proposals` of both peers; the log lines right before the alert name the " +
                "payload that failed."),

        Alert(1009, ViciAlertType.RetransmitSend, "Retransmitting an IKE request", [Network, Ike], Information, withSa: true,
            explanation: "An IKE request got no response within the retransmit timeout and charon sends it again " +
                "(\"retransmit n of request with message ID m\"). A single retransmit is normal on lossy links.",
            gatewayAction: "charon resends with exponential backoff (`charon.retransmit_timeout` 4 s, " +
                "`retransmit_base` 1.8) up to `retransmit_tries` (5) times; then it gives up (see " +
                "`vici.alert.retransmit-send-timeout`).",
            proposedAction: "None for isolated retransmits. Many in a row: check packet loss to the peer and that large " +
                "IKE_AUTH messages (certificate chains) are not lost to IP fragmentation — `fragmentation = yes` on both " +
                "peers."),

        Alert(1010, ViciAlertType.RetransmitSendCleared, "Retransmitted IKE request answered", [Network, Ike], Information, withSa: true,
            explanation: "A response finally arrived for a request charon had retransmitted; the exchange continues " +
                "normally.",
            gatewayAction: "None: the exchange completes.",
            proposedAction: "None. If this follows retransmits to the same peer over and over, the path is lossy or " +
                "slow; see `vici.alert.retransmit-send`."),

        Alert(1011, ViciAlertType.RetransmitSendTimeout, "IKE retransmits timed out: peer considered dead", [Network, Ike], Error, withSa: true,
            explanation: "An IKE request (DPD, rekey, a CHILD_SA creation, IKE_AUTH ...) got no response after all " +
                "retransmits (\"giving up after 5 retransmits\"). charon considers the peer dead: it rebooted, lost its " +
                "state, or the path is broken (often an expired NAT mapping or a firewall change).",
            gatewayAction: "The IKE_SA and all its CHILD_SAs are deleted locally, without a DELETE exchange. " +
                "Then `dpd_action`/`close_action` of the children apply: `restart` re-initiates at once, `trap` installs " +
                "a trap policy, `clear`/`none` leaves the tunnel down.",
            proposedAction: "Check reachability of the peer on UDP 500/4500 and that charon runs there. If it happens " +
                "during IKE_AUTH with certificates, enable `fragmentation = yes` on both peers. Behind NAT, make sure " +
                "keepalives flow (`charon.keep_alive`, default 20 s) and `dpd_delay` is set. Set `dpd_action = restart` " +
                "(or `start_action = trap`) on site-to-site children that must come back by themselves."),

        Alert(1012, ViciAlertType.RetransmitReceive, "Peer retransmitted a request", [Network, Ike], Information, withSa: true,
            explanation: "The peer sent a request again that this gateway has already answered: our response was lost " +
                "or arrived late at the peer.",
            gatewayAction: "charon resends its cached response; the exchange continues.",
            proposedAction: "None when occasional. Persistent: our responses are lost on the way back — asymmetric " +
                "routing, a firewall dropping fragments of a large IKE_AUTH response, or MTU problems; enable " +
                "`fragmentation = yes` on both peers."),

        Alert(1013, ViciAlertType.HalfOpenTimeout, "Half-open IKE_SA timed out", [Ike, Network], Warning, withSa: true,
            explanation: "As responder, an IKE_SA finished IKE_SA_INIT but IKE_AUTH did not complete within " +
                "`charon.half_open_timeout` (30 s): \"deleting half open IKE_SA with <peer> after timeout\". The " +
                "initiator gave up, its IKE_AUTH was lost (large certificate messages fragmented at the IP layer are " +
                "the usual suspect), or someone floods the gateway with IKE_SA_INIT requests.",
            gatewayAction: "The half-open IKE_SA is deleted. Nothing else is affected.",
            proposedAction: "Check the initiator's log for why it did not send or finish IKE_AUTH. Enable " +
                "`fragmentation = yes` on both peers and check the path MTU. Many of these from many addresses " +
                "point at a flood: check `charon.init_limit_half_open` and `charon.cookie_threshold`."),

        Alert(1014, ViciAlertType.ProposalMismatchIke, "IKE proposals do not match", [Ike], Error, withSa: true,
            explanation: "The peers have no IKE proposal in common — encryption, integrity/PRF or DH group differ. The " +
                "responder's log shows both sides (\"received proposals: IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/" +
                "MODP_1024\", \"configured proposals: IKE:AES_CBC_256/...\"); the initiator only learns \"received " +
                "NO_PROPOSAL_CHOSEN notify error\".",
            gatewayAction: "As responder, charon answers NO_PROPOSAL_CHOSEN; as initiator, it deletes the IKE_SA. No " +
                "tunnel is built; charon does not retry with other settings.",
            proposedAction: "Compare `connections.<conn>.proposals` on both peers (e.g. `aes256-sha256-modp2048` vs " +
                "`aes128-sha1-modp1024`): encryption, integrity, PRF and DH group must overlap in at least one proposal. " +
                "Read the responder's \"received proposals\" / \"configured proposals\" lines to see which part " +
                "differs. Also compare `version` (IKEv1 vs IKEv2)."),

        Alert(1015, ViciAlertType.ProposalMismatchChild, "CHILD_SA proposals do not match", [Ipsec], Error, withSa: true,
            explanation: "The peers have no ESP/AH proposal in common for a CHILD_SA: encryption, integrity, the DH group " +
                "used for PFS, or extended sequence numbers differ (\"no acceptable ENCRYPTION_ALGORITHM found\", " +
                "\"no acceptable DIFFIE_HELLMAN_GROUP found\"). A PFS mismatch often lets the first CHILD_SA come up " +
                "(it is keyed by IKE_AUTH without a DH exchange) and only breaks its rekey or additional CHILD_SAs.",
            gatewayAction: "The CHILD_SA is not created (NO_PROPOSAL_CHOSEN). The IKE_SA is kept unless " +
                "`charon.close_ike_on_child_failure` is set (see `vici.alert.keep-on-child-sa-failure`).",
            proposedAction: "Compare `connections.<conn>.children.<child>.esp_proposals` (or `ah_proposals`) on both " +
                "peers, including the DH group part (PFS: `aes256gcm16-modp2048` vs `aes256gcm16`) and `esn`/`noesn`. If " +
                "the tunnel comes up but fails at the first rekey, it is almost always the PFS group."),

        Alert(1016, ViciAlertType.TsMismatch, "Traffic selectors do not match", [Ipsec], Error, withSa: true,
            explanation: "The traffic selectors proposed for a CHILD_SA do not overlap with the ones configured on the " +
                "other side: the responder finds no child config for them (\"traffic selectors 10.3.0.0/24 === " +
                "10.5.0.0/24 unacceptable\") and the initiator gets \"received TS_UNACCEPTABLE notify, no CHILD_SA " +
                "built\".",
            gatewayAction: "The CHILD_SA is not created; the IKE_SA is kept (see `vici.alert.keep-on-child-sa-failure`).",
            proposedAction: "Compare the child's traffic selectors on both peers: `children.<child>.local_ts` here must " +
                "match `remote_ts` there and `remote_ts` here `local_ts` there — subnets, and any protocol/port " +
                "restriction such as `10.1.0.0/16[tcp/443]`. " +
                "With virtual IPs, the client side needs `local_ts = dynamic`; with transport mode behind NAT, check the " +
                "addresses the peer actually uses."),

        Alert(1017, ViciAlertType.TsNarrowed, "Traffic selectors were narrowed", [Ipsec], Notice, withSa: true,
            explanation: "A CHILD_SA was established with traffic selectors smaller than the ones proposed: one side " +
                "configured a subset of the other's (e.g. 10.0.0.0/16 proposed, 10.0.1.0/24 accepted). The tunnel " +
                "works, but only for the narrowed range.",
            gatewayAction: "The CHILD_SA is installed with the narrowed selectors.",
            proposedAction: "If intended (road warriors with virtual IPs, deliberately restricted peers), nothing. " +
                "Otherwise compare `children.<child>.local_ts`/`remote_ts` on both peers and check the installed " +
                "selectors with `swanctl --list-sas`: traffic outside them is not protected (and usually dropped)."),

        Alert(1018, ViciAlertType.InstallChildSaFailed, "Installing the IPsec SAs in the kernel failed", [Kernel, Ipsec], Error, withSa: true,
            explanation: "IKE negotiated a CHILD_SA but the kernel interface refused its SAs (\"unable to install inbound " +
                "and outbound IPsec SA (SAD) in kernel\", preceded by e.g. \"unable to add SAD entry with SPI ...\"): " +
                "the kernel lacks the negotiated algorithm (module not loaded, e.g. for chacha20poly1305), XFRM support " +
                "is missing, hardware offload failed, or an interface id/mark is invalid.",
            gatewayAction: "The CHILD_SA is deleted again; the tunnel does not carry traffic.",
            proposedAction: "Read the charon log lines just before the alert and `dmesg`. Check the kernel modules " +
                "(`lsmod | grep -E 'xfrm|esp4|esp6'`) and that the negotiated algorithm is supported; try without " +
                "`hw_offload`; check `if_id_in`/`if_id_out` and `mark_in`/`mark_out` of the child. In containers without " +
                "kernel ESP, charon needs the `kernel-libipsec` plugin."),

        Alert(1019, ViciAlertType.InstallChildPolicyFailed, "Installing the IPsec policies in the kernel failed", [Kernel, Ipsec], Error, withSa: true,
            explanation: "The SAs were installed but the policies (SPD entries) were not (\"unable to install IPsec " +
                "policies (SPD) in kernel\"). Most often another connection or CHILD_SA already installed a policy with " +
                "the same selectors (\"unable to install policy ... the same policy for reqid N exists\"), or a " +
                "leftover policy is in the way.",
            gatewayAction: "The CHILD_SA is deleted again; the tunnel does not carry traffic.",
            proposedAction: "List the kernel policies (`ip xfrm policy`) and look for the same selectors; search all " +
                "loaded connections (`swanctl --list-conns`) for children with overlapping `local_ts`/`remote_ts` — " +
                "two tunnels to the same subnets cannot both be installed. Remove stale policies, or give the children " +
                "distinct selectors, `if_id`s or `priority`."),

        Alert(1020, ViciAlertType.UniqueReplace, "Duplicate IKE_SA replaced (uniqueness policy)", [Ike, Auth], Notice, withSa: true,
            explanation: "A peer authenticated with an identity that already had an IKE_SA, and the uniqueness policy " +
                "replaced the old one: `connections.<conn>.unique = replace`, or the default `unique = no` when the " +
                "peer sent INITIAL_CONTACT. Normal when a client reconnects; suspicious when it repeats — two devices " +
                "sharing one identity or certificate keep kicking each other out, or both site-to-site peers initiate.",
            gatewayAction: "The old IKE_SA and its CHILD_SAs are deleted; the new one stays.",
            proposedAction: "If the same identity alternates between two remote addresses (compare `remoteHost` of " +
                "consecutive events), two devices share a credential: give each its own identity and certificate or " +
                "PSK. For site-to-site peers that both initiate, let one side initiate (`start_action = start`) and the " +
                "other respond (`start_action = trap` or `none`)."),

        Alert(1021, ViciAlertType.UniqueKeep, "Duplicate IKE_SA rejected (uniqueness policy)", [Ike, Auth], Warning, withSa: true,
            explanation: "`connections.<conn>.unique = keep`: a peer authenticated with an identity that already has an " +
                "IKE_SA, and the new IKE_SA was rejected to keep the existing one. If the old IKE_SA is stale (the peer " +
                "rebooted), the peer cannot reconnect until it is gone.",
            gatewayAction: "The new IKE_SA is deleted; the existing one is kept.",
            proposedAction: "Check whether the existing IKE_SA for that identity is alive (`swanctl --list-sas`); if it " +
                "is stale, terminate it and make sure `dpd_delay` is set so stale SAs disappear on their own. If two " +
                "devices share an identity, give each its own."),

        Alert(1022, ViciAlertType.KeepOnChildSaFailure, "CHILD_SA failed, IKE_SA kept", [Ipsec, Ike], Warning, withSa: true,
            explanation: "Creating a CHILD_SA failed but the IKE_SA was kept (the default; `charon." +
                "close_ike_on_child_failure = no`). The result is an IKE_SA without the CHILD_SA: IKE looks up, but " +
                "that tunnel carries no traffic. The cause is in the alert just before this one (proposal-mismatch-" +
                "child, ts-mismatch, install-child-sa-failed ...).",
            gatewayAction: "The IKE_SA stays established without this CHILD_SA. charon does not retry the CHILD_SA by " +
                "itself unless a trap policy or `dpd_action`/`close_action = restart` triggers it.",
            proposedAction: "Fix the cause named by the preceding alert (compare `esp_proposals`, `local_ts`/`remote_ts` " +
                "of the child on both peers), then initiate just the child (`swanctl --initiate --child <child>`); the " +
                "IKE_SA does not need to be torn down."),

        Alert(1023, ViciAlertType.VipFailure, "Virtual IP allocation failed", [Pool, Ike], Error, withSa: true,
            explanation: "A virtual IP could not be assigned. As responder: the client requested an address but the " +
                "connection's `pools` are exhausted, missing, or lack the requested address family (\"no virtual IP " +
                "found for ... requested by ...\"). As initiator: we requested one (`vips`) and the peer assigned none.",
            gatewayAction: "The responder answers INTERNAL_ADDRESS_FAILURE and builds no CHILD_SA; most clients then " +
                "close the IKE_SA.",
            proposedAction: "Check the pool's leases (`swanctl --list-pools --leases`): enlarge `pools.<name>.addrs` if " +
                "it is full, check that `connections.<conn>.pools` names an existing pool for the family the client asks " +
                "for (IPv4 and/or IPv6). Many online leases held by the same identity point at duplicate IKE_SAs " +
                "(`unique = no`)."),

        Alert(1024, ViciAlertType.AuthorizationFailed, "Authorization failed after authentication", [Auth, Ike], Error, withSa: true,
            explanation: "The peer authenticated correctly, but an authorization hook on charon's bus rejected the " +
                "IKE_SA afterwards — a plugin such as ext-auth (its script exited non-zero) or eap-radius, or another " +
                "listener that enforces policy.",
            gatewayAction: "The IKE_SA is closed (AUTHENTICATION_FAILED to the peer); no tunnel is built.",
            proposedAction: "Find which hook said no: the log lines right before the alert. For ext-auth, run its " +
                "script by hand with the peer's identity; for RADIUS, read the server's decision for this user. If the " +
                "rejection is intended, nothing else is needed."),

        Alert(1025, ViciAlertType.IkeSaExpired, "IKE_SA reached its hard lifetime", [Ike], Warning, withSa: true,
            explanation: "The IKE_SA was not rekeyed or reauthenticated in time and hit its hard lifetime " +
                "(`rekey_time`/`reauth_time` plus `over_time`, by default 10% more). Every rekey attempt before must " +
                "have failed — look for retransmit timeouts or proposal mismatches (a DH group that differs only in " +
                "the rekey proposal) just before.",
            gatewayAction: "The IKE_SA and all its CHILD_SAs are deleted: traffic stops until a new IKE_SA is set up " +
                "by `start_action`, `dpd_action`/`close_action = restart`, a trap policy or the peer.",
            proposedAction: "Find why rekeying failed in the alerts and log before this one. Compare `rekey_time`, " +
                "`reauth_time`, `over_time` and `proposals` of the connection on both peers; make sure both support " +
                "IKEv2 rekeying (or set `reauth_time` instead on peers that only reauthenticate)."),

        Alert(1026, ViciAlertType.CertExpired, "Certificate expired", [Cert, Auth], Error, withSa: true,
            explanation: "A certificate in the peer's chain (or our own, when the peer reports it) is outside its " +
                "validity period (\"subject certificate invalid (valid from ... to ...)\"). A not-before date in the " +
                "future means a clock is wrong, not that the certificate expired.",
            gatewayAction: "The certificate is rejected; authentication of the peer fails (followed by " +
                "`vici.alert.peer-auth-failed`).",
            proposedAction: "Check the dates: `swanctl --list-certs` or `pki --print --in <cert>`. Renew and reload " +
                "(`swanctl --load-creds`) the expired certificate. Check NTP on both gateways (`timedatectl`) if the " +
                "certificate is not yet valid."),

        Alert(1027, ViciAlertType.CertRevoked, "Certificate revoked", [Cert, Auth], Error, withSa: true,
            explanation: "A certificate in the peer's chain was revoked according to a CRL or OCSP response " +
                "(\"certificate was revoked on ..., reason: ...\").",
            gatewayAction: "The certificate is rejected; the peer is not authenticated.",
            proposedAction: "If the certificate was revoked on purpose (a lost or compromised device), find out who " +
                "still presents it — the `remoteHost` and `remoteId` parameters. Otherwise issue a new certificate for " +
                "the peer. Make sure the CRL on the gateways is current."),

        Alert(1028, ViciAlertType.CertValidationFailed, "Certificate status could not be validated", [Cert, Auth], Error, withSa: true,
            explanation: "The revocation status of a certificate in the peer's chain could not be determined — the CRL " +
                "or OCSP responder was unreachable or its answer invalid or stale (\"certificate status is not " +
                "available\") — and the policy requires it (`remote.revocation = strict`, or `ifuri` with a CRL/OCSP " +
                "URI in the certificate).",
            gatewayAction: "The certificate is rejected; the peer is not authenticated.",
            proposedAction: "From the gateway, fetch the CRL distribution point / OCSP URI of the certificate (`pki " +
                "--print` shows them) and check reachability and proxies. Load a current CRL into `/etc/swanctl/x509crl/` " +
                "(`swanctl --load-creds`). Consider `revocation = relaxed` where an unreachable CRL must not stop tunnels."),

        Alert(1029, ViciAlertType.CertNoIssuer, "No trusted issuer for certificate", [Cert, Auth], Error, withSa: true,
            explanation: "No issuer certificate was found for a certificate in the peer's chain (\"no issuer " +
                "certificate found for ...\"): an intermediate CA is missing, or the issuing CA is not loaded on this " +
                "gateway.",
            gatewayAction: "The certificate is rejected; the peer is not authenticated.",
            proposedAction: "Load the issuing CA and any intermediates into `/etc/swanctl/x509ca/` and run " +
                "`swanctl --load-creds`; check `swanctl --list-authorities`. Alternatively have the peer send its " +
                "intermediates (list them in its `local.certs`). Check `remote.cacerts` if it pins a CA."),

        Alert(1030, ViciAlertType.CertUntrustedRoot, "Certificate chain ends at an untrusted root", [Cert, Auth], Error, withSa: true,
            explanation: "The peer's chain could be built, but its root CA is not trusted on this gateway: the peer uses " +
                "a certificate from another CA than expected (a new PKI, a test CA — or someone impersonating it).",
            gatewayAction: "The certificate is rejected; the peer is not authenticated.",
            proposedAction: "Compare the peer's certificate issuer (`pki --print`) with the roots in " +
                "`/etc/swanctl/x509ca/`. Install the correct root and `swanctl --load-creds` if the PKI changed " +
                "legitimately; otherwise treat it as a possible impersonation attempt."),

        Alert(1031, ViciAlertType.CertExceededPathLen, "Certificate chain too long", [Cert, Auth], Error, withSa: true,
            explanation: "The peer's trust chain is longer than allowed by a CA's path length constraint " +
                "(basicConstraints pathLenConstraint) or by charon's maximum chain length.",
            gatewayAction: "The certificate is rejected; the peer is not authenticated.",
            proposedAction: "Inspect the chain with `pki --print` (the `pathlen` of each CA) and compare with the " +
                "intermediates the peer sends. Reissue the CA or the peer certificate under a shorter hierarchy."),

        Alert(1032, ViciAlertType.CertPolicyViolation, "Certificate violates a policy", [Cert, Auth], Error, withSa: true,
            explanation: "A certificate in the peer's chain violates a policy other than validity, revocation or path " +
                "length: a required certificate policy OID is missing (`remote.cert_policy`), a CA's name constraints " +
                "exclude the subject, or policy constraints/mappings forbid the chain.",
            gatewayAction: "The certificate is rejected; the peer is not authenticated.",
            proposedAction: "Compare `connections.<conn>.remote.cert_policy` with the policy OIDs in the peer certificate " +
                "(`pki --print`), and check the name constraints of the issuing CAs against the peer's subject and " +
                "subjectAltNames."),

        new CatalogEntry(1099, "vici.alert.unknown", "Alert of an unknown type", [Daemon], Warning,
            [.. s_alertSaParameters, "rawType"],
            Explanation: "charon sent an `alert` event whose type this version of FleetCtl does not know — a newer " +
                "strongSwan added a type. The raw type string is kept in `rawType`.",
            GatewayAction: "Unknown: depends on the alert.",
            ProposedAction: "Look up `rawType` in the strongSwan release notes and in the charon log around the time, " +
                "and update FleetCtl so the alert gets its own catalog entry.",
            CatalogSource.ViciAlert)
        {
            AlertType = ViciAlertType.Unknown,
        },
    ];

    private static CatalogEntry Alert(int id, ViciAlertType type, string title, string[] categories,
        CatalogSeverity severity, bool withSa, string explanation, string gatewayAction, string proposedAction) =>
        new(id, "vici.alert." + ViciAlertTypes.ToWireName(type), title, categories, severity,
            withSa ? s_alertSaParameters : s_alertParameters, explanation, gatewayAction, proposedAction,
            CatalogSource.ViciAlert)
        {
            AlertType = type,
        };
}
