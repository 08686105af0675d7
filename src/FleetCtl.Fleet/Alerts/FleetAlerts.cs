using Akka.Actor;
using Akka.Hosting;

namespace FleetCtl.Fleet.Alerts;

/// <summary>The alert book as the edge (pages, API) uses it. Validates input before asking.</summary>
public interface IFleetAlerts
{
    /// <summary>A page of alerts, newest first.</summary>
    /// <exception cref="ArgumentException">The query is invalid (<see cref="AlertQuery.Validate"/> says why).</exception>
    Task<AlertPage> ListAsync(AlertQuery query, CancellationToken cancellationToken = default);

    /// <summary>Acknowledges an open alert; an invalid user or comment is answered <see cref="AcknowledgeResult.Invalid"/> without asking.</summary>
    Task<AcknowledgeResult> AcknowledgeAsync(long id, string user, string? comment, CancellationToken cancellationToken = default);

    /// <summary>Counts of the active (open and acknowledged) alerts.</summary>
    Task<AlertCounts> CountsAsync(CancellationToken cancellationToken = default);

    /// <summary>One alert, or null when the book has no such alert.</summary>
    Task<FleetAlert?> GetAsync(long id, CancellationToken cancellationToken = default);
}

/// <summary>Asks the alert book (through its cluster singleton proxy) with <see cref="AlertBookOptions.AskTimeout"/>.</summary>
public sealed class FleetAlerts(IRequiredActor<AlertBookKey> book, AlertBookOptions options) : IFleetAlerts
{
    public async Task<AlertPage> ListAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Validate() is { } reason)
        {
            throw new ArgumentException(reason, nameof(query));
        }

        return await AskAsync<AlertPage>(new ListAlerts(query), cancellationToken).ConfigureAwait(false);
    }

    public async Task<AcknowledgeResult> AcknowledgeAsync(long id, string user, string? comment, CancellationToken cancellationToken = default)
    {
        if (AcknowledgeAlert.Validate(user, comment) is { } reason)
        {
            return new AcknowledgeResult.Invalid(id, reason);
        }

        return await AskAsync<AcknowledgeResult>(new AcknowledgeAlert(id, user, comment), cancellationToken).ConfigureAwait(false);
    }

    public Task<AlertCounts> CountsAsync(CancellationToken cancellationToken = default) =>
        AskAsync<AlertCounts>(GetAlertCounts.Instance, cancellationToken);

    public async Task<FleetAlert?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        (await AskAsync<AlertLookup>(new GetAlert(id), cancellationToken).ConfigureAwait(false)).Alert;

    private async Task<T> AskAsync<T>(object message, CancellationToken cancellationToken)
    {
        var actor = await book.GetAsync(cancellationToken).ConfigureAwait(false);
        return await actor.Ask<T>(message, options.AskTimeout, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Registry key of the alert book's cluster singleton proxy.</summary>
public sealed class AlertBookKey;
