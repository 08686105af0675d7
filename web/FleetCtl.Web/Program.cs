using System.Text.Json.Serialization;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Hosting;
using FleetCtl.Fleet.Inventory;
using FleetCtl.Web;
using FleetCtl.Web.Components;
using FleetCtl.Web.Metrics;

var builder = WebApplication.CreateBuilder(args);

FleetInventory inventory;
try
{
    inventory = InventoryLoader.Load(builder.Configuration, builder.Environment.ContentRootPath);
    FleetCtl.Fleet.Persistence.FleetPersistenceOptions.FromConfiguration(builder.Configuration).Validate();
}
catch (Exception e) when (e is InventoryException or FleetCtl.Fleet.Persistence.FleetPersistenceException)
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

builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddDashboard();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

app.UseAntiforgery();
app.MapStaticAssets();
app.MapFleetApi();
app.MapFleetMetrics();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;

/// <summary>Entry point (public for WebApplicationFactory).</summary>
public partial class Program;
