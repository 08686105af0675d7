using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using FleetCtl.Vici;

namespace FleetCtl.Vici.Tests;

/// <summary>Byte fixtures shared by the tests: the spec's encoding example, framing helpers, the list-sa body.</summary>
internal static class TestData
{
    /// <summary>The "Encoding example" of the VICI spec, byte for byte as its C array.</summary>
    public static readonly byte[] SpecExample =
    [
        // key1 = value1
        3, 4, (byte)'k', (byte)'e', (byte)'y', (byte)'1', 0, 6, (byte)'v', (byte)'a', (byte)'l', (byte)'u', (byte)'e', (byte)'1',
        // section1
        1, 8, (byte)'s', (byte)'e', (byte)'c', (byte)'t', (byte)'i', (byte)'o', (byte)'n', (byte)'1',
        // sub-section
        1, 11, (byte)'s', (byte)'u', (byte)'b', (byte)'-', (byte)'s', (byte)'e', (byte)'c', (byte)'t', (byte)'i', (byte)'o', (byte)'n',
        // key2 = value2
        3, 4, (byte)'k', (byte)'e', (byte)'y', (byte)'2', 0, 6, (byte)'v', (byte)'a', (byte)'l', (byte)'u', (byte)'e', (byte)'2',
        // sub-section end
        2,
        // list1
        4, 5, (byte)'l', (byte)'i', (byte)'s', (byte)'t', (byte)'1',
        // item1
        5, 0, 5, (byte)'i', (byte)'t', (byte)'e', (byte)'m', (byte)'1',
        // item2
        5, 0, 5, (byte)'i', (byte)'t', (byte)'e', (byte)'m', (byte)'2',
        // list1 end
        6,
        // section1 end
        2,
    ];

    /// <summary>The spec example's tree, built with the public API.</summary>
    public static ViciMessage SpecExampleTree() =>
        new ViciMessage()
            .Set("key1", "value1")
            .Set("section1", new ViciMessage()
                .Set("sub-section", new ViciMessage().Set("key2", "value2"))
                .Set("list1", new ViciList().Add("item1").Add("item2")));

    /// <summary>bench/FleetCtl.Bench/data/listsa.bin: a 4,875-byte list-sa event body (linked into the test output).</summary>
    public static byte[] ListSaBody => s_listSa.Value;

    private static readonly Lazy<byte[]> s_listSa = new(() =>
    {
        var body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", "listsa.bin"));
        if (body.Length != 4875)
        {
            throw new InvalidOperationException($"listsa.bin should be 4,875 bytes, is {body.Length}");
        }

        return body;
    });

    /// <summary>The list-sa body framed as charon sends it: u32be(9 + 4875) | 0x07 | 0x07 | "list-sa" | body.</summary>
    public static byte[] ListSaFrame() => Frame(7, "list-sa", ListSaBody);

    /// <summary>A raw frame: u32be length | type | [u8 name length | name] | body. No validation: for building bad input too.</summary>
    public static byte[] Frame(byte type, string? name, ReadOnlySpan<byte> body)
    {
        var nameBytes = name is null ? [] : Encoding.UTF8.GetBytes(name);
        var length = 1 + (name is null ? 0 : 1 + nameBytes.Length) + body.Length;
        var frame = new byte[4 + length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)length);
        frame[4] = type;
        var pos = 5;
        if (name is not null)
        {
            frame[pos++] = (byte)nameBytes.Length;
            nameBytes.CopyTo(frame, pos);
            pos += nameBytes.Length;
        }

        body.CopyTo(frame.AsSpan(pos));
        return frame;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>The packet-layer bytes of a frame (after the 4-byte length field).</summary>
    public static ReadOnlySpan<byte> Payload(byte[] frame) => frame.AsSpan(4);

    /// <summary>A multi-segment sequence over <paramref name="data"/>, cut at the given offsets (each segment its own array).</summary>
    public static ReadOnlySequence<byte> Segmented(ReadOnlySpan<byte> data, params int[] cuts)
    {
        var length = data.Length;
        var bounds = new List<int> { 0 };
        bounds.AddRange(cuts.Where(c => c > 0 && c < length).Order());
        bounds.Add(data.Length);
        Segment? first = null;
        Segment? last = null;
        for (var i = 0; i + 1 < bounds.Count; i++)
        {
            var chunk = data[bounds[i]..bounds[i + 1]].ToArray();
            last = last is null ? first = new Segment(chunk, 0) : last.Append(chunk);
        }

        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    /// <summary>One segment per byte.</summary>
    public static ReadOnlySequence<byte> ByteByByte(ReadOnlySpan<byte> data) =>
        Segmented(data, Enumerable.Range(1, Math.Max(0, data.Length - 1)).ToArray());

    /// <summary>A growable chain of segments, as a pipe reader would hand them out.</summary>
    public sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    /// <summary>Decodes every whole packet at the front of <paramref name="buffer"/>.</summary>
    public static List<ViciPacket> ReadAll(ref ReadOnlySequence<byte> buffer, ViciLimits? limits, out bool partial)
    {
        var packets = new List<ViciPacket>();
        while (ViciFrame.TryReadPacket(ref buffer, limits ?? ViciLimits.Default, out var packet, out partial))
        {
            packets.Add(packet);
        }

        return packets;
    }

    /// <summary>Same type, same name, same message content (a missing message equals an empty one).</summary>
    public static bool SamePacket(in ViciPacket a, in ViciPacket b) =>
        a.Type == b.Type &&
        string.Equals(a.Name, b.Name, StringComparison.Ordinal) &&
        (a.Message ?? new ViciMessage()).ContentEquals(b.Message ?? new ViciMessage());
}
