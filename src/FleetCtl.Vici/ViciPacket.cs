namespace FleetCtl.Vici;

/// <summary>The packet types of the VICI packet layer.</summary>
public enum ViciPacketType : byte
{
    /// <summary>A named request message.</summary>
    CmdRequest = 0,
    /// <summary>An unnamed response message for a request.</summary>
    CmdResponse = 1,
    /// <summary>An unnamed response if the requested command is unknown.</summary>
    CmdUnknown = 2,
    /// <summary>A named event registration request.</summary>
    EventRegister = 3,
    /// <summary>A named event deregistration request.</summary>
    EventUnregister = 4,
    /// <summary>An unnamed response for a successful event (de-)registration.</summary>
    EventConfirm = 5,
    /// <summary>An unnamed response if event (de-)registration failed.</summary>
    EventUnknown = 6,
    /// <summary>A named event message.</summary>
    Event = 7,
}

/// <summary>One VICI packet: its type, its name (for named types) and its message (for types that carry one).</summary>
public readonly record struct ViciPacket(ViciPacketType Type, string? Name = null, ViciMessage? Message = null)
{
    /// <summary>CMD_REQUEST, EVENT_REGISTER, EVENT_UNREGISTER and EVENT carry a name.</summary>
    public static bool IsNamed(ViciPacketType type) =>
        type is ViciPacketType.CmdRequest or ViciPacketType.EventRegister or ViciPacketType.EventUnregister or ViciPacketType.Event;

    /// <summary>CMD_REQUEST, CMD_RESPONSE and EVENT carry a message.</summary>
    public static bool CarriesMessage(ViciPacketType type) =>
        type is ViciPacketType.CmdRequest or ViciPacketType.CmdResponse or ViciPacketType.Event;

    public override string ToString() => Name is null ? Type.ToString() : $"{Type} '{Name}'";
}
