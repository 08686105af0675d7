using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.State;

namespace FleetCtl.Fleet.Operations;

/// <summary>What the preview learnt about one gateway: its live view, or why there is none.</summary>
public sealed record GatewayLook(string Gateway, GatewayView? View, string? Error)
{
    public static GatewayLook Of(GatewayView view) => new(view.Status.Gateway, view, null);

    public static GatewayLook Failed(string gateway, string error) => new(gateway, null, error);
}

/// <summary>The items and skipped entries of a request, before they get an id.</summary>
public sealed record PlannedItems(IReadOnlyList<OperationItem> Items, IReadOnlyList<SkippedItem> Skipped, IReadOnlyList<string> Gateways);

/// <summary>
/// Turns a request and the gateways' live views into items and skipped entries: pure, so the rules can be read and
/// tested in one place. <see cref="OperationPreviewActor"/> gathers the views and calls it.
/// </summary>
public static class OperationPlanner
{
    /// <summary>The inventory tag that gives a gateway's redirect address explicitly (else it is read from its live state).</summary>
    public const string RedirectAddressTag = "redirect-address";

    public const string ReasonIkeV1 = "IKEv1 SA cannot be redirected (IKEv2 redirect, RFC 5685)";
    public const string ReasonOwnGateway = "the target is the SA's own gateway";

    /// <summary>Why a libreswan gateway's SAs are not redirected (terminate, rekey and initiate run through whack).</summary>
    public const string ReasonLibreswanRedirect =
        "a libreswan gateway: whack redirects every peer of a connection at once (--redirect-to), not one SA, so FleetCtl redirects on strongSwan gateways only";

    /// <summary>Problems with the request that depend on the inventory (unknown target or drained gateway); empty when none.</summary>
    public static IReadOnlyList<string> InventoryProblems(OperationRequest request, FleetInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(inventory);
        var problems = new List<string>();
        if (request.Action is { Kind: OperationActionKind.Redirect, TargetGateway: { } target } && !inventory.Contains(target.Trim()))
        {
            problems.Add($"The redirect target '{target}' is not a gateway of the inventory.");
        }

        if (request.Drain)
        {
            problems.AddRange(request.Selector.Gateways.Where(g => !inventory.Contains(g.Trim()))
                .Select(g => $"Gateway '{g}' to drain is not in the inventory."));
        }

        return problems;
    }

    /// <summary>The gateways the selector's names and tags choose (state is checked on the live view), in inventory order.</summary>
    public static IReadOnlyList<GatewayDefinition> SelectGateways(OperationRequest request, FleetInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(inventory);
        return [.. inventory.Where(request.Selector.MatchesGateway)];
    }

    /// <summary>The redirect target gateways, whose live view is needed: a target must be connected, and its address may come from its state.</summary>
    public static IReadOnlyList<string> TargetsToLookAt(OperationRequest request, FleetInventory inventory, IEnumerable<GatewayDefinition> selected)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(inventory);
        if (request.Action.Kind != OperationActionKind.Redirect || request.Action.TargetAddress is not null)
        {
            return [];
        }

        var names = request.Action.TargetGateway is { } t ? [t.Trim()] : selected.Select(g => g.DrainTarget).OfType<string>();
        return [.. names.Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(n => inventory.TryGet(n, out var g) ? g : null)
            .OfType<GatewayDefinition>()
            .Select(g => g.Name)];
    }

    /// <summary>
    /// The items and skipped entries. <paramref name="looks"/> has a look (view or error) for every selected strongSwan
    /// gateway and every target of <see cref="TargetsToLookAt"/>. Items come per gateway in the order of their views
    /// (connection name, unique id) and are dealt into waves round-robin over the gateways, so a wave spreads over the
    /// fleet instead of hitting one gateway.
    /// </summary>
    public static PlannedItems Plan(OperationRequest request, FleetInventory inventory, IReadOnlyList<GatewayDefinition> selected,
        IReadOnlyDictionary<string, GatewayLook> looks, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(selected);
        ArgumentNullException.ThrowIfNull(looks);
        var perGateway = new List<List<OperationItem>>();
        var skipped = new List<SkippedItem>();
        var gateways = new List<string>();
        foreach (var name in request.Selector.Gateways.Select(g => g.Trim()).Where(g => !Wildcard.HasWildcard(g) && !inventory.Contains(g)))
        {
            skipped.Add(new SkippedItem(name, "not a gateway of the inventory"));
        }

        foreach (var gateway in selected)
        {
            if (gateway.Kind == GatewayKind.Libreswan && request.Action.Kind == OperationActionKind.Redirect)
            {
                gateways.Add(gateway.Name);
                skipped.Add(new SkippedItem(gateway.Name, ReasonLibreswanRedirect));
                continue;
            }

            if (!looks.TryGetValue(gateway.Name, out var look) || look.View is not { } view)
            {
                gateways.Add(gateway.Name);
                skipped.Add(new SkippedItem(gateway.Name, $"gateway unreachable: {look?.Error ?? "no answer from its actor"}"));
                continue;
            }

            if (!request.Selector.MatchesState(view.Status.State))
            {
                continue; // not selected: the state filter is part of the selection, not a reason to skip
            }

            gateways.Add(gateway.Name);
            if (view.Status.State != GatewayConnectionState.Connected)
            {
                skipped.Add(new SkippedItem(gateway.Name, $"gateway unreachable: {Describe(view.Status)}"));
                continue;
            }

            var items = new List<OperationItem>();
            switch (request.Action.Kind)
            {
                case OperationActionKind.Redirect:
                    PlanRedirect(request, inventory, gateway, view, looks, now, items, skipped);
                    break;
                case OperationActionKind.Initiate:
                    PlanInitiate(request.Action, gateway, view, items, skipped);
                    break;
                default:
                    PlanSaAction(request, gateway, view, now, items, skipped);
                    break;
            }

            perGateway.Add(items);
        }

        return new PlannedItems(DealIntoWaves(perGateway, request.Plan.WaveSize), skipped, gateways);
    }

    private static void PlanRedirect(OperationRequest request, FleetInventory inventory, GatewayDefinition gateway, GatewayView view,
        IReadOnlyDictionary<string, GatewayLook> looks, DateTimeOffset now, List<OperationItem> items, List<SkippedItem> skipped)
    {
        var action = request.Action;
        string? targetGateway = action.TargetGateway?.Trim();
        string? address = action.TargetAddress?.Trim();
        if (address is null)
        {
            targetGateway ??= gateway.DrainTarget;
            if (targetGateway is null)
            {
                skipped.Add(new SkippedItem(gateway.Name, "no drain target in the inventory: name the target gateway or address"));
                return;
            }

            var target = inventory[targetGateway];
            targetGateway = target.Name;
            if (!string.Equals(target.Name, gateway.Name, StringComparison.OrdinalIgnoreCase))
            {
                address = ResolveAddress(target, looks, out var why);
                if (address is null)
                {
                    skipped.Add(new SkippedItem(gateway.Name, why!));
                    return;
                }
            }
        }
        else
        {
            // an address that is an inventory gateway's known address names that gateway (for the own-gateway rule and the report)
            targetGateway = looks.Values.FirstOrDefault(l => l.View is { } v && v.Sas.Any(s => s.LocalHost == address))?.Gateway;
        }

        var own = targetGateway is not null && string.Equals(targetGateway, gateway.Name, StringComparison.OrdinalIgnoreCase);
        foreach (var sa in view.Sas)
        {
            if (!MatchesIke(request.Selector, sa, now))
            {
                continue;
            }

            string? reason = sa.IkeVersion == 1 ? ReasonIkeV1
                : own || (address is not null && string.Equals(sa.LocalHost, address, StringComparison.OrdinalIgnoreCase)) ? ReasonOwnGateway
                : !Tunnels.IsEstablished(sa) ? $"the IKE_SA is {sa.State ?? "not established"}, not ESTABLISHED"
                : null;
            if (reason is not null)
            {
                skipped.Add(Skip(gateway.Name, sa, null, reason));
                continue;
            }

            items.Add(IkeItem(gateway.Name, sa) with { Target = address, TargetGateway = targetGateway });
        }
    }

    private static void PlanSaAction(OperationRequest request, GatewayDefinition gateway, GatewayView view, DateTimeOffset now,
        List<OperationItem> items, List<SkippedItem> skipped)
    {
        var action = request.Action;
        var selector = request.Selector;
        foreach (var sa in view.Sas)
        {
            if (!action.ActsOnChildren)
            {
                if (!MatchesIke(selector, sa, now))
                {
                    continue;
                }

                if (action.Kind == OperationActionKind.Rekey && !Tunnels.IsEstablished(sa))
                {
                    skipped.Add(Skip(gateway.Name, sa, null, $"the IKE_SA is {sa.State ?? "not established"}, not ESTABLISHED: nothing to rekey"));
                    continue;
                }

                if (action is { Kind: OperationActionKind.Rekey, Reauth: true } && sa.IkeVersion == 1)
                {
                    skipped.Add(Skip(gateway.Name, sa, null, "reauthentication on request is IKEv2 only"));
                    continue;
                }

                items.Add(IkeItem(gateway.Name, sa));
                continue;
            }

            if (!selector.MatchesIke(sa, now, checkAge: false))
            {
                continue;
            }

            foreach (var child in sa.Children)
            {
                if (!selector.MatchesChild(child, now, checkAge: true))
                {
                    continue;
                }

                if (action.Kind == OperationActionKind.Rekey && !string.Equals(child.State, "INSTALLED", StringComparison.Ordinal))
                {
                    skipped.Add(Skip(gateway.Name, sa, child, $"the CHILD_SA is {child.State ?? "not installed"}, not INSTALLED: nothing to rekey"));
                    continue;
                }

                items.Add(IkeItem(gateway.Name, sa) with
                {
                    Child = child.Name, ChildKey = child.Key, ChildId = child.UniqueId, Since = child.InstalledAt,
                });
            }
        }
    }

    private static void PlanInitiate(OperationAction action, GatewayDefinition gateway, GatewayView view, List<OperationItem> items, List<SkippedItem> skipped)
    {
        var connection = action.Connection!.Trim();
        var child = action.Child?.Trim();
        var conn = view.Connections.FirstOrDefault(c => string.Equals(c.Name, connection, StringComparison.Ordinal));
        if (conn is null)
        {
            skipped.Add(new SkippedItem(gateway.Name, $"connection '{connection}' is not loaded on this gateway", connection, Child: child));
            return;
        }

        if (child is not null && conn.Children.All(c => !string.Equals(c.Name, child, StringComparison.Ordinal)))
        {
            skipped.Add(new SkippedItem(gateway.Name, $"connection '{connection}' has no child '{child}' on this gateway", connection, Child: child));
            return;
        }

        if (conn.RemoteAddrs.Count > 0 && conn.RemoteAddrs.All(a => a is "%any" or "%any4" or "%any6" or "0.0.0.0/0" or "::/0"))
        {
            skipped.Add(new SkippedItem(gateway.Name, $"connection '{connection}' accepts any peer (remote %any): it can only respond, not initiate",
                connection, Child: child));
            return;
        }

        if (Tunnels.UpSa(view.Sas, connection, child) is { } up)
        {
            skipped.Add(Skip(gateway.Name, up, null, child is null ? "already up" : $"CHILD_SA '{child}' is already installed"));
            return;
        }

        items.Add(new OperationItem { Id = 0, Gateway = gateway.Name, Wave = 0, Connection = connection, Child = child });
    }

    /// <summary>The IKE-level filters, with the child filter meaning "has such a CHILD_SA".</summary>
    private static bool MatchesIke(OperationSelector selector, IkeSaInfo sa, DateTimeOffset now) =>
        selector.MatchesIke(sa, now, checkAge: true)
        && (selector.Child is null || sa.Children.Any(c => selector.MatchesChild(c, now, checkAge: false)));


    /// <summary>
    /// A target gateway's redirect address: its <c>redirect-address</c> tag, else the local address most of its IKE_SAs use,
    /// else the first concrete local address of its connections. A target that is not connected gets no peers: they might
    /// find nobody there.
    /// </summary>
    private static string? ResolveAddress(GatewayDefinition target, IReadOnlyDictionary<string, GatewayLook> looks, out string? why)
    {
        why = null;
        if (!looks.TryGetValue(target.Name, out var look) || look.View is not { } view)
        {
            why = $"target gateway {target.Name} did not answer ({look?.Error ?? "no view"}): peers sent there might find nobody";
            return null;
        }

        if (view.Status.State != GatewayConnectionState.Connected)
        {
            why = $"target gateway {target.Name} is {Describe(view.Status)}: peers sent there might find nobody";
            return null;
        }

        if (target.Tag(RedirectAddressTag) is { Length: > 0 } tagged)
        {
            return tagged.Trim();
        }

        var fromSas = view.Sas.Select(s => s.LocalHost).OfType<string>().GroupBy(h => h, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault()?.Key;
        var fromConns = view.Connections.SelectMany(c => c.LocalAddrs).FirstOrDefault(a => a is not ("%any" or "%any4" or "%any6") && !a.Contains('/'));
        if ((fromSas ?? fromConns) is { } address)
        {
            return address;
        }

        why = $"the address of target gateway {target.Name} is unknown (no IKE_SA and no connection with a local address); " +
            $"tag it {RedirectAddressTag} or redirect to an address";
        return null;
    }

    // a gateway that has been unreachable and is between two reconnect attempts (connecting) is still unreachable to the NOC
    private static string Describe(GatewayStatus status) =>
        status.State == GatewayConnectionState.Unreachable || (status.UnreachableSince is not null && status.State != GatewayConnectionState.Connected)
            ? $"unreachable since {status.UnreachableSince:u}: {status.LastError}" + (status.State == GatewayConnectionState.Unreachable ? "" : " (reconnecting)")
            : $"{status.State.ToString().ToLowerInvariant()}, its SAs are not known yet";

    private static OperationItem IkeItem(string gateway, IkeSaInfo sa) => new()
    {
        Id = 0,
        Gateway = gateway,
        Wave = 0,
        Connection = sa.Name,
        IkeKey = sa.Key,
        IkeId = sa.UniqueId,
        IkeVersion = sa.IkeVersion,
        RemoteId = sa.RemoteEapId ?? sa.RemoteXauthId ?? sa.RemoteId,
        RemoteHost = sa.RemoteHost,
        Since = sa.EstablishedAt,
    };

    private static SkippedItem Skip(string gateway, IkeSaInfo sa, ChildSaInfo? child, string reason) =>
        new(gateway, reason, sa.Name, sa.Key, sa.UniqueId, child?.Name, child?.UniqueId, sa.RemoteEapId ?? sa.RemoteXauthId ?? sa.RemoteId, sa.RemoteHost);

    /// <summary>Round-robin over the gateways, then cut into waves; ids follow the resulting order.</summary>
    private static List<OperationItem> DealIntoWaves(List<List<OperationItem>> perGateway, int waveSize)
    {
        var total = perGateway.Sum(g => g.Count);
        var result = new List<OperationItem>(total);
        for (var round = 0; result.Count < total; round++)
        {
            foreach (var items in perGateway)
            {
                if (round < items.Count)
                {
                    var id = result.Count;
                    result.Add(items[round] with { Id = id, Wave = (id / waveSize) + 1 });
                }
            }
        }

        return result;
    }
}
