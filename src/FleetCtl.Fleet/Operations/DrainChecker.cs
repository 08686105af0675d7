using FleetCtl.Fleet.Gateways;

namespace FleetCtl.Fleet.Operations;

/// <summary>Explains what is left on drained gateways after a drain, from their own fresh listing.</summary>
public static class DrainChecker
{
    public const string ReasonNotInPreview = "came up after the preview (not part of this drain)";
    public const string ReasonNotMoved = "the redirect was accepted but the peer has not left (it may not support redirection, or it came back)";

    /// <summary>
    /// The report: every IKE_SA still on a drained gateway with the reason (skipped in the preview and why, its item's
    /// failure, accepted but not moved, or new since the preview), and the gateways that could not be listed.
    /// </summary>
    public static DrainReport Report(OperationRun run, IReadOnlyDictionary<string, GatewayView> views, IEnumerable<string> unanswered,
        DateTimeOffset now, TimeSpan waited)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(views);
        ArgumentNullException.ThrowIfNull(unanswered);
        var skipped = run.Started.Skipped.Where(s => s.IkeKey is not null).GroupBy(s => s.IkeKey!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Reason, StringComparer.Ordinal);
        var items = Enumerable.Range(0, run.ItemCount).Where(i => run.Item(i).IkeKey is not null)
            .GroupBy(i => run.Item(i).IkeKey!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var record = run.Record();
        var remaining = new List<DrainRemainder>();
        var unconfirmed = unanswered.Select(g => $"{g}: no fresh listing within {waited.TotalSeconds:0} s").ToList();
        foreach (var gateway in run.Started.Gateways)
        {
            if (!views.TryGetValue(gateway, out var view))
            {
                continue;
            }

            if (view.Status.State != GatewayConnectionState.Connected)
            {
                unconfirmed.Add($"{gateway}: {view.Status.State.ToString().ToLowerInvariant()}{(view.Status.LastError is { } e ? " (" + e + ")" : "")}; its SAs could not be listed");
                continue;
            }

            foreach (var sa in view.Sas)
            {
                string reason;
                if (skipped.TryGetValue(sa.Key, out var why))
                {
                    reason = "skipped: " + why;
                }
                else if (items.TryGetValue(sa.Key, out var id))
                {
                    var item = record.Items[id];
                    reason = item.Status switch
                    {
                        ItemStatus.Failed or ItemStatus.TimedOut => $"redirect failed: {item.Message}",
                        ItemStatus.Cancelled => "not redirected: the operation was cancelled",
                        ItemStatus.Succeeded => ReasonNotMoved,
                        _ => $"redirect {item.Status.ToString().ToLowerInvariant()}: {item.Message}",
                    };
                }
                else
                {
                    reason = ReasonNotInPreview;
                }

                remaining.Add(new DrainRemainder(gateway, sa.Name, sa.UniqueId, sa.RemoteEapId ?? sa.RemoteXauthId ?? sa.RemoteId, sa.RemoteHost,
                    sa.IkeVersion, reason));
            }
        }

        return new DrainReport(now, remaining, unconfirmed);
    }
}
