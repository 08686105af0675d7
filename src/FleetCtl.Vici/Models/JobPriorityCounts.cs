namespace FleetCtl.Vici.Models;

/// <summary>Per job priority numbers of <c>stats</c> (<c>workers.active</c> and <c>queues</c>).</summary>
public sealed record JobPriorityCounts(long? Critical, long? High, long? Medium, long? Low)
{
    public static JobPriorityCounts Parse(ViciMessage? section) => section is null
        ? new JobPriorityCounts(null, null, null, null)
        : new JobPriorityCounts(section.GetInt64("critical"), section.GetInt64("high"), section.GetInt64("medium"), section.GetInt64("low"));
}
