namespace FleetCtl.Fleet.Operations;

/// <summary>
/// An operation as asked for: selector + action + plan, and for a drain the gateways drained. Preview it with
/// <see cref="IFleetOperations.PreviewAsync"/>; only a preview can be executed.
/// </summary>
public sealed record OperationRequest
{
    /// <summary>The longest description accepted.</summary>
    public const int MaxDescriptionLength = 500;

    public OperationSelector Selector { get; init; } = new();

    public required OperationAction Action { get; init; }

    public OperationPlan Plan { get; init; } = new();

    /// <summary>
    /// A drain: every IKE_SA of the selected gateways (<see cref="OperationSelector.Gateways"/>, exact names) is redirected
    /// and afterwards each gateway's own state is checked (after a fresh listing) for what is left. Build it with
    /// <see cref="ForDrain"/>.
    /// </summary>
    public bool Drain { get; init; }

    /// <summary>Drain: mark the gateways as draining while (and after) the drain runs, for the dashboard (default true).</summary>
    public bool MarkDraining { get; init; } = true;

    /// <summary>Free text for the audit trail (a ticket number, why).</summary>
    public string? Description { get; init; }

    /// <summary>
    /// Drains <paramref name="gateway"/> (and <paramref name="more"/>): redirects every IKE_SA to <paramref name="target"/>
    /// (an inventory gateway name), or, when null, to each gateway's drain target from the inventory.
    /// </summary>
    public static OperationRequest ForDrain(string gateway, string? target, OperationPlan? plan = null, params string[] more) => new()
    {
        Selector = new OperationSelector { Gateways = [gateway, .. more] },
        Action = target is null ? OperationAction.RedirectToDrainTargets() : OperationAction.Redirect(target),
        Plan = plan ?? new OperationPlan(),
        Drain = true,
    };

    /// <summary>Every problem with this request (selector, action, plan and how they combine); empty when it is valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Selector is null || Action is null || Plan is null)
        {
            problems.Add("A request needs a selector, an action and a plan.");
            return problems;
        }

        problems.AddRange(Selector.Problems());
        problems.AddRange(Action.Problems());
        problems.AddRange(Plan.Problems());
        if (Action.Kind == OperationActionKind.Initiate && Selector.HasSaFilters)
        {
            problems.Add("Initiate runs once per selected gateway: select gateways only (names, tags, state), no SA filters.");
        }

        if (Drain)
        {
            if (Action.Kind != OperationActionKind.Redirect)
            {
                problems.Add("A drain redirects: its action must be redirect.");
            }

            if (Selector.Gateways.Count == 0 || Selector.Gateways.Any(Wildcard.HasWildcard))
            {
                problems.Add("A drain names the gateways it drains, exactly (no wildcards).");
            }

            if (Selector.HasSaFilters || Selector.Tags.Count > 0 || Selector.States.Count > 0)
            {
                problems.Add("A drain takes every IKE_SA of its gateways: no SA, tag or state filters.");
            }
        }

        if (Description?.Length > MaxDescriptionLength)
        {
            problems.Add($"The description is longer than {MaxDescriptionLength} characters.");
        }

        return problems;
    }

    /// <summary>Throws <see cref="OperationValidationException"/> with every problem, if there are any.</summary>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new OperationValidationException(problems);
        }
    }

    public override string ToString() => $"{(Drain ? "drain: " : "")}{Action} on {Selector}; {Plan}";
}

/// <summary>An operation request is invalid; <see cref="Problems"/> lists every problem, one sentence each.</summary>
public sealed class OperationValidationException : ArgumentException
{
    public OperationValidationException() : this(["The operation request is invalid."]) { }

    public OperationValidationException(string message) : this([message]) { }

    public OperationValidationException(string message, Exception inner) : base(message, inner) => Problems = [message];

    public OperationValidationException(IReadOnlyList<string> problems) : base(string.Join(" ", problems)) => Problems = problems;

    public IReadOnlyList<string> Problems { get; }
}
