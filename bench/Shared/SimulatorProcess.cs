using System.Diagnostics;

namespace FleetCtl.Bench;

/// <summary>
/// The simulator as its own process (so a driver measures the controller's CPU and memory apart from it): started with a
/// fleet size, waits for the inventory it writes, killed with its children on dispose. Built (Release) on first use.
/// One source file, compiled into each load driver.
/// </summary>
public sealed class SimulatorProcess : IDisposable
{
    private SimulatorProcess(Process process, string inventoryPath)
    {
        Process = process;
        InventoryPath = inventoryPath;
    }

    private bool _disposed;

    public Process Process { get; }

    /// <summary>The inventory file the simulator wrote: every simulated gateway with its VICI socket.</summary>
    public string InventoryPath { get; }

    public static async Task<SimulatorProcess> StartAsync(int gateways, int sas, int eventRate, string directory)
    {
        var root = RepositoryRoot();
        var simDll = Path.Combine(root, "src/FleetCtl.Simulator/bin/Release/net10.0/FleetCtl.Simulator.dll");
        if (!File.Exists(simDll))
        {
            using var build = Process.Start("dotnet", $"build -c Release -v q {Path.Combine(root, "src/FleetCtl.Simulator")}");
            await build.WaitForExitAsync().ConfigureAwait(false);
        }

        var sim = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { simDll, "--gateways", $"{gateways}", "--sas", $"{sas}", "--event-rate", $"{eventRate}", "--dir", directory, "--quiet", "--status", "0" },
            RedirectStandardOutput = true,
        })!;
        while (await sim.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith("inventory ", StringComparison.Ordinal))
            {
                return new SimulatorProcess(sim, line["inventory ".Length..]);
            }
        }

        sim.Kill(entireProcessTree: true);
        throw new InvalidOperationException("the simulator printed no inventory");
    }

    /// <summary>The repository this driver runs from.</summary>
    public static string RepositoryRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "FleetCtl.sln")))
        {
            d = d.Parent;
        }

        return d?.FullName ?? throw new InvalidOperationException("run from inside the FleetCtl repository");
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }

        Process.Dispose();
    }
}
