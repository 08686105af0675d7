using Cat = FleetCtl.Fleet.Catalog.CatalogCategories;
using static FleetCtl.Fleet.Catalog.CatalogIds;
using static FleetCtl.Fleet.Catalog.CatalogSeverity;

namespace FleetCtl.Fleet.Catalog;

public static partial class FleetCatalog
{
    private static IEnumerable<CatalogEntry> ControllerEntries() =>
    [
        // ---- the VICI connection to a gateway
        Controller(GatewayConnecting, "fleet.gateway.connecting", "Connecting to gateway", [Cat.Vici], Debug,
            ["gateway", "uri", "attempt"],
            explanation: "The controller opens the VICI connection to a gateway from the inventory: at start, after " +
                "the inventory changed, or as a retry after the connection was lost.",
            gatewayAction: "None: charon accepts VICI connections on the socket configured in " +
                "`charon.plugins.vici.socket`.",
            proposedAction: "None."),

        Controller(GatewayConnected, "fleet.gateway.connected", "Connected to gateway", [Cat.Vici], Information,
            ["gateway", "uri", "daemon", "version", "registeredEvents", "unsupportedEvents", "elapsedMs"],
            explanation: "The VICI connection is up: the controller asked the daemon's version and registered for its " +
                "events (ike-updown, ike-rekey, ike-update, child-updown, child-rekey, alert, log). " +
                "`unsupportedEvents` lists those the daemon answered EVENT_UNKNOWN to (e.g. `alert` before " +
                "strongSwan 6.0.3). A resync follows.",
            gatewayAction: "charon streams the registered events to the controller from now on.",
            proposedAction: "None. `version` shows which strongSwan each gateway runs — useful to spot gateways that " +
                "missed an upgrade."),

        Controller(GatewayConnectionLost, "fleet.gateway.connection-lost", "Connection to gateway lost", [Cat.Vici], Warning,
            ["gateway", "uri", "reason", "connectedFor"],
            explanation: "The VICI connection to a gateway closed or failed: charon stopped or restarted, the host " +
                "rebooted, the network between controller and gateway failed, or the transport (ssh, stunnel, socat " +
                "behind `exec:`/`tls://`) died. The gateway's tunnels may well still be up — the controller just cannot " +
                "see them.",
            gatewayAction: "Nothing changes on the gateway because of this. The controller marks the gateway's state " +
                "as unknown (stale) and reconnects with backoff; after reconnecting it resyncs.",
            proposedAction: "If a `vici.alert.shutdown-signal` came just before, charon was stopped: check it comes back. " +
                "Otherwise check the gateway host is up and its VICI socket reachable from the controller " +
                "(`swanctl --stats --uri <uri>` from the controller host, or the `exec:` command by hand)."),

        Controller(GatewayUnreachable, "fleet.gateway.unreachable", "Gateway unreachable", [Cat.Vici, Cat.Network], Error,
            ["gateway", "uri", "attempt", "error", "retryIn", "downFor"],
            explanation: "Connecting to the gateway's VICI socket failed, again: connection refused (charon not " +
                "running, or `charon.plugins.vici.socket` listens elsewhere), timeout (host down, firewall), TLS " +
                "handshake failure, or the `exec:` command failed. `error` has the transport's message.",
            gatewayAction: "The controller keeps retrying with exponential backoff (the delay doubles up to a cap; " +
                "`retryIn` is the next delay) and shows the gateway as unreachable, with its last known state marked stale.",
            proposedAction: "On the gateway: `systemctl status strongswan`, `ls -l` of the VICI socket path or " +
                "`ss -ltnp` for a TCP socket. From the controller host: reach the URI by hand (for `tls://` check the " +
                "client certificate, key and CA paths in the inventory; for `exec:` run the command). A gateway that is " +
                "being decommissioned belongs out of the inventory."),

        Controller(GatewayReconnected, "fleet.gateway.reconnected", "Gateway reconnected", [Cat.Vici], Notice,
            ["gateway", "uri", "downFor", "attempts"],
            explanation: "The controller is connected to the gateway again after losing it for `downFor`. Events that " +
                "happened in between were not seen; the resync that follows finds what changed.",
            gatewayAction: "None.",
            proposedAction: "None; check the following `fleet.resync.differences` for tunnels that went down or up " +
                "while nobody was watching."),

        Controller(AlertEventUnsupported, "fleet.gateway.alert-unsupported", "Gateway has no alert event", [Cat.Vici, Cat.Daemon], Notice,
            ["gateway", "daemon", "version"],
            explanation: "The daemon answered EVENT_UNKNOWN when the controller registered for `alert`: strongSwan " +
                "before 6.0.3 (e.g. Debian 12's 5.9.8) has no alert event. The controller derives failure alerts for " +
                "this gateway from charon's `log` event instead (entries of source LogDerived), which is less precise.",
            gatewayAction: "None.",
            proposedAction: "Nothing urgent. Upgrade the gateway to strongSwan 6.0.3 or later for exact alerts; until " +
                "then keep charon's log level for `ike` and `cfg` at 1 or more (`charon.syslog`/`filelog` settings) so " +
                "failures are still recognised."),

        Controller(GatewayProtocolError, "fleet.gateway.protocol-error", "VICI protocol error from gateway", [Cat.Vici], Error,
            ["gateway", "uri", "operation", "error"],
            explanation: "The gateway sent something that is not valid VICI (a malformed packet, an unexpected " +
                "packet type, an oversized message), or the transport delivered garbage — e.g. an `exec:` command " +
                "that prints a banner or an error on stdout, or a TLS port that is not a VICI socket.",
            gatewayAction: "The controller closes the connection (the stream cannot be trusted after a framing error) " +
                "and reconnects with backoff.",
            proposedAction: "Check that the URI points at charon's VICI socket and nothing else; for `exec:` make sure " +
                "the command writes only the socket's bytes to stdout (no ssh banners, `LogLevel=ERROR`, errors to " +
                "stderr). Report it with the `error` text if the daemon itself sends it."),

        Controller(CommandFailed, "fleet.gateway.command-failed", "Command on gateway failed", [Cat.Vici], Warning,
            ["gateway", "command", "error", "elapsedMs", "operationId"],
            explanation: "A VICI command the controller sent (initiate, terminate, rekey, redirect, load-conn ...) " +
                "answered `success = no`, timed out, or failed because the connection dropped. `error` is charon's " +
                "`errmsg` (e.g. \"CHILD_SA config 'x' not found\", \"establishing CHILD_SA 'x' failed\").",
            gatewayAction: "Whatever charon reports: usually nothing changed on the gateway.",
            proposedAction: "Read `error`. For initiate failures look at the alerts of the same gateway and time " +
                "(proposal or traffic-selector mismatch, peer not responding). \"not found\" errors mean the " +
                "connection or child name is not loaded on that gateway (`swanctl --list-conns`)."),

        // ---- resynchronisation
        Controller(ResyncCompleted, "fleet.resync.completed", "Gateway state resynced", [Cat.Controller], Information,
            ["gateway", "elapsedMs", "ikeSas", "childSas", "connections"],
            explanation: "After (re)connecting, the controller listed the gateway's SAs and loaded connections and " +
                "replaced its view of the gateway with the listing. From here on events keep it current.",
            gatewayAction: "None: listing is read-only.",
            proposedAction: "None. Resyncs that take seconds on a gateway with few SAs point at an overloaded daemon."),

        Controller(ResyncDifferences, "fleet.resync.differences", "Resync found changes made while not watching", [Cat.Controller, Cat.Ike], Notice,
            ["gateway", "appeared", "disappeared", "changed", "examples"],
            explanation: "The listing after a reconnect differs from what the controller last knew: SAs appeared or " +
                "disappeared (or were rekeyed) while the connection was down or events were dropped. `examples` names " +
                "a few of them.",
            gatewayAction: "None.",
            proposedAction: "Check the disappeared tunnels: are they back up, or do they need initiating? The history " +
                "for the gap is incomplete; charon's own log on the gateway covers it."),

        Controller(ResyncTimedOut, "fleet.resync.timed-out", "Resync timed out", [Cat.Controller, Cat.Vici], Error,
            ["gateway", "stage", "timeout"],
            explanation: "Listing the gateway's SAs or connections did not finish in time. charon answers list " +
                "commands from its worker threads; a daemon that is overloaded, stuck on a blocking plugin (RADIUS, " +
                "LDAP, a slow updown script) or holding tens of thousands of SAs can be this slow.",
            gatewayAction: "The controller drops the connection and reconnects with backoff; the gateway's state stays " +
                "marked stale.",
            proposedAction: "Check charon's load on the gateway (`swanctl --stats`: worker threads and job queues) and " +
                "for blocked threads in its log. Gateways with very many SAs may need a longer resync timeout."),

        Controller(EventBufferOverflow, "fleet.gateway.event-buffer-overflow", "Gateway event buffer overflowed", [Cat.Controller], Warning,
            ["gateway", "dropped", "capacity"],
            explanation: "The gateway sent events faster than the controller processed them and the per-gateway buffer " +
                "(`capacity`) filled up: `dropped` events were lost. Typical during mass reconnects (thousands of " +
                "road warriors after an outage) or a debug-level `log` stream.",
            gatewayAction: "The controller discards the gateway's state as unreliable and starts a resync to recover it.",
            proposedAction: "If it repeats, lower charon's log level for the `log` event, or raise the buffer capacity; " +
                "check the controller's CPU."),

        // ---- IKE_SA lifecycle
        Controller(IkeSaUp, "fleet.ike.up", "IKE_SA established", [Cat.Ike], Information,
            ["gateway", "ike", "ikeId", "localHost", "remoteHost", "localId", "remoteId", "version", "initiator", "proposal"],
            explanation: "charon reported an IKE_SA as established (`ike-updown` with `up = yes`; the log says \"IKE_SA " +
                "<conn>[n] established between ...\"): both peers authenticated and agreed on keys.",
            gatewayAction: "None: CHILD_SAs follow (the first one within the same exchange).",
            proposedAction: "None."),

        Controller(IkeSaDown, "fleet.ike.down", "IKE_SA terminated", [Cat.Ike], Notice,
            ["gateway", "ike", "ikeId", "remoteHost", "remoteId", "establishedFor"],
            explanation: "charon reported an IKE_SA as gone (`ike-updown` without `up`): deleted by either peer, by an " +
                "operator, by DPD or retransmit timeout, or at its hard lifetime. The event itself carries no reason; " +
                "an alert just before it (retransmit-send-timeout, ike-sa-expired, unique-replace ...) usually does.",
            gatewayAction: "Its CHILD_SAs are gone with it. `dpd_action`/`close_action`/`start_action` decide whether " +
                "charon sets it up again.",
            proposedAction: "Expected when an operator or the peer closed it. Otherwise look at the alerts of the same " +
                "gateway and IKE_SA just before, and check whether the tunnel comes back (`fleet.tunnel.configured-down` " +
                "if it does not)."),

        Controller(IkeSaRekeyed, "fleet.ike.rekeyed", "IKE_SA rekeyed", [Cat.Ike], Information,
            ["gateway", "ike", "oldIkeId", "newIkeId", "remoteHost"],
            explanation: "An IKE_SA was rekeyed (`ike-rekey`): a new IKE_SA with fresh keys replaced the old one, " +
                "which was deleted. Happens every `rekey_time` (default 4 h).",
            gatewayAction: "None: the CHILD_SAs move to the new IKE_SA.",
            proposedAction: "None."),

        Controller(IkeSaUpdated, "fleet.ike.updated", "IKE_SA endpoints changed", [Cat.Ike, Cat.Network], Notice,
            ["gateway", "ike", "ikeId", "oldLocal", "newLocal", "oldRemote", "newRemote"],
            explanation: "The local or remote address or port of an IKE_SA changed (`ike-update`): a MOBIKE peer " +
                "roamed, or a NAT device changed its mapping (the port usually changes, e.g. after a NAT timeout).",
            gatewayAction: "charon moves the IKE_SA and its CHILD_SAs to the new addresses.",
            proposedAction: "None when occasional. A site-to-site peer whose NAT mapping changes often loses traffic at " +
                "each change: check NAT timeouts against `charon.keep_alive`."),

        // ---- CHILD_SA lifecycle and tunnel state
        Controller(ChildSaUp, "fleet.child.up", "CHILD_SA established", [Cat.Ipsec], Information,
            ["gateway", "ike", "ikeId", "child", "childId", "localTs", "remoteTs", "mode", "protocol", "spiIn", "spiOut", "proposal"],
            explanation: "charon reported a CHILD_SA as installed (`child-updown` with `up = yes`; the log says " +
                "\"CHILD_SA <child>{n} established with SPIs ... and TS ... === ...\"): the tunnel carries traffic " +
                "between the traffic selectors.",
            gatewayAction: "None.",
            proposedAction: "None."),

        Controller(ChildSaDown, "fleet.child.down", "CHILD_SA terminated", [Cat.Ipsec], Notice,
            ["gateway", "ike", "ikeId", "child", "childId", "bytesIn", "bytesOut", "installedFor"],
            explanation: "charon reported a CHILD_SA as removed (`child-updown` without `up`): deleted by a peer or an " +
                "operator, expired at its hard lifetime, or gone with its IKE_SA.",
            gatewayAction: "Traffic for its selectors is no longer protected (and usually dropped, or triggers a trap " +
                "policy). `dpd_action`/`close_action`/`start_action` decide whether charon re-creates it.",
            proposedAction: "Expected during operator actions and IKE_SA teardown. Otherwise check alerts just before " +
                "(install failures, rekey problems) and whether it comes back."),

        Controller(ChildSaRekeyed, "fleet.child.rekeyed", "CHILD_SA rekeyed", [Cat.Ipsec], Information,
            ["gateway", "ike", "child", "oldChildId", "newChildId", "spiIn", "spiOut"],
            explanation: "A CHILD_SA was rekeyed (`child-rekey`): new SAs with fresh keys replaced the old ones. " +
                "Happens every `rekey_time` of the child (default 1 h) or after `rekey_bytes`/`rekey_packets`.",
            gatewayAction: "None: traffic moves to the new SAs without interruption.",
            proposedAction: "None."),

        Controller(TunnelConfiguredButDown, "fleet.tunnel.configured-down", "Tunnel configured but down", [Cat.Ipsec, Cat.Controller], Warning,
            ["gateway", "ike", "child", "startAction", "downFor", "lastAlert"],
            explanation: "A child that is loaded on the gateway and expected up (`start_action = start`, or marked " +
                "as expected for this gateway) has had no installed CHILD_SA for `downFor`. `lastAlert` is the last " +
                "alert seen for that connection, if any.",
            gatewayAction: "Depends on the child's `start_action`/`dpd_action`/`close_action`: with `start` or " +
                "`restart` charon keeps trying (each try ends in an alert); with `trap` it waits for traffic.",
            proposedAction: "Read `lastAlert` and its catalog entry first. Try to bring it up (`swanctl --initiate " +
                "--child <child>`, or from FleetCtl) and watch the alerts; check the peer is reachable and has the " +
                "matching connection loaded."),

        // ---- inventory
        Controller(InventoryLoaded, "fleet.inventory.loaded", "Inventory loaded", [Cat.Inventory], Information,
            ["gateways", "sources"],
            explanation: "The controller read its gateway list from configuration (`Fleet:Gateways`) and/or the " +
                "inventory file (`Fleet:InventoryFile`). `sources` says where each came from. With no gateways, the " +
                "server starts a demo fleet of simulated gateways.",
            gatewayAction: "None.",
            proposedAction: "None. Check `gateways` matches what you expect; see docs/inventory.md."),

        Controller(InventoryInvalid, "fleet.inventory.invalid", "Inventory invalid", [Cat.Inventory], Critical,
            ["problemCount", "problems"],
            explanation: "The inventory could not be used: a file that cannot be read or parsed, duplicate or unsafe " +
                "gateway names, a missing or invalid VICI URI, a drain target that does not exist. `problems` lists " +
                "every problem, one per line, each starting with the gateway name or the file position.",
            gatewayAction: "The controller does not start with a broken inventory (it never guesses which half is right).",
            proposedAction: "Fix each listed problem in the file or configuration named in it, then restart. " +
                "docs/inventory.md lists the fields and the messages."),

        // ---- journal
        Controller(JournalWriteSlow, "fleet.journal.write-slow", "Journal write slow", [Cat.Controller], Warning,
            ["journal", "elapsedMs", "thresholdMs", "events"],
            explanation: "Writing events to the history journal (SQLite or PostgreSQL) took longer than `thresholdMs`. " +
                "Events queue up meanwhile; if it persists the controller falls behind the fleet.",
            gatewayAction: "None: gateways are not affected.",
            proposedAction: "Check the database: disk latency and free space for SQLite, load, locks and vacuum for " +
                "PostgreSQL; reduce what is journaled (e.g. debug-level logs) if the fleet is large."),

        Controller(JournalSnapshotFailed, "fleet.journal.snapshot-failed", "State snapshot failed", [Cat.Controller], Warning,
            ["gateway", "error"],
            explanation: "Saving a snapshot of a gateway's SA state to the journal failed. History events are still " +
                "written; only recovery after a restart or failover gets slower, since it replays more events.",
            gatewayAction: "None: gateways are not affected.",
            proposedAction: "Check the database (free space, permissions, connectivity); the next snapshot is tried " +
                "after the next resync or the next batch of changes."),

        // ---- lifecycle
        Controller(ControllerStarted, "fleet.controller.started", "Controller started", [Cat.Controller], Information,
            ["version", "node", "gateways", "journal"],
            explanation: "The FleetCtl controller started: its version, the cluster node address, the number of " +
                "gateways in the inventory and the journal backend.",
            gatewayAction: "None.",
            proposedAction: "None."),

        Controller(ControllerStopped, "fleet.controller.stopped", "Controller stopped", [Cat.Controller], Information,
            ["uptime", "reason"],
            explanation: "The controller shut down (stopped by the service manager or an operator, or because of a " +
                "fatal error named in `reason`). Gateways keep running and their tunnels stay up; only monitoring stops.",
            gatewayAction: "None: gateways are not affected.",
            proposedAction: "None if planned. Otherwise read `reason` and the log before it."),

        // ---- access
        Controller(AdminCreated, "fleet.access.admin-created", "First administrator created", [Cat.Access], Warning,
            ["user", "stateFile"],
            explanation: "The controller started with no users configured, so it created the administrator `user` with a " +
                "random password. The password was printed once on the server's console (standard output, never the log) " +
                "and only its hash is stored, in `stateFile`.",
            gatewayAction: "None.",
            proposedAction: "Log in with the printed password and change it (Account page), or configure users under " +
                "`Fleet:Auth:Users` (docs/auth.md). Lost it? Stop the server, delete `stateFile` and start again."),

        Controller(LoginSucceeded, "fleet.access.login-succeeded", "Login succeeded", [Cat.Access], Information,
            ["user", "role", "method", "remote"],
            explanation: "A user logged in to the dashboard (`method` password) or obtained an API token with a password.",
            gatewayAction: "None.",
            proposedAction: "None."),

        Controller(LoginFailed, "fleet.access.login-failed", "Login failed", [Cat.Access], Warning,
            ["user", "remote", "reason"],
            explanation: "A login was refused: unknown user, wrong password, or the user is locked out after repeated " +
                "failures. The password tried is never logged.",
            gatewayAction: "None.",
            proposedAction: "One failure is a typo. Many, from one `remote` or for many users, is someone guessing: " +
                "block the address in front of the controller."),

        Controller(UserLockedOut, "fleet.access.user-locked", "User locked out", [Cat.Access], Warning,
            ["user", "failures", "seconds"],
            explanation: "After `failures` wrong passwords in a row the user cannot log in for `seconds` seconds, even " +
                "with the right password; this slows down password guessing.",
            gatewayAction: "None.",
            proposedAction: "Wait, or find out who is trying (see the preceding login failures and their `remote`)."),

        Controller(TokenCreated, "fleet.access.token-created", "API token created", [Cat.Access], Information,
            ["tokenId", "name", "role", "user"],
            explanation: "An API token was created for `user` with `role` (never more than the user's own). The token " +
                "itself is shown once to its creator; the controller keeps only its hash.",
            gatewayAction: "None.",
            proposedAction: "None. Revoke tokens nobody uses any more (`DELETE /api/v1/tokens/{id}` or the Account page)."),

        Controller(TokenRevoked, "fleet.access.token-revoked", "API token revoked", [Cat.Access], Information,
            ["tokenId", "by"],
            explanation: "An API token was revoked by its owner or an admin (`by`). Scripts and `fleetctl` configurations " +
                "that still send it now get 401 on every request.",
            gatewayAction: "None.",
            proposedAction: "None."),

        Controller(TokenRejected, "fleet.access.token-rejected", "API token rejected", [Cat.Access], Warning,
            ["remote", "reason"],
            explanation: "A request carried a bearer token that is malformed, unknown, revoked or expired; it got 401.",
            gatewayAction: "None.",
            proposedAction: "Update the script or `fleetctl` configuration that sends it (`fleetctl login` gets a new one)."),

        Controller(PasswordChanged, "fleet.access.password-changed", "Password changed", [Cat.Access], Information,
            ["user"],
            explanation: "A user changed their password. Passwords of users from configuration cannot be changed at run " +
                "time; they are changed in the configuration.",
            gatewayAction: "None.",
            proposedAction: "None."),

        Controller(AccessDenied, "fleet.access.denied", "Access denied", [Cat.Access], Warning,
            ["user", "role", "path", "required"],
            explanation: "An authenticated user asked for something their role does not allow (a viewer acknowledging an " +
                "alert, an operator managing tokens); it got 403.",
            gatewayAction: "None.",
            proposedAction: "If the user needs it, give them the `required` role in the configuration."),
    ];

    private static CatalogEntry Controller(int id, string key, string title, string[] categories, CatalogSeverity severity,
        string[] parameters, string explanation, string gatewayAction, string proposedAction) =>
        new(id, key, title, categories, severity, parameters, explanation, gatewayAction, proposedAction, CatalogSource.Controller);
}
