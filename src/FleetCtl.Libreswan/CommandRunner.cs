using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace FleetCtl.Libreswan;

/// <summary>How to run one command: a deadline and how much of stdout and of stderr to keep.</summary>
public sealed record CommandOptions
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bytes kept of stdout and, separately, of stderr; the rest is read and dropped (<see cref="CommandResult.OutputTruncated"/>).</summary>
    public int MaxOutputBytes { get; init; } = 4 * 1024 * 1024;
}

/// <summary>What a finished command printed and returned.</summary>
public sealed record CommandResult(IReadOnlyList<string> Argv, int ExitCode, string StdOut, string StdErr, bool OutputTruncated, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    public string CommandLine => string.Join(' ', Argv.Select(Quote));

    internal static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@%+[]#".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>Runs a command given as an argv list (no shell). Implementations throw <see cref="CommandTimeoutException"/>,
/// <see cref="CommandNotFoundException"/> or <see cref="OperationCanceledException"/>; a non-zero exit is a result, not an exception.</summary>
public interface ICommandRunner
{
    Task<CommandResult> RunAsync(IReadOnlyList<string> argv, CommandOptions options, CancellationToken cancellationToken = default);
}

public class LibreswanCommandException : Exception
{
    public LibreswanCommandException(string message, CommandResult? result = null, Exception? inner = null) : base(message, inner) => Result = result;

    public LibreswanCommandException() : this("libreswan command failed")
    {
    }

    public LibreswanCommandException(string message) : this(message, null, null)
    {
    }

    public LibreswanCommandException(string message, Exception inner) : this(message, null, inner)
    {
    }

    /// <summary>The finished command, when it finished (non-zero exit); null for timeouts and missing binaries.</summary>
    public CommandResult? Result { get; }
}

/// <summary>The command overran its timeout and was killed (with its process tree).</summary>
public sealed class CommandTimeoutException : LibreswanCommandException
{
    public CommandTimeoutException(string message, string partialOutput) : base(message) => PartialOutput = partialOutput;

    public CommandTimeoutException() : this("command timed out", "")
    {
    }

    public CommandTimeoutException(string message) : this(message, "")
    {
    }

    public CommandTimeoutException(string message, Exception inner) : base(message, inner) => PartialOutput = "";

    /// <summary>stdout and stderr printed before the kill.</summary>
    public string PartialOutput { get; }
}

/// <summary>The executable does not exist or cannot be executed.</summary>
public sealed class CommandNotFoundException : LibreswanCommandException
{
    public CommandNotFoundException()
    {
    }

    public CommandNotFoundException(string message) : base(message)
    {
    }

    public CommandNotFoundException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>Runs commands as child processes: argv passed as a list, stdin closed, stdout/stderr captured up to a cap,
/// killed (whole tree) on timeout or cancellation.</summary>
public sealed class ProcessCommandRunner : ICommandRunner
{
    public static ProcessCommandRunner Instance { get; } = new();

    public async Task<CommandResult> RunAsync(IReadOnlyList<string> argv, CommandOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(argv);
        ArgumentNullException.ThrowIfNull(options);
        if (argv.Count == 0)
        {
            throw new ArgumentException("empty command", nameof(argv));
        }

        var psi = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in argv.Skip(1))
        {
            psi.ArgumentList.Add(arg);
        }

        var watch = Stopwatch.StartNew();
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new CommandNotFoundException($"could not start {argv[0]}");
        }
        catch (Win32Exception e)
        {
            throw new CommandNotFoundException($"cannot run `{argv[0]}`: {e.Message}", e);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = new CappedReader(process.StandardOutput.BaseStream, options.MaxOutputBytes);
            var stderr = new CappedReader(process.StandardError.BaseStream, options.MaxOutputBytes);
            var reading = Task.WhenAll(stdout.ReadAsync(), stderr.ReadAsync());
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(options.Timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
                await reading.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                KillTree(process);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                // a grandchild that escaped the kill may still hold the pipes open: do not wait for it forever
                await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                var line = string.Join(' ', argv.Select(CommandResult.Quote));
                throw new CommandTimeoutException(
                    $"`{line}` did not finish within {options.Timeout.TotalSeconds:0.###} s; killed it (pid {process.Id})",
                    stdout.Text + stderr.Text);
            }

            return new CommandResult([.. argv], process.ExitCode, stdout.Text, stderr.Text, stdout.Truncated || stderr.Truncated, watch.Elapsed);
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        catch (Win32Exception)
        {
            // exited between the check and the kill
        }
    }

    /// <summary>Reads a stream to its end, keeping the first <c>cap</c> bytes.</summary>
    private sealed class CappedReader(Stream stream, int cap)
    {
        private readonly MemoryStream _kept = new();

        public bool Truncated { get; private set; }

        public string Text
        {
            get
            {
                lock (_kept)
                {
                    return Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length);
                }
            }
        }

        public async Task ReadAsync()
        {
            var buffer = new byte[16 * 1024];
            int n;
            while ((n = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (_kept)
                {
                    var room = (int)Math.Max(0, cap - _kept.Length);
                    _kept.Write(buffer, 0, Math.Min(room, n));
                    Truncated |= n > room;
                }
            }
        }
    }
}
