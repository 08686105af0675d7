using System.Globalization;

namespace FleetCtl.Simulator;

// Background churn: one step at a time, driven by a ChurnLoop (one per fleet, or one for a gateway on its own).
// The loop's random source picks the gateway and the kind of step; the gateway's own source picks the SA and new
// values. Both are seeded, so the same seed and the same number of steps give the same events.
public sealed partial class SimulatedGateway
{
    private static readonly (string Type, bool WithSa)[] s_alerts =
    [
        ("peer-auth-failed", true), ("retransmit-send", true), ("retransmit-send-timeout", true), ("proposal-mismatch-child", true),
        ("ts-mismatch", true), ("keep-on-child-sa-failure", true), ("unique-replace", true), ("vip-failure", true),
        ("ike-sa-expired", true), ("invalid-ike-spi", false), ("parse-error-header", false), ("proposal-mismatch-ike", false),
        ("cert-expired", false), ("radius-not-responding", false), ("half-open-timeout", false),
    ];

    private static readonly string[] s_downReasons =
    [
        "deleting IKE_SA {0} between {1} (peer sent DELETE)",
        "giving up after 5 retransmits, deleting IKE_SA {0} between {1}",
        "DPD timeout, deleting IKE_SA {0} between {1}",
    ];

    /// <summary>Runs <paramref name="steps"/> churn steps now (as the background loop would), with <paramref name="rng"/> picking each step. Returns the events raised.</summary>
    public async Task<int> ChurnAsync(int steps, Random rng, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var events = 0;
        for (var i = 0; i < steps; i++)
        {
            events += await ChurnOnceAsync(rng, cancellationToken).ConfigureAwait(false);
        }

        return events;
    }

    /// <summary>
    /// One step: a log line (35%), a CHILD_SA rekey (20%), an IKE_SA rekey (5%), an IKE_SA going down or coming up (20%,
    /// keeping the count near its target), an ike-update for a NAT mapping change (10%), an alert (10%; a log line before 6.0.3).
    /// </summary>
    /// <returns>How many events the step raised (a flap raises several: updown events and log lines).</returns>
    internal async ValueTask<int> ChurnOnceAsync(Random rng, CancellationToken ct)
    {
        var roll = rng.NextDouble();
        using (await LockAsync(ct).ConfigureAwait(false))
        {
            if (_server is null)
            {
                return 0; // stopped or restarting: a daemon that is down does nothing
            }

            var before = Interlocked.Read(ref _eventsRaised);

            var now = Now;
            var sa = _sas.Count == 0 ? null : _sas.GetAt(_rng.Next(_sas.Count)).Value;
            if (roll >= 0.6 && roll < 0.8 || sa is null)
            {
                await FlapAsync(now).ConfigureAwait(false);
            }
            else if (roll < 0.35)
            {
                await ChurnLogAsync(sa).ConfigureAwait(false);
            }
            else if (roll < 0.55)
            {
                if (sa.Children.Count == 0)
                {
                    await ChurnLogAsync(sa).ConfigureAwait(false);
                }
                else
                {
                    await RekeyChildAsync(sa, sa.Children[_rng.Next(sa.Children.Count)], now).ConfigureAwait(false);
                }
            }
            else if (roll < 0.6)
            {
                await RekeyIkeAsync(sa, now).ConfigureAwait(false);
            }
            else if (roll < 0.9)
            {
                await NatRebindAsync(sa, now).ConfigureAwait(false);
            }
            else if (SupportsAlert)
            {
                await AlertAsync(sa, now).ConfigureAwait(false);
            }
            else
            {
                await ChurnLogAsync(sa).ConfigureAwait(false);
            }

            return (int)(Interlocked.Read(ref _eventsRaised) - before);
        }
    }

    /// <summary>
    /// Takes an IKE_SA down or brings one up (a configured site, or a new road warrior): down above the target count,
    /// up below it, either at it — so the count wanders within one of its target.
    /// </summary>
    private async ValueTask FlapAsync(long now)
    {
        var goDown = _sas.Count > _targetSaCount || (_sas.Count == _targetSaCount && _rng.NextDouble() < 0.5);
        if (_sas.Count > 0 && goDown)
        {
            var sa = _sas.GetAt(_rng.Next(_sas.Count)).Value;
            var reason = string.Format(CultureInfo.InvariantCulture, s_downReasons[_rng.Next(s_downReasons.Length)],
                $"{sa.Name}[{sa.UniqueId}]", $"{sa.LocalHost}[{sa.LocalId}]...{sa.RemoteHost}[{sa.RemoteId}]");
            await CloseIkeAsync(sa, now, null, reason).ConfigureAwait(false);
            return;
        }

        var up = new HashSet<ConnConfig>(_sas.Values.Select(s => s.Conn));
        var down = _conns.Values.Where(c => !c.IsRoadWarrior && !c.Drained && !up.Contains(c)).ToList();
        IkeSaState fresh;
        if (down.Count > 0 && _rng.NextDouble() < 0.7)
        {
            var conn = down[_rng.Next(down.Count)];
            fresh = NewIkeSa(conn, conn.Children, now, 0, initiator: null);
            Insert(fresh);
        }
        else
        {
            var kind = PickKind();
            fresh = AddIkeSa(kind == ConnKind.SiteToSite ? ConnKind.RoadWarriorEap : kind, now, fresh: true);
        }

        await LogAsync("IKE", 1, fresh, $"IKE_SA {fresh.Name}[{fresh.UniqueId}] established between {fresh.LocalHost}[{fresh.LocalId}]...{fresh.RemoteHost}[{fresh.RemoteId}]", null).ConfigureAwait(false);
        await RaiseAsync("ike-updown", () => ViciLayouts.IkeUpDown(fresh, true, now)).ConfigureAwait(false);
        foreach (var child in fresh.Children)
        {
            await EstablishChildAsync(fresh, child, now, null).ConfigureAwait(false);
        }
    }

    /// <summary>The peer's NAT mapping changed (new source port): ike-update with the new endpoints and the IKE_SA as it was.</summary>
    private async ValueTask NatRebindAsync(IkeSaState sa, long now)
    {
        var port = _rng.Next(1024, 65536);
        var localPort = sa.LocalPort == 500 ? 4500 : sa.LocalPort;
        await RaiseAsync("ike-update", () => ViciLayouts.IkeUpdate(sa, sa.LocalHost, localPort, sa.RemoteHost, port, now)).ConfigureAwait(false);
        await LogAsync("IKE", 1, sa, $"remote endpoint changed from {sa.RemoteHost}[{sa.RemotePort}] to {sa.RemoteHost}[{port}]", null).ConfigureAwait(false);
        sa.RemotePort = port;
        sa.LocalPort = localPort;
        sa.NatRemote = true;
        foreach (var child in sa.Children)
        {
            child.Encap = true;
        }
    }

    private async ValueTask AlertAsync(IkeSaState sa, long now)
    {
        var (type, withSa) = s_alerts[_rng.Next(s_alerts.Length)];
        await RaiseAsync("alert", () => ViciLayouts.Alert(type, withSa ? sa : null, now)).ConfigureAwait(false);
    }

    private async ValueTask ChurnLogAsync(IkeSaState sa)
    {
        var n = _rng.Next(2, 400);
        var (group, level, msg) = _rng.Next(6) switch
        {
            0 => ("NET", 1, $"received packet: from {sa.RemoteHost}[{sa.RemotePort}] to {sa.LocalHost}[{sa.LocalPort}] (80 bytes)"),
            1 => ("ENC", 1, $"parsed INFORMATIONAL request {n} [ ]"),
            2 => ("ENC", 1, $"generating INFORMATIONAL response {n} [ ]"),
            3 => ("IKE", 2, "sending DPD request"),
            4 => ("KNL", 2, sa.Children.Count > 0 ? $"querying SAD entry with SPI {ViciLayouts.Hex8(sa.Children[0].SpiIn)} for update" : "querying policy"),
            _ => ("NET", 1, $"sending packet: from {sa.LocalHost}[{sa.LocalPort}] to {sa.RemoteHost}[{sa.RemotePort}] (80 bytes)"),
        };
        await LogAsync(group, level, sa, msg, null).ConfigureAwait(false);
    }
}
