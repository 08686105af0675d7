using System.Text.Json.Serialization;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Web;
using FleetCtl.Web.Api;
using FleetCtl.Web.Auth;
using FleetCtl.Web.Components;
using FleetCtl.Web.Metrics;

if (args is ["hash-password", ..])
{
    // for Fleet:Auth:Users: reads the password from standard input (so it stays out of the shell history)
    return HashPasswordCommand.Run(Console.In, Console.Out, Console.Error, interactive: !Console.IsInputRedirected);
}

var builder = WebApplication.CreateBuilder(args);
// serve the component libraries' files (MudBlazor, blazor.web.js) from the build output in every environment, not only
// Development: `dotnet FleetCtl.Web.dll` from bin/ is how tests, the load driver and systemd without publish run it
// (a published app has them in wwwroot and no manifest, which makes this a no-op)
builder.WebHost.UseStaticWebAssets();

FleetInventory inventory;
FleetAuthOptions authOptions;
try
{
    inventory = InventoryLoader.Load(builder.Configuration, builder.Environment.ContentRootPath);
    FleetCtl.Fleet.Persistence.FleetPersistenceOptions.FromConfiguration(builder.Configuration).Validate();
    authOptions = FleetAuthSetup.ReadOptions(builder.Configuration);
}
catch (Exception e) when (e is InventoryException or FleetCtl.Fleet.Persistence.FleetPersistenceException or FleetAuthException)
{
    // bad configuration: one clear message naming what is wrong, nothing started
    Console.Error.WriteLine($"fleetctl: cannot start: {e.Message}");
    return 2;
}
if (inventory.IsEmpty)
{
    // no gateways configured: run a demo fleet in-process and manage it (DemoFleet logs that it did)
    var demoOptions = builder.Configuration.GetSection("Fleet:Demo").Get<DemoFleetOptions>() ?? new DemoFleetOptions();
    var (fleet, demoInventory) = await DemoFleet.StartAsync(demoOptions);
    inventory = demoInventory;
    builder.Services.AddSingleton(fleet);
    builder.Services.AddSingleton<DemoFleet>();
    builder.Services.AddHostedService(sp => sp.GetRequiredService<DemoFleet>());
}

builder.Services.AddFleet(builder.Configuration, options =>
{
    options.Inventory = inventory;
    options.Gateway = builder.Configuration.GetSection("Fleet:Gateway").Get<GatewayOptions>() ?? new GatewayOptions();
    options.ConfigureAkka = FleetMetricsExtensions.ConfigureAkka;
});
builder.Services.AddFleetMetrics(builder.Configuration);
builder.Services.AddFleetAuth(authOptions, builder.Environment.ContentRootPath);
builder.Services.AddProblemDetails();
builder.Services.AddFleetApi();

builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddDashboard();

var app = builder.Build();

try
{
    FleetAuthSetup.EnsureFirstAdmin(app.Services.GetRequiredService<FleetAuthStore>(), authOptions, Console.Out);
}
catch (Exception e) when (e is FleetAuthException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"fleetctl: cannot start: {e.Message}");
    return 2;
}

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.UseFleetApiErrors();
app.MapStaticAssets().AllowAnonymous();
app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous().ExcludeFromDescription();
app.MapFleetAuth();
app.MapFleetApi();
app.MapAlertsApi();
app.MapEventsApi();
app.MapOperationsApi();
app.MapDiagnosisApi();
var metricsEndpoint = app.MapFleetMetrics();
if (app.Configuration.GetValue<bool>("Fleet:Metrics:AllowAnonymous"))
{
    // for Prometheus servers that cannot send a bearer token; by default /metrics needs a viewer token
    metricsEndpoint.AllowAnonymous();
}
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;

/// <summary>Entry point (public for WebApplicationFactory).</summary>
public partial class Program;
