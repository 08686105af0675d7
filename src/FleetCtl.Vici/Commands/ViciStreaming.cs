using FleetCtl.Vici.Events;

namespace FleetCtl.Vici.Commands;

/// <summary>Runs the commands that stream <c>control-log</c> (initiate, terminate).</summary>
internal static class ViciStreaming
{
    /// <summary>Margin given to the client on top of the daemon's own timeout, so the daemon's answer wins the race.</summary>
    public static readonly TimeSpan DaemonTimeoutMargin = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The client-side timeout for a command that carries a daemon-side <c>timeout</c> in ms: the caller's, else the
    /// daemon's plus a margin, else null (the client's default). 0 (wait forever) and -1 (return at once) give null.
    /// </summary>
    public static TimeSpan? ClientTimeout(TimeSpan? explicitTimeout, long? daemonTimeoutMs) =>
        explicitTimeout ?? (daemonTimeoutMs > 0 ? TimeSpan.FromMilliseconds(daemonTimeoutMs.Value) + DaemonTimeoutMargin : null);

    /// <summary>
    /// Drains a streamed command: parses every streamed message as a <see cref="ControlLogEvent"/>, reports it and
    /// keeps it; returns the final response with the lines.
    /// </summary>
    /// <param name="command">The command name, for errors.</param>
    /// <param name="start">Starts the stream given the callback that receives the final response.</param>
    /// <param name="progress">Receives each line as it arrives.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <exception cref="ViciCommandFailedException">The response says <c>success = no</c>.</exception>
    public static async Task<(ViciMessage Response, IReadOnlyList<ControlLogEvent> Log)> RunWithControlLogAsync(
        string command,
        Func<Action<ViciMessage>, IAsyncEnumerable<ViciMessage>> start,
        IProgress<ControlLogEvent>? progress,
        CancellationToken cancellationToken)
    {
        var log = new List<ControlLogEvent>();
        ViciMessage? response = null;
        await foreach (var message in start(r => response = r).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var line = ControlLogEvent.Parse(message, DateTimeOffset.UtcNow);
            log.Add(line);
            progress?.Report(line);
        }

        if (response is null)
        {
            throw new ViciException($"vici command '{command}' finished its stream without a response");
        }

        // The client may already throw for success = no; if it hands the response over instead, fail the same way.
        if (response.GetBool("success") == false)
        {
            throw new ViciCommandFailedException(command, response.GetString("errmsg"), response);
        }

        return (response, log);
    }
}
