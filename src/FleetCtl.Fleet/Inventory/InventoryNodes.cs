using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FleetCtl.Fleet.Inventory;

// YAML, JSON and IConfiguration are all read into this small tree first, each node knowing where it came from, so
// one interpreter (GatewayReader) handles all three and reports problems with the same words and positions.

/// <summary>A value in an inventory source; <see cref="Where"/> is <c>file:line:column</c> or <c>configuration Path</c>.</summary>
internal abstract record InventoryNode(string Where)
{
    public abstract string Describe();
}

/// <summary>A single value; null for YAML <c>~</c>/<c>null</c>/nothing, JSON <c>null</c>, a configuration key without value.</summary>
internal sealed record ScalarNode(string? Value, string Where) : InventoryNode(Where)
{
    public override string Describe() => Value is null ? "empty" : "a single value";
}

internal sealed record MapEntry(string Key, string KeyWhere, InventoryNode Value);

internal sealed record MapNode(IReadOnlyList<MapEntry> Entries, string Where) : InventoryNode(Where)
{
    public override string Describe() => "a mapping";
}

internal sealed record ListNode(IReadOnlyList<InventoryNode> Items, string Where) : InventoryNode(Where)
{
    public override string Describe() => "a list";
}

internal static class YamlSource
{
    /// <summary>The document's root, null for an empty file; a problem (with line and column) when it is not YAML.</summary>
    public static InventoryNode? Parse(string text, string file, List<string> problems)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            problems.Add($"{Position(file, e.Start)}: not valid YAML: {StripMark(e.Message)}");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            problems.Add($"{Position(file, stream.Documents[1].RootNode.Start)}: the file has {stream.Documents.Count} YAML documents; expected one");
            return null;
        }

        return Convert(stream.Documents[0].RootNode, file);
    }

    private static InventoryNode Convert(YamlNode node, string file) => node switch
    {
        YamlMappingNode map => new MapNode(
            map.Children.Select(kv => new MapEntry(
                kv.Key is YamlScalarNode k ? k.Value ?? string.Empty : kv.Key.ToString(),
                Position(file, kv.Key.Start),
                Convert(kv.Value, file))).ToList(),
            Position(file, map.Start)),
        YamlSequenceNode seq => new ListNode(seq.Children.Select(c => Convert(c, file)).ToList(), Position(file, seq.Start)),
        YamlScalarNode scalar => new ScalarNode(IsNull(scalar) ? null : scalar.Value, Position(file, scalar.Start)),
        _ => new ScalarNode(null, Position(file, node.Start)),
    };

    // YAML's null: an empty plain scalar, ~ or null (but "null" in quotes is a string)
    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static string Position(string file, Mark mark) =>
        string.Create(CultureInfo.InvariantCulture, $"{file}:{mark.Line}:{mark.Column}");

    // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: 3, Col: 6, Idx: 21): "; the position is already in front
    private static string StripMark(string message)
    {
        if (message.StartsWith("(Line:", StringComparison.Ordinal))
        {
            var end = message.IndexOf("): ", StringComparison.Ordinal);
            if (end >= 0)
            {
                return message[(end + 3)..];
            }
        }

        return message;
    }
}

internal static class JsonSource
{
    private static readonly JsonReaderOptions s_options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The document's root, null for an empty file; a problem (with line and column) when it is not JSON.</summary>
    public static InventoryNode? Parse(string text, string file, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        var positions = new BytePositions(bytes, file);
        var reader = new Utf8JsonReader(bytes, s_options);
        try
        {
            if (!reader.Read())
            {
                return null;
            }

            var root = ReadValue(ref reader, positions);
            if (reader.Read())
            {
                problems.Add($"{positions.At(reader.TokenStartIndex)}: not valid JSON: unexpected data after the end of the document");
                return null;
            }

            return root;
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{file}:{line}:{column}: not valid JSON: {StripPosition(e.Message)}"));
            return null;
        }
    }

    private static InventoryNode ReadValue(ref Utf8JsonReader reader, BytePositions positions)
    {
        var where = positions.At(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var entries = new List<MapEntry>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var keyWhere = positions.At(reader.TokenStartIndex);
                    var key = reader.GetString() ?? string.Empty;
                    reader.Read();
                    entries.Add(new MapEntry(key, keyWhere, ReadValue(ref reader, positions)));
                }

                return new MapNode(entries, where);
            case JsonTokenType.StartArray:
                var items = new List<InventoryNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, positions));
                }

                return new ListNode(items, where);
            case JsonTokenType.String:
                return new ScalarNode(reader.GetString(), where);
            case JsonTokenType.Null:
                return new ScalarNode(null, where);
            default: // numbers, true, false: their text, as configuration would give it
                return new ScalarNode(Encoding.UTF8.GetString(reader.ValueSpan), where);
        }
    }

    // System.Text.Json appends " LineNumber: 2 | BytePositionInLine: 10." (0-based); the 1-based position is in front
    private static string StripPosition(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at >= 0 ? message[..at] : message;
    }

    /// <summary>Turns a byte offset into <c>file:line:column</c> (1-based, the column counted in characters).</summary>
    private sealed class BytePositions
    {
        private readonly byte[] _bytes;
        private readonly string _file;
        private readonly List<int> _lineStarts = [0];

        public BytePositions(byte[] bytes, string file)
        {
            _bytes = bytes;
            _file = file;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        public string At(long offset)
        {
            var index = _lineStarts.BinarySearch((int)offset);
            var line = index >= 0 ? index : ~index - 1;
            var column = Encoding.UTF8.GetCharCount(_bytes, _lineStarts[line], (int)offset - _lineStarts[line]) + 1;
            return string.Create(CultureInfo.InvariantCulture, $"{_file}:{line + 1}:{column}");
        }
    }
}

internal static class ConfigurationSource
{
    /// <summary>A configuration section as a tree: a key with children is a mapping, one without is a value.</summary>
    public static InventoryNode Convert(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        return children.Count == 0
            ? new ScalarNode(string.IsNullOrEmpty(section.Value) ? null : section.Value, Where(section.Path))
            : new MapNode(children.Select(c => new MapEntry(c.Key, Where(c.Path), Convert(c))).ToList(), Where(section.Path));
    }

    public static string Where(string path) => "configuration " + path;
}
