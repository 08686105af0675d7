using System.Runtime.CompilerServices;
using FleetCtl.Vici.Events;

namespace FleetCtl.Vici.Commands;

/// <summary>Event registration and typed event reading on <see cref="ViciClient"/>.</summary>
public static class ViciClientEventCommands
{
    /// <summary>
    /// Registers <paramref name="eventNames"/> in order, skipping those the daemon does not know (EVENT_UNKNOWN, e.g.
    /// <c>alert</c> before strongSwan 6.0.3). Returns the names that were registered.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RegisterEventsAsync(this ViciClient client, IEnumerable<string> eventNames,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(eventNames);
        var registered = new List<string>();
        foreach (var name in eventNames)
        {
            try
            {
                await client.RegisterAsync(name, cancellationToken).ConfigureAwait(false);
                registered.Add(name);
            }
            catch (ViciUnknownEventException)
            {
                // an older daemon without this event: follow the rest
            }
        }

        return registered;
    }

    /// <summary>Registers <see cref="ViciEventNames.Monitoring"/>; see <see cref="RegisterEventsAsync"/>.</summary>
    public static Task<IReadOnlyList<string>> RegisterMonitoringAsync(this ViciClient client, CancellationToken cancellationToken = default) =>
        client.RegisterEventsAsync(ViciEventNames.Monitoring, cancellationToken);

    /// <summary>Reads <see cref="ViciClient.Events"/> as typed events until the channel completes.</summary>
    public static async IAsyncEnumerable<ViciTypedEvent> ReadTypedEventsAsync(this ViciClient client,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        await foreach (var e in client.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ViciEventParser.Parse(e);
        }
    }
}
