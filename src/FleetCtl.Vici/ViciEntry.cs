using System.Text;

namespace FleetCtl.Vici;

/// <summary>What an entry of a section holds.</summary>
public enum ViciValueKind : byte
{
    /// <summary>A key/value: the value is a binary-safe blob (usually a non-null-terminated string).</summary>
    Value,
    /// <summary>A named sub-section.</summary>
    Section,
    /// <summary>A named list of blob items.</summary>
    List,
}

/// <summary>One named element of a section, in wire order: a key/value, a sub-section or a list.</summary>
public readonly struct ViciEntry
{
    private readonly object? _node;

    internal ViciEntry(string key, ReadOnlyMemory<byte> value)
    {
        Key = key;
        Value = value;
        _node = null;
    }

    internal ViciEntry(string key, ViciMessage section)
    {
        Key = key;
        Value = default;
        _node = section;
    }

    internal ViciEntry(string key, ViciList list)
    {
        Key = key;
        Value = default;
        _node = list;
    }

    public string Key { get; }

    /// <summary>The raw value of a key/value entry (empty for sections and lists).</summary>
    public ReadOnlyMemory<byte> Value { get; }

    public ViciValueKind Kind => _node switch
    {
        null => ViciValueKind.Value,
        ViciMessage => ViciValueKind.Section,
        _ => ViciValueKind.List,
    };

    public ViciMessage? Section => _node as ViciMessage;

    public ViciList? List => _node as ViciList;

    /// <summary>The value as UTF-8 text, or null when this entry is a section or list.</summary>
    public string? StringValue => _node is null ? Encoding.UTF8.GetString(Value.Span) : null;

    internal object? Node => _node;

    /// <summary>For logs: secret values are redacted (an entry does not know its section, so <c>data</c> always is).</summary>
    public override string ToString() => Kind switch
    {
        ViciValueKind.Value => $"{Key} = {(ViciMessage.IsSecretKey(Key) ? "<redacted>" : StringValue)}",
        ViciValueKind.Section => $"{Key} {{{Section!.Count} entries}}",
        _ => $"{Key} [{List!.Count} items]",
    };
}
