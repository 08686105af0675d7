using System.Buffers;
using FleetCtl.Vici;
using Xunit;

namespace FleetCtl.Vici.Tests;

/// <summary>Runs alone: other tests decode thousands of random names, which would evict cached names mid-measurement.</summary>
[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;

/// <summary>
/// Decoding allocates exactly one copy of the bytes plus the tree's own objects (messages, their entry arrays, lists and their
/// item arrays); names come from the name cache. Encoding into a caller's buffer allocates nothing.
/// Sizes are those of 64-bit .NET: 16-byte object header, 8-byte array length, 8-byte alignment.
/// </summary>
[Collection(nameof(AllocationCollection))]
public class AllocationTests
{
    private static readonly byte[] s_big = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", "big.bin"));

    public static TheoryData<string> Bodies() => new("listsa", "big", "spec");

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Decode_allocates_only_the_body_copy_and_the_tree(string which)
    {
        var body = Body(which);
        ViciMessage.Decode(body); // warm up: JIT, per-thread scratch, name cache

        var allocated = Measure(() => ViciMessage.Decode(body), out var msg);

        Assert.Equal(ArrayBytes(body.Length, 1) + TreeBytes(msg), allocated);
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Decode_stays_allocation_free_beyond_the_tree_after_the_name_cache_was_flooded(string which)
    {
        // a peer (or a fuzzer) sending thousands of distinct names fills every set of the name cache; names of
        // one message must still not evict each other, or each decode would allocate them again
        var random = new Random(7);
        for (var i = 0; i < 50_000; i++)
        {
            ViciMessage.Decode([3, 8, .. Convert.ToHexString(BitConverter.GetBytes(random.Next())).ToLowerInvariant().Take(8).Select(c => (byte)c), 0, 0]);
        }

        var body = Body(which);
        ViciMessage.Decode(body);

        var allocated = Measure(() => ViciMessage.Decode(body), out var msg);

        Assert.Equal(ArrayBytes(body.Length, 1) + TreeBytes(msg), allocated);
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Frame_decode_allocates_only_the_frame_copy_and_the_tree(string which)
    {
        var body = Body(which);
        var frame = new ReadOnlySequence<byte>(TestData.Frame(7, "list-sa", body));
        Read(frame);

        var allocated = Measure(() => Read(frame), out var packet);

        Assert.Equal(ArrayBytes(1 + 1 + 7 + body.Length, 1) + TreeBytes(packet.Message!), allocated);
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void EncodeTo_a_span_allocates_nothing(string which)
    {
        var msg = ViciMessage.Decode(Body(which));
        var buffer = new byte[msg.GetEncodedLength()];
        msg.EncodeTo(buffer);

        var allocated = Measure(() => msg.EncodeTo(buffer) + msg.GetEncodedLength(), out _);

        Assert.Equal(0, allocated);
    }

    private static byte[] Body(string which) => which switch
    {
        "listsa" => TestData.ListSaBody,
        "big" => s_big,
        _ => TestData.SpecExample,
    };

    private static ViciPacket Read(ReadOnlySequence<byte> frame)
    {
        Assert.True(ViciFrame.TryReadPacket(ref frame, ViciLimits.Default, out var packet, out _));
        return packet;
    }

    /// <summary>
    /// Bytes allocated by <paramref name="action"/> on this thread: the least of a few runs, because the name cache is
    /// shared and a test decoding on another thread at the same moment can evict a name this one then has to re-create.
    /// </summary>
    private static long Measure<T>(Func<T> action, out T result)
    {
        var least = long.MaxValue;
        result = default!;
        for (var i = 0; i < 5; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            result = action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }

    private const int ObjectHeader = 16;
    private const int EntrySize = 32; // string key + ReadOnlyMemory<byte> (object, index, length) + object node
    private const int MemorySize = 16; // ReadOnlyMemory<byte>

    private static long Align(long size) => (size + 7) & ~7L;

    private static long ArrayBytes(int length, int elementSize) => length == 0 ? 0 : Align(ObjectHeader + 8 + ((long)length * elementSize));

    /// <summary>Bytes of the objects a decoded tree is made of (exactly sized arrays; empty ones are the shared empty array).</summary>
    private static long TreeBytes(ViciMessage msg)
    {
        var total = Align(ObjectHeader + 8 + 4) + ArrayBytes(msg.Count, EntrySize);
        foreach (var entry in msg)
        {
            if (entry.Section is { } section)
            {
                total += TreeBytes(section);
            }
            else if (entry.List is { } list)
            {
                total += Align(ObjectHeader + 8 + 4) + ArrayBytes(list.Count, MemorySize);
            }
        }

        return total;
    }
}
