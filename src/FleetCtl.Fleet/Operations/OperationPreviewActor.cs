using Akka.Actor;
using FleetCtl.Fleet.Gateways;
using FleetCtl.Fleet.Inventory;

namespace FleetCtl.Fleet.Operations;

/// <summary>
/// Makes one preview, then stops: asks the selected gateways' actors (and redirect targets') for their live views,
/// at most <see cref="OperationsOptions.ViewConcurrency"/> at a time, each with <see cref="OperationsOptions.ViewTimeout"/>
/// (no answer: the gateway counts as unreachable), then plans off the actor's thread (<see cref="OperationPlanner"/>)
/// and hands the <see cref="OperationPreview"/> to the manager with whom to answer.
/// </summary>
public sealed class OperationPreviewActor : ReceiveActor, IWithTimers
{
    private readonly OperationRequest _request;
    private readonly FleetInventory _inventory;
    private readonly IActorRef _gateways;
    private readonly IActorRef _manager;
    private readonly IActorRef _replyTo;
    private readonly OperationsOptions _options;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<GatewayDefinition> _selected;
    private readonly Queue<string> _toAsk = new();
    private readonly Dictionary<string, DateTimeOffset> _asked = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, GatewayLook> _looks = new(StringComparer.OrdinalIgnoreCase);

    public OperationPreviewActor(OperationRequest request, FleetInventory inventory, IActorRef gateways, IActorRef manager, IActorRef replyTo,
        OperationsOptions options, TimeProvider? time = null)
    {
        _request = request;
        _inventory = inventory;
        _gateways = gateways;
        _manager = manager;
        _replyTo = replyTo;
        _options = options;
        _time = time ?? TimeProvider.System;
        _selected = OperationPlanner.SelectGateways(request, inventory);

        Receive<GatewayView>(view =>
        {
            if (_asked.Remove(view.Status.Gateway))
            {
                _looks[view.Status.Gateway] = GatewayLook.Of(view);
                AskMore();
            }
        });
        Receive<Status.Failure>(_ => { }); // an unknown gateway: its timeout reports it
        Receive<Tick>(_ =>
        {
            var now = _time.GetUtcNow();
            foreach (var (gateway, _) in _asked.Where(a => a.Value <= now).ToList())
            {
                _asked.Remove(gateway);
                _looks[gateway] = GatewayLook.Failed(gateway, $"its actor did not answer within {_options.ViewTimeout.TotalSeconds:0.#} s");
            }

            AskMore();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(OperationRequest request, FleetInventory inventory, IActorRef gateways, IActorRef manager, IActorRef replyTo,
        OperationsOptions options, TimeProvider? time = null) =>
        Akka.Actor.Props.Create(() => new OperationPreviewActor(request, inventory, gateways, manager, replyTo, options, time));

    protected override void PreStart()
    {
        var names = _selected.Select(g => g.Name)
            .Concat(OperationPlanner.TargetsToLookAt(_request, _inventory, _selected))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            _toAsk.Enqueue(name);
        }

        Timers.StartPeriodicTimer("tick", Tick.Instance, TimeSpan.FromMilliseconds(Math.Clamp(_options.ViewTimeout.TotalMilliseconds / 10, 50, 1000)));
        AskMore();
    }

    private void AskMore()
    {
        var deadline = _time.GetUtcNow() + _options.ViewTimeout;
        while (_asked.Count < _options.ViewConcurrency && _toAsk.TryDequeue(out var gateway))
        {
            _asked[gateway] = deadline;
            _gateways.Tell(new GetGatewayView(gateway));
        }

        if (_asked.Count == 0 && _toAsk.Count == 0)
        {
            Timers.CancelAll();
            Become(() =>
            {
                Receive<Planned>(planned =>
                {
                    _manager.Tell(new PreviewReady(planned.Preview, _replyTo));
                    Context.Stop(Self);
                });
                Receive<PlanFailed>(failed =>
                {
                    _replyTo.Tell(new Status.Failure(failed.Error));
                    Context.Stop(Self);
                });
                ReceiveAny(_ => { }); // late views
            });
            var request = _request;
            var inventory = _inventory;
            var selected = _selected;
            var looks = new Dictionary<string, GatewayLook>(_looks, StringComparer.OrdinalIgnoreCase);
            var options = _options;
            var now = _time.GetUtcNow();
            Task.Run(() => Build(request, inventory, selected, looks, options, now))
                .PipeTo(Self, success: p => new Planned(p), failure: e => new PlanFailed(e));
        }
    }

    private static OperationPreview Build(OperationRequest request, FleetInventory inventory, IReadOnlyList<GatewayDefinition> selected,
        IReadOnlyDictionary<string, GatewayLook> looks, OperationsOptions options, DateTimeOffset now)
    {
        var planned = OperationPlanner.Plan(request, inventory, selected, looks, now);
        if (planned.Items.Count > options.MaxItems)
        {
            throw new OperationValidationException(
                $"The selector matches {planned.Items.Count} items; one operation may have at most {options.MaxItems}. Narrow the selector.");
        }

        return new OperationPreview
        {
            Id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)),
            Hash = OperationPreview.ComputeHash(request, planned.Items, planned.Skipped),
            CreatedAt = now,
            ExpiresAt = now + options.PreviewTtl,
            Request = request,
            Items = planned.Items,
            Skipped = planned.Skipped,
            Gateways = planned.Gateways,
        };
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record Planned(OperationPreview Preview);

    private sealed record PlanFailed(Exception Error);
}

/// <summary>A preview actor finished: the manager keeps the preview and answers <paramref name="ReplyTo"/>.</summary>
public sealed record PreviewReady(OperationPreview Preview, IActorRef ReplyTo);
