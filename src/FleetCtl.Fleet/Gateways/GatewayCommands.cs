using FleetCtl.Fleet.Operations;

namespace FleetCtl.Fleet.Gateways;

/// <summary>
/// Runs one item of an operation on the gateway's own VICI session: the gateway actor checks the SA is still there
/// (by key), sends the command with <paramref name="Timeout"/>, and answers the sender with a <see cref="SaCommandDone"/>.
/// Sent again for an item still running (after the operation actor restarted), it only redirects the answer.
/// </summary>
public sealed record RunSaCommand(string Gateway, long OperationId, int ItemId, SaCommand Command, TimeSpan Timeout) : IGatewayMessage;

/// <summary>An item's outcome: <see cref="ItemStatus.Succeeded"/>, <see cref="ItemStatus.Failed"/> (<paramref name="Message"/> is
/// charon's <c>errmsg</c> or why it could not be sent), <see cref="ItemStatus.TimedOut"/> or <see cref="ItemStatus.Gone"/> (nothing sent).</summary>
public sealed record SaCommandDone(long OperationId, int ItemId, ItemStatus Status, string? Message, TimeSpan Duration);

/// <summary>
/// After a controller restart: was an item that was in flight done? The gateway actor answers from its live state
/// (<see cref="SaCommandVerified"/>), or <see cref="SaCommandEffect.Running"/> when it still runs the command (the answer
/// then goes to this sender).
/// </summary>
public sealed record VerifySaCommand(string Gateway, long OperationId, int ItemId, SaCommand Command, TimeSpan Timeout) : IGatewayMessage;

/// <summary>What the gateway's state says about a command's effect.</summary>
public enum SaCommandEffect
{
    /// <summary>Done: the SA is gone (redirect, terminate), was replaced (rekey), or is up (initiate).</summary>
    Visible,

    /// <summary>Not done: the SA is still there as it was (or, for initiate, not up).</summary>
    NotVisible,

    /// <summary>The gateway actor is still running this command; its <see cref="SaCommandDone"/> will follow.</summary>
    Running,

    /// <summary>The gateway is not connected (or not listed since the actor started): its state cannot tell.</summary>
    Unknown,
}

public sealed record SaCommandVerified(long OperationId, int ItemId, SaCommandEffect Effect, string Detail);

/// <summary>Asks a gateway actor to relist its gateway and answer with the <see cref="GatewayView"/> after that listing
/// (at once, with the current view, when it is not connected).</summary>
public sealed record GetFreshGatewayView(string Gateway) : IGatewayMessage;

/// <summary>What the daemon answered to an SA command.</summary>
/// <param name="Success">VICI <c>success</c>.</param>
/// <param name="ErrorMessage">VICI <c>errmsg</c>.</param>
/// <param name="Matches">VICI <c>matches</c>, when the command reports it.</param>
public sealed record SaCommandAnswer(bool Success, string? ErrorMessage, long? Matches);
