using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using FleetCtl.Vici;
using Xunit;
using Xunit.Abstractions;

namespace FleetCtl.Vici.Tests;

/// <summary>
/// Mutation fuzzing in the style of govici's fuzz tests: every seed in Corpus/ is mutated deterministically (a fixed
/// seed per corpus file) for a bounded number of iterations. Whatever the bytes, the decoders may only throw
/// <see cref="ViciProtocolException"/>, and whatever decodes must re-encode to the bytes it came from and decode again
/// to the same content.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    /// <summary>Mutated inputs per corpus file (seeds over 1 KiB, like list-sa, get fewer). About 4 s in all.</summary>
    private const int Iterations = 12_000;
    private const int LargeSeedIterations = 3_000;

    // For a longer hunt (like go test -fuzztime): VICI_FUZZ_SCALE=50 multiplies the iterations and
    // VICI_FUZZ_SEED picks other mutations. Both unset in CI, so the test stays deterministic.
    private static readonly int s_baseSeed = int.TryParse(Environment.GetEnvironmentVariable("VICI_FUZZ_SEED"), out var seed) ? seed : 0x5eed_7ec1;
    private static readonly int s_scale = int.TryParse(Environment.GetEnvironmentVariable("VICI_FUZZ_SCALE"), out var scale) && scale > 0 ? scale : 1;

    private static readonly ViciLimits s_limits = ViciLimits.Default;
    private static readonly ViciLimits s_unbounded = new() { MaxFrameLength = int.MaxValue };

    private static readonly string s_corpusDir = Path.Combine(AppContext.BaseDirectory, "Corpus");

    private static string[] CorpusFileNames() =>
        Directory.GetFiles(s_corpusDir, "*.bin").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();

    public static TheoryData<string> CorpusFiles() => new(CorpusFileNames());

    [Fact]
    public void Corpus_holds_the_expected_seeds()
    {
        var files = CorpusFileNames();

        Assert.Contains("ok-listsa-event.bin", files);
        Assert.Contains("ok-version-response.bin", files);
        Assert.Contains("ok-spec-example-response.bin", files);
        Assert.Contains("ok-initiate-request.bin", files);
        Assert.Contains("ok-register-ike-updown.bin", files);
        Assert.True(files.Count(f => f.StartsWith("bad-", StringComparison.Ordinal)) >= 5);
        Assert.Equal(TestData.ListSaFrame(), File.ReadAllBytes(Path.Combine(s_corpusDir, "ok-listsa-event.bin")));
        Assert.Equal(TestData.Frame(1, null, TestData.SpecExample), File.ReadAllBytes(Path.Combine(s_corpusDir, "ok-spec-example-response.bin")));
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Corpus_seed_behaves_as_its_name_says(string file)
    {
        var frame = File.ReadAllBytes(Path.Combine(s_corpusDir, file));
        var buffer = new ReadOnlySequence<byte>(frame);

        if (file.StartsWith("ok-", StringComparison.Ordinal))
        {
            Assert.True(ViciFrame.TryReadPacket(ref buffer, s_limits, out var packet, out _));
            Assert.True(buffer.IsEmpty);
            Assert.Equal(frame, ViciFrame.EncodePacket(packet));
        }
        else
        {
            var expected = Enum.Parse<ViciProtocolError>(file.Split('-')[1]);
            var ex = Assert.Throws<ViciProtocolException>(() => ViciFrame.TryReadPacket(ref buffer, s_limits, out _, out _));
            Assert.Equal(expected, ex.Error);
        }
    }

    [Fact]
    public void Mutated_corpus_only_ever_raises_ViciProtocolException_and_round_trips_what_decodes()
    {
        var total = Stopwatch.StartNew();
        foreach (var file in CorpusFileNames())
        {
            var original = File.ReadAllBytes(Path.Combine(s_corpusDir, file));
            var fields = FindLengthFields(original);
            var rng = new Random(s_baseSeed ^ StableHash(file));
            var iterations = s_scale * (original.Length > 1024 ? LargeSeedIterations : Iterations);
            var stats = new Stats();
            var sw = Stopwatch.StartNew();

            for (var i = 0; i < iterations; i++)
            {
                var input = Mutate(original, fields, rng);
                try
                {
                    Exercise(input, rng, stats);
                }
                catch (Exception e) when (e is not ViciProtocolException)
                {
                    throw new InvalidOperationException(
                        $"{file}, iteration {i} (VICI_FUZZ_SEED={s_baseSeed}, VICI_FUZZ_SCALE={s_scale}): {e.GetType().Name}: {e.Message}\n" +
                        $"input ({input.Length} bytes): {Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 256)))}", e);
                }
            }

            output.WriteLine($"{file,-45} {iterations,5} inputs, {stats.Decoded,5} decoded, {stats.Refused,5} refused, {stats.Incomplete,5} incomplete, {sw.ElapsedMilliseconds,5} ms");
        }

        output.WriteLine($"total {total.ElapsedMilliseconds} ms");
    }

    // ---- the harness -----------------------------------------------------------------------------

    private sealed class Stats
    {
        public int Decoded;
        public int Refused;
        public int Incomplete;
    }

    /// <summary>Feeds one input to every decoder entry point.</summary>
    private static void Exercise(byte[] input, Random rng, Stats stats)
    {
        // 1. as bytes off a socket, in random segments
        var buffer = TestData.Segmented(input, rng.Next(input.Length + 1), rng.Next(input.Length + 1));
        try
        {
            while (true)
            {
                var before = buffer;
                if (!ViciFrame.TryReadPacket(ref buffer, s_limits, out var packet, out var partial))
                {
                    Check(partial == !buffer.IsEmpty, "partial must say whether bytes are buffered");
                    Check(buffer.Length == before.Length, "an incomplete frame must not be consumed");
                    stats.Incomplete += buffer.IsEmpty ? 0 : 1;
                    break;
                }

                stats.Decoded++;
                CheckPacket(packet, before.Slice(0, before.Length - buffer.Length).ToArray());
            }
        }
        catch (ViciProtocolException)
        {
            stats.Refused++;
        }

        // 2. as the packet inside a frame (whatever the length field says)
        if (input.Length > ViciFrame.HeaderLength)
        {
            try
            {
                var payload = input.AsSpan(ViciFrame.HeaderLength);
                var packet = ViciFrame.DecodePacket(payload, s_unbounded);
                CheckPacket(packet, [.. LengthPrefix(payload.Length), .. payload]);
            }
            catch (ViciProtocolException)
            {
            }
        }

        // 3. as a bare message body, from a few offsets
        foreach (var offset in new[] { 0, 5, rng.Next(input.Length + 1) })
        {
            if (offset > input.Length)
            {
                continue;
            }

            try
            {
                var body = input.AsSpan(offset);
                var msg = ViciMessage.Decode(body);
                CheckMessage(msg, body);
            }
            catch (ViciProtocolException)
            {
            }
        }
    }

    /// <summary>Re-encodes to the very bytes it came from, and decodes again to the same packet.</summary>
    private static void CheckPacket(in ViciPacket packet, byte[] frame)
    {
        var again = ViciFrame.EncodePacket(packet, s_unbounded);
        Check(again.AsSpan().SequenceEqual(frame), $"{packet} re-encodes to different bytes");
        var redecoded = ViciFrame.DecodePacket(again.AsSpan(ViciFrame.HeaderLength), s_unbounded);
        Check(TestData.SamePacket(packet, redecoded), $"{packet} decodes differently the second time");
        _ = packet.Message?.ToString(); // formatting arbitrary content must not throw either
    }

    private static void CheckMessage(ViciMessage msg, ReadOnlySpan<byte> body)
    {
        var again = msg.Encode();
        Check(again.AsSpan().SequenceEqual(body), "message re-encodes to different bytes");
        Check(ViciMessage.Decode(again).ContentEquals(msg), "message decodes differently the second time");
        _ = msg.ToString();
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException(what);
        }
    }

    // ---- mutations -------------------------------------------------------------------------------

    private static readonly byte[] s_interesting = [0, 1, 2, 3, 4, 5, 6, 7, 8, 0x7f, 0x80, 0xc0, 0xfe, 0xff];

    /// <summary>1 to 3 stacked mutations; half the time the frame length is then fixed up so the damage reaches the message layer.</summary>
    private static byte[] Mutate(byte[] seed, (int Pos, int Size)[] fields, Random rng)
    {
        var data = new List<byte>(seed);
        var count = 1 + rng.Next(3);
        for (var m = 0; m < count; m++)
        {
            switch (rng.Next(8))
            {
                case 0: // flip 1 to 4 bits
                    for (var b = 1 + rng.Next(4); b > 0 && data.Count > 0; b--)
                    {
                        data[rng.Next(data.Count)] ^= (byte)(1 << rng.Next(8));
                    }

                    break;
                case 1: // an interesting byte somewhere
                    if (data.Count > 0)
                    {
                        data[rng.Next(data.Count)] = s_interesting[rng.Next(s_interesting.Length)];
                    }

                    break;
                case 2: // truncate
                {
                    var cut = rng.Next(data.Count + 1);
                    data.RemoveRange(cut, data.Count - cut);
                    break;
                }

                case 3: // insert 1 to 8 random or interesting bytes
                {
                    var at = rng.Next(data.Count + 1);
                    var insert = new byte[1 + rng.Next(8)];
                    for (var k = 0; k < insert.Length; k++)
                    {
                        insert[k] = rng.Next(2) == 0 ? (byte)rng.Next(256) : s_interesting[rng.Next(s_interesting.Length)];
                    }

                    data.InsertRange(at, insert);
                    break;
                }

                case 4: // delete a range
                    if (data.Count > 0)
                    {
                        var at = rng.Next(data.Count);
                        data.RemoveRange(at, Math.Min(data.Count - at, 1 + rng.Next(16)));
                    }

                    break;
                case 5: // duplicate a chunk elsewhere (repeats whole elements now and then)
                    if (data.Count > 0)
                    {
                        var from = rng.Next(data.Count);
                        var chunk = data.GetRange(from, Math.Min(data.Count - from, 1 + rng.Next(32)));
                        data.InsertRange(rng.Next(data.Count + 1), chunk);
                    }

                    break;
                default: // tamper with a frame, name or value length field (found by walking the seed)
                    TamperLength(data, fields, rng);
                    break;
            }
        }

        if (data.Count >= ViciFrame.HeaderLength && rng.Next(2) == 0)
        {
            var fixedUp = data.ToArray();
            BinaryPrimitives.WriteUInt32BigEndian(fixedUp, (uint)(fixedUp.Length - ViciFrame.HeaderLength));
            return fixedUp;
        }

        return [.. data];
    }

    private static void TamperLength(List<byte> data, (int Pos, int Size)[] fields, Random rng)
    {
        if (fields.Length == 0)
        {
            return;
        }

        var (pos, size) = fields[rng.Next(fields.Length)];
        if (pos + size > data.Count)
        {
            return;
        }

        var span = data.ToArray().AsSpan(pos, size);
        long current = size switch
        {
            1 => span[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(span),
            _ => BinaryPrimitives.ReadUInt32BigEndian(span),
        };
        long max = size switch { 1 => byte.MaxValue, 2 => ushort.MaxValue, _ => uint.MaxValue };
        var value = rng.Next(6) switch
        {
            0 => current + 1,
            1 => current - 1,
            2 => current + rng.Next(-64, 65),
            3 => 0,
            4 => max,
            _ => size == 4 ? ViciLimits.CharonMaxFrameLength + rng.Next(-1, 2) : rng.NextInt64(max + 1),
        };
        value = Math.Clamp(value, 0, max);
        for (var k = 0; k < size; k++)
        {
            data[pos + k] = (byte)(value >> (8 * (size - 1 - k)));
        }
    }

    /// <summary>Positions of the length fields of a frame: the u32 frame length, the packet name length, element name and value lengths.</summary>
    private static (int Pos, int Size)[] FindLengthFields(byte[] frame)
    {
        var fields = new List<(int, int)> { (0, 4) };
        if (frame.Length < 5 || frame[4] > 7)
        {
            return [.. fields];
        }

        var pos = 5;
        if (ViciPacket.IsNamed((ViciPacketType)frame[4]) && pos < frame.Length)
        {
            fields.Add((pos, 1));
            pos += 1 + frame[pos];
        }

        // walk the elements leniently, stopping at the first thing that does not fit
        while (pos < frame.Length)
        {
            var type = frame[pos++];
            var named = type is 1 or 3 or 4;
            var valued = type is 3 or 5;
            if (type is < 1 or > 6)
            {
                break;
            }

            if (named)
            {
                if (pos >= frame.Length)
                {
                    break;
                }

                fields.Add((pos, 1));
                pos += 1 + frame[pos];
            }

            if (valued)
            {
                if (pos + 2 > frame.Length)
                {
                    break;
                }

                fields.Add((pos, 2));
                pos += 2 + BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(pos));
            }
        }

        return [.. fields];
    }

    private static byte[] LengthPrefix(int length)
    {
        var prefix = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(prefix, (uint)length);
        return prefix;
    }

    /// <summary>FNV-1a: string.GetHashCode is randomised per process, and the seeds must not be.</summary>
    private static int StableHash(string s)
    {
        var h = 2166136261u;
        foreach (var c in s)
        {
            h = (h ^ c) * 16777619u;
        }

        return (int)h;
    }
}
