using FleetCtl.Web.Dashboard;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace FleetCtl.Web;

/// <summary>What the dashboard pages need besides the fleet itself (<c>AddFleet</c>).</summary>
public static class DashboardServices
{
    /// <summary>MudBlazor, the clock the pages throttle their renders with, and the history reader of the gateway page.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddMudServices();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IHistoryReader, JournalHistoryReader>();
        return services;
    }
}
