using Akka.Actor;
using Akka.Hosting;

namespace FleetCtl.Fleet.Operations;

/// <summary>
/// Fleet operations as the edge (REST API, CLI, operations page) uses them. Validates input before asking; never blocks
/// an actor. Authorisation (operator and admin roles only) is the edge's job: <paramref name="user"/> arguments are
/// recorded as given.
/// </summary>
public interface IFleetOperations
{
    /// <summary>Previews a request against the gateways' live state. The preview is kept for
    /// <see cref="OperationsOptions.PreviewTtl"/>; execute it by its id.</summary>
    /// <exception cref="OperationValidationException">The request is invalid; <see cref="OperationValidationException.Problems"/> lists why.</exception>
    Task<OperationPreview> PreviewAsync(OperationRequest request, CancellationToken cancellationToken = default);

    /// <summary>A kept preview, or null when there is none (unknown, expired, or made before a restart).</summary>
    Task<OperationPreview?> GetPreviewAsync(string previewId, CancellationToken cancellationToken = default);

    /// <summary>Runs exactly the items of a preview. <paramref name="expectedHash"/>, when given, must be the preview's hash
    /// (what the operator confirmed). A preview runs at most once.</summary>
    Task<ExecuteResult> ExecuteAsync(string previewId, string user, string? expectedHash = null, CancellationToken cancellationToken = default);

    /// <summary>Stops sending new items; those in flight finish.</summary>
    Task<OperationControlResult> PauseAsync(long operationId, string user, CancellationToken cancellationToken = default);

    /// <summary>Carries on a paused or halted operation (a halted one starts its next wave at once).</summary>
    Task<OperationControlResult> ResumeAsync(long operationId, string user, CancellationToken cancellationToken = default);

    /// <summary>Cancels: pending items become cancelled, those in flight finish, then the operation ends as cancelled.</summary>
    Task<OperationControlResult> CancelAsync(long operationId, string user, CancellationToken cancellationToken = default);

    /// <summary>The full record (request, preview id and hash, every item with the gateway's answer, controls, drain report), or null.</summary>
    Task<OperationRecord?> GetAsync(long operationId, CancellationToken cancellationToken = default);

    /// <summary>The record with only the items <paramref name="items"/> selects (and how many match it), or null.</summary>
    /// <exception cref="ArgumentException">The view is invalid (<see cref="OperationItemsView.Validate"/> says why).</exception>
    Task<OperationRecord?> GetAsync(long operationId, OperationItemsView items, CancellationToken cancellationToken = default);

    /// <summary>A page of summaries, newest first.</summary>
    /// <exception cref="ArgumentException">The query is invalid (<see cref="OperationQuery.Validate"/> says why).</exception>
    Task<OperationPage> ListAsync(OperationQuery query, CancellationToken cancellationToken = default);

    /// <summary>Gateways marked as draining.</summary>
    Task<IReadOnlyList<DrainMark>> GetDrainMarksAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes a gateway's drain mark (e.g. after its maintenance); false when it had none.</summary>
    Task<bool> ClearDrainMarkAsync(string gateway, string user, CancellationToken cancellationToken = default);
}

/// <summary>Asks the operations manager (through its cluster singleton proxy) with <see cref="OperationsOptions.AskTimeout"/>.</summary>
public sealed class FleetOperations(IRequiredActor<OperationsManagerKey> manager, OperationsOptions options) : IFleetOperations
{
    public async Task<OperationPreview> PreviewAsync(OperationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return await AskAsync<PreviewResult>(new PreviewOperation(request), cancellationToken).ConfigureAwait(false) switch
        {
            PreviewResult.Ready ready => ready.Preview,
            PreviewResult.Invalid invalid => throw new OperationValidationException(invalid.Problems),
            var other => throw new InvalidOperationException($"unexpected answer {other}"),
        };
    }

    public async Task<OperationPreview?> GetPreviewAsync(string previewId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(previewId);
        return (await AskAsync<PreviewLookup>(new GetPreview(previewId.Trim()), cancellationToken, read: true).ConfigureAwait(false)).Preview;
    }

    public async Task<ExecuteResult> ExecuteAsync(string previewId, string user, string? expectedHash = null, CancellationToken cancellationToken = default)
    {
        if (ExecutePreview.Validate(previewId, user) is { } reason)
        {
            return new ExecuteResult.Refused(previewId ?? "", ExecuteRefusal.Invalid, reason);
        }

        return await AskAsync<ExecuteResult>(new ExecutePreview(previewId.Trim(), user.Trim(), expectedHash), cancellationToken).ConfigureAwait(false);
    }

    public Task<OperationControlResult> PauseAsync(long operationId, string user, CancellationToken cancellationToken = default) =>
        ControlAsync(operationId, user, new PauseOperation(operationId, user?.Trim() ?? ""), cancellationToken);

    public Task<OperationControlResult> ResumeAsync(long operationId, string user, CancellationToken cancellationToken = default) =>
        ControlAsync(operationId, user, new ResumeOperation(operationId, user?.Trim() ?? ""), cancellationToken);

    public Task<OperationControlResult> CancelAsync(long operationId, string user, CancellationToken cancellationToken = default) =>
        ControlAsync(operationId, user, new CancelOperation(operationId, user?.Trim() ?? ""), cancellationToken);

    public async Task<OperationRecord?> GetAsync(long operationId, CancellationToken cancellationToken = default) =>
        (await AskAsync<OperationLookup>(new GetOperation(operationId), cancellationToken, read: true).ConfigureAwait(false)).Record;

    public async Task<OperationRecord?> GetAsync(long operationId, OperationItemsView items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Validate() is { } reason)
        {
            throw new ArgumentException(reason, nameof(items));
        }

        return (await AskAsync<OperationLookup>(new GetOperation(operationId, items), cancellationToken, read: true).ConfigureAwait(false)).Record;
    }

    public async Task<OperationPage> ListAsync(OperationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Validate() is { } reason)
        {
            throw new ArgumentException(reason, nameof(query));
        }

        return await AskAsync<OperationPage>(new ListOperations(query), cancellationToken, read: true).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DrainMark>> GetDrainMarksAsync(CancellationToken cancellationToken = default) =>
        (await AskAsync<DrainMarks>(GetDrainMarks.Instance, cancellationToken, read: true).ConfigureAwait(false)).Marks;

    public async Task<bool> ClearDrainMarkAsync(string gateway, string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gateway);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        return (await AskAsync<DrainMarkClearResult>(new ClearDrainMark(gateway.Trim(), user.Trim()), cancellationToken).ConfigureAwait(false)).Cleared;
    }

    private async Task<OperationControlResult> ControlAsync(long operationId, string user, object message, CancellationToken cancellationToken)
    {
        if (ExecutePreview.Validate("-", user) is { } reason)
        {
            return new OperationControlResult.Invalid(operationId, reason);
        }

        return await AskAsync<OperationControlResult>(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks, and asks again while the actor that answers is being restarted (its supervisor says so), within the ask timeout.
    /// A <paramref name="read"/> is also asked again when an attempt gets no answer within <see cref="OperationsOptions.ReadAttemptTimeout"/>
    /// (a question that reached an actor just as it stopped is lost); steering is not, as it is not idempotent.
    /// </summary>
    private async Task<T> AskAsync<T>(object message, CancellationToken cancellationToken, bool read = false)
    {
        var actor = await manager.GetAsync(cancellationToken).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + options.AskTimeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var attempt = left <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : read && options.ReadAttemptTimeout < left ? options.ReadAttemptTimeout : left;
            object answer;
            try
            {
                answer = await actor.Ask<object>(message, attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (AskTimeoutException) when (read && DateTime.UtcNow < deadline)
            {
                continue;
            }

            switch (answer)
            {
                case T wanted:
                    return wanted;
                case OperationsRestarting when DateTime.UtcNow + RetryDelay < deadline:
                    await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
                    break;
                case OperationsRestarting:
                    throw new AskTimeoutException($"the operations actor was restarting for {options.AskTimeout.TotalSeconds:0} s");
                default:
                    throw new InvalidOperationException($"unexpected answer {answer.GetType().Name} to {message.GetType().Name}");
            }
        }
    }

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
}

/// <summary>Registry key of the operations manager's cluster singleton proxy.</summary>
public sealed class OperationsManagerKey;
