using Cat = FleetCtl.Fleet.Catalog.CatalogCategories;
using static FleetCtl.Fleet.Catalog.CatalogIds;
using static FleetCtl.Fleet.Catalog.CatalogSeverity;

namespace FleetCtl.Fleet.Catalog;

public static partial class FleetCatalog
{
    private static IEnumerable<CatalogEntry> OperationEntries() =>
    [
        Controller(OperationPreviewed, "fleet.operation.previewed", "Operation previewed", [Cat.Operations], Information,
            ["previewId", "hash", "action", "selector", "items", "waves", "skipped"],
            explanation: "An operator previewed a fleet operation (drain, redirect, terminate, rekey or initiate): the controller " +
                "read the selected gateways' live state and listed exactly the SAs it would touch, in waves, and what it would " +
                "skip and why. Nothing was sent to any gateway. The preview can be executed by its id for a limited time.",
            gatewayAction: "None: previews only read the controller's view of the gateways.",
            proposedAction: "None. Check the skipped entries before executing: an IKEv1 SA cannot be redirected, an unreachable " +
                "gateway's SAs cannot be seen."),

        Controller(OperationStarted, "fleet.operation.started", "Operation started", [Cat.Operations], Notice,
            ["operationId", "user", "action", "selector", "items", "waves", "gateways", "skipped", "previewId", "hash"],
            explanation: "An operator executed a preview: the operation recorded its plan (the previewed items, nothing else) and " +
                "starts sending them to the gateways wave by wave. `user` is who ran it (a user or an API token's name); " +
                "`previewId` and `hash` identify what they were shown.",
            gatewayAction: "Each gateway receives one VICI command per item (`redirect`, `terminate`, `rekey` or `initiate` with " +
                "the SA's unique id), at most the plan's number at a time per gateway.",
            proposedAction: "None. Follow its progress on the operations page or with `fleetctl`; pause or cancel it there if it " +
                "does something unexpected."),

        Controller(OperationCompleted, "fleet.operation.completed", "Operation completed", [Cat.Operations], Information,
            ["operationId", "counts"],
            explanation: "Every item of the operation ran and none failed (items whose SA was already gone count as done). For " +
                "a drain, the drained gateways' own listing was checked afterwards; see `fleet.drain.confirmed` or " +
                "`fleet.drain.incomplete`.",
            gatewayAction: "None.",
            proposedAction: "None."),

        Controller(OperationFailed, "fleet.operation.failed", "Operation finished with failures", [Cat.Operations], Warning,
            ["operationId", "reason", "counts"],
            explanation: "Every item of the operation ran, and some failed or timed out. Each failed item recorded the gateway's " +
                "answer (charon's `errmsg`, e.g. \"no matching SAs to redirect found\", or a timeout).",
            gatewayAction: "Failed items changed nothing on their gateways, as far as charon reported.",
            proposedAction: "Open the operation's record (operations page, `GET /api/v1/operations/{id}`) and read the failed " +
                "items' messages; look for a pattern (one gateway, one connection). Preview again to retry what is left."),

        Controller(OperationHalted, "fleet.operation.halted", "Operation halted by its stop rule", [Cat.Operations], Warning,
            ["operationId", "wave", "reason"],
            explanation: "More of a wave's items failed than the plan's threshold allows (`reason` has the numbers), so the " +
                "operation stopped before its next wave. Items of later waves were not sent.",
            gatewayAction: "None: no further commands are sent until an operator resumes the operation.",
            proposedAction: "Read the failed items of that wave (gateway unreachable? a peer that does not support redirection? a " +
                "wrong target?). Fix the cause and resume, or cancel the operation."),

        Controller(OperationCancelled, "fleet.operation.cancelled", "Operation cancelled", [Cat.Operations], Notice,
            ["operationId", "user", "pending"],
            explanation: "An operator cancelled the operation: its `pending` items were marked cancelled and are never sent; items " +
                "already in flight finished and kept their results.",
            gatewayAction: "None beyond the items already sent.",
            proposedAction: "None. The record shows what was done before the cancellation."),

        Controller(OperationPaused, "fleet.operation.paused", "Operation paused", [Cat.Operations], Information,
            ["operationId", "user"],
            explanation: "An operator paused the operation: no new items are sent; items in flight finish.",
            gatewayAction: "None.",
            proposedAction: "None. Resume or cancel it when ready."),

        Controller(OperationResumed, "fleet.operation.resumed", "Operation resumed", [Cat.Operations], Information,
            ["operationId", "user"],
            explanation: "An operator resumed a paused or halted operation. A halted operation starts its next wave at once.",
            gatewayAction: "Commands go out again.",
            proposedAction: "None."),

        Controller(OperationItemFailed, "fleet.operation.item-failed", "Operation item failed", [Cat.Operations, Cat.Vici], Warning,
            ["operationId", "itemId", "gateway", "sa", "status", "error"],
            explanation: "One item of an operation failed: the gateway answered `success = no` (`error` is charon's `errmsg`), did " +
                "not answer within the plan's item timeout, was not connected, or lost its connection while the command ran.",
            gatewayAction: "Usually nothing changed for that SA.",
            proposedAction: "Read `error`. \"no matching SAs\" means the SA went away meanwhile; a timeout or a lost connection " +
                "points at the gateway (see its `fleet.gateway.*` events); for redirects check that the peer supports " +
                "redirection and the target address is right."),

        Controller(OperationRecovered, "fleet.operation.recovered", "Operation recovered after a restart", [Cat.Operations, Cat.Controller], Notice,
            ["operationId", "counts", "inFlight"],
            explanation: "The controller restarted (or the operation's actor did) while the operation ran. It carries on from its " +
                "journal: nothing recorded as done is sent again. The `inFlight` items, sent but not answered before the stop, " +
                "are checked against their gateways' live state: an SA that is gone (redirect, terminate), replaced (rekey) or " +
                "up (initiate) counts as done; otherwise the item is sent once more.",
            gatewayAction: "At most one more command for each item that was in flight.",
            proposedAction: "None. Find out why the controller restarted if it was not planned."),

        Controller(DrainConfirmed, "fleet.drain.confirmed", "Drain confirmed", [Cat.Operations], Information,
            ["operationId", "gateways"],
            explanation: "After redirecting every IKE_SA, the drain listed each drained gateway afresh (`list-sas`) and found no " +
                "SA left: every peer moved away.",
            gatewayAction: "None.",
            proposedAction: "None: the gateway can go into maintenance. Clear its draining mark afterwards."),

        Controller(DrainIncomplete, "fleet.drain.incomplete", "Drain left SAs behind", [Cat.Operations], Warning,
            ["operationId", "remaining", "gateways", "unconfirmed", "example"],
            explanation: "After redirecting, the drain listed each drained gateway afresh and found SAs still there, or could not " +
                "list a gateway. The drain report gives each remaining SA with the reason: skipped in the preview (e.g. IKEv1, " +
                "which cannot be redirected), its redirect failed, the peer accepted the redirect but did not leave, or it came " +
                "up after the preview.",
            gatewayAction: "The remaining SAs stay up on the drained gateway.",
            proposedAction: "Read the drain report. Terminate IKEv1 SAs or move them by hand; drain again for SAs that came up " +
                "meanwhile; check peers that ignore redirects (their clients must support RFC 5685)."),
    ];
}
