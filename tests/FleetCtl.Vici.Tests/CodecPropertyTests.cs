using System.Buffers;
using System.Text;
using FleetCtl.Vici;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FleetCtl.Vici.Tests;

/// <summary>Generators of random VICI trees and packets for the property tests.</summary>
public static class ViciArbitraries
{
    public const int MaxGeneratedDepth = 4;

    // pieces of names: ASCII, 2-, 3- and 4-byte UTF-8 (a surrogate pair), and a NUL, which VICI allows in a name
    private static readonly string[] s_nameUnits = ["a", "k", "z", "-", "_", "0", "9", ".", "/", " ", "é", "ß", "€", "東", "🔐", "\0"];

    private static readonly string[] s_commonNames =
    [
        "", "uniqueid", "version", "state", "local-host", "child-sas", "local-ts", "remote-ts", "bytes-in", "tasks-active",
        "success", "errmsg", "counters", "net-1", "s2s", "secret", "data", "type",
    ];

    /// <summary>Names: common charon keys, random UTF-8 text, the empty name and names near the 255-byte limit.</summary>
    public static Gen<string> Name { get; } =
        Gen.Frequency(
            (4, Gen.Elements(s_commonNames)),
            (4, Gen.Choose(0, 12).SelectMany(n => Gen.Elements(s_nameUnits).ArrayOf(n)).Select(string.Concat)),
            (1, Gen.Choose(240, 255).Select(n => new string('n', n))),
            (1, Gen.Choose(60, 63).Select(n => string.Concat(Enumerable.Repeat("東", n)) + "ab"))) // 182..191 bytes of 3-byte chars
        .Where(n => Encoding.UTF8.GetByteCount(n) <= 255);

    /// <summary>Binary values: mostly short, some text, some large, rarely the 65,535-byte maximum.</summary>
    public static Gen<byte[]> Value { get; } =
        Gen.Frequency(
            (6, Gen.Choose(0, 24)),
            (2, Gen.Choose(25, 600)),
            (1, Gen.Elements(0, 1, 255, 256, 4096)),
            (1, Gen.Choose(600, 8000)))
        .SelectMany(length => Gen.Choose(0, int.MaxValue).Select(seed => RandomBytes(length, seed)))
        .Or(Gen.Elements("yes", "no", "0", "18446744073709551615", "ESTABLISHED", "10.1.0.0/16", "Zürich").Select(Encoding.UTF8.GetBytes));

    /// <summary>Values including the occasional 65,535-byte one (for trees not bound by a frame limit).</summary>
    public static Gen<byte[]> ValueWithMaximum { get; } =
        Gen.Frequency((60, Value), (1, Gen.Choose(0, int.MaxValue).Select(seed => RandomBytes(ushort.MaxValue, seed))));

    /// <summary>Lists of 0 to 6 items (empty lists included).</summary>
    public static Gen<ViciList> List(Gen<byte[]> value) =>
        Gen.Choose(0, 6).SelectMany(n => value.ArrayOf(n)).Select(items =>
        {
            var list = new ViciList();
            foreach (var item in items)
            {
                list.Add(item);
            }

            return list;
        });

    /// <summary>A section with random key/values, lists and sub-sections, nested up to <see cref="MaxGeneratedDepth"/> levels.</summary>
    public static Gen<ViciMessage> Tree(Gen<byte[]> value, int depth = 0)
    {
        var section = depth < MaxGeneratedDepth ? Tree(value, depth + 1) : null;
        var entry = Gen.Frequency(
            (5, value.Select(v => (object)v)),
            (2, List(value).Select(l => (object)l)),
            (section is null ? 0 : 2, (section ?? Gen.Constant(new ViciMessage())).Select(s => (object)s)));

        return Gen.Choose(0, depth == 0 ? 8 : 5)
            .SelectMany(n => Gen.Zip(Name, entry).ArrayOf(n))
            .Select(entries =>
            {
                var msg = new ViciMessage();
                foreach (var (name, node) in entries)
                {
                    _ = node switch
                    {
                        byte[] bytes => msg.Set(name, bytes),
                        ViciList list => msg.Set(name, list),
                        _ => msg.Set(name, (ViciMessage)node),
                    };
                }

                return msg;
            });
    }

    /// <summary>A packet of any <see cref="ViciPacketType"/>: a name when the type has one, a message (sometimes absent) when it carries one.</summary>
    public static Gen<ViciPacket> Packet { get; } =
        from type in Gen.Elements(Enum.GetValues<ViciPacketType>())
        from name in Name
        from message in Tree(Value)
        from omitMessage in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new ViciPacket(
            type,
            ViciPacket.IsNamed(type) ? name : null,
            ViciPacket.CarriesMessage(type) && !omitMessage ? message : null);

    public static Arbitrary<ViciMessage> Trees() => Arb.From(Tree(ValueWithMaximum));

    public static Arbitrary<ViciPacket> Packets() => Arb.From(Packet);

    public static Arbitrary<ViciPacket[]> PacketStreams() => Arb.From(Gen.Choose(1, 6).SelectMany(n => Packet.ArrayOf(n)));

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}

/// <summary>Random trees and packets survive encode/decode unchanged and re-encode to the same bytes.</summary>
[Properties(Arbitrary = [typeof(ViciArbitraries)], MaxTest = 300)]
public class CodecPropertyTests
{
    private static readonly ViciLimits s_unbounded = new() { MaxFrameLength = int.MaxValue };

    [Property]
    public bool Tree_round_trips_and_re_encodes_to_the_same_bytes(ViciMessage tree)
    {
        var bytes = tree.Encode();
        var decoded = ViciMessage.Decode(bytes);

        return bytes.Length == tree.GetEncodedLength()
            && decoded.ContentEquals(tree)
            && tree.ContentEquals(decoded)
            && decoded.Encode().AsSpan().SequenceEqual(bytes)
            && decoded.GetEncodedLength() == bytes.Length;
    }

    [Property]
    public bool All_encode_entry_points_agree(ViciMessage tree)
    {
        var bytes = tree.Encode();
        var span = new byte[bytes.Length + 3];
        var written = tree.EncodeTo(span);
        var writer = new ArrayBufferWriter<byte>(1);
        tree.EncodeTo(writer);

        return written == bytes.Length
            && span.AsSpan(0, written).SequenceEqual(bytes)
            && writer.WrittenSpan.SequenceEqual(bytes);
    }

    [Property]
    public bool Decoded_tree_prints_like_the_original(ViciMessage tree) =>
        ViciMessage.Decode(tree.Encode()).ToString(redactSecrets: false) == tree.ToString(redactSecrets: false);

    [Property]
    public bool Packet_round_trips_through_the_frame_layer(ViciPacket packet, int cutSeed)
    {
        var frame = ViciFrame.EncodePacket(packet, s_unbounded);
        var cut = frame.Length <= 1 ? 0 : 1 + (int)((uint)cutSeed % (uint)(frame.Length - 1));
        var buffer = TestData.Segmented(frame, cut);

        var read = ViciFrame.TryReadPacket(ref buffer, s_unbounded, out var decoded, out var partial);
        var direct = ViciFrame.DecodePacket(frame.AsSpan(ViciFrame.HeaderLength), s_unbounded);

        return read && !partial && buffer.IsEmpty
            && frame.Length == ViciFrame.HeaderLength + ViciFrame.GetFrameLength(packet)
            && TestData.SamePacket(packet, decoded)
            && TestData.SamePacket(packet, direct)
            && (decoded.Message is null) == !ViciPacket.CarriesMessage(packet.Type)
            && (decoded.Name is null) == !ViciPacket.IsNamed(packet.Type)
            && ViciFrame.EncodePacket(decoded, s_unbounded).AsSpan().SequenceEqual(frame);
    }

    [Property]
    public bool Packet_streams_split_anywhere_read_back_in_order(ViciPacket[] packets, int[] cutSeeds)
    {
        var stream = TestData.Concat(packets.Select(p => ViciFrame.EncodePacket(p, s_unbounded)).ToArray());
        var cuts = cutSeeds.Select(s => (int)((uint)s % (uint)(stream.Length + 1))).ToArray();
        var buffer = TestData.Segmented(stream, cuts);

        var read = TestData.ReadAll(ref buffer, s_unbounded, out var partial);

        return !partial && buffer.IsEmpty && read.Count == packets.Length
            && packets.Zip(read).All(p => TestData.SamePacket(p.First, p.Second));
    }
}
