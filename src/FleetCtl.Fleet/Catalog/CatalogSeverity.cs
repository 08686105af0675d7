using Microsoft.Extensions.Logging;

namespace FleetCtl.Fleet.Catalog;

/// <summary>The default severity of a catalog entry, syslog-style (Notice sits between Information and Warning).</summary>
public enum CatalogSeverity
{
    /// <summary>Detail for troubleshooting; not shown to the NOC by default.</summary>
    Debug,
    /// <summary>Normal operation worth recording (an SA came up).</summary>
    Information,
    /// <summary>Normal but significant: a state change an operator may want to see (an SA went down).</summary>
    Notice,
    /// <summary>Something is degraded or will fail if nobody acts.</summary>
    Warning,
    /// <summary>Something failed: a tunnel, an authentication, a gateway connection.</summary>
    Error,
    /// <summary>The controller or a whole gateway cannot do its job.</summary>
    Critical,
}

/// <summary>Where a catalog entry comes from.</summary>
public enum CatalogSource
{
    /// <summary>charon's VICI <c>alert</c> event (strongSwan 6.0.3 and later), one entry per alert type.</summary>
    ViciAlert,
    /// <summary>Raised by FleetCtl itself: gateway connections, resyncs, SA lifecycle as the controller sees it, inventory, journal.</summary>
    Controller,
    /// <summary>Derived from charon's log lines, for daemons without the <c>alert</c> event (none yet).</summary>
    LogDerived,
    /// <summary>A tunnel diagnosis: a cause the diagnosis engine recognises in both peers' logs (ids 3000–3099).</summary>
    Diagnosis,
}

public static class CatalogSeverityExtensions
{
    /// <summary>The <see cref="LogLevel"/> to log an entry at: <see cref="CatalogSeverity.Notice"/> has no LogLevel of its own and logs as Information.</summary>
    public static LogLevel ToLogLevel(this CatalogSeverity severity) => severity switch
    {
        CatalogSeverity.Debug => LogLevel.Debug,
        CatalogSeverity.Information or CatalogSeverity.Notice => LogLevel.Information,
        CatalogSeverity.Warning => LogLevel.Warning,
        CatalogSeverity.Error => LogLevel.Error,
        CatalogSeverity.Critical => LogLevel.Critical,
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "not a catalog severity"),
    };
}
