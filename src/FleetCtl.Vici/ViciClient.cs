using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace FleetCtl.Vici;

/// <summary>
/// A VICI client session on one connection. VICI allows one request at a time per connection: requests are
/// serialised here, responses are matched in order, streamed events go to the command that asked for them and
/// registered events to <see cref="Events"/>, which never blocks the reader.
/// </summary>
public sealed partial class ViciClient : IAsyncDisposable
{
    /// <summary>Connects to <paramref name="uri"/>: <c>unix:///path</c>, <c>tcp://host:port</c>, <c>tls://host:port</c> or <c>exec:command args</c>.</summary>
    public static Task<ViciClient> ConnectAsync(string uri, ViciClientOptions? options = null, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    /// <summary>Registered events as they arrive. Bounded (see <see cref="ViciClientOptions.EventBufferCapacity"/>): when the
    /// consumer falls behind, the oldest are dropped and counted in <see cref="DroppedEvents"/>.</summary>
    public ChannelReader<ViciEvent> Events => throw new NotImplementedException();

    /// <summary>Runs a command. Throws <see cref="ViciCommandFailedException"/> when the response says <c>success = no</c>.</summary>
    public Task<ViciMessage> CallAsync(string command, ViciMessage? request = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    /// <summary>Runs a streaming command (e.g. <c>list-sas</c> streaming <c>list-sa</c>): yields each streamed event's message as it arrives and
    /// completes when the response arrives. <paramref name="onResponse"/> receives the final response.</summary>
    public IAsyncEnumerable<ViciMessage> StreamAsync(string command, string eventName, ViciMessage? request = null, TimeSpan? timeout = null,
        Action<ViciMessage>? onResponse = null, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    public Task RegisterAsync(string eventName, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task UnregisterAsync(string eventName, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
