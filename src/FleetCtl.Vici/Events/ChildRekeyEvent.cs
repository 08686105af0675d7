using FleetCtl.Vici.Models;

namespace FleetCtl.Vici.Events;

/// <summary>
/// <c>child-rekey</c>: a CHILD_SA was rekeyed. Wire shape:
/// <c>{ &lt;conn&gt; = { list-sa keys, child-sas = { &lt;child&gt; = { old = { ... }, new = { ... } } } } }</c>.
/// <see cref="Ike"/> has no <see cref="IkeSa.Children"/> (the pair is in <see cref="Old"/> and <see cref="New"/>).
/// charon keys the pair by config name only; <see cref="ChildSa.UniqueName"/> of each is rebuilt as
/// <c>name-uniqueid</c>, the key <c>list-sa</c> and <c>child-updown</c> use, so trackers can match them.
/// </summary>
public sealed record ChildRekeyEvent(IkeSa Ike, ChildSa Old, ChildSa New, ViciMessage Raw, DateTimeOffset ReceivedAt = default)
    : ViciTypedEvent(Raw, ReceivedAt)
{
    public override string Name => ViciEventNames.ChildRekey;

    /// <summary>The typed event, or null when the message lacks the IKE_SA section, the child or its old/new sections.</summary>
    public static ChildRekeyEvent? TryParse(ViciMessage message, DateTimeOffset receivedAt = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (ViciFields.FirstSection(message) is not { } ike ||
            ViciFields.FirstSection(ike.Value.GetSection("child-sas")) is not { } child ||
            child.Value.GetSection("old") is not { } old || child.Value.GetSection("new") is not { } @new)
        {
            return null;
        }

        return new ChildRekeyEvent(
            IkeSa.Parse(ike.Key, ike.Value, includeChildren: false),
            Unique(ChildSa.Parse(child.Key, old)), Unique(ChildSa.Parse(child.Key, @new)),
            message, receivedAt);
    }

    private static ChildSa Unique(ChildSa child) => child.UniqueId is { } id
        ? child with { UniqueName = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{child.Name}-{id}") }
        : child;
}
