namespace FleetCtl.Vici.Events;

/// <summary>The event names charon raises over VICI.</summary>
public static class ViciEventNames
{
    public const string IkeUpDown = "ike-updown";
    public const string IkeRekey = "ike-rekey";
    public const string IkeUpdate = "ike-update";
    public const string ChildUpDown = "child-updown";
    public const string ChildRekey = "child-rekey";

    /// <summary>Streamed during <c>list-sas</c>.</summary>
    public const string ListSa = "list-sa";
    /// <summary>Streamed during <c>list-policies</c>.</summary>
    public const string ListPolicy = "list-policy";
    /// <summary>Streamed during <c>list-conns</c>.</summary>
    public const string ListConn = "list-conn";
    /// <summary>Streamed during <c>list-certs</c>.</summary>
    public const string ListCert = "list-cert";
    /// <summary>Streamed during <c>list-authorities</c>.</summary>
    public const string ListAuthority = "list-authority";

    /// <summary>Every debug log message of the daemon (not tied to a command).</summary>
    public const string Log = "log";
    /// <summary>Log messages of an active <c>initiate</c> or <c>terminate</c>, only to the client running it.</summary>
    public const string ControlLog = "control-log";
    /// <summary>Error conditions (strongSwan 6.0.3 and later; older daemons answer EVENT_UNKNOWN).</summary>
    public const string Alert = "alert";

    /// <summary>
    /// The events a fleet controller registers to follow a gateway: SA state changes, the log and alerts, in the
    /// order to register them. <see cref="Alert"/> is last: daemons before 6.0.3 refuse it, which should not stop the rest.
    /// </summary>
    public static IReadOnlyList<string> Monitoring { get; } =
        Array.AsReadOnly([IkeUpDown, IkeRekey, IkeUpdate, ChildUpDown, ChildRekey, Log, Alert]);
}
