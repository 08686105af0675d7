using System.Buffers;
using FleetCtl.Vici;
using Xunit;

namespace FleetCtl.Vici.Tests;

/// <summary>
/// A socket hands frames over in arbitrary pieces. <see cref="ViciFrame.TryReadPacket"/> must give the same packets
/// whatever the split, consume nothing until a frame is whole, and say through <c>partial</c> whether part of a
/// frame is waiting.
/// </summary>
public class FrameSplitTests
{
    /// <summary>The list-sa event exactly as charon frames it, built by hand (not by the encoder under test).</summary>
    private static readonly byte[] s_listSaFrame = TestData.ListSaFrame();

    private static readonly ViciPacket s_listSaPacket = new(ViciPacketType.Event, "list-sa", ViciMessage.Decode(TestData.ListSaBody));

    /// <summary>Small packets as they follow each other on a real connection, each framed by hand, with the packet each must give.</summary>
    private static readonly (byte[] Frame, ViciPacket Packet)[] s_small =
    [
        (TestData.Frame(3, "ike-updown", []), new(ViciPacketType.EventRegister, "ike-updown")),
        (TestData.Frame(5, null, []), new(ViciPacketType.EventConfirm)),
        (TestData.Frame(0, "version", []), new(ViciPacketType.CmdRequest, "version", new ViciMessage())),
        (TestData.Frame(1, null, [
            3, 6, .. "daemon"u8, 0, 6, .. "charon"u8,
            3, 7, .. "version"u8, 0, 5, .. "5.9.8"u8,
            3, 7, .. "sysname"u8, 0, 5, .. "Linux"u8]),
            new(ViciPacketType.CmdResponse, null, new ViciMessage().Set("daemon", "charon").Set("version", "5.9.8").Set("sysname", "Linux"))),
        (TestData.Frame(2, null, []), new(ViciPacketType.CmdUnknown)),
        (TestData.Frame(4, "log", []), new(ViciPacketType.EventUnregister, "log")),
        (TestData.Frame(6, null, []), new(ViciPacketType.EventUnknown)),
        (TestData.Frame(1, null, TestData.SpecExample), new(ViciPacketType.CmdResponse, null, TestData.SpecExampleTree())),
        (TestData.Frame(7, "ike-updown", [3, 2, .. "up"u8, 0, 3, .. "yes"u8, 1, 3, .. "s2s"u8, 2]),
            new(ViciPacketType.Event, "ike-updown", new ViciMessage().Set("up", true).Set("s2s", new ViciMessage()))),
        (TestData.Frame(1, null, []), new(ViciPacketType.CmdResponse, null, new ViciMessage())),
    ];

    [Fact]
    public void ListSa_frame_is_framed_as_the_daemon_sends_it()
    {
        Assert.Equal(4 + 9 + 4875, s_listSaFrame.Length);
        byte[] header = [0, 0, 0x13, 0x14, 0x07, 0x07, .. "list-sa"u8]; // 0x1314 = 9 + 4875
        Assert.Equal(header, s_listSaFrame.AsSpan(0, 13).ToArray());
        Assert.Equal(s_listSaFrame, ViciFrame.EncodePacket(s_listSaPacket));
    }

    [Fact]
    public void ListSa_frame_split_at_every_byte_boundary_decodes_the_same()
    {
        for (var cut = 1; cut < s_listSaFrame.Length; cut++)
        {
            var buffer = TestData.Segmented(s_listSaFrame, cut);

            var packets = TestData.ReadAll(ref buffer, null, out var partial);

            var packet = Assert.Single(packets);
            Assert.True(TestData.SamePacket(s_listSaPacket, packet), $"differs when split at {cut}");
            Assert.True(buffer.IsEmpty);
            Assert.False(partial);
        }
    }

    [Fact]
    public void ListSa_frame_one_byte_per_segment_decodes_the_same()
    {
        var buffer = TestData.ByteByByte(s_listSaFrame);
        Assert.False(buffer.IsSingleSegment);

        var packets = TestData.ReadAll(ref buffer, null, out var partial);

        Assert.True(TestData.SamePacket(s_listSaPacket, Assert.Single(packets)));
        Assert.Equal(TestData.ListSaBody, packets[0].Message!.Encode());
        Assert.True(buffer.IsEmpty);
        Assert.False(partial);
    }

    [Fact]
    public void Back_to_back_stream_in_two_segments_split_at_every_byte_boundary()
    {
        var (stream, expected, _) = Stream();

        for (var cut = 0; cut <= stream.Length; cut++)
        {
            var buffer = TestData.Segmented(stream, cut);
            var packets = TestData.ReadAll(ref buffer, null, out var partial);

            AssertPackets(expected, packets, $"split at {cut}");
            Assert.True(buffer.IsEmpty);
            Assert.False(partial);
        }
    }

    [Fact]
    public void Back_to_back_stream_one_byte_per_segment()
    {
        var (stream, expected, _) = Stream();
        var buffer = TestData.ByteByByte(stream);

        var packets = TestData.ReadAll(ref buffer, null, out var partial);

        AssertPackets(expected, packets, "one byte per segment");
        Assert.False(partial);
    }

    [Fact]
    public void Back_to_back_stream_arriving_in_two_reads_split_at_every_byte_boundary()
    {
        // first read: the bytes up to the cut; second read: the rest appended to what was left over
        var (stream, expected, ends) = Stream();

        for (var cut = 0; cut <= stream.Length; cut++)
        {
            var first = TestData.Segmented(stream.AsSpan(0, cut));
            var packets = TestData.ReadAll(ref first, null, out var partial);

            var whole = ends.Count(e => e <= cut);
            var lastEnd = whole == 0 ? 0 : ends[whole - 1];
            Assert.Equal(whole, packets.Count);
            Assert.Equal(cut - lastEnd, first.Length); // nothing of an incomplete frame consumed
            Assert.True(partial == (cut != lastEnd), $"partial wrong at {cut}");

            var leftover = first.ToArray();
            var second = TestData.Segmented([.. leftover, .. stream.AsSpan(cut)], leftover.Length);
            packets.AddRange(TestData.ReadAll(ref second, null, out partial));

            AssertPackets(expected, packets, $"two reads split at {cut}");
            Assert.False(partial);
        }
    }

    [Fact]
    public void Back_to_back_stream_arriving_one_byte_at_a_time()
    {
        // a pipe that gets one more byte per read: the reader retries after every byte
        var (stream, expected, ends) = Stream();
        var packets = new List<ViciPacket>();
        TestData.Segment? head = null;
        TestData.Segment? tail = null;
        var pending = ReadOnlySequence<byte>.Empty;

        for (var i = 0; i < stream.Length; i++)
        {
            tail = tail is null ? head = new TestData.Segment(stream.AsMemory(i, 1), 0) : tail.Append(stream.AsMemory(i, 1));
            pending = pending.IsEmpty
                ? new ReadOnlySequence<byte>(tail, 0, tail, 1)
                : new ReadOnlySequence<byte>((TestData.Segment)pending.Start.GetObject()!, pending.Start.GetInteger(), tail, 1);

            packets.AddRange(TestData.ReadAll(ref pending, null, out var partial));

            var complete = ends.Contains(i + 1);
            Assert.True(partial == !complete, $"partial wrong after byte {i}");
            Assert.Equal(ends.Count(e => e <= i + 1), packets.Count);
            Assert.Equal(complete, pending.IsEmpty);
        }

        Assert.NotNull(head);
        AssertPackets(expected, packets, "one byte at a time");
    }

    [Fact]
    public void Every_small_frame_split_at_every_byte_boundary_and_three_ways()
    {
        foreach (var (frame, packet) in s_small)
        {
            for (var a = 0; a <= frame.Length; a++)
            {
                for (var b = a; b <= frame.Length; b++)
                {
                    var buffer = TestData.Segmented(frame, a, b);
                    var packets = TestData.ReadAll(ref buffer, null, out var partial);

                    Assert.True(TestData.SamePacket(packet, Assert.Single(packets)), $"{packet} split at {a},{b}");
                    Assert.False(partial);
                }
            }
        }
    }

    [Fact]
    public void Empty_buffer_is_not_partial()
    {
        var buffer = ReadOnlySequence<byte>.Empty;

        Assert.False(ViciFrame.TryReadPacket(ref buffer, ViciLimits.Default, out var packet, out var partial));
        Assert.False(partial);
        Assert.Equal(default, packet);
    }

    [Fact]
    public void TryReadPacket_takes_exactly_one_frame_and_leaves_the_rest()
    {
        var (stream, _, ends) = Stream();
        var buffer = TestData.Segmented(stream, 3, 100, 4000);

        Assert.True(ViciFrame.TryReadPacket(ref buffer, ViciLimits.Default, out var packet, out _));

        Assert.Equal(stream.Length - ends[0], buffer.Length);
        Assert.Equal(stream.AsSpan(ends[0]).ToArray(), buffer.ToArray());
        Assert.Equal(ViciPacketType.EventRegister, packet.Type);
    }

    [Fact]
    public void Decoded_packets_do_not_alias_the_input_buffers()
    {
        var frame = (byte[])s_listSaFrame.Clone();
        var buffer = TestData.Segmented(frame, 1000);

        Assert.True(ViciFrame.TryReadPacket(ref buffer, ViciLimits.Default, out var packet, out _));
        Array.Clear(frame); // a pipe reuses its memory once the reader has advanced

        Assert.Equal(TestData.ListSaBody, packet.Message!.Encode());
    }

    /// <summary>The small frames, the list-sa event in the middle and again at the end, back to back.</summary>
    private static (byte[] Stream, ViciPacket[] Packets, int[] Ends) Stream()
    {
        var parts = s_small.Take(4).Append((s_listSaFrame, s_listSaPacket)).Concat(s_small.Skip(4)).Append((s_listSaFrame, s_listSaPacket)).ToArray();
        var ends = new int[parts.Length];
        var total = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            total += parts[i].Item1.Length;
            ends[i] = total;
        }

        return (TestData.Concat(parts.Select(p => p.Item1).ToArray()), parts.Select(p => p.Item2).ToArray(), ends);
    }

    private static void AssertPackets(ViciPacket[] expected, List<ViciPacket> actual, string what)
    {
        Assert.True(expected.Length == actual.Count, $"{what}: {actual.Count} packets, expected {expected.Length}");
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(TestData.SamePacket(expected[i], actual[i]), $"{what}: packet {i} is {actual[i]}, expected {expected[i]}");
        }
    }
}
