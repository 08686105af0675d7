using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace FleetCtl.Vici;

/// <summary>The wire element types of a VICI message.</summary>
public enum ViciElementType : byte
{
    SectionStart = 1,
    SectionEnd = 2,
    KeyValue = 3,
    ListStart = 4,
    ListItem = 5,
    ListEnd = 6,
}

public sealed partial class ViciMessage
{
    // Scratch space for one decode on this thread: entries of the open sections and items of the open list
    // collect here and move into exactly-sized arrays when their section or list ends.
    [ThreadStatic] private static ViciEntry[]? t_entryScratch;
    [ThreadStatic] private static ReadOnlyMemory<byte>[]? t_itemScratch;

    /// <summary>Decodes a message body (no length prefix, no packet type). The bytes are copied once.</summary>
    /// <exception cref="ViciProtocolException">The bytes are not a valid VICI message.</exception>
    public static ViciMessage Decode(ReadOnlySpan<byte> body, ViciLimits? limits = null)
    {
        if (body.IsEmpty)
        {
            return new ViciMessage();
        }

        var owned = GC.AllocateUninitializedArray<byte>(body.Length);
        body.CopyTo(owned);
        return DecodeOwned(owned, 0, owned.Length, limits ?? ViciLimits.Default);
    }

    /// <summary>Decodes in place: the tree's values point into <paramref name="buffer"/>, which the caller must not change afterwards.</summary>
    internal static ViciMessage DecodeOwned(byte[] buffer, int offset, int length, ViciLimits limits)
    {
        var entries = t_entryScratch ??= new ViciEntry[256];
        var items = t_itemScratch ??= new ReadOnlyMemory<byte>[64];
        t_entryScratch = null; // re-entrancy safe: a nested decode on this thread gets its own scratch
        t_itemScratch = null;
        var top = 0;
        var itemCount = 0;
        try
        {
            var root = DecodeCore(buffer, offset, length, limits, ref entries, ref top, ref items, ref itemCount);
            return root;
        }
        finally
        {
            // drop references into the frame buffer so the scratch keeps no frame alive
            entries.AsSpan(0, top).Clear();
            items.AsSpan(0, itemCount).Clear();
            t_entryScratch = entries;
            t_itemScratch = items;
        }
    }

    private static ViciMessage DecodeCore(
        byte[] buffer, int offset, int length, ViciLimits limits,
        ref ViciEntry[] entries, ref int top, ref ReadOnlyMemory<byte>[] items, ref int itemCount)
    {
        var data = new ReadOnlySpan<byte>(buffer, offset, length);
        var root = new ViciMessage(0);
        // starts[d] is where the entries of the open section at depth d begin on the entry stack; that section's own
        // entry sits just below, at starts[d] - 1, so the open sections need no array of their own (no allocation)
        Span<int> starts = stackalloc int[Math.Min(limits.MaxDepth, ViciLimits.MaxSupportedDepth) + 1];
        starts[0] = 0;
        var depth = 0;
        ViciList? list = null;
        var pos = 0;

        while (pos < data.Length)
        {
            var type = data[pos++];
            switch (type)
            {
                case (byte)ViciElementType.SectionStart:
                {
                    if (list is not null)
                    {
                        throw Malformed("section start inside a list");
                    }

                    var name = ReadName(data, ref pos);
                    if (depth + 1 > limits.MaxDepth || depth + 1 >= starts.Length)
                    {
                        throw new ViciProtocolException(ViciProtocolError.NestingTooDeep,
                            $"vici message nests sections deeper than {limits.MaxDepth} levels");
                    }

                    Push(ref entries, ref top, new ViciEntry(name, new ViciMessage(0)));
                    starts[++depth] = top;
                    break;
                }

                case (byte)ViciElementType.SectionEnd:
                    if (list is not null)
                    {
                        throw Malformed("section end inside a list");
                    }

                    if (depth == 0)
                    {
                        throw Malformed("section end without a section start");
                    }

                    Close((ViciMessage)entries[starts[depth] - 1].Node!, entries, starts[depth], ref top);
                    depth--;
                    break;

                case (byte)ViciElementType.KeyValue:
                {
                    if (list is not null)
                    {
                        throw Malformed("key/value inside a list");
                    }

                    var name = ReadName(data, ref pos);
                    var (start, len) = ReadValue(data, ref pos);
                    Push(ref entries, ref top, new ViciEntry(name, new ReadOnlyMemory<byte>(buffer, offset + start, len)));
                    break;
                }

                case (byte)ViciElementType.ListStart:
                {
                    if (list is not null)
                    {
                        throw Malformed("list start inside a list (lists cannot nest)");
                    }

                    var name = ReadName(data, ref pos);
                    list = new ViciList();
                    Push(ref entries, ref top, new ViciEntry(name, list));
                    itemCount = 0;
                    break;
                }

                case (byte)ViciElementType.ListItem:
                {
                    if (list is null)
                    {
                        throw Malformed("list item outside a list");
                    }

                    var (start, len) = ReadValue(data, ref pos);
                    if (itemCount == items.Length)
                    {
                        Array.Resize(ref items, items.Length * 2);
                    }

                    items[itemCount++] = new ReadOnlyMemory<byte>(buffer, offset + start, len);
                    break;
                }

                case (byte)ViciElementType.ListEnd:
                    if (list is null)
                    {
                        throw Malformed("list end without a list start");
                    }

                    list.SetItems(items.AsSpan(0, itemCount));
                    items.AsSpan(0, itemCount).Clear();
                    itemCount = 0;
                    list = null;
                    break;

                default:
                    throw new ViciProtocolException(ViciProtocolError.UnknownElementType,
                        $"unknown vici element type {type} at offset {pos - 1}");
            }
        }

        if (list is not null)
        {
            throw new ViciProtocolException(ViciProtocolError.Truncated, "vici message ended inside a list");
        }

        if (depth != 0)
        {
            throw new ViciProtocolException(ViciProtocolError.Truncated, $"vici message ended with {depth} unclosed section(s)");
        }

        Close(root, entries, 0, ref top);
        return root;
    }

    private static void Push(ref ViciEntry[] entries, ref int top, in ViciEntry entry)
    {
        if (top == entries.Length)
        {
            Array.Resize(ref entries, entries.Length * 2);
        }

        entries[top++] = entry;
    }

    private static void Close(ViciMessage section, ViciEntry[] entries, int start, ref int top)
    {
        var n = top - start;
        if (n > 0)
        {
            var own = new ViciEntry[n];
            Array.Copy(entries, start, own, 0, n);
            Array.Clear(entries, start, n);
            section._entries = own;
            section._count = n;
        }

        top = start;
    }

    private static string ReadName(ReadOnlySpan<byte> data, ref int pos)
    {
        if (pos >= data.Length)
        {
            throw new ViciProtocolException(ViciProtocolError.Truncated, "vici message ended before a name length");
        }

        int len = data[pos++];
        if (len > data.Length - pos)
        {
            throw new ViciProtocolException(ViciProtocolError.Truncated,
                $"vici name of {len} bytes runs past the end of the message ({data.Length - pos} left)");
        }

        var name = ViciNames.Get(data.Slice(pos, len));
        pos += len;
        return name;
    }

    private static (int Start, int Length) ReadValue(ReadOnlySpan<byte> data, ref int pos)
    {
        if (data.Length - pos < 2)
        {
            throw new ViciProtocolException(ViciProtocolError.Truncated, "vici message ended before a value length");
        }

        int len = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
        pos += 2;
        if (len > data.Length - pos)
        {
            throw new ViciProtocolException(ViciProtocolError.Truncated,
                $"vici value of {len} bytes runs past the end of the message ({data.Length - pos} left)");
        }

        var start = pos;
        pos += len;
        return (start, len);
    }

    private static ViciProtocolException Malformed(string what) => new(ViciProtocolError.Malformed, "malformed vici message: " + what);

    // ---- encoding -------------------------------------------------------------------------------

    /// <summary>The number of bytes <see cref="EncodeTo(Span{byte})"/> writes.</summary>
    public int GetEncodedLength() => GetEncodedLength(0);

    private int GetEncodedLength(int depth)
    {
        if (depth > 256)
        {
            throw new InvalidOperationException("vici message nests sections deeper than 256 levels (a cycle?)");
        }

        var total = 0;
        var entries = _entries;
        for (var i = 0; i < _count; i++)
        {
            ref readonly var e = ref entries[i];
            total += 2 + Encoding.UTF8.GetByteCount(e.Key);
            switch (e.Node)
            {
                case null:
                    total += 2 + e.Value.Length;
                    break;
                case ViciMessage section:
                    total += section.GetEncodedLength(depth + 1) + 1;
                    break;
                case ViciList list:
                    foreach (var item in list.Items)
                    {
                        total += 3 + item.Length;
                    }

                    total += 1;
                    break;
            }
        }

        return total;
    }

    /// <summary>Encodes into <paramref name="destination"/>, which must hold <see cref="GetEncodedLength()"/> bytes; returns the count written.</summary>
    public int EncodeTo(Span<byte> destination)
    {
        var pos = 0;
        EncodeCore(destination, ref pos, 0);
        return pos;
    }

    /// <summary>Encodes into a buffer writer, asking it for exactly the encoded length.</summary>
    public void EncodeTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var length = GetEncodedLength();
        var span = writer.GetSpan(length);
        var written = EncodeTo(span);
        writer.Advance(written);
    }

    public byte[] Encode()
    {
        var result = new byte[GetEncodedLength()];
        EncodeTo(result);
        return result;
    }

    private void EncodeCore(Span<byte> dest, ref int pos, int depth)
    {
        if (depth > 256)
        {
            throw new InvalidOperationException("vici message nests sections deeper than 256 levels (a cycle?)");
        }

        var entries = _entries;
        for (var i = 0; i < _count; i++)
        {
            ref readonly var e = ref entries[i];
            switch (e.Node)
            {
                case null:
                    dest[pos++] = (byte)ViciElementType.KeyValue;
                    WriteName(dest, ref pos, e.Key);
                    WriteValue(dest, ref pos, e.Value.Span);
                    break;
                case ViciMessage section:
                    dest[pos++] = (byte)ViciElementType.SectionStart;
                    WriteName(dest, ref pos, e.Key);
                    section.EncodeCore(dest, ref pos, depth + 1);
                    dest[pos++] = (byte)ViciElementType.SectionEnd;
                    break;
                case ViciList list:
                    dest[pos++] = (byte)ViciElementType.ListStart;
                    WriteName(dest, ref pos, e.Key);
                    foreach (var item in list.Items)
                    {
                        dest[pos++] = (byte)ViciElementType.ListItem;
                        WriteValue(dest, ref pos, item.Span);
                    }

                    dest[pos++] = (byte)ViciElementType.ListEnd;
                    break;
            }
        }
    }

    private static void WriteName(Span<byte> dest, ref int pos, string name)
    {
        var n = Encoding.UTF8.GetBytes(name, dest[(pos + 1)..]);
        dest[pos] = (byte)n;
        pos += 1 + n;
    }

    private static void WriteValue(Span<byte> dest, ref int pos, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(dest[pos..], (ushort)value.Length);
        value.CopyTo(dest[(pos + 2)..]);
        pos += 2 + value.Length;
    }
}
