namespace FleetCtl.Fleet.Operations;

// ---- asked of the operations manager (through IFleetOperations)

/// <summary>Asks for a preview; answered with a <see cref="PreviewResult"/>.</summary>
public sealed record PreviewOperation(OperationRequest Request);

/// <summary>A preview, or why there is none.</summary>
public abstract record PreviewResult
{
    private PreviewResult() { }

    public sealed record Ready(OperationPreview Preview) : PreviewResult;

    /// <summary>The request was refused before looking at any gateway; every problem, one sentence each.</summary>
    public sealed record Invalid(IReadOnlyList<string> Problems) : PreviewResult;
}

/// <summary>Asks for a kept preview; answered with a <see cref="PreviewLookup"/>.</summary>
public sealed record GetPreview(string PreviewId);

public sealed record PreviewLookup(string PreviewId, OperationPreview? Preview);

/// <summary>Runs a preview's items; answered with an <see cref="ExecuteResult"/>.</summary>
/// <param name="PreviewId">The preview to run.</param>
/// <param name="User">Who runs it (user or token name; kept in the audit trail).</param>
/// <param name="ExpectedHash">When given, the preview's hash must be this (what the operator was shown).</param>
public sealed record ExecutePreview(string PreviewId, string User, string? ExpectedHash = null)
{
    public const int MaxUserLength = 200;

    /// <summary>Why these values are refused before asking, or null.</summary>
    public static string? Validate(string? previewId, string? user) =>
        string.IsNullOrWhiteSpace(previewId) ? "A preview id is required."
        : string.IsNullOrWhiteSpace(user) ? "A user is required."
        : user.Length > MaxUserLength ? $"The user name is longer than {MaxUserLength} characters."
        : null;
}

/// <summary>Why an execution was refused.</summary>
public enum ExecuteRefusal
{
    /// <summary>No preview with that id (never made, or made before the controller restarted).</summary>
    UnknownPreview,

    /// <summary>The preview is older than <see cref="OperationsOptions.PreviewTtl"/>: preview again.</summary>
    ExpiredPreview,

    /// <summary>The preview was executed already (<see cref="ExecuteResult.Refused.OperationId"/>).</summary>
    AlreadyExecuted,

    /// <summary>The preview's hash is not the expected one.</summary>
    HashMismatch,

    /// <summary>The user or preview id is missing or too long.</summary>
    Invalid,
}

/// <summary>An execution's outcome: started, or refused with the reason.</summary>
public abstract record ExecuteResult
{
    private ExecuteResult() { }

    /// <summary>The operation's plan is recorded and it runs.</summary>
    public sealed record Started(OperationSummary Operation) : ExecuteResult;

    public sealed record Refused(string PreviewId, ExecuteRefusal Reason, string Message, long? OperationId = null) : ExecuteResult;
}

/// <summary>Steers a running operation; answered with an <see cref="OperationControlResult"/>.</summary>
public sealed record PauseOperation(long OperationId, string User);

/// <inheritdoc cref="PauseOperation"/>
public sealed record ResumeOperation(long OperationId, string User);

/// <inheritdoc cref="PauseOperation"/>
public sealed record CancelOperation(long OperationId, string User);

/// <summary>What became of a pause, resume or cancel.</summary>
public abstract record OperationControlResult
{
    private OperationControlResult() { }

    /// <summary>Done: the operation as it is now.</summary>
    public sealed record Done(OperationSummary Operation) : OperationControlResult;

    /// <summary>Not possible in the operation's state (e.g. resuming a running one, cancelling a finished one).</summary>
    public sealed record Refused(long OperationId, OperationState State, string Reason) : OperationControlResult;

    public sealed record NotFound(long OperationId) : OperationControlResult;

    /// <summary>Refused before asking: no user, or a user name too long.</summary>
    public sealed record Invalid(long OperationId, string Reason) : OperationControlResult;
}

/// <summary>Asks for one operation's record, with the items <paramref name="Items"/> selects (every item when null);
/// answered with an <see cref="OperationLookup"/>.</summary>
public sealed record GetOperation(long OperationId, OperationItemsView? Items = null);

public sealed record OperationLookup(long OperationId, OperationRecord? Record);

/// <summary>Asks for a page of operation summaries; answered with an <see cref="OperationPage"/>.</summary>
public sealed record ListOperations(OperationQuery Query);

/// <summary>Asks for every drain mark; answered with a <see cref="DrainMarks"/>.</summary>
public sealed record GetDrainMarks
{
    public static readonly GetDrainMarks Instance = new();
}

public sealed record DrainMarks(IReadOnlyList<DrainMark> Marks);

/// <summary>Removes a gateway's drain mark; answered with a <see cref="DrainMarkClearResult"/>.</summary>
public sealed record ClearDrainMark(string Gateway, string User);

public sealed record DrainMarkClearResult(string Gateway, bool Cleared);

// ---- between the manager and its operation actors

/// <summary>Starts a new operation from a preview (the manager registered it first); the operation answers
/// <paramref name="ReplyTo"/> with <see cref="ExecuteResult.Started"/> once its plan is recorded.</summary>
public sealed record StartOperation(long OperationId, OperationPreview Preview, string User, Akka.Actor.IActorRef ReplyTo);

/// <summary>Wakes a registered operation (after a controller restart): it recovers and carries on.</summary>
public sealed record WakeOperation(long OperationId);

/// <summary>An operation's summary, sent to the manager with each progress publication and on its end.</summary>
public sealed record OperationReport(OperationSummary Summary);

/// <summary>A registered operation has no journal (the controller stopped before it recorded its plan).</summary>
public sealed record OperationNotStarted(long OperationId);

/// <summary>
/// The answer of an operation's (or the manager's) supervisor while its actor is being started again (after its journal
/// failed, or it was stopped): <see cref="IFleetOperations"/> asks again shortly.
/// </summary>
public sealed record OperationsRestarting
{
    public static readonly OperationsRestarting Instance = new();
}

/// <summary>A finished operation was not asked about for a while: its actor may go.</summary>
public sealed record OperationIdle(long OperationId);
