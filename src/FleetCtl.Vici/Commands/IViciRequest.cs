namespace FleetCtl.Vici.Commands;

/// <summary>A typed VICI command request: the command's wire name and the request message it sends.</summary>
public interface IViciRequest
{
    /// <summary>The command name on the wire, e.g. <c>initiate</c>.</summary>
    string Command { get; }

    /// <summary>The request message, with only the keys this request sets.</summary>
    /// <exception cref="InvalidOperationException">The request lacks an argument the command needs (e.g. any SA selector).</exception>
    ViciMessage ToMessage();
}
