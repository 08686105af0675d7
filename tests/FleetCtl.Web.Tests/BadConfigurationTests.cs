using System.Diagnostics;

namespace FleetCtl.Web.Tests;

/// <summary>The real server process refuses bad configuration with one clear message and exit code 2, starting nothing.</summary>
public sealed class BadConfigurationTests
{
    [Fact]
    public async Task A_bad_inventory_stops_start_up_with_a_message_naming_each_entry()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("fleetctl-badinv-").FullName, "fleet.yaml");
        await File.WriteAllTextAsync(file, """
            gateways:
              - name: gw-a
                uri: unix:///run/a.vici
              - name: gw-a
                uri: unix:///run/b.vici
              - name: gw-c
                uri: http://nope
            """);
        var (exit, stderr) = await RunServerAsync($"--Fleet:InventoryFile={file}");
        Assert.Equal(2, exit);
        Assert.Contains("fleetctl: cannot start: The fleet inventory is invalid (2 problems)", stderr, StringComparison.Ordinal);
        Assert.Contains("gw-a (" + file + ":4:5): duplicate name", stderr, StringComparison.Ordinal);
        Assert.Contains("'http://nope' has an unsupported scheme", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal); // a message, not a stack trace
    }

    [Fact]
    public async Task Bad_persistence_settings_stop_start_up_with_a_clear_message()
    {
        var (exit, stderr) = await RunServerAsync("--Fleet:Persistence:Provider=postgresql");
        Assert.Equal(2, exit);
        Assert.Contains("Fleet:Persistence:ConnectionString is required", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Stderr)> RunServerAsync(string argument)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "FleetCtl.Web.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = AppContext.BaseDirectory };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add(argument);
        psi.ArgumentList.Add("--urls=http://127.0.0.1:0");
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await stdout;
        return (p.ExitCode, await stderr);
    }
}
