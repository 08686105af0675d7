using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace FleetCtl.Vici;

/// <summary>
/// The transport layer: every packet travels as a 32-bit big-endian length followed by that many bytes.
/// Reading is incremental (a frame may arrive split at any byte); the length is checked against the limit
/// before any of the body is waited for, so an oversized frame is refused without buffering it.
/// </summary>
public static class ViciFrame
{
    public const int HeaderLength = 4;

    /// <summary>
    /// Takes one whole packet from the front of <paramref name="buffer"/>. Returns false (consuming nothing) when
    /// more bytes are needed; <paramref name="partial"/> then says whether part of a frame is already buffered.
    /// </summary>
    /// <exception cref="ViciProtocolException">The frame is too large or does not hold a valid packet.</exception>
    public static bool TryReadPacket(ref ReadOnlySequence<byte> buffer, ViciLimits limits, out ViciPacket packet, out bool partial)
    {
        ArgumentNullException.ThrowIfNull(limits);
        packet = default;
        partial = !buffer.IsEmpty;
        if (buffer.Length < HeaderLength)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length > (uint)limits.MaxFrameLength)
        {
            throw new ViciProtocolException(ViciProtocolError.FrameTooLarge,
                $"vici frame of {length} bytes exceeds the limit of {limits.MaxFrameLength} bytes");
        }

        if (length == 0)
        {
            throw new ViciProtocolException(ViciProtocolError.Truncated, "empty vici frame (no packet type)");
        }

        if (buffer.Length - HeaderLength < length)
        {
            return false;
        }

        var body = GC.AllocateUninitializedArray<byte>((int)length);
        buffer.Slice(HeaderLength, length).CopyTo(body);
        buffer = buffer.Slice(HeaderLength + length);
        partial = false;
        packet = DecodePacketOwned(body, limits);
        return true;
    }

    /// <summary>Decodes the bytes of one frame (after the length field) into a packet.</summary>
    public static ViciPacket DecodePacket(ReadOnlySpan<byte> frame, ViciLimits? limits = null)
    {
        var owned = frame.ToArray();
        return DecodePacketOwned(owned, limits ?? ViciLimits.Default);
    }

    private static ViciPacket DecodePacketOwned(byte[] frame, ViciLimits limits)
    {
        if (frame.Length == 0)
        {
            throw new ViciProtocolException(ViciProtocolError.Truncated, "empty vici frame (no packet type)");
        }

        var typeByte = frame[0];
        if (typeByte > (byte)ViciPacketType.Event)
        {
            throw new ViciProtocolException(ViciProtocolError.UnknownPacketType, $"unknown vici packet type {typeByte}");
        }

        var type = (ViciPacketType)typeByte;
        var pos = 1;
        string? name = null;
        if (ViciPacket.IsNamed(type))
        {
            if (frame.Length < 2)
            {
                throw new ViciProtocolException(ViciProtocolError.Truncated, $"vici {type} packet ends before its name");
            }

            int nameLength = frame[1];
            if (nameLength > frame.Length - 2)
            {
                throw new ViciProtocolException(ViciProtocolError.Truncated,
                    $"vici {type} name of {nameLength} bytes runs past the end of the frame");
            }

            name = ViciNames.Get(frame.AsSpan(2, nameLength));
            pos = 2 + nameLength;
        }

        ViciMessage? message = null;
        if (ViciPacket.CarriesMessage(type))
        {
            message = DecodeMessage(frame, pos, limits);
        }
        else if (pos != frame.Length)
        {
            throw new ViciProtocolException(ViciProtocolError.Malformed,
                $"vici {type} packet carries {frame.Length - pos} unexpected byte(s)");
        }

        return new ViciPacket(type, name, message);
    }

    private static ViciMessage DecodeMessage(byte[] frame, int pos, ViciLimits limits) =>
        pos == frame.Length ? new ViciMessage() : ViciMessage.DecodeOwned(frame, pos, frame.Length - pos, limits);

    /// <summary>The value of the length field for <paramref name="packet"/>.</summary>
    public static int GetFrameLength(in ViciPacket packet)
    {
        var length = 1;
        if (ViciPacket.IsNamed(packet.Type))
        {
            if (packet.Name is null)
            {
                throw new ArgumentException($"a vici {packet.Type} packet needs a name", nameof(packet));
            }

            length += 1 + ViciNames.ByteCount(packet.Name);
        }

        if (ViciPacket.CarriesMessage(packet.Type) && packet.Message is not null)
        {
            length += packet.Message.GetEncodedLength();
        }

        return length;
    }

    /// <summary>Writes one framed packet.</summary>
    /// <exception cref="ViciProtocolException">The packet would exceed the frame limit; nothing is written.</exception>
    public static void WritePacket(IBufferWriter<byte> writer, in ViciPacket packet, ViciLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var length = GetFrameLength(packet);
        var max = (limits ?? ViciLimits.Default).MaxFrameLength;
        if (length > max)
        {
            throw new ViciProtocolException(ViciProtocolError.FrameTooLarge,
                $"vici {packet} of {length} bytes exceeds the frame limit of {max} bytes; not sent");
        }

        var span = writer.GetSpan(HeaderLength + length);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)length);
        span[HeaderLength] = (byte)packet.Type;
        var pos = HeaderLength + 1;
        if (ViciPacket.IsNamed(packet.Type))
        {
            var n = Encoding.UTF8.GetBytes(packet.Name!, span[(pos + 1)..]);
            span[pos] = (byte)n;
            pos += 1 + n;
        }

        if (ViciPacket.CarriesMessage(packet.Type) && packet.Message is not null)
        {
            pos += packet.Message.EncodeTo(span[pos..]);
        }

        writer.Advance(pos);
    }

    /// <summary>One framed packet as a new array (length prefix included).</summary>
    public static byte[] EncodePacket(in ViciPacket packet, ViciLimits? limits = null)
    {
        var writer = new ArrayBufferWriter<byte>(HeaderLength + GetFrameLength(packet));
        WritePacket(writer, packet, limits);
        return writer.WrittenSpan.ToArray();
    }
}
