using System.Buffers;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using FleetCtl.Vici;

namespace FleetCtl.Bench;

/// <summary>
/// The VICI codec on the two bench-data bodies (see /work/shared/bench-data/README.md): listsa.bin, a realistic 4,875-byte
/// list-sa event body, and big.bin, a 510,314-byte body near charon's 512 KiB frame limit.
/// Decode = ViciMessage.Decode of the body; Encode = EncodeTo into a reused buffer; FrameDecode = ViciFrame.TryReadPacket
/// of the whole frame as the daemon sends it.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private byte[] _listSa = null!;
    private byte[] _big = null!;
    private ViciMessage _listSaTree = null!;
    private ViciMessage _bigTree = null!;
    private byte[] _encodeBuffer = null!;
    private ReadOnlySequence<byte> _listSaFrame;
    private ReadOnlySequence<byte> _bigFrame;

    [GlobalSetup]
    public void Setup()
    {
        _listSa = Load("listsa.bin", 4_875);
        _big = Load("big.bin", 510_314);
        _listSaTree = DecodeAndVerify("listsa.bin", _listSa);
        _bigTree = DecodeAndVerify("big.bin", _big);
        _encodeBuffer = new byte[Math.Max(_listSa.Length, _big.Length)];

        // list-sa as an event: u32be(9 + 4875) | EVENT | 7 | "list-sa" | body; big.bin as a command response
        _listSaFrame = new ReadOnlySequence<byte>(Frame([(byte)ViciPacketType.Event, 7, .. "list-sa"u8], _listSa));
        _bigFrame = new ReadOnlySequence<byte>(Frame([(byte)ViciPacketType.CmdResponse], _big));
        VerifyFrame("listsa.bin", _listSaFrame, _listSaTree);
        VerifyFrame("big.bin", _bigFrame, _bigTree);
    }

    [Benchmark]
    public ViciMessage ListSa_Decode() => ViciMessage.Decode(_listSa);

    [Benchmark]
    public int ListSa_Encode() => _listSaTree.EncodeTo(_encodeBuffer);

    [Benchmark]
    public ViciPacket ListSa_FrameDecode()
    {
        var buffer = _listSaFrame;
        ViciFrame.TryReadPacket(ref buffer, ViciLimits.Default, out var packet, out _);
        return packet;
    }

    [Benchmark]
    public ViciMessage Big_Decode() => ViciMessage.Decode(_big);

    [Benchmark]
    public int Big_Encode() => _bigTree.EncodeTo(_encodeBuffer);

    [Benchmark]
    public ViciPacket Big_FrameDecode()
    {
        var buffer = _bigFrame;
        ViciFrame.TryReadPacket(ref buffer, ViciLimits.Default, out var packet, out _);
        return packet;
    }

    private static byte[] Load(string name, int expectedLength)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", name));
        if (bytes.Length != expectedLength)
        {
            throw new InvalidOperationException($"{name} is {bytes.Length} bytes, expected {expectedLength}");
        }

        return bytes;
    }

    /// <summary>Decode + encode must give back exactly the same bytes, through every encode entry point.</summary>
    private static ViciMessage DecodeAndVerify(string name, byte[] body)
    {
        var tree = ViciMessage.Decode(body);
        var encoded = tree.Encode();
        var span = new byte[body.Length];
        var written = tree.EncodeTo(span);
        var writer = new ArrayBufferWriter<byte>();
        tree.EncodeTo(writer);
        if (!encoded.AsSpan().SequenceEqual(body) || written != body.Length || !span.AsSpan().SequenceEqual(body)
            || !writer.WrittenSpan.SequenceEqual(body) || tree.GetEncodedLength() != body.Length)
        {
            throw new InvalidOperationException($"{name}: decode + encode does not give back the same {body.Length} bytes");
        }

        return tree;
    }

    private static void VerifyFrame(string name, ReadOnlySequence<byte> frame, ViciMessage expected)
    {
        var buffer = frame;
        if (!ViciFrame.TryReadPacket(ref buffer, ViciLimits.Default, out var packet, out _) || !buffer.IsEmpty
            || packet.Message is null || !packet.Message.ContentEquals(expected)
            || !ViciFrame.EncodePacket(packet).AsSpan().SequenceEqual(frame.ToArray()))
        {
            throw new InvalidOperationException($"{name}: the framed packet does not decode and re-encode to the same frame");
        }
    }

    private static byte[] Frame(ReadOnlySpan<byte> packetHeader, byte[] body)
    {
        var frame = new byte[4 + packetHeader.Length + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)(packetHeader.Length + body.Length));
        packetHeader.CopyTo(frame.AsSpan(4));
        body.CopyTo(frame.AsSpan(4 + packetHeader.Length));
        return frame;
    }
}
