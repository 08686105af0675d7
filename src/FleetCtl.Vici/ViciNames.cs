using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace FleetCtl.Vici;

/// <summary>
/// Turns wire names (keys, section, list, packet and event names) into strings. The same few hundred
/// names recur in every message, so decoded names are cached: a hit costs a hash and a compare, no allocation.
/// The table is lock-free; a racing writer only replaces one cached entry with another valid one.
/// </summary>
internal static class ViciNames
{
    private const int MaxCachedLength = 64;
    private const int TableSize = 4096; // power of two
    private static readonly Entry?[] s_table = new Entry?[TableSize];

    public static string Get(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return string.Empty;
        }

        if (bytes.Length > MaxCachedLength)
        {
            return Decode(bytes);
        }

        var slot = (int)(Hash(bytes) & (TableSize - 1));
        var entry = Volatile.Read(ref s_table[slot]);
        if (entry is not null && bytes.SequenceEqual(entry.Bytes))
        {
            return entry.Text;
        }

        var text = Decode(bytes);
        Volatile.Write(ref s_table[slot], new Entry(bytes.ToArray(), text));
        return text;
    }

    // Names must survive the trip to UTF-8 and back: a lone surrogate would silently become U+FFFD on the wire.
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>UTF-8 byte count of a name, checked against the 8-bit length field and for unpaired surrogates.</summary>
    public static int ByteCount(string name)
    {
        int count;
        try
        {
            count = s_strictUtf8.GetByteCount(name);
        }
        catch (EncoderFallbackException)
        {
            throw new ArgumentException($"vici name '{Truncate(name)}' holds an unpaired surrogate and has no UTF-8 form", nameof(name));
        }

        if (count > byte.MaxValue)
        {
            throw new ArgumentException($"vici name '{Truncate(name)}' is {count} bytes; names are limited to 255 bytes", nameof(name));
        }

        return count;
    }

    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (!Utf8.IsValid(bytes))
        {
            throw new ViciProtocolException(ViciProtocolError.InvalidName, "vici name is not valid UTF-8");
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        ulong a, b;
        if (bytes.Length >= 8)
        {
            a = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            b = BinaryPrimitives.ReadUInt64LittleEndian(bytes[^8..]);
            if (bytes.Length > 16)
            {
                a ^= BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]) * 0x9E3779B97F4A7C15UL;
            }
        }
        else
        {
            a = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                a = (a << 8) | bytes[i];
            }

            b = 0;
        }

        var h = (a * 0xFF51AFD7ED558CCDUL) ^ (b * 0xC4CEB9FE1A85EC53UL) ^ (ulong)bytes.Length;
        return h ^ (h >> 29) ^ (h >> 41);
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : string.Concat(s.AsSpan(0, 40), "...");

    private sealed class Entry(byte[] bytes, string text)
    {
        public byte[] Bytes { get; } = bytes;
        public string Text { get; } = text;
    }
}
