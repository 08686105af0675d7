namespace FleetCtl.Vici.Models;

/// <summary>Daemon statistics and load answered by <c>stats</c>.</summary>
public sealed record ViciStats
{
    /// <summary>Relative uptime, human readable (e.g. <c>2 days</c>).</summary>
    public string? UptimeRunning { get; init; }

    /// <summary>Absolute startup time as charon prints it.</summary>
    public string? UptimeSince { get; init; }

    public long? WorkersTotal { get; init; }
    public long? WorkersIdle { get; init; }

    /// <summary>Worker threads busy with jobs of each priority.</summary>
    public required JobPriorityCounts WorkersActive { get; init; }

    /// <summary>Jobs queued with each priority.</summary>
    public required JobPriorityCounts Queues { get; init; }

    /// <summary>Jobs scheduled for timed execution.</summary>
    public long? Scheduled { get; init; }

    public long? IkeSasTotal { get; init; }
    public long? IkeSasHalfOpen { get; init; }

    public IReadOnlyList<string> Plugins { get; init; } = [];

    /// <summary>Total heap usage in bytes (<c>mem</c>: leak-detective builds and Windows only).</summary>
    public ulong? MemTotal { get; init; }
    public ulong? MemAllocs { get; init; }

    /// <summary><c>mallinfo</c> figures in bytes, where the platform has mallinfo().</summary>
    public ulong? MallinfoSbrk { get; init; }
    public ulong? MallinfoMmap { get; init; }
    public ulong? MallinfoUsed { get; init; }
    public ulong? MallinfoFree { get; init; }

    public required ViciMessage Raw { get; init; }

    public static ViciStats Parse(ViciMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var uptime = response.GetSection("uptime");
        var workers = response.GetSection("workers");
        var ikesas = response.GetSection("ikesas");
        var mem = response.GetSection("mem");
        var mallinfo = response.GetSection("mallinfo");
        return new ViciStats
        {
            UptimeRunning = uptime?.GetString("running"),
            UptimeSince = uptime?.GetString("since"),
            WorkersTotal = workers?.GetInt64("total"),
            WorkersIdle = workers?.GetInt64("idle"),
            WorkersActive = JobPriorityCounts.Parse(workers?.GetSection("active")),
            Queues = JobPriorityCounts.Parse(response.GetSection("queues")),
            Scheduled = response.GetInt64("scheduled"),
            IkeSasTotal = ikesas?.GetInt64("total"),
            IkeSasHalfOpen = ikesas?.GetInt64("half-open"),
            Plugins = response.GetStrings("plugins"),
            MemTotal = mem?.GetUInt64("total"),
            MemAllocs = mem?.GetUInt64("allocs"),
            MallinfoSbrk = mallinfo?.GetUInt64("sbrk"),
            MallinfoMmap = mallinfo?.GetUInt64("mmap"),
            MallinfoUsed = mallinfo?.GetUInt64("used"),
            MallinfoFree = mallinfo?.GetUInt64("free"),
            Raw = response,
        };
    }
}
