using System.Collections;
using System.Text;

namespace FleetCtl.Vici;

/// <summary>A VICI list: an ordered sequence of blob items (lists cannot nest and hold no key/values).</summary>
public sealed class ViciList : IReadOnlyList<ReadOnlyMemory<byte>>
{
    private ReadOnlyMemory<byte>[] _items;
    private int _count;

    public ViciList() => _items = [];

    public ViciList(IEnumerable<string> items) : this()
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            Add(item);
        }
    }

    public int Count => _count;

    public ReadOnlyMemory<byte> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
            return _items[index];
        }
    }

    /// <summary>Appends a UTF-8 text item.</summary>
    public ViciList Add(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Add(Encoding.UTF8.GetBytes(item));
    }

    /// <summary>Appends a binary item (at most 65,535 bytes).</summary>
    public ViciList Add(ReadOnlyMemory<byte> item)
    {
        ViciMessage.CheckValueLength(item.Length);
        AddUnchecked(item);
        return this;
    }

    public string GetString(int index) => Encoding.UTF8.GetString(this[index].Span);

    public string[] ToStrings()
    {
        var result = new string[_count];
        for (var i = 0; i < _count; i++)
        {
            result[i] = Encoding.UTF8.GetString(_items[i].Span);
        }

        return result;
    }

    internal void AddUnchecked(ReadOnlyMemory<byte> item)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _count == 0 ? 4 : _count * 2);
        }

        _items[_count++] = item;
    }

    internal ReadOnlySpan<ReadOnlyMemory<byte>> Items => _items.AsSpan(0, _count);

    internal void SetItems(ReadOnlySpan<ReadOnlyMemory<byte>> items)
    {
        _items = items.ToArray();
        _count = _items.Length;
    }

    public IEnumerator<ReadOnlyMemory<byte>> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _items[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
