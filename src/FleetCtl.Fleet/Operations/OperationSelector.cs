using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.State;

namespace FleetCtl.Fleet.Operations;

/// <summary>
/// Which gateways and which of their SAs an operation touches. Every filter is optional and they combine with AND;
/// an empty selector selects every SA of every gateway. Text filters take <c>*</c> and <c>?</c> wildcards and ignore
/// case (<see cref="Wildcard"/>).
/// </summary>
public sealed record OperationSelector
{
    /// <summary>The most gateway names one selector may list.</summary>
    public const int MaxGateways = 10_000;

    // ---- gateways

    /// <summary>Only these gateways (inventory names, each may hold wildcards: <c>fra-*</c>); empty: every gateway.</summary>
    public IReadOnlyList<string> Gateways { get; init; } = [];

    /// <summary>Only gateways carrying every one of these tags (key and value ignore case; the value may hold wildcards).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Only gateways whose connection is in one of these states right now; empty: any state (gateways that are
    /// not connected are then reported as skipped: their SAs cannot be seen).</summary>
    public IReadOnlyList<GatewayConnectionState> States { get; init; } = [];

    // ---- SAs

    /// <summary>IKE connection (config) name, e.g. <c>site-*</c>.</summary>
    public string? Connection { get; init; }

    /// <summary>CHILD_SA config name, e.g. <c>net</c>. For IKE-level actions: IKE_SAs with at least one such CHILD_SA.</summary>
    public string? Child { get; init; }

    /// <summary>The peer's identity: its IKE identity, or its EAP/XAuth identity (road warriors), e.g. <c>*@example.com</c>.</summary>
    public string? RemoteId { get; init; }

    /// <summary>The peer's address, e.g. <c>203.0.113.*</c>.</summary>
    public string? RemoteHost { get; init; }

    /// <summary>Only IKE_SAs of this IKE version (1 or 2).</summary>
    public int? IkeVersion { get; init; }

    /// <summary>Only SAs up at least this long (IKE_SAs since established, CHILD_SAs since installed).</summary>
    public TimeSpan? MinAge { get; init; }

    /// <summary>Only SAs up at most this long.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>Whether any SA filter is set (gateway filters aside).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasSaFilters =>
        Connection is not null || Child is not null || RemoteId is not null || RemoteHost is not null || IkeVersion is not null
        || MinAge is not null || MaxAge is not null;

    /// <summary>Every problem with this selector, as sentences an operator can act on; empty when it is valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Gateways is null || Tags is null || States is null)
        {
            problems.Add("The selector's gateway, tag and state lists must not be null (leave them empty instead).");
            return problems;
        }

        if (Gateways.Count > MaxGateways)
        {
            problems.Add($"The selector names {Gateways.Count} gateways; at most {MaxGateways} are allowed (use tags or wildcards).");
        }

        if (Gateways.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("A gateway name in the selector is empty.");
        }

        foreach (var (key, value) in Tags)
        {
            if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"Tag filter '{key}={value}' needs both a key and a value.");
            }
        }

        if (States.Any(s => !Enum.IsDefined(s)))
        {
            problems.Add("A gateway state in the selector is not one of Connecting, Syncing, Connected, Unreachable.");
        }

        Blank(problems, Connection, "connection");
        Blank(problems, Child, "child");
        Blank(problems, RemoteId, "remote id");
        Blank(problems, RemoteHost, "remote host");
        if (IkeVersion is not null and not (1 or 2))
        {
            problems.Add($"IKE version {IkeVersion} is not 1 or 2.");
        }

        if (MinAge < TimeSpan.Zero || MaxAge < TimeSpan.Zero)
        {
            problems.Add("Ages must not be negative.");
        }
        else if (MinAge is { } min && MaxAge is { } max && min > max)
        {
            problems.Add($"The minimum age ({min}) is greater than the maximum age ({max}): no SA could match.");
        }

        return problems;
    }

    private static void Blank(List<string> problems, string? value, string what)
    {
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"The {what} filter is empty; leave it out to match any {what}.");
        }
    }

    /// <summary>Whether a gateway of the inventory passes the name and tag filters (the state filter needs its live status).</summary>
    public bool MatchesGateway(GatewayDefinition gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        if (Gateways.Count > 0 && !Gateways.Any(g => Wildcard.IsMatch(g.Trim(), gateway.Name)))
        {
            return false;
        }

        foreach (var (key, value) in Tags)
        {
            if (!gateway.Tags.TryGetValue(key.Trim(), out var actual) || !Wildcard.IsMatch(value.Trim(), actual))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a gateway's live state passes the state filter.</summary>
    public bool MatchesState(GatewayConnectionState state) => States.Count == 0 || States.Contains(state);

    /// <summary>Whether an IKE_SA passes the IKE-level filters (connection, remote, version) and, when
    /// <paramref name="checkAge"/>, the age filter. The child filter is applied by the caller.</summary>
    public bool MatchesIke(IkeSaInfo sa, DateTimeOffset now, bool checkAge)
    {
        ArgumentNullException.ThrowIfNull(sa);
        return (Connection is null || Wildcard.IsMatch(Connection.Trim(), sa.Name))
            && (RemoteHost is null || Wildcard.IsMatch(RemoteHost.Trim(), sa.RemoteHost))
            && (RemoteId is null || Wildcard.IsMatch(RemoteId.Trim(), sa.RemoteId) || Wildcard.IsMatch(RemoteId.Trim(), sa.RemoteEapId)
                || Wildcard.IsMatch(RemoteId.Trim(), sa.RemoteXauthId))
            && (IkeVersion is null || sa.IkeVersion == IkeVersion)
            && (!checkAge || MatchesAge(sa.EstablishedAt, now));
    }

    /// <summary>Whether a CHILD_SA passes the child filter and, when <paramref name="checkAge"/>, the age filter.</summary>
    public bool MatchesChild(ChildSaInfo child, DateTimeOffset now, bool checkAge)
    {
        ArgumentNullException.ThrowIfNull(child);
        return (Child is null || Wildcard.IsMatch(Child.Trim(), child.Name)) && (!checkAge || MatchesAge(child.InstalledAt, now));
    }

    private bool MatchesAge(DateTimeOffset? since, DateTimeOffset now)
    {
        if (MinAge is null && MaxAge is null)
        {
            return true;
        }

        if (since is not { } at)
        {
            return false; // age unknown: an age filter cannot vouch for it
        }

        var age = now - at;
        return (MinAge is not { } min || age >= min) && (MaxAge is not { } max || age <= max);
    }

    public override string ToString()
    {
        var parts = new List<string>();
        if (Gateways.Count > 0)
        {
            parts.Add("gateways " + string.Join(',', Gateways.Take(5)) + (Gateways.Count > 5 ? $" (+{Gateways.Count - 5})" : ""));
        }

        parts.AddRange(Tags.Select(t => $"tag {t.Key}={t.Value}"));
        if (States.Count > 0)
        {
            parts.Add("state " + string.Join('|', States));
        }

        Add(parts, "connection", Connection);
        Add(parts, "child", Child);
        Add(parts, "remote-id", RemoteId);
        Add(parts, "remote-host", RemoteHost);
        if (IkeVersion is { } v)
        {
            parts.Add($"IKEv{v}");
        }

        if (MinAge is { } minAge)
        {
            parts.Add($"age>={minAge}");
        }

        if (MaxAge is { } maxAge)
        {
            parts.Add($"age<={maxAge}");
        }

        return parts.Count == 0 ? "every SA of every gateway" : string.Join(", ", parts);
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (value is not null)
        {
            parts.Add($"{name} {value}");
        }
    }
}
