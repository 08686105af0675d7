using System.Buffers;
using System.Buffers.Binary;
using FleetCtl.Vici;
using Xunit;

namespace FleetCtl.Vici.Tests;

/// <summary>
/// Bad bytes from a peer: each case must raise <see cref="ViciProtocolException"/> with the exact error code,
/// and nothing else (no IndexOutOfRange, no ArgumentException) may escape.
/// </summary>
public class MalformedInputTests
{
    // ---- transport layer -------------------------------------------------------------------------

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Truncated_frame_header_waits_for_more_and_reports_partial(int have)
    {
        var frame = TestData.Frame(1, null, TestData.SpecExample);
        var buffer = TestData.Segmented(frame.AsSpan(0, have));

        Assert.False(ViciFrame.TryReadPacket(ref buffer, ViciLimits.Default, out _, out var partial));
        Assert.True(partial);
        Assert.Equal(have, buffer.Length); // nothing consumed
    }

    [Fact]
    public void Truncated_frame_body_waits_for_more_and_reports_partial()
    {
        var frame = TestData.Frame(1, null, TestData.SpecExample);
        for (var have = 4; have < frame.Length; have++)
        {
            var buffer = TestData.Segmented(frame.AsSpan(0, have));

            Assert.False(ViciFrame.TryReadPacket(ref buffer, ViciLimits.Default, out _, out var partial));
            Assert.True(partial);
            Assert.Equal(have, buffer.Length);
        }
    }

    [Fact]
    public void Truncated_message_inside_a_frame_is_Truncated()
    {
        // the frame is whole, but the message in it stops in the middle of an element
        const int EndOfKey1 = 14; // "key1 = value1" alone is a whole message: the only root-level boundary
        for (var cut = 1; cut < TestData.SpecExample.Length; cut++)
        {
            if (cut == EndOfKey1)
            {
                continue;
            }

            var frame = TestData.Frame(1, null, TestData.SpecExample.AsSpan(0, cut));
            var error = ReadError(frame);
            Assert.True(error == ViciProtocolError.Truncated, $"cut at {cut}: {error}");
        }
    }

    [Fact]
    public void Frame_length_over_the_default_limit_is_refused_from_the_header_alone()
    {
        var header = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(header, ViciLimits.CharonMaxFrameLength + 1);

        Assert.Equal(ViciProtocolError.FrameTooLarge, ReadError(header));
        BinaryPrimitives.WriteUInt32BigEndian(header, uint.MaxValue);
        Assert.Equal(ViciProtocolError.FrameTooLarge, ReadError(header));
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x8000_0000);
        Assert.Equal(ViciProtocolError.FrameTooLarge, ReadError(header));
    }

    [Fact]
    public void Frame_of_exactly_the_default_limit_is_accepted()
    {
        // CMD_RESPONSE whose message is one key/value padded to reach 512 KiB exactly
        var body = new ViciMessage();
        var remaining = ViciLimits.CharonMaxFrameLength - 1;
        var n = 0;
        while (remaining > 0)
        {
            var key = $"k{n++}";
            var overhead = 2 + key.Length + 2;
            var value = Math.Min(ushort.MaxValue, remaining - overhead);
            body.Set(key, new byte[value]);
            remaining -= overhead + value;
        }

        var frame = ViciFrame.EncodePacket(new ViciPacket(ViciPacketType.CmdResponse, null, body));
        Assert.Equal((uint)ViciLimits.CharonMaxFrameLength, BinaryPrimitives.ReadUInt32BigEndian(frame));
        var buffer = new ReadOnlySequence<byte>(frame);

        Assert.True(ViciFrame.TryReadPacket(ref buffer, ViciLimits.Default, out var packet, out _));
        Assert.True(packet.Message!.ContentEquals(body));
    }

    [Fact]
    public void A_smaller_configured_frame_limit_is_enforced()
    {
        var limits = new ViciLimits { MaxFrameLength = 64 };
        var ok = TestData.Frame(1, null, new byte[] { 3, 1, (byte)'k', 0, 58 }.Concat(new byte[58]).ToArray());
        var tooBig = TestData.Frame(1, null, new byte[] { 3, 1, (byte)'k', 0, 59 }.Concat(new byte[59]).ToArray());
        Assert.Equal(64u, BinaryPrimitives.ReadUInt32BigEndian(ok));

        var buffer = new ReadOnlySequence<byte>(ok);
        Assert.True(ViciFrame.TryReadPacket(ref buffer, limits, out _, out _));
        Assert.Equal(ViciProtocolError.FrameTooLarge, ReadError(tooBig, limits));
        Assert.Equal(ViciProtocolError.FrameTooLarge, ReadError(tooBig.AsSpan(0, 4).ToArray(), limits));
        // the listsa event is fine by default but not under a 4 KiB limit
        Assert.Equal(ViciProtocolError.FrameTooLarge, ReadError(TestData.ListSaFrame(), new ViciLimits { MaxFrameLength = 4096 }));
    }

    [Fact]
    public void Writing_a_packet_over_the_frame_limit_is_refused_and_writes_nothing()
    {
        var packet = new ViciPacket(ViciPacketType.Event, "list-sa", ViciMessage.Decode(TestData.ListSaBody));
        var writer = new ArrayBufferWriter<byte>();

        var ex = Assert.Throws<ViciProtocolException>(() => ViciFrame.WritePacket(writer, packet, new ViciLimits { MaxFrameLength = 4096 }));

        Assert.Equal(ViciProtocolError.FrameTooLarge, ex.Error);
        Assert.Equal(0, writer.WrittenCount);
    }

    [Fact]
    public void Zero_length_frame_is_Truncated()
    {
        Assert.Equal(ViciProtocolError.Truncated, ReadError([0, 0, 0, 0]));
        Assert.Equal(ViciProtocolError.Truncated, ReadError([0, 0, 0, 0, 1, 2, 3]));
        Assert.Equal(ViciProtocolError.Truncated, DecodePacketError([]));
    }

    // ---- packet layer ----------------------------------------------------------------------------

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(0x7f)]
    [InlineData(0xff)]
    public void Unknown_packet_type(byte type)
    {
        Assert.Equal(ViciProtocolError.UnknownPacketType, ReadError(TestData.Frame(type, null, [])));
        Assert.Equal(ViciProtocolError.UnknownPacketType, ReadError(TestData.Frame(type, "x", TestData.SpecExample)));
    }

    [Theory]
    [InlineData(ViciPacketType.CmdRequest)]
    [InlineData(ViciPacketType.EventRegister)]
    [InlineData(ViciPacketType.EventUnregister)]
    [InlineData(ViciPacketType.Event)]
    public void Named_packet_without_its_name_is_Truncated(ViciPacketType type)
    {
        Assert.Equal(ViciProtocolError.Truncated, ReadError([0, 0, 0, 1, (byte)type]));
        Assert.Equal(ViciProtocolError.Truncated, ReadError([0, 0, 0, 2, (byte)type, 5]));
        Assert.Equal(ViciProtocolError.Truncated, ReadError([0, 0, 0, 6, (byte)type, 5, (byte)'a', (byte)'b', (byte)'c', (byte)'d']));
    }

    [Theory]
    [InlineData(ViciPacketType.EventConfirm)]
    [InlineData(ViciPacketType.EventUnknown)]
    [InlineData(ViciPacketType.CmdUnknown)]
    public void Trailing_bytes_after_an_unnamed_packet_without_message_are_Malformed(ViciPacketType type)
    {
        Assert.Equal(ViciProtocolError.Malformed, ReadError(TestData.Frame((byte)type, null, [0])));
        Assert.Equal(ViciProtocolError.Malformed, ReadError(TestData.Frame((byte)type, null, TestData.SpecExample)));
        Assert.Equal(ViciProtocolError.Malformed, DecodePacketError([(byte)type, 3]));
    }

    [Theory]
    [InlineData(ViciPacketType.EventRegister)]
    [InlineData(ViciPacketType.EventUnregister)]
    public void Trailing_bytes_after_an_event_registration_name_are_Malformed(ViciPacketType type)
    {
        Assert.Equal(ViciProtocolError.Malformed, ReadError(TestData.Frame((byte)type, "ike-updown", [1])));
    }

    [Theory]
    [InlineData(new byte[] { 0xff })]
    [InlineData(new byte[] { 0xc0, 0x80 })] // overlong NUL
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 })] // UTF-16 surrogate encoded as UTF-8
    [InlineData(new byte[] { (byte)'a', 0x80 })] // stray continuation byte
    [InlineData(new byte[] { 0xe2, 0x82 })] // cut multi-byte sequence
    [InlineData(new byte[] { 0xf4, 0x90, 0x80, 0x80 })] // past U+10FFFF
    public void Non_utf8_names_are_InvalidName(byte[] name)
    {
        byte[] key = [3, (byte)name.Length, .. name, 0, 1, (byte)'v'];
        byte[] section = [1, (byte)name.Length, .. name, 2];
        byte[] list = [4, (byte)name.Length, .. name, 6];
        byte[] packetName = [0, 0, 0, (byte)(2 + name.Length), 3, (byte)name.Length, .. name];

        Assert.Equal(ViciProtocolError.InvalidName, DecodeError(key));
        Assert.Equal(ViciProtocolError.InvalidName, DecodeError(section));
        Assert.Equal(ViciProtocolError.InvalidName, DecodeError(list));
        Assert.Equal(ViciProtocolError.InvalidName, ReadError(packetName));
        Assert.Equal(ViciProtocolError.InvalidName, ReadError(TestData.Frame(7, "list-sa", key)));
    }

    [Fact]
    public void Non_utf8_name_longer_than_the_name_cache_limit_is_InvalidName()
    {
        var name = Enumerable.Repeat((byte)'a', 100).Append((byte)0xff).ToArray();

        Assert.Equal(ViciProtocolError.InvalidName, DecodeError([3, (byte)name.Length, .. name, 0, 0]));
    }

    [Fact]
    public void A_valid_name_is_not_mistaken_for_a_cached_invalid_one()
    {
        // the name cache must never remember bytes it refused
        Assert.Equal(ViciProtocolError.InvalidName, DecodeError([3, 2, (byte)'o', 0xff, 0, 0]));
        Assert.Equal("v", ViciMessage.Decode([3, 2, (byte)'o', (byte)'k', 0, 1, (byte)'v']).GetString("ok"));
        Assert.Equal(ViciProtocolError.InvalidName, DecodeError([3, 2, (byte)'o', 0xff, 0, 0]));
    }

    // ---- message layer ---------------------------------------------------------------------------

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(0x80)]
    [InlineData(0xff)]
    public void Unknown_element_type(byte type)
    {
        Assert.Equal(ViciProtocolError.UnknownElementType, DecodeError([type]));
        Assert.Equal(ViciProtocolError.UnknownElementType, DecodeError([.. TestData.SpecExample, type]));
        Assert.Equal(ViciProtocolError.UnknownElementType, DecodeError([1, 1, (byte)'s', type, 2]));
        Assert.Equal(ViciProtocolError.UnknownElementType, DecodeError([4, 1, (byte)'l', type, 6]));
    }

    [Theory]
    [InlineData(new byte[] { 3 })] // key/value without name length
    [InlineData(new byte[] { 1 })] // section start without name length
    [InlineData(new byte[] { 4 })] // list start without name length
    [InlineData(new byte[] { 3, 5, (byte)'k', (byte)'e', (byte)'y' })] // name runs past the end
    [InlineData(new byte[] { 1, 1 })]
    [InlineData(new byte[] { 4, 255, (byte)'l' })]
    public void Name_length_past_the_end_is_Truncated(byte[] body)
    {
        Assert.Equal(ViciProtocolError.Truncated, DecodeError(body));
    }

    [Theory]
    [InlineData(new byte[] { 3, 1, (byte)'k' })] // no value length
    [InlineData(new byte[] { 3, 1, (byte)'k', 0 })] // half a value length
    [InlineData(new byte[] { 3, 1, (byte)'k', 0, 2, (byte)'v' })] // value runs past the end
    [InlineData(new byte[] { 3, 1, (byte)'k', 0xff, 0xff })]
    [InlineData(new byte[] { 4, 1, (byte)'l', 5 })] // list item without length
    [InlineData(new byte[] { 4, 1, (byte)'l', 5, 0 })]
    [InlineData(new byte[] { 4, 1, (byte)'l', 5, 0, 3, (byte)'a', (byte)'b' })]
    public void Value_length_past_the_end_is_Truncated(byte[] body)
    {
        Assert.Equal(ViciProtocolError.Truncated, DecodeError(body));
    }

    [Fact]
    public void Nesting_deeper_than_MaxDepth_is_NestingTooDeep()
    {
        static byte[] Nested(int depth) =>
            [.. Enumerable.Repeat(new byte[] { 1, 1, (byte)'s' }, depth).SelectMany(b => b), .. Enumerable.Repeat((byte)2, depth)];

        var max = ViciLimits.Default.MaxDepth;
        Assert.Equal(max, ViciMessage.Decode(Nested(max)).Encode().Length / 4);
        Assert.Equal(ViciProtocolError.NestingTooDeep, DecodeError(Nested(max + 1)));
        Assert.Equal(ViciProtocolError.NestingTooDeep, DecodeError(Nested(10_000)));
        // a frame carrying it fails the same way
        Assert.Equal(ViciProtocolError.NestingTooDeep, ReadError(TestData.Frame(1, null, Nested(max + 1))));

        var shallow = new ViciLimits { MaxDepth = 2 };
        ViciMessage.Decode(Nested(2), shallow);
        Assert.Equal(ViciProtocolError.NestingTooDeep, DecodeError(Nested(3), shallow));
        Assert.Equal(ViciProtocolError.NestingTooDeep, ReadError(TestData.Frame(1, null, Nested(3)), shallow));

        var flat = new ViciLimits { MaxDepth = 0 };
        ViciMessage.Decode([3, 1, (byte)'k', 0, 0], flat);
        Assert.Equal(ViciProtocolError.NestingTooDeep, DecodeError(Nested(1), flat));
    }

    [Fact]
    public void Section_end_at_root_is_Malformed()
    {
        Assert.Equal(ViciProtocolError.Malformed, DecodeError([2]));
        Assert.Equal(ViciProtocolError.Malformed, DecodeError([.. TestData.SpecExample, 2]));
        Assert.Equal(ViciProtocolError.Malformed, DecodeError([1, 1, (byte)'s', 2, 2]));
    }

    [Fact]
    public void Unclosed_section_is_Truncated()
    {
        Assert.Equal(ViciProtocolError.Truncated, DecodeError([1, 1, (byte)'s']));
        Assert.Equal(ViciProtocolError.Truncated, DecodeError([1, 1, (byte)'s', 1, 1, (byte)'t', 2]));
        Assert.Equal(ViciProtocolError.Truncated, DecodeError(TestData.SpecExample.AsSpan(0, TestData.SpecExample.Length - 1).ToArray()));
    }

    [Fact]
    public void Unclosed_list_is_Truncated()
    {
        Assert.Equal(ViciProtocolError.Truncated, DecodeError([4, 1, (byte)'l']));
        Assert.Equal(ViciProtocolError.Truncated, DecodeError([4, 1, (byte)'l', 5, 0, 1, (byte)'a']));
    }

    [Fact]
    public void Key_value_inside_a_list_is_Malformed() =>
        Assert.Equal(ViciProtocolError.Malformed, DecodeError([4, 1, (byte)'l', 3, 1, (byte)'k', 0, 0, 6]));

    [Fact]
    public void Section_inside_a_list_is_Malformed()
    {
        Assert.Equal(ViciProtocolError.Malformed, DecodeError([4, 1, (byte)'l', 1, 1, (byte)'s', 2, 6]));
        Assert.Equal(ViciProtocolError.Malformed, DecodeError([1, 1, (byte)'s', 4, 1, (byte)'l', 2]));
    }

    [Fact]
    public void Nested_list_is_Malformed() =>
        Assert.Equal(ViciProtocolError.Malformed, DecodeError([4, 1, (byte)'l', 4, 1, (byte)'m', 6, 6]));

    [Fact]
    public void List_item_outside_a_list_is_Malformed()
    {
        Assert.Equal(ViciProtocolError.Malformed, DecodeError([5, 0, 1, (byte)'a']));
        Assert.Equal(ViciProtocolError.Malformed, DecodeError([4, 1, (byte)'l', 6, 5, 0, 0]));
        Assert.Equal(ViciProtocolError.Malformed, DecodeError([1, 1, (byte)'s', 5, 0, 0, 2]));
    }

    [Fact]
    public void List_end_without_a_list_is_Malformed()
    {
        Assert.Equal(ViciProtocolError.Malformed, DecodeError([6]));
        Assert.Equal(ViciProtocolError.Malformed, DecodeError([4, 1, (byte)'l', 6, 6]));
    }

    [Fact]
    public void A_failed_decode_leaves_the_decoder_usable_on_this_thread()
    {
        // the decoder keeps per-thread scratch space; an exception half way must not poison the next decode
        DecodeError([1, 1, (byte)'a', 3, 1, (byte)'k', 0, 1, (byte)'v', 4, 1, (byte)'l', 5, 0, 1, (byte)'x', 4]);
        DecodeError([1, 1, (byte)'a', 1, 1, (byte)'b', 3, 1, (byte)'k', 0, 1]);

        var msg = ViciMessage.Decode(TestData.SpecExample);
        Assert.True(msg.ContentEquals(TestData.SpecExampleTree()));
        Assert.Equal(TestData.ListSaBody, ViciMessage.Decode(TestData.ListSaBody).Encode());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /// <summary>The error of decoding a message body; fails on success or on any other exception type.</summary>
    internal static ViciProtocolError DecodeError(byte[] body, ViciLimits? limits = null)
    {
        var ex = Assert.Throws<ViciProtocolException>(() => ViciMessage.Decode(body, limits));
        return ex.Error;
    }

    /// <summary>The error of decoding a packet (the bytes after the length field).</summary>
    internal static ViciProtocolError DecodePacketError(byte[] payload, ViciLimits? limits = null)
    {
        var ex = Assert.Throws<ViciProtocolException>(() => ViciFrame.DecodePacket(payload, limits));
        return ex.Error;
    }

    /// <summary>
    /// The error of reading framed bytes through <see cref="ViciFrame.TryReadPacket"/>, whole and split into one-byte
    /// segments; when the frame is complete, <see cref="ViciFrame.DecodePacket"/> must report the same error.
    /// </summary>
    internal static ViciProtocolError ReadError(byte[] framed, ViciLimits? limits = null)
    {
        limits ??= ViciLimits.Default;
        var whole = Assert.Throws<ViciProtocolException>(() =>
        {
            var buffer = new ReadOnlySequence<byte>(framed);
            ViciFrame.TryReadPacket(ref buffer, limits, out _, out _);
        });
        var split = Assert.Throws<ViciProtocolException>(() =>
        {
            var buffer = TestData.ByteByByte(framed);
            ViciFrame.TryReadPacket(ref buffer, limits, out _, out _);
        });
        Assert.Equal(whole.Error, split.Error);

        if (framed.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(framed) is var length && length > 0 && length <= framed.Length - 4
            && whole.Error != ViciProtocolError.FrameTooLarge)
        {
            Assert.Equal(whole.Error, DecodePacketError(framed.AsSpan(4, (int)length).ToArray(), limits));
        }

        return whole.Error;
    }
}
