namespace FleetCtl.Cli;

/// <summary>A failure the CLI reports as one line on stderr and an exit code (see <see cref="ExitCodes"/>).</summary>
public sealed class CliException : Exception
{
    public CliException(int exitCode, string message) : base(message) => ExitCode = exitCode;

    public CliException(int exitCode, string message, Exception inner) : base(message, inner) => ExitCode = exitCode;

    public CliException() : this(ExitCodes.Error, "fleetctl failed")
    {
    }

    public CliException(string message) : this(ExitCodes.Error, message)
    {
    }

    public CliException(string message, Exception inner) : this(ExitCodes.Error, message, inner)
    {
    }

    public int ExitCode { get; }
}

/// <summary>fleetctl's exit codes: scripts branch on these, so they do not change.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Any other failure: an HTTP error the codes below do not cover, an answer that is not what was expected.</summary>
    public const int Error = 1;
    /// <summary>Bad arguments, a bad <c>--server</c> URL or an unreadable config file.</summary>
    public const int Usage = 2;
    /// <summary>The server could not be reached (refused, DNS, timeout).</summary>
    public const int Unreachable = 3;
    /// <summary>The server refused the request: 401 or 403.</summary>
    public const int Unauthorized = 4;
    /// <summary>The named gateway does not exist.</summary>
    public const int NotFound = 5;
}
