using System.Globalization;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.Operations;

namespace FleetCtl.Web.Dashboard;

/// <summary>The kinds of operation the operations page builds.</summary>
public enum OperationFormKind
{
    Drain,
    Terminate,
    Rekey,
    Initiate,
}

/// <summary>
/// The operations page's "New operation" form, as plain values bound to its inputs; <see cref="ToRequest"/> builds the
/// engine's request (whose own validation says what is wrong with it).
/// </summary>
public sealed class OperationForm
{
    public OperationFormKind Kind { get; set; } = OperationFormKind.Drain;

    /// <summary>
    /// Fills the form from the operations page's query string (<c>?action=initiate&amp;gateway=G&amp;connection=C&amp;child=X</c>,
    /// as the gateway page's diagnosis links to it): the kind, the gateway (drain) or the selector's gateway, connection
    /// and child. An unknown <paramref name="action"/> leaves the form as it is. Nothing is previewed or run.
    /// </summary>
    public bool Prefill(string? action, string? gateway, string? connection, string? child)
    {
        if (!Enum.TryParse<OperationFormKind>(action, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            return false;
        }

        Kind = kind;
        if (kind == OperationFormKind.Drain)
        {
            Gateway = gateway?.Trim() ?? "";
        }
        else
        {
            Gateways = gateway?.Trim() ?? "";
            Connection = connection?.Trim() ?? "";
            Child = child?.Trim() ?? "";
        }

        return true;
    }

    // ---- drain

    /// <summary>Drain: the gateway drained (an inventory name).</summary>
    public string Gateway { get; set; } = "";

    /// <summary>Drain: the gateway its peers go to; empty: the drained gateway's drain target from the inventory.</summary>
    public string Target { get; set; } = "";

    // ---- selector (terminate, rekey, initiate)

    /// <summary>Gateway names, comma or space separated; each may hold <c>*</c> and <c>?</c>. Empty: every gateway.</summary>
    public string Gateways { get; set; } = "";

    /// <summary>A tag filter, <c>key=value</c> (the value may hold wildcards); several separated by commas.</summary>
    public string Tags { get; set; } = "";

    public string Connection { get; set; } = "";

    public string Child { get; set; } = "";

    public string RemoteId { get; set; } = "";

    public string RemoteHost { get; set; } = "";

    public SaLevel Level { get; set; } = SaLevel.Ike;

    /// <summary>Rekey of IKE_SAs: reauthenticate.</summary>
    public bool Reauth { get; set; }

    /// <summary>Terminate: do not wait for the peer (VICI force).</summary>
    public bool Force { get; set; }

    // ---- plan

    public int WaveSize { get; set; } = new OperationPlan().WaveSize;

    public double PauseSeconds { get; set; } = new OperationPlan().PauseBetweenWaves.TotalSeconds;

    public int MaxPerGateway { get; set; } = new OperationPlan().MaxConcurrentPerGateway;

    /// <summary>The stop rule's threshold, in percent of a wave's items.</summary>
    public double StopFailurePercent { get; set; } = new OperationPlan().MaxFailureRate * 100;

    public string Description { get; set; } = "";

    /// <summary>Sets the drained gateway and, as the target, its drain target from the inventory (when it has one).</summary>
    public void ChooseGateway(string gateway, FleetInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        Gateway = gateway ?? "";
        Target = inventory.TryGet(Gateway, out var definition) && definition.DrainTarget is { } target ? target : "";
    }

    /// <summary>The request; problems the form itself can see (a malformed tag, a negative pause) come back in <paramref name="problems"/>.</summary>
    public OperationRequest? ToRequest(out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        var plan = new OperationPlan
        {
            WaveSize = WaveSize,
            PauseBetweenWaves = PauseSeconds is >= 0 and <= 86_400 ? TimeSpan.FromSeconds(PauseSeconds) : TimeSpan.FromSeconds(-1),
            MaxConcurrentPerGateway = MaxPerGateway,
            MaxFailureRate = StopFailurePercent / 100,
        };
        var description = Blank(Description);
        if (Kind == OperationFormKind.Drain)
        {
            if (Blank(Gateway) is not { } gateway)
            {
                problems = ["Choose the gateway to drain."];
                return null;
            }

            var request = OperationRequest.ForDrain(gateway, Blank(Target), plan) with { Description = description };
            problems = [.. found, .. request.Problems()];
            return problems.Count == 0 ? request : null;
        }

        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var tag in Split(Tags))
        {
            var eq = tag.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == tag.Length - 1)
            {
                found.Add($"Tag filter '{tag}' is not key=value.");
            }
            else
            {
                tags[tag[..eq].Trim()] = tag[(eq + 1)..].Trim();
            }
        }

        var initiate = Kind == OperationFormKind.Initiate;
        var selector = new OperationSelector
        {
            Gateways = Split(Gateways),
            Tags = tags,
            Connection = initiate ? null : Blank(Connection),
            Child = initiate ? null : Blank(Child),
            RemoteId = initiate ? null : Blank(RemoteId),
            RemoteHost = initiate ? null : Blank(RemoteHost),
        };
        var action = Kind switch
        {
            OperationFormKind.Terminate => OperationAction.Terminate(Level, Force),
            OperationFormKind.Rekey => OperationAction.Rekey(Level, Level == SaLevel.Ike && Reauth),
            _ => OperationAction.Initiate(Connection.Trim(), Blank(Child)),
        };
        var built = new OperationRequest { Selector = selector, Action = action, Plan = plan, Description = description };
        problems = [.. found, .. built.Problems()];
        return problems.Count == 0 ? built : null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string[] Split(string? value) =>
        (value ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>How the operations pages show states, counts and items.</summary>
public static class OperationsView
{
    /// <summary>At most this many items are rendered on the detail page (the CSV export has them all).</summary>
    public const int MaxItemsShown = 500;

    public static string StateTone(OperationState state) => state switch
    {
        OperationState.Running => "info",
        OperationState.Paused or OperationState.Halted => "warning",
        OperationState.Completed => "success",
        OperationState.Failed => "error",
        _ => "default",
    };

    public static string StatusTone(ItemStatus status) => status switch
    {
        ItemStatus.Succeeded or ItemStatus.Gone => "success",
        ItemStatus.Failed or ItemStatus.TimedOut => "error",
        ItemStatus.InFlight => "info",
        _ => "default",
    };

    /// <summary>The kind as the page names it: drains are redirects that say so.</summary>
    public static string KindName(OperationActionKind kind, bool drain) => drain ? "drain" : kind.ToString().ToLowerInvariant();

    /// <summary>Finished share, rounded to a whole percent (what the progress bars carry as aria-valuenow).</summary>
    public static int Percent(ItemCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return (int)Math.Floor(counts.Percent);
    }

    /// <summary>Width of one segment of a progress bar, in percent of the bar, as CSS.</summary>
    public static string Width(int part, int total) =>
        (total == 0 ? 0 : 100.0 * part / total).ToString("0.###", CultureInfo.InvariantCulture) + "%";

    /// <summary>What an item touched, in words: <c>conn[ike-id] child{child-id}</c>, or the initiated connection.</summary>
    public static string Sa(OperationItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var ike = item.IkeId is { } id ? $"{item.Connection}[{id}]" : item.Connection ?? "—";
        return item.Child is null ? ike : item.ChildId is { } cid ? $"{ike} {item.Child}{{{cid}}}" : $"{ike}/{item.Child}";
    }

    public static string Remote(string? remoteId, string? remoteHost) =>
        remoteId is { } rid && !string.Equals(rid, remoteHost, StringComparison.OrdinalIgnoreCase) ? $"{remoteHost} {rid}".Trim() : remoteHost ?? "—";

    /// <summary>A pause, resume or cancel's result as a message and whether it took.</summary>
    public static (string Message, bool Done) Describe(OperationControlResult result, string what) => result switch
    {
        OperationControlResult.Done done => ($"Operation {done.Operation.Id} {what}: now {done.Operation.State}.", true),
        OperationControlResult.Refused refused => ($"Not {what}: {refused.Reason}", false),
        OperationControlResult.NotFound notFound => ($"Operation {notFound.OperationId} does not exist.", false),
        OperationControlResult.Invalid invalid => (invalid.Reason, false),
        _ => ($"Unexpected answer {result}.", false),
    };
}
