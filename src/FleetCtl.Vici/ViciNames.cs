using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace FleetCtl.Vici;

/// <summary>
/// Turns wire names (keys, section, list, packet and event names) into strings. The same few hundred
/// names recur in every message, so decoded names are cached: a hit costs a hash and a compare, no allocation.
/// The cache is 4-way set-associative, so a handful of names that hash to the same set (likely among a few
/// hundred names: the birthday bound) do not keep evicting each other and allocating on every message.
/// The table is lock-free; a racing writer only replaces one cached entry with another valid one.
/// </summary>
internal static class ViciNames
{
    private const int MaxCachedLength = 64;
    private const int Ways = 4;
    private const int Sets = 1024; // power of two
    private static readonly Entry?[] s_table = new Entry?[Sets * Ways];

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

        var table = s_table;
        var set = (int)(Hash(bytes) & (Sets - 1)) * Ways;
        var way = 0;
        for (; way < Ways; way++)
        {
            // ways fill from the front and entries are never removed, so the first empty way ends the search
            var entry = Volatile.Read(ref table[set + way]);
            if (entry is null)
            {
                break;
            }

            if (bytes.SequenceEqual(entry.Bytes))
            {
                return entry.Text;
            }
        }

        // insert at the front and shift the others back, dropping the oldest when the set is full: names of one
        // message then never evict each other unless five of them share a set. A racing writer may duplicate or
        // drop an entry; the worst outcome is a later miss.
        var text = Decode(bytes);
        for (var w = Math.Min(way, Ways - 1); w > 0; w--)
        {
            Volatile.Write(ref table[set + w], Volatile.Read(ref table[set + w - 1]));
        }

        Volatile.Write(ref table[set], new Entry(bytes.ToArray(), text));
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

    /// <summary>A 64-bit hash of every byte of a name (at most <see cref="MaxCachedLength"/> bytes), well mixed into the low bits.</summary>
    private static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        const ulong K = 0x9E3779B97F4A7C15UL;
        var h = (ulong)bytes.Length * K;
        if (bytes.Length >= 8)
        {
            var i = 0;
            for (; i + 8 <= bytes.Length; i += 8)
            {
                h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..])) * K;
            }

            if (i < bytes.Length)
            {
                h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes[^8..])) * K; // the tail, overlapping
            }
        }
        else if (bytes.Length >= 4)
        {
            h = (h ^ BinaryPrimitives.ReadUInt32LittleEndian(bytes) ^ ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(bytes[^4..]) << 32)) * K;
        }
        else
        {
            ulong a = bytes[0];
            for (var i = 1; i < bytes.Length; i++)
            {
                a |= (ulong)bytes[i] << (8 * i);
            }

            h = (h ^ a) * K;
        }

        // multiplication only carries low bits upwards: fold the high bits back down (murmur3's finaliser)
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        return h;
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : string.Concat(s.AsSpan(0, 40), "...");

    private sealed class Entry(byte[] bytes, string text)
    {
        public byte[] Bytes { get; } = bytes;
        public string Text { get; } = text;
    }
}
