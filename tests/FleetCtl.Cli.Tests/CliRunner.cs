namespace FleetCtl.Cli.Tests;

/// <summary>What one fleetctl run printed and returned.</summary>
public sealed record Run(int Exit, string Out, string Error)
{
    public override string ToString() => $"exit {Exit}\nstdout:\n{Out}\nstderr:\n{Error}";
}

/// <summary>Runs fleetctl's entry point in-process with string writers and a private environment: no FLEETCTL_* or
/// config file of the developer's leaks in.</summary>
public static class CliRunner
{
    public static async Task<Run> RunAsync(IReadOnlyDictionary<string, string>? env, string[] args, Func<CliContext, CliContext>? configure = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext
        {
            Out = stdout,
            Error = stderr,
            GetEnvironmentVariable = name => env is not null && env.TryGetValue(name, out var v) ? v : name == "FLEETCTL_CONFIG" ? "/nonexistent/fleetctl.json" : null,
            Timeout = TimeSpan.FromSeconds(10),
            ReadSecret = _ => throw new InvalidOperationException("the test gave no terminal"),
        };
        if (configure is not null)
        {
            context = configure(context);
        }
        var exit = await FleetCtlCli.RunAsync(args, context);
        return new Run(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Against the test server, as a viewer (the token comes from the flag).</summary>
    public static Task<Run> AsViewerAsync(this ServerFixture server, params string[] args) =>
        RunAsync(null, ["--server", server.Url, "--token", ServerFixture.ViewerToken, .. args]);
}
