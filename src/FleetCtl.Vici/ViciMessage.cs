using System.Buffers.Text;
using System.Collections;
using System.Text;

namespace FleetCtl.Vici;

/// <summary>
/// A VICI message: an ordered section of key/values, lists and sub-sections. The root of a request, response
/// or event is a <see cref="ViciMessage"/>, and so is every sub-section. Values are raw bytes (binary-safe:
/// certificates are DER); the typed accessors read the decimal and yes/no strings charon uses.
/// Decoded values are slices of one buffer per frame, so decoding allocates only the tree itself.
/// </summary>
public sealed partial class ViciMessage : IReadOnlyList<ViciEntry>
{
    private static readonly byte[] s_yes = "yes"u8.ToArray();
    private static readonly byte[] s_no = "no"u8.ToArray();

    private ViciEntry[] _entries;
    private int _count;

    public ViciMessage() => _entries = [];

    private ViciMessage(int capacity) => _entries = capacity == 0 ? [] : new ViciEntry[capacity];

    /// <summary>Number of entries directly in this section.</summary>
    public int Count => _count;

    public bool IsEmpty => _count == 0;

    public ViciEntry this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
            return _entries[index];
        }
    }

    /// <summary>The entries in wire order.</summary>
    public ReadOnlySpan<ViciEntry> Entries => _entries.AsSpan(0, _count);

    /// <summary>Names of the sub-sections, in order (e.g. the IKE_SA names of a <c>list-sa</c> event).</summary>
    public IEnumerable<string> SectionNames
    {
        get
        {
            for (var i = 0; i < _count; i++)
            {
                if (_entries[i].Node is ViciMessage)
                {
                    yield return _entries[i].Key;
                }
            }
        }
    }

    public int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var entries = _entries;
        for (var i = 0; i < _count; i++)
        {
            var k = entries[i].Key;
            if (ReferenceEquals(k, key) || string.Equals(k, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetEntry(string key, out ViciEntry entry)
    {
        var i = IndexOf(key);
        entry = i >= 0 ? _entries[i] : default;
        return i >= 0;
    }

    // ---- typed accessors -------------------------------------------------------------------------

    /// <summary>The raw bytes of key/value <paramref name="key"/>, or null when absent or not a key/value.</summary>
    public ReadOnlyMemory<byte>? GetBytes(string key) =>
        // the cast matters: a bare null converts to an empty ReadOnlyMemory (via byte[]), not to a null Nullable
        TryGetEntry(key, out var e) && e.Kind == ViciValueKind.Value ? e.Value : (ReadOnlyMemory<byte>?)null;

    /// <summary>The UTF-8 text of key/value <paramref name="key"/>, or null when absent.</summary>
    public string? GetString(string key) =>
        TryGetEntry(key, out var e) && e.Kind == ViciValueKind.Value ? Encoding.UTF8.GetString(e.Value.Span) : null;

    /// <summary>A decimal integer value; null when absent or not a number.</summary>
    public long? GetInt64(string key)
    {
        if (!TryGetEntry(key, out var e) || e.Kind != ViciValueKind.Value)
        {
            return null;
        }

        var span = e.Value.Span;
        return Utf8Parser.TryParse(span, out long v, out var used) && used == span.Length ? v : null;
    }

    /// <summary>A decimal unsigned 64-bit value (charon's byte and packet counters); null when absent or not a number.</summary>
    public ulong? GetUInt64(string key)
    {
        if (!TryGetEntry(key, out var e) || e.Kind != ViciValueKind.Value)
        {
            return null;
        }

        var span = e.Value.Span;
        return Utf8Parser.TryParse(span, out ulong v, out var used) && used == span.Length ? v : null;
    }

    public int? GetInt32(string key)
    {
        var v = GetInt64(key);
        return v is >= int.MinValue and <= int.MaxValue ? (int)v.Value : null;
    }

    /// <summary>
    /// A boolean the way charon writes them: <c>yes</c>/<c>no</c> (also <c>true</c>/<c>false</c>, <c>1</c>/<c>0</c>).
    /// Null when absent or unrecognised.
    /// </summary>
    public bool? GetBool(string key)
    {
        if (!TryGetEntry(key, out var e) || e.Kind != ViciValueKind.Value)
        {
            return null;
        }

        var s = e.Value.Span;
        if (s.SequenceEqual(s_yes) || s.SequenceEqual("true"u8) || s.SequenceEqual("1"u8))
        {
            return true;
        }

        if (s.SequenceEqual(s_no) || s.SequenceEqual("false"u8) || s.SequenceEqual("0"u8))
        {
            return false;
        }

        return null;
    }

    /// <summary>True when <paramref name="key"/> is set to yes (how events flag <c>up</c>, <c>initiator</c> ...).</summary>
    public bool IsYes(string key) => GetBool(key) == true;

    public ViciMessage? GetSection(string key) => TryGetEntry(key, out var e) ? e.Section : null;

    public ViciList? GetList(string key) => TryGetEntry(key, out var e) ? e.List : null;

    /// <summary>The items of list <paramref name="key"/> as text; empty when absent.</summary>
    public IReadOnlyList<string> GetStrings(string key) => GetList(key)?.ToStrings() ?? [];

    // ---- building --------------------------------------------------------------------------------
    // Set replaces an existing key in place (keys are unique within a section) or appends a new one.

    public ViciMessage Set(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Set(key, (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(value));
    }

    public ViciMessage Set(string key, long value) => Set(key, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public ViciMessage Set(string key, ulong value) => Set(key, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Sets <c>yes</c> or <c>no</c>.</summary>
    public ViciMessage Set(string key, bool value) => Set(key, (ReadOnlyMemory<byte>)(value ? s_yes : s_no));

    public ViciMessage Set(string key, byte[] value) => Set(key, (ReadOnlyMemory<byte>)value);

    public ViciMessage Set(string key, ReadOnlyMemory<byte> value)
    {
        CheckValueLength(value.Length);
        return Put(new ViciEntry(CheckKey(key), value));
    }

    public ViciMessage Set(string key, ViciMessage section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (ReferenceEquals(section, this))
        {
            throw new ArgumentException("a section cannot contain itself", nameof(section));
        }

        return Put(new ViciEntry(CheckKey(key), section));
    }

    public ViciMessage Set(string key, ViciList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        return Put(new ViciEntry(CheckKey(key), list));
    }

    public ViciMessage Set(string key, IEnumerable<string> items) => Set(key, new ViciList(items));

    /// <summary>Sets <paramref name="key"/> only when <paramref name="value"/> is not null (for optional command arguments).</summary>
    public ViciMessage SetIfNotNull(string key, string? value) => value is null ? this : Set(key, value);

    public ViciMessage SetIfNotNull(string key, long? value) => value is null ? this : Set(key, value.Value);

    public ViciMessage SetIfNotNull(string key, bool? value) => value is null ? this : Set(key, value.Value);

    public bool Remove(string key)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            return false;
        }

        Array.Copy(_entries, i + 1, _entries, i, _count - i - 1);
        _entries[--_count] = default;
        return true;
    }

    /// <summary>True when both trees hold the same entries, in the same order, with the same bytes.</summary>
    public bool ContentEquals(ViciMessage? other)
    {
        if (other is null || other._count != _count)
        {
            return false;
        }

        for (var i = 0; i < _count; i++)
        {
            var a = _entries[i];
            var b = other._entries[i];
            if (!string.Equals(a.Key, b.Key, StringComparison.Ordinal) || a.Kind != b.Kind)
            {
                return false;
            }

            var same = a.Kind switch
            {
                ViciValueKind.Value => a.Value.Span.SequenceEqual(b.Value.Span),
                ViciValueKind.Section => a.Section!.ContentEquals(b.Section),
                _ => ListEquals(a.List!, b.List!),
            };
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    private static bool ListEquals(ViciList a, ViciList b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!a.Items[i].Span.SequenceEqual(b.Items[i].Span))
            {
                return false;
            }
        }

        return true;
    }

    internal static void CheckValueLength(int length)
    {
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"vici values are limited to 65535 bytes; this one has {length}");
        }
    }

    private static string CheckKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ViciNames.ByteCount(key);
        return key;
    }

    private ViciMessage Put(in ViciEntry entry)
    {
        var i = IndexOf(entry.Key);
        if (i >= 0)
        {
            _entries[i] = entry;
        }
        else
        {
            Append(entry);
        }

        return this;
    }

    private void Append(in ViciEntry entry)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count == 0 ? 8 : _count * 2);
        }

        _entries[_count++] = entry;
    }

    public IEnumerator<ViciEntry> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _entries[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
