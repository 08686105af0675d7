using FleetCtl.Vici.Events;
using FleetCtl.Vici.Models;

namespace FleetCtl.Fleet.State;

/// <summary>
/// The live IKE_SAs and CHILD_SAs of one gateway, and the rules that keep them true:
/// <list type="bullet">
/// <item>a listing (<c>list-sas</c>) is reconciled with what was held, and every difference becomes an explicit
/// up/down change (cause <see cref="SaChangeCause.Resync"/>): nothing lost, nothing doubled;</item>
/// <item>an event is applied idempotently: a redundant child-down after a rekey, an up for an SA already held,
/// a down for one already gone — none produces a change or corrupts the state;</item>
/// <item>SAs are identified by unique id and SPI, never by section name (event and list-sas names differ).</item>
/// </list>
/// Every change goes through <see cref="Apply(SaChange)"/>, so replaying persisted changes rebuilds the same state.
/// Not thread-safe: owned by one gateway actor.
/// </summary>
public sealed class GatewaySaState
{
    private readonly Dictionary<string, IkeSaInfo> _ikes = new(StringComparer.Ordinal);

    public GatewaySaState(string gateway) => Gateway = gateway;

    public string Gateway { get; }

    public int IkeCount => _ikes.Count;

    public int ChildCount => _ikes.Values.Sum(i => i.Children.Count);

    /// <summary>The SAs held, in no particular order (no copy: for reading within the owning actor).</summary>
    public IReadOnlyCollection<IkeSaInfo> IkeSas => _ikes.Values;

    /// <summary>The SAs, ordered by connection name then unique id (an immutable copy: safe to hand out).</summary>
    public IReadOnlyList<IkeSaInfo> Snapshot() =>
        [.. _ikes.Values.OrderBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.UniqueId)];

    public bool TryGet(string ikeKey, out IkeSaInfo sa) => _ikes.TryGetValue(ikeKey, out sa!);

    /// <summary>Replaces the whole state (recovery from a snapshot).</summary>
    public void Restore(IEnumerable<IkeSaInfo> sas)
    {
        _ikes.Clear();
        foreach (var sa in sas)
        {
            _ikes[sa.Key] = sa;
        }
    }

    /// <summary>The one way the state changes.</summary>
    public void Apply(SaChange change)
    {
        switch (change)
        {
            case IkeSaUp up:
                _ikes[up.Sa.Key] = up.Sa;
                break;
            case IkeSaDown down:
                _ikes.Remove(down.Sa.Key);
                break;
            case IkeSaRekeyed rekeyed:
                // charon moves the CHILD_SAs to the new IKE_SA
                var children = rekeyed.Sa.Children;
                if (_ikes.Remove(rekeyed.OldKey, out var old) && children.Count == 0)
                {
                    children = old.Children;
                }

                _ikes[rekeyed.Sa.Key] = rekeyed.Sa with { Children = children };
                break;
            case IkeSaUpdated updated:
                _ikes[updated.Sa.Key] = updated.Sa;
                break;
            case ChildSaUp childUp:
                if (_ikes.TryGetValue(childUp.IkeKey, out var parent))
                {
                    _ikes[childUp.IkeKey] = parent with { Children = [.. parent.Children.Where(c => c.Key != childUp.Child.Key), childUp.Child] };
                }

                break;
            case ChildSaDown childDown:
                if (_ikes.TryGetValue(childDown.IkeKey, out var p2))
                {
                    _ikes[childDown.IkeKey] = p2 with { Children = [.. p2.Children.Where(c => c.Key != childDown.Child.Key)] };
                }

                break;
            case ChildSaRekeyed childRekeyed:
                if (_ikes.TryGetValue(childRekeyed.IkeKey, out var p3))
                {
                    _ikes[childRekeyed.IkeKey] = p3 with
                    {
                        Children = [.. p3.Children.Where(c => c.Key != childRekeyed.OldKey && c.Key != childRekeyed.Child.Key), childRekeyed.Child],
                    };
                }

                break;
        }
    }

    /// <summary>
    /// Compares a fresh listing with what is held. Returns the differences as changes (already applied);
    /// SAs present in both are refreshed silently (state, counters, timers).
    /// </summary>
    public IReadOnlyList<SaChange> Reconcile(IEnumerable<IkeSa> listed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(listed);
        var changes = new List<SaChange>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sa in listed)
        {
            var info = SaMapping.ToInfo(sa, now);
            if (!seen.Add(info.Key))
            {
                continue;
            }

            if (!_ikes.TryGetValue(info.Key, out var held))
            {
                changes.Add(new IkeSaUp(Gateway, now, SaChangeCause.Resync, info));
                continue;
            }

            var listedChildren = info.Children.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
            var heldChildren = held.Children.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var c in info.Children.Where(c => !heldChildren.Contains(c.Key)))
            {
                changes.Add(new ChildSaUp(Gateway, now, SaChangeCause.Resync, info.Key, info.Name, c));
            }

            foreach (var c in held.Children.Where(c => !listedChildren.Contains(c.Key)))
            {
                changes.Add(new ChildSaDown(Gateway, now, SaChangeCause.Resync, info.Key, info.Name, c));
            }

            _ikes[info.Key] = info; // silent refresh: the listing is the truth for fields and counters
        }

        foreach (var held in _ikes.Values.Where(h => !seen.Contains(h.Key)).ToList())
        {
            changes.Add(new IkeSaDown(Gateway, now, SaChangeCause.Resync, held));
        }

        foreach (var change in changes)
        {
            Apply(change);
        }

        return changes;
    }

    /// <summary>Applies a VICI event; returns the changes it caused (none when it was redundant).</summary>
    public IReadOnlyList<SaChange> Apply(ViciTypedEvent ev, DateTimeOffset now)
    {
        var changes = new List<SaChange>();
        switch (ev)
        {
            case IkeUpDownEvent { Up: true } up:
            {
                var key = SaMapping.IkeKey(up.Sa);
                if (_ikes.TryGetValue(key, out var held))
                {
                    _ikes[key] = SaMapping.ToInfo(up.Sa, now, held.Children); // e.g. CONNECTING -> ESTABLISHED
                }
                else
                {
                    changes.Add(new IkeSaUp(Gateway, now, SaChangeCause.Event, SaMapping.ToInfo(up.Sa, now)));
                }

                break;
            }

            case IkeUpDownEvent { Up: false } down:
                if (_ikes.TryGetValue(SaMapping.IkeKey(down.Sa), out var gone))
                {
                    changes.Add(new IkeSaDown(Gateway, now, SaChangeCause.Event, gone));
                }

                break;

            case ChildUpDownEvent { Up: true } childUp:
            {
                var ikeKey = EnsureIke(childUp.Ike, now, changes);
                var child = SaMapping.ToInfo(childUp.Child, now);
                var parent = CurrentOrPending(ikeKey, changes);
                if (parent is null || parent.Children.All(c => c.Key != child.Key))
                {
                    changes.Add(new ChildSaUp(Gateway, now, SaChangeCause.Event, ikeKey, childUp.Ike.Name, child));
                }

                break;
            }

            case ChildUpDownEvent { Up: false } childDown:
            {
                var ikeKey = SaMapping.IkeKey(childDown.Ike);
                var childKey = SaMapping.ChildKey(childDown.Child);
                if (_ikes.TryGetValue(ikeKey, out var parent) && parent.Children.FirstOrDefault(c => c.Key == childKey) is { } heldChild)
                {
                    changes.Add(new ChildSaDown(Gateway, now, SaChangeCause.Event, ikeKey, parent.Name, heldChild));
                }

                break;
            }

            case IkeRekeyEvent rekey:
            {
                var oldKey = SaMapping.IkeKey(rekey.Old);
                var newInfo = SaMapping.ToInfo(rekey.New, now, []);
                if (_ikes.ContainsKey(oldKey))
                {
                    changes.Add(new IkeSaRekeyed(Gateway, now, SaChangeCause.Event, oldKey,
                        _ikes.TryGetValue(newInfo.Key, out var already) ? already : newInfo));
                }
                else if (!_ikes.ContainsKey(newInfo.Key))
                {
                    changes.Add(new IkeSaUp(Gateway, now, SaChangeCause.Event, newInfo));
                }

                break;
            }

            case ChildRekeyEvent childRekey:
            {
                var ikeKey = EnsureIke(childRekey.Ike, now, changes);
                var oldKey = SaMapping.ChildKey(childRekey.Old);
                var child = SaMapping.ToInfo(childRekey.New, now);
                var parent = CurrentOrPending(ikeKey, changes);
                var hasOld = parent?.Children.Any(c => c.Key == oldKey) == true;
                var hasNew = parent?.Children.Any(c => c.Key == child.Key) == true;
                if (hasOld)
                {
                    changes.Add(new ChildSaRekeyed(Gateway, now, SaChangeCause.Event, ikeKey, childRekey.Ike.Name, oldKey, child));
                }
                else if (!hasNew)
                {
                    changes.Add(new ChildSaUp(Gateway, now, SaChangeCause.Event, ikeKey, childRekey.Ike.Name, child));
                }

                break;
            }

            case IkeUpdateEvent update:
            {
                var key = SaMapping.IkeKey(update.Sa);
                if (_ikes.TryGetValue(key, out var held))
                {
                    changes.Add(new IkeSaUpdated(Gateway, now, SaChangeCause.Event, held with
                    {
                        LocalHost = update.NewLocalHost ?? held.LocalHost,
                        LocalPort = update.NewLocalPort ?? held.LocalPort,
                        RemoteHost = update.NewRemoteHost ?? held.RemoteHost,
                        RemotePort = update.NewRemotePort ?? held.RemotePort,
                    }));
                }

                break;
            }
        }

        foreach (var change in changes)
        {
            Apply(change);
        }

        return changes;
    }

    /// <summary>A child event for an IKE_SA not yet held (its up event was missed): the IKE_SA comes up first.</summary>
    private string EnsureIke(IkeSa ike, DateTimeOffset now, List<SaChange> changes)
    {
        var key = SaMapping.IkeKey(ike);
        if (!_ikes.ContainsKey(key))
        {
            changes.Add(new IkeSaUp(Gateway, now, SaChangeCause.Event, SaMapping.ToInfo(ike, now, [])));
        }

        return key;
    }

    private IkeSaInfo? CurrentOrPending(string ikeKey, List<SaChange> changes) =>
        _ikes.TryGetValue(ikeKey, out var held) ? held : changes.OfType<IkeSaUp>().LastOrDefault(u => u.Sa.Key == ikeKey)?.Sa;
}
