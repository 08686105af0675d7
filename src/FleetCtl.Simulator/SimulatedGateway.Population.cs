namespace FleetCtl.Simulator;

/// <summary>Hands out remote sites and road-warrior users, unique across a fleet, so that a redirected peer stays recognisable.</summary>
internal sealed class WorldAllocator
{
    private int _site = -1;
    private int _user = -1;

    public int NextSite() => Interlocked.Increment(ref _site);

    public int NextUser() => Interlocked.Increment(ref _user);
}

// Generation of connections, IKE_SAs and CHILD_SAs. Everything random comes from _rng (seeded per gateway),
// and every caller holds the mutex, so the same seed and the same sequence of operations give the same state.
public sealed partial class SimulatedGateway
{
    private const string RwEap = "rw-eap";
    private const string RwCert = "rw-cert";
    private const string LegacyXauth = "legacy-xauth";

    private void Populate(int saCount, int downConnections)
    {
        var now = Now;
        for (var i = 0; i < saCount; i++)
        {
            AddIkeSa(PickKind(), now, fresh: false);
        }

        for (var i = 0; i < downConnections; i++)
        {
            NewSiteConn();
        }
    }

    private ConnKind PickKind()
    {
        var remoteAccess = Tags.TryGetValue("role", out var role) && role == "remote-access";
        var r = _rng.NextDouble();
        return remoteAccess
            ? r switch { < 0.2 => ConnKind.SiteToSite, < 0.7 => ConnKind.RoadWarriorEap, < 0.9 => ConnKind.RoadWarriorCert, _ => ConnKind.LegacyXauth }
            : r switch { < 0.7 => ConnKind.SiteToSite, < 0.85 => ConnKind.RoadWarriorEap, < 0.95 => ConnKind.RoadWarriorCert, _ => ConnKind.LegacyXauth };
    }

    /// <summary>Brings up a new IKE_SA of <paramref name="kind"/>: a new site (and its connection) or a new road-warrior client.</summary>
    private IkeSaState AddIkeSa(ConnKind kind, long now, bool fresh)
    {
        var conn = kind switch
        {
            ConnKind.SiteToSite => NewSiteConn(),
            ConnKind.RoadWarriorEap => RoadWarriorConn(RwEap, kind),
            ConnKind.RoadWarriorCert => RoadWarriorConn(RwCert, kind),
            _ => RoadWarriorConn(LegacyXauth, kind),
        };
        var sa = NewIkeSa(conn, conn.Children, now, fresh ? 0 : -1, initiator: null);
        Insert(sa);
        return sa;
    }

    private ConnConfig NewSiteConn()
    {
        var site = _world.NextSite();
        var children = new List<ChildConfig>
        {
            new()
            {
                Name = "net",
                LocalTs = [Addressing.GatewayLan(Index)],
                RemoteTs = [Addressing.SiteLan(site)],
                RekeyTime = 3600,
                LifeTime = 3960,
                Esp = EspProfile.All[_rng.Next(EspProfile.All.Length)],
                Compress = _rng.NextDouble() < 0.05,
                Mark = _rng.NextDouble() < 0.1 ? (uint)(site + 1) : 0,
            },
        };
        if (_rng.NextDouble() < 0.2)
        {
            children.Add(new ChildConfig
            {
                Name = "voice",
                LocalTs = [Addressing.GatewayVoice(Index)],
                RemoteTs = [Addressing.SiteVoice(site)],
                RekeyTime = 1800,
                LifeTime = 2000,
                Esp = EspProfile.All[_rng.Next(EspProfile.All.Length)],
            });
        }

        var pubkey = _rng.NextDouble() < 0.6;
        var conn = new ConnConfig
        {
            Name = Addressing.SiteName(site),
            Kind = ConnKind.SiteToSite,
            LocalAddr = Address,
            RemoteAddr = Addressing.SiteAddress(site),
            LocalId = LocalId,
            RemoteId = Addressing.SiteId(site),
            LocalAuth = pubkey ? "public key" : "pre-shared key",
            RemoteAuth = pubkey ? "public key" : "pre-shared key",
            RekeyTime = 14400,
            ReauthTime = _rng.NextDouble() < 0.1 ? 86400 : 0,
            Ike = IkeProfile.All[_rng.Next(IkeProfile.All.Length)],
            Children = [.. children],
            Site = site,
        };
        _conns[conn.Name] = conn;
        return conn;
    }

    private ConnConfig RoadWarriorConn(string name, ConnKind kind)
    {
        if (_conns.TryGetValue(name, out var existing))
        {
            return existing;
        }

        var legacy = kind == ConnKind.LegacyXauth;
        var conn = new ConnConfig
        {
            Name = name,
            Kind = kind,
            Version = legacy ? 1 : 2,
            LocalAddr = Address,
            RemoteAddr = "%any",
            LocalId = LocalId,
            RemoteId = "%any",
            LocalAuth = legacy ? "pre-shared key" : "public key",
            RemoteAuth = kind switch { ConnKind.RoadWarriorEap => "EAP", ConnKind.RoadWarriorCert => "public key", _ => "pre-shared key" },
            RekeyTime = legacy ? 10800 : 14400,
            ReauthTime = kind == ConnKind.RoadWarriorCert ? 28800 : 0,
            Ike = legacy ? IkeProfile.All[2] : IkeProfile.All[0],
            Children =
            [
                new ChildConfig
                {
                    Name = legacy ? "legacy" : "rw",
                    LocalTs = legacy ? [Addressing.GatewayLan(Index)] : ["0.0.0.0/0"],
                    RemoteTs = ["dynamic"],
                    RekeyTime = 3600,
                    LifeTime = 3960,
                    Esp = legacy ? EspProfile.All[3] : EspProfile.All[0],
                    DpdAction = "clear",
                },
            ],
        };
        _conns[conn.Name] = conn;
        return conn;
    }

    /// <summary>
    /// A new IKE_SA of <paramref name="conn"/> with a CHILD_SA per config in <paramref name="children"/>.
    /// <paramref name="age"/>: seconds since it was established; -1 picks one at random (the population at start).
    /// </summary>
    private IkeSaState NewIkeSa(ConnConfig conn, IEnumerable<ChildConfig> children, long now, long age, bool? initiator)
    {
        if (age < 0)
        {
            age = _rng.NextInt64(5, Math.Max(6, conn.RekeyTime * 9L / 10));
        }

        var sa = new IkeSaState
        {
            Conn = conn,
            UniqueId = ++_nextIkeId,
            LocalHost = Address,
            LocalId = LocalId,
            RemoteHost = conn.RemoteAddr,
            RemoteId = conn.RemoteId,
            InitiatorSpi = NewIkeSpi(),
            ResponderSpi = NewIkeSpi(),
            EstablishedAt = now - age,
        };
        if (conn.IsRoadWarrior)
        {
            var user = _world.NextUser();
            sa.User = user;
            sa.RemoteHost = Addressing.ClientAddress(user);
            sa.RemotePort = _rng.Next(1024, 65536);
            sa.NatRemote = true;
            sa.Initiator = false;
            sa.RemoteVips = [Addressing.VirtualIp(user)];
            switch (conn.Kind)
            {
                case ConnKind.RoadWarriorEap:
                    sa.RemoteId = sa.RemoteHost; // clients commonly send their address as IKE identity and authenticate the user with EAP
                    sa.RemoteEapId = Addressing.UserName(user);
                    break;
                case ConnKind.RoadWarriorCert:
                    sa.RemoteId = Addressing.UserName(user);
                    break;
                default:
                    sa.RemoteId = Addressing.LegacyId(user);
                    sa.RemoteXauthId = Addressing.XauthUser(user);
                    break;
            }
        }
        else
        {
            sa.Initiator = initiator ?? _rng.NextDouble() < 0.5;
            var r = _rng.NextDouble();
            sa.NatRemote = r < 0.1;
            sa.NatFake = r is >= 0.1 and < 0.13;
            sa.NatLocal = r is >= 0.13 and < 0.16;
            if (sa.NatAny)
            {
                sa.RemotePort = sa.NatRemote ? _rng.Next(1024, 65536) : 4500;
            }
            else
            {
                sa.LocalPort = 500;
                sa.RemotePort = 500;
            }

            if (sa.Initiator && _rng.NextDouble() < 0.05)
            {
                sa.LocalVips = [string.Create(System.Globalization.CultureInfo.InvariantCulture, $"100.127.{Index % 256}.{1 + (conn.Site % 254)}")];
            }
        }

        RollTasks(sa);
        foreach (var cfg in children)
        {
            sa.Children.Add(NewChildSa(sa, cfg, now, Math.Min(age, _rng.NextInt64(0, cfg.RekeyTime * 9L / 10))));
        }

        return sa;
    }

    /// <summary>Most SAs have no tasks pending; a few show a queued, active or passive DPD or rekey, as a busy daemon's do.</summary>
    private void RollTasks(IkeSaState sa)
    {
        var r = _rng.NextDouble();
        sa.TasksQueued = r < 0.04 ? ["IKE_DPD"] : [];
        sa.TasksActive = r is >= 0.04 and < 0.07 ? ["CHILD_REKEY"] : [];
        sa.TasksPassive = r is >= 0.07 and < 0.1 ? ["IKE_DPD"] : [];
    }

    private ChildSaState NewChildSa(IkeSaState sa, ChildConfig cfg, long now, long age)
    {
        var idle = _rng.NextDouble() < 0.1;
        var child = new ChildSaState
        {
            Config = cfg,
            UniqueId = ++_nextChildId,
            ReqId = ++_nextReqId,
            Encap = sa.NatAny,
            InstalledAt = now - age,
            LocalTs = cfg.LocalTs,
            RemoteTs = sa.RemoteVips.Length > 0 ? [sa.RemoteVips[0] + "/32"] : cfg.RemoteTs,
            RateIn = idle ? 0 : (uint)_rng.Next(200, 250_000),
            RateOut = idle ? 0 : (uint)_rng.Next(200, 120_000),
            PacketSize = (ushort)_rng.Next(120, 1400),
        };
        NewChildSpis(child);
        return child;
    }

    private void NewChildSpis(ChildSaState child)
    {
        child.SpiIn = 0xc0000000u | (uint)_rng.Next(0x100, 0x10000000);
        child.SpiOut = 0xc0000000u | (uint)_rng.Next(0x100, 0x10000000);
        if (child.Config.Compress)
        {
            child.CpiIn = (ushort)_rng.Next(0x100, 0x10000);
            child.CpiOut = (ushort)_rng.Next(0x100, 0x10000);
        }
    }

    private ulong NewIkeSpi()
    {
        ulong spi;
        do
        {
            spi = (ulong)_rng.NextInt64(long.MinValue, long.MaxValue);
        }
        while (spi == 0);

        return spi;
    }

    private void Insert(IkeSaState sa)
    {
        _sas.Add(sa.UniqueId, sa);
        _ikeCount = _sas.Count;
        _childCount += sa.Children.Count;
    }

    private void RemoveSa(IkeSaState sa)
    {
        if (_sas.Remove(sa.UniqueId))
        {
            _ikeCount = _sas.Count;
            _childCount -= sa.Children.Count;
        }
    }

    /// <summary>Gives an IKE_SA new SPIs and a new unique id, as charon's IKE rekeying creates a new IKE_SA. The CHILD_SAs move over unchanged.</summary>
    private void RekeyIke(IkeSaState sa, long now)
    {
        _sas.Remove(sa.UniqueId);
        sa.UniqueId = ++_nextIkeId;
        sa.InitiatorSpi = NewIkeSpi();
        sa.ResponderSpi = NewIkeSpi();
        sa.EstablishedAt = now;
        RollTasks(sa);
        _sas.Add(sa.UniqueId, sa);
    }

    /// <summary>A rekeyed CHILD_SA: new unique id and SPIs, same reqid, counters from zero.</summary>
    private void RekeyChild(ChildSaState child, long now)
    {
        child.UniqueId = ++_nextChildId;
        NewChildSpis(child);
        child.InstalledAt = now;
        child.BaseBytesIn = 0;
        child.BaseBytesOut = 0;
    }
}
