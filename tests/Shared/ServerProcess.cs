using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FleetCtl.Testing;

/// <summary>
/// The FleetCtl server (<c>FleetCtl.Web.dll</c>) as a real process, the way a user starts it: with its command-line
/// arguments, its stdout and stderr collected together (<see cref="Output"/>), and killed with its children on dispose.
/// One source file, compiled into each test project and bench that starts a server (they do not reference each other).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process) => Process = process;

    public Process Process { get; }

    public bool HasExited => Process.HasExited;

    /// <summary>Everything the server wrote so far, stdout and stderr interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet <paramref name="webDll"/> <paramref name="arguments"/></c> in <paramref name="workingDirectory"/>
    /// (default: the dll's folder).</summary>
    public static ServerProcess Start(string webDll, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(Path.GetFullPath(webDll))!,
        };
        psi.ArgumentList.Add(webDll);
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        var server = new ServerProcess(Process.Start(psi)!);
        server.Process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server.Process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server.Process.BeginOutputReadLine();
        server.Process.BeginErrorReadLine();
        return server;
    }

    /// <summary>The server built next to the calling test assembly (its project reference copies it there).</summary>
    public static ServerProcess StartBeside(IEnumerable<string> arguments) =>
        Start(Path.Combine(AppContext.BaseDirectory, "FleetCtl.Web.dll"), arguments, AppContext.BaseDirectory);

    /// <summary>A TCP port on the loopback interface that nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls <paramref name="ready"/> until it returns true, the server exits, or <paramref name="timeout"/> passes; then throws
    /// with <paramref name="what"/> and the server's output. Exceptions of a not-yet-listening server (connection refused,
    /// timeouts) count as "not yet".</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> ready, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(ready);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !HasExited)
        {
            try
            {
                if (await ready().ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
            }

            await Task.Delay(200).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"{what} within {timeout.TotalSeconds:0} s{(HasExited ? $" (the server exited with {Process.ExitCode})" : "")}:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync().ConfigureAwait(false);
        }

        Process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
