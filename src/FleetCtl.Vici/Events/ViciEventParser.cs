namespace FleetCtl.Vici.Events;

/// <summary>Turns received VICI events into typed events. Never throws on content.</summary>
public static class ViciEventParser
{
    /// <summary>
    /// The typed event for <paramref name="event"/>: one of the records of this namespace, or a <see cref="RawEvent"/>
    /// when the name is unknown or the message lacks the section its type needs.
    /// </summary>
    public static ViciTypedEvent Parse(ViciEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return Parse(@event.Name, @event.Message, @event.ReceivedAt);
    }

    /// <inheritdoc cref="Parse(ViciEvent)"/>
    public static ViciTypedEvent Parse(string name, ViciMessage message, DateTimeOffset receivedAt = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(message);
        return name switch
        {
            ViciEventNames.IkeUpDown => (ViciTypedEvent?)IkeUpDownEvent.TryParse(message, receivedAt) ?? Missing(name, message, receivedAt, "no IKE_SA section"),
            ViciEventNames.IkeRekey => (ViciTypedEvent?)IkeRekeyEvent.TryParse(message, receivedAt) ?? Missing(name, message, receivedAt, "no IKE_SA section with old and new"),
            ViciEventNames.IkeUpdate => (ViciTypedEvent?)IkeUpdateEvent.TryParse(message, receivedAt) ?? Missing(name, message, receivedAt, "no IKE_SA section"),
            ViciEventNames.ChildUpDown => (ViciTypedEvent?)ChildUpDownEvent.TryParse(message, receivedAt) ?? Missing(name, message, receivedAt, "no IKE_SA section with a CHILD_SA"),
            ViciEventNames.ChildRekey => (ViciTypedEvent?)ChildRekeyEvent.TryParse(message, receivedAt) ?? Missing(name, message, receivedAt, "no IKE_SA section with a CHILD_SA old and new"),
            ViciEventNames.Log => LogEvent.Parse(message, receivedAt),
            ViciEventNames.ControlLog => ControlLogEvent.Parse(message, receivedAt),
            ViciEventNames.Alert => AlertEvent.Parse(message, receivedAt),
            ViciEventNames.ListSa => ListSaEvent.Parse(message, receivedAt),
            ViciEventNames.ListPolicy => ListPolicyEvent.Parse(message, receivedAt),
            ViciEventNames.ListConn => ListConnEvent.Parse(message, receivedAt),
            ViciEventNames.ListCert => ListCertEvent.Parse(message, receivedAt),
            ViciEventNames.ListAuthority => ListAuthorityEvent.Parse(message, receivedAt),
            _ => new RawEvent(name, message, receivedAt),
        };
    }

    private static RawEvent Missing(string name, ViciMessage message, DateTimeOffset receivedAt, string problem) =>
        new(name, message, receivedAt, $"{name} event has {problem}");
}
