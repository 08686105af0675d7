namespace FleetCtl.Vici.Models;

/// <summary>
/// Tolerant readers shared by the typed models: absent keys, wrong element kinds and unparsable values all come
/// back as null (or empty), never as an exception, because a daemon of another version may send anything.
/// </summary>
internal static class ViciFields
{
    /// <summary>The sub-sections of <paramref name="message"/> in wire order, with their names.</summary>
    public static List<KeyValuePair<string, ViciMessage>> Sections(ViciMessage? message)
    {
        var result = new List<KeyValuePair<string, ViciMessage>>();
        if (message is null)
        {
            return result;
        }

        foreach (var entry in message.Entries)
        {
            if (entry.Section is { } section)
            {
                result.Add(new KeyValuePair<string, ViciMessage>(entry.Key, section));
            }
        }

        return result;
    }

    /// <summary>The first sub-section of <paramref name="message"/>, or null (events carry one named section per SA).</summary>
    public static KeyValuePair<string, ViciMessage>? FirstSection(ViciMessage? message)
    {
        if (message is null)
        {
            return null;
        }

        foreach (var entry in message.Entries)
        {
            if (entry.Section is { } section)
            {
                return new KeyValuePair<string, ViciMessage>(entry.Key, section);
            }
        }

        return null;
    }

    /// <summary>The key/values of a section as text, first occurrence winning (charon may repeat a key, e.g. in <c>nonce-gen</c>).</summary>
    public static Dictionary<string, string> Values(ViciMessage? message)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (message is null)
        {
            return result;
        }

        foreach (var entry in message.Entries)
        {
            if (entry.Kind == ViciValueKind.Value)
            {
                result.TryAdd(entry.Key, entry.StringValue!);
            }
        }

        return result;
    }

    /// <summary>Key/values parsed as unsigned 64-bit counters; entries that are not numbers are left out.</summary>
    public static Dictionary<string, ulong> Counters(ViciMessage? message)
    {
        var result = new Dictionary<string, ulong>(StringComparer.Ordinal);
        if (message is null)
        {
            return result;
        }

        foreach (var entry in message.Entries)
        {
            if (entry.Kind == ViciValueKind.Value && message.GetUInt64(entry.Key) is { } value)
            {
                result.TryAdd(entry.Key, value);
            }
        }

        return result;
    }

    /// <summary><c>success</c> as charon sends it; a response without the key is taken as a success.</summary>
    public static bool Success(ViciMessage message) => message.GetBool("success") != false;

    /// <summary>A value that is either a list or a single key/value (charon is not consistent across versions).</summary>
    public static IReadOnlyList<string> StringsOrValue(ViciMessage message, string key)
    {
        if (message.GetList(key) is { } list)
        {
            return list.ToStrings();
        }

        return message.GetString(key) is { } single ? [single] : [];
    }
}
