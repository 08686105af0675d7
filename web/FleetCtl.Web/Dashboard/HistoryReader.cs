using Akka.Actor;
using FleetCtl.Fleet.Persistence;

namespace FleetCtl.Web.Dashboard;

/// <summary>The persisted history as the pages read it: <see cref="HistoryQuery"/> behind an interface, so component tests use a fake.</summary>
public interface IHistoryReader
{
    Task<HistoryPage> QueryAsync(HistoryFilter filter, CancellationToken cancellationToken = default);
}

/// <summary>Reads the fleet's journal through <see cref="HistoryQuery"/>, made on first use (the actor system starts with the host).</summary>
public sealed class JournalHistoryReader(IServiceProvider services) : IHistoryReader
{
    private readonly Lazy<HistoryQuery> _query = new(() => new HistoryQuery(services.GetRequiredService<ActorSystem>()));

    public Task<HistoryPage> QueryAsync(HistoryFilter filter, CancellationToken cancellationToken = default) =>
        _query.Value.QueryAsync(filter, cancellationToken);
}
