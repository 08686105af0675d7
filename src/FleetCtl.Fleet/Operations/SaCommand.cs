using System.Globalization;

namespace FleetCtl.Fleet.Operations;

/// <summary>The VICI command of one item.</summary>
public enum SaCommandKind
{
    Redirect,
    TerminateIke,
    TerminateChild,
    RekeyIke,
    RekeyChild,
    Initiate,
}

/// <summary>
/// One VICI command as a gateway actor runs it on its own session, aimed at exactly one SA by unique id — and checked
/// against the SA's key (unique id and SPI) first, so a unique id reused after a daemon restart is never hit by mistake.
/// </summary>
/// <param name="Kind">Which command.</param>
/// <param name="IkeKey">The IKE_SA's key (<see cref="State.IkeSaInfo.Key"/>); null for initiate.</param>
/// <param name="IkeId">The IKE_SA's unique id (VICI <c>ike-id</c>).</param>
/// <param name="ChildKey">The CHILD_SA's key for CHILD_SA commands.</param>
/// <param name="ChildId">The CHILD_SA's unique id (VICI <c>child-id</c>).</param>
/// <param name="Target">Redirect: the VICI <c>gateway</c> the peer is sent to.</param>
/// <param name="Connection">Initiate: the connection name.</param>
/// <param name="Child">Initiate: the child name (null: the IKE_SA alone).</param>
/// <param name="Force">Terminate: VICI <c>force</c>.</param>
/// <param name="Reauth">Rekey of an IKE_SA: VICI <c>reauth</c>.</param>
public sealed record SaCommand(
    SaCommandKind Kind,
    string? IkeKey = null,
    long? IkeId = null,
    string? ChildKey = null,
    long? ChildId = null,
    string? Target = null,
    string? Connection = null,
    string? Child = null,
    bool Force = false,
    bool Reauth = false)
{
    /// <summary>The command an item of an operation runs.</summary>
    public static SaCommand For(OperationAction action, OperationItem item)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(item);
        return action.Kind switch
        {
            OperationActionKind.Redirect => new SaCommand(SaCommandKind.Redirect, item.IkeKey, item.IkeId, Target: item.Target),
            OperationActionKind.Terminate when item.ChildKey is not null =>
                new SaCommand(SaCommandKind.TerminateChild, item.IkeKey, item.IkeId, item.ChildKey, item.ChildId, Force: action.Force),
            OperationActionKind.Terminate => new SaCommand(SaCommandKind.TerminateIke, item.IkeKey, item.IkeId, Force: action.Force),
            OperationActionKind.Rekey when item.ChildKey is not null =>
                new SaCommand(SaCommandKind.RekeyChild, item.IkeKey, item.IkeId, item.ChildKey, item.ChildId),
            OperationActionKind.Rekey => new SaCommand(SaCommandKind.RekeyIke, item.IkeKey, item.IkeId, Reauth: action.Reauth),
            _ => new SaCommand(SaCommandKind.Initiate, Connection: item.Connection, Child: item.Child),
        };
    }

    /// <summary>The VICI command name.</summary>
    public string Verb => Kind switch
    {
        SaCommandKind.Redirect => "redirect",
        SaCommandKind.TerminateIke or SaCommandKind.TerminateChild => "terminate",
        SaCommandKind.RekeyIke or SaCommandKind.RekeyChild => "rekey",
        _ => "initiate",
    };

    /// <summary>Whether the command removes its SA (its effect is the SA being gone).</summary>
    public bool RemovesSa => Kind is SaCommandKind.Redirect or SaCommandKind.TerminateIke or SaCommandKind.TerminateChild;

    public override string ToString() => Kind switch
    {
        SaCommandKind.Redirect => $"redirect ike-id {Id(IkeId)} to {Target}",
        SaCommandKind.TerminateIke => $"terminate ike-id {Id(IkeId)}{(Force ? " force" : "")}",
        SaCommandKind.TerminateChild => $"terminate child-id {Id(ChildId)}{(Force ? " force" : "")}",
        SaCommandKind.RekeyIke => $"rekey ike-id {Id(IkeId)}{(Reauth ? " reauth" : "")}",
        SaCommandKind.RekeyChild => $"rekey child-id {Id(ChildId)}",
        _ => $"initiate {Connection}{(Child is null ? "" : "/" + Child)}",
    };

    private static string Id(long? id) => id?.ToString(CultureInfo.InvariantCulture) ?? "?";
}
