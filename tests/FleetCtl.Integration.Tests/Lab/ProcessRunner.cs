using System.Diagnostics;

namespace FleetCtl.Integration.Tests.Lab;

/// <summary>What a finished command printed and returned.</summary>
public sealed record RunResult(string CommandLine, int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>stdout and stderr together (swanctl writes its log lines to stdout and errors to stderr).</summary>
    public string Output => StdErr.Length == 0 ? StdOut : StdOut + StdErr;

    public RunResult EnsureSuccess()
    {
        if (!Succeeded)
        {
            throw new InvalidOperationException($"`{CommandLine}` exited {ExitCode} after {Elapsed.TotalMilliseconds:0} ms:\n{Output}");
        }

        return this;
    }

    public override string ToString() => $"`{CommandLine}` -> {ExitCode} ({Elapsed.TotalMilliseconds:0} ms)\n{Output}";
}

/// <summary>Runs short-lived helper commands (ip, swanctl, sh) and kills them — by PID, they are ours — when they overrun.</summary>
public static class ProcessRunner
{
    public static async Task<RunResult> RunAsync(string file, IEnumerable<string> args, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var psi = Start(file, args, out var commandLine);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            KillQuietly(process);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"`{commandLine}` did not finish within {(timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds:0.#} s; killed it (pid {process.Id}). Output so far:\n{await stdout}{await stderr}");
        }

        return new RunResult(commandLine, process.ExitCode, await stdout, await stderr, watch.Elapsed);
    }

    /// <summary>Synchronous variant for <see cref="AppDomain.ProcessExit"/> and test discovery, where nothing may be awaited.
    /// Reads the pipes on dedicated threads, not the thread pool: blocking on pool work from a starved pool (2 cores,
    /// parallel tests) stalls for the pool's thread injection, hundreds of milliseconds per call.</summary>
    public static RunResult Run(string file, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var psi = Start(file, args, out var commandLine);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        process.StandardInput.Close();
        string stdout = "", stderr = "";
        var readers = new[]
        {
            new Thread(() => stdout = process.StandardOutput.ReadToEnd()) { IsBackground = true },
            new Thread(() => stderr = process.StandardError.ReadToEnd()) { IsBackground = true },
        };
        foreach (var t in readers)
        {
            t.Start();
        }

        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(10)))
        {
            KillQuietly(process);
            process.WaitForExit();
        }

        foreach (var t in readers)
        {
            t.Join(TimeSpan.FromSeconds(5));
        }

        return new RunResult(commandLine, process.ExitCode, stdout, stderr, watch.Elapsed);
    }

    private static ProcessStartInfo Start(string file, IEnumerable<string> args, out string commandLine)
    {
        var psi = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        commandLine = string.Join(' ', new[] { file }.Concat(psi.ArgumentList.Select(Quote)));
        return psi;
    }

    internal static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@%+".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}
