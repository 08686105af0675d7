using System.Security.Claims;
using Bunit;
using FleetCtl.Fleet.Alerts;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Fleet.Persistence;
using FleetCtl.Fleet.State;
using FleetCtl.Fleet.Telemetry;
using FleetCtl.Web.Auth;
using FleetCtl.Web.Dashboard;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace FleetCtl.Web.Tests.Components;

/// <summary>
/// A bUnit context with what the dashboard pages inject, all in process: an inventory, a <see cref="FleetDirectory"/>
/// fed by the test (<see cref="FleetDirectory.Update"/>), fake queries and history, a <see cref="FleetTimeline"/> the test
/// samples, a fake alert book and event stream, the real role policies with a signed-in user the test picks, and a fake
/// clock that the test advances (throttles and polls fire only then). Rendered as an interactive server circuit.
/// </summary>
public abstract class DashboardContext : BunitContext
{
    /// <summary>
    /// How long to wait for a render that follows a fake-clock step: MudBlazor's debounce continues on the thread
    /// pool after <see cref="Advance"/>, which a loaded machine may take a while to get to.
    /// </summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    protected static readonly DateTimeOffset T0 = new(2026, 11, 3, 12, 0, 0, TimeSpan.Zero);

    protected DashboardContext(params GatewayDefinition[] gateways)
    {
        Inventory = FleetInventory.Create(gateways.Length > 0 ? gateways : DefaultGateways(), "test");
        Time = new FakeTimeProvider(T0);
        Directory = new FleetDirectory(Inventory, Time);
        Timeline = new FleetTimeline(Directory, new FleetTimelineOptions(), Time);
        AlertBook = new FakeFleetAlerts(Time);
        Operations = new FakeFleetOperations(Time);
        Services.AddMudServices();
        Services.AddSingleton(Inventory);
        Services.AddSingleton(Directory);
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton<IFleetQueries>(Queries);
        Services.AddSingleton<IHistoryReader>(History);
        Services.AddSingleton(Timeline);
        Services.AddSingleton<IFleetAlerts>(AlertBook);
        Services.AddSingleton<FleetCtl.Fleet.Operations.IFleetOperations>(Operations);
        Services.AddSingleton<IFleetEventStream>(Events);
        Services.AddSingleton<FleetCtl.Fleet.Diagnosis.IFleetDiagnosis>(Diagnosis);
        // the server's own policies: what a role may do is decided as in production, not by a test double
        // (bUnit registers placeholders that only throw; AddAuthorization only tries to add its services)
        Services.RemoveAll<IAuthorizationService>();
        Services.RemoveAll<IAuthorizationPolicyProvider>();
        Services.RemoveAll<AuthenticationStateProvider>();
        Services.AddAuthorizationBuilder().AddFleetPolicies();
        Services.AddSingleton<AuthenticationStateProvider>(Auth);
        Services.AddCascadingAuthenticationState();
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true)); // builds the renderer: services are fixed from here
    }

    protected FleetInventory Inventory { get; }

    protected FleetDirectory Directory { get; }

    protected FakeTimeProvider Time { get; }

    protected FakeFleetQueries Queries { get; } = new();

    protected FakeHistoryReader History { get; } = new();

    protected FleetTimeline Timeline { get; }

    protected FakeFleetAlerts AlertBook { get; }

    protected FakeFleetOperations Operations { get; }

    protected FakeEventStream Events { get; } = new();

    protected FakeFleetDiagnosis Diagnosis { get; } = new();

    /// <summary>Who is signed in (a viewer until the test says otherwise).</summary>
    protected TestAuthenticationStateProvider Auth { get; } = new();

    /// <summary>Six gateways over two regions and three roles.</summary>
    protected static GatewayDefinition[] DefaultGateways() =>
    [
        Definition("fra-hub-1", "eu-central", "hub"),
        Definition("fra-branch-2", "eu-central", "branch"),
        Definition("lon-branch-1", "eu-west", "branch"),
        Definition("lon-ra-1", "eu-west", "remote-access"),
        Definition("nyc-hub-1", "us-east", "hub"),
        Definition("nyc-branch-7", "us-east", "branch"),
    ];

    protected static GatewayDefinition Definition(string name, string region, string role) => new()
    {
        Name = name,
        Uri = $"tcp://{name}.vpn.example.net:4502",
        Tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["region"] = region, ["role"] = role },
    };

    protected GatewayStatus Status(string name, GatewayConnectionState state = GatewayConnectionState.Connected,
        int ike = 0, int child = 0, int down = 0, string? error = null, string? version = "5.9.8") => new()
    {
        Gateway = name,
        Uri = Inventory[name].Uri!,
        State = state,
        Since = Time.GetUtcNow(),
        IkeSas = ike,
        ChildSas = child,
        TunnelsDown = down,
        LastError = error,
        DaemonVersion = version,
    };

    /// <summary>Lets the throttles' timers fire (due ones run synchronously on Advance).</summary>
    protected void Advance(TimeSpan by) => Time.Advance(by);

    /// <summary>
    /// Moves the fake clock on in small steps until <paramref name="assertion"/> holds, failing with its last failure
    /// after <see cref="Patience"/>. For what a debounced MudTextField does: MudBlazor's debouncer starts its delay
    /// after an await, so a single Advance right after typing can come before the delay exists and then never fires.
    /// </summary>
    protected void AdvanceUntil(Action assertion)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or ElementNotFoundException && DateTime.UtcNow < deadline)
            {
                Time.Advance(TimeSpan.FromMilliseconds(50));
                Thread.Sleep(10);
            }
        }
    }
}

/// <summary>Answers gateway views from a dictionary the test fills; counts the questions.</summary>
public sealed class FakeFleetQueries : IFleetQueries
{
    private readonly Dictionary<string, GatewayView> _views = new(StringComparer.OrdinalIgnoreCase);
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public void Set(GatewayView view)
    {
        lock (_views)
        {
            _views[view.Status.Gateway] = view;
        }
    }

    public Task<GatewayView?> GetGatewayViewAsync(string name, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        lock (_views)
        {
            return Task.FromResult(_views.GetValueOrDefault(name));
        }
    }
}

/// <summary>History from a list the test fills; remembers the last filter.</summary>
public sealed class FakeHistoryReader : IHistoryReader
{
    public List<HistoryEntry> Entries { get; } = [];

    public HistoryFilter? LastFilter { get; private set; }

    public Exception? Failure { get; set; }

    public Task<HistoryPage> QueryAsync(HistoryFilter filter, CancellationToken cancellationToken = default)
    {
        LastFilter = filter;
        if (Failure is { } e)
        {
            return Task.FromException<HistoryPage>(e);
        }

        var matching = Entries.Where(x => filter.Gateway is null || x.Gateway == filter.Gateway)
            .Where(x => filter.Kinds.Count == 0 || filter.Kinds.Contains(x.Kind))
            .OrderByDescending(x => x.At).ToList();
        return Task.FromResult(new HistoryPage([.. matching.Skip(filter.Offset).Take(filter.Limit)], matching.Count));
    }
}

/// <summary>The signed-in user of a component test: a name and one of the fleet's roles, changeable while a page is open.</summary>
public sealed class TestAuthenticationStateProvider : AuthenticationStateProvider
{
    private AuthenticationState _state = For("vera", FleetRoles.Viewer);

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(_state);

    /// <summary>Signs <paramref name="user"/> in with <paramref name="role"/> and tells the open pages.</summary>
    public void SignIn(string user, string role)
    {
        _state = For(user, role);
        NotifyAuthenticationStateChanged(Task.FromResult(_state));
    }

    // shaped like FleetIdentity.ToPrincipal: a name claim and one role claim
    private static AuthenticationState For(string user, string role) => new(new ClaimsPrincipal(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, user), new Claim(ClaimTypes.Role, role)], "test", ClaimTypes.Name, ClaimTypes.Role)));
}
