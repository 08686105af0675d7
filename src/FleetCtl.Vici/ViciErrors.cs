namespace FleetCtl.Vici;

/// <summary>Base of every error the VICI library raises. Catch this to handle them all.</summary>
public class ViciException : Exception
{
    public ViciException(string message) : base(message) { }
    public ViciException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>What was wrong with bytes received from (or about to be sent to) a peer.</summary>
public enum ViciProtocolError
{
    /// <summary>The frame or message ended in the middle of an element.</summary>
    Truncated,
    /// <summary>A frame's length is over the configured limit (charon: 512 KiB).</summary>
    FrameTooLarge,
    /// <summary>A packet type byte that VICI does not define.</summary>
    UnknownPacketType,
    /// <summary>A message element type byte that VICI does not define.</summary>
    UnknownElementType,
    /// <summary>A name (key, section, list or packet name) longer than 255 bytes, or not valid UTF-8.</summary>
    InvalidName,
    /// <summary>A value longer than 65,535 bytes.</summary>
    ValueTooLong,
    /// <summary>Sections nested deeper than the configured limit.</summary>
    NestingTooDeep,
    /// <summary>Elements in an order the spec forbids: unbalanced sections, items outside a list, nested lists...</summary>
    Malformed,
    /// <summary>A packet that is valid on its own but not expected at this point of the conversation.</summary>
    UnexpectedPacket,
}

/// <summary>The peer sent bytes that are not valid VICI. The connection that carried them is closed.</summary>
public sealed class ViciProtocolException : ViciException
{
    public ViciProtocolException(ViciProtocolError error, string message) : base(message) => Error = error;
    public ViciProtocolError Error { get; }
}

/// <summary>A command answered with <c>success = no</c>; <see cref="ErrorMessage"/> holds the daemon's <c>errmsg</c>.</summary>
public sealed class ViciCommandFailedException : ViciException
{
    public ViciCommandFailedException(string command, string? errorMessage, ViciMessage response)
        : base($"vici command '{command}' failed: {errorMessage ?? "(no errmsg)"}")
    {
        Command = command;
        ErrorMessage = errorMessage;
        Response = response;
    }

    public string Command { get; }
    public string? ErrorMessage { get; }
    /// <summary>The full response (for commands such as terminate that report <c>matches</c> even on failure).</summary>
    public ViciMessage Response { get; }
}

/// <summary>The daemon answered CMD_UNKNOWN: it has no handler for this command (older daemon, plugin missing).</summary>
public sealed class ViciUnknownCommandException : ViciException
{
    public ViciUnknownCommandException(string command) : base($"vici command '{command}' is unknown to the daemon") => Command = command;
    public string Command { get; }
}

/// <summary>The daemon answered EVENT_UNKNOWN: it has no such event (e.g. <c>alert</c> before strongSwan 6.0.3).</summary>
public sealed class ViciUnknownEventException : ViciException
{
    public ViciUnknownEventException(string eventName) : base($"vici event '{eventName}' is unknown to the daemon") => EventName = eventName;
    public string EventName { get; }
}

/// <summary>The connection is gone (closed by the peer, reset, or closed after a protocol error or a mid-frame timeout).</summary>
public sealed class ViciConnectionLostException : ViciException
{
    public ViciConnectionLostException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>A command did not complete within its timeout.</summary>
public sealed class ViciTimeoutException : ViciException
{
    public ViciTimeoutException(string command, TimeSpan timeout, bool connectionClosed)
        : base($"vici command '{command}' timed out after {timeout.TotalMilliseconds:0} ms" +
               (connectionClosed ? " in the middle of a frame; the connection was closed" : ""))
    {
        Command = command;
        Timeout = timeout;
        ConnectionClosed = connectionClosed;
    }

    public string Command { get; }
    public TimeSpan Timeout { get; }
    /// <summary>True when the timeout struck while a frame was half-read, so the connection had to be closed.</summary>
    public bool ConnectionClosed { get; }
}
