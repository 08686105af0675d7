using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit;
using FleetCtl.Fleet;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.State;

namespace FleetCtl.Vici.Tests;

/// <summary>Stands in for the DistributedPubSub mediator: collects what the actor publishes, by topic.</summary>
internal sealed class Probe(TestProbe probe)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly Queue<SaChange> _sas = new();
    private readonly Queue<GatewayStatus> _statuses = new();

    public IActorRef Ref => probe.Ref;

    public List<SaChange> SaChanges(int count)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (_sas.Count < count)
        {
            Pump(deadline - DateTime.UtcNow, $"{count} SA changes (have {_sas.Count})");
        }

        return [.. Enumerable.Range(0, count).Select(_ => _sas.Dequeue())];
    }

    public GatewayStatus StatusWhere(Func<GatewayStatus, bool> predicate)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            while (_statuses.Count > 0)
            {
                var s = _statuses.Dequeue();
                if (predicate(s))
                {
                    return s;
                }
            }

            Pump(deadline - DateTime.UtcNow, "a matching gateway status");
        }
    }

    public void ExpectNoSaChange(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            var msg = probe.ReceiveOne(deadline - DateTime.UtcNow);
            if (msg is null)
            {
                break;
            }

            Sort(msg);
        }

        Assert.True(_sas.Count == 0, $"unexpected SA changes: {string.Join(", ", _sas.Select(s => s.Kind))}");
    }

    private void Pump(TimeSpan left, string what)
    {
        if (left <= TimeSpan.Zero)
        {
            Assert.Fail($"timed out waiting for {what}");
        }

        var msg = probe.ReceiveOne(left) ?? throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
        Sort(msg);
    }

    private void Sort(object msg)
    {
        if (msg is Publish { Topic: FleetTopics.Sas, Message: SaChange change })
        {
            _sas.Enqueue(change);
        }
        else if (msg is Publish { Topic: FleetTopics.Gateways, Message: GatewayStatus status })
        {
            _statuses.Enqueue(status);
        }
    }
}
