namespace FleetCtl.Fleet.State;

/// <summary>How the controller learned of a change.</summary>
public enum SaChangeCause
{
    /// <summary>The gateway reported it as it happened (a VICI event).</summary>
    Event,
    /// <summary>Found by comparing a fresh listing with what the controller held: it happened while the controller was not watching.</summary>
    Resync,
}

/// <summary>
/// A change of a gateway's SAs. These are the facts the controller persists as history, publishes on the bus,
/// and replays to rebuild a gateway's state: <see cref="GatewaySaState.Apply(SaChange)"/> is the one way state changes.
/// </summary>
public abstract record SaChange(string Gateway, DateTimeOffset At, SaChangeCause Cause)
{
    /// <summary>Short type name for history queries and the dashboard (e.g. <c>ike-up</c>).</summary>
    public abstract string Kind { get; }
}

public sealed record IkeSaUp(string Gateway, DateTimeOffset At, SaChangeCause Cause, IkeSaInfo Sa) : SaChange(Gateway, At, Cause)
{
    public override string Kind => "ike-up";
}

public sealed record IkeSaDown(string Gateway, DateTimeOffset At, SaChangeCause Cause, IkeSaInfo Sa) : SaChange(Gateway, At, Cause)
{
    public override string Kind => "ike-down";
}

public sealed record IkeSaRekeyed(string Gateway, DateTimeOffset At, SaChangeCause Cause, string OldKey, IkeSaInfo Sa) : SaChange(Gateway, At, Cause)
{
    public override string Kind => "ike-rekey";
}

/// <summary>The IKE_SA's endpoints moved (MOBIKE, NAT mapping change).</summary>
public sealed record IkeSaUpdated(string Gateway, DateTimeOffset At, SaChangeCause Cause, IkeSaInfo Sa) : SaChange(Gateway, At, Cause)
{
    public override string Kind => "ike-update";
}

public sealed record ChildSaUp(string Gateway, DateTimeOffset At, SaChangeCause Cause, string IkeKey, string IkeName, ChildSaInfo Child) : SaChange(Gateway, At, Cause)
{
    public override string Kind => "child-up";
}

public sealed record ChildSaDown(string Gateway, DateTimeOffset At, SaChangeCause Cause, string IkeKey, string IkeName, ChildSaInfo Child) : SaChange(Gateway, At, Cause)
{
    public override string Kind => "child-down";
}

public sealed record ChildSaRekeyed(string Gateway, DateTimeOffset At, SaChangeCause Cause, string IkeKey, string IkeName, string OldKey, ChildSaInfo Child)
    : SaChange(Gateway, At, Cause)
{
    public override string Kind => "child-rekey";
}
