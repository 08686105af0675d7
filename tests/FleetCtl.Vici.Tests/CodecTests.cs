using System.Buffers;
using System.Text;
using FleetCtl.Vici;
using Xunit;

namespace FleetCtl.Vici.Tests;

/// <summary>Encoding and decoding of message bodies, and the typed accessors and builders of <see cref="ViciMessage"/>.</summary>
public class CodecTests
{
    // ---- the spec's encoding example -------------------------------------------------------------

    [Fact]
    public void Spec_example_encodes_byte_for_byte()
    {
        var tree = TestData.SpecExampleTree();

        Assert.Equal(TestData.SpecExample.Length, tree.GetEncodedLength());
        Assert.Equal(TestData.SpecExample, tree.Encode());
    }

    [Fact]
    public void Spec_example_decodes_to_the_spec_tree()
    {
        var msg = ViciMessage.Decode(TestData.SpecExample);

        Assert.Equal(["key1", "section1"], msg.Select(e => e.Key));
        Assert.Equal("value1", msg.GetString("key1"));
        var section1 = msg.GetSection("section1");
        Assert.NotNull(section1);
        Assert.Equal(["sub-section", "list1"], section1.Select(e => e.Key));
        Assert.Equal("value2", section1.GetSection("sub-section")?.GetString("key2"));
        Assert.Equal(["item1", "item2"], section1.GetStrings("list1"));
        Assert.True(msg.ContentEquals(TestData.SpecExampleTree()));
        Assert.Equal(TestData.SpecExample, msg.Encode());
    }

    [Fact]
    public void Spec_example_encodes_identically_through_every_encode_entry_point()
    {
        var tree = TestData.SpecExampleTree();

        var span = new byte[tree.GetEncodedLength() + 7];
        var written = tree.EncodeTo(span);
        var writer = new ArrayBufferWriter<byte>();
        tree.EncodeTo(writer);

        Assert.Equal(TestData.SpecExample, span.AsSpan(0, written).ToArray());
        Assert.Equal(TestData.SpecExample, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Empty_body_is_an_empty_message_and_encodes_to_nothing()
    {
        var msg = ViciMessage.Decode([]);

        Assert.True(msg.IsEmpty);
        Assert.Equal(0, msg.GetEncodedLength());
        Assert.Empty(msg.Encode());
    }

    [Fact]
    public void Decode_copies_the_input_so_later_changes_to_it_do_not_show()
    {
        var bytes = (byte[])TestData.SpecExample.Clone();
        var msg = ViciMessage.Decode(bytes);

        Array.Clear(bytes);

        Assert.Equal("value1", msg.GetString("key1"));
        Assert.Equal(TestData.SpecExample, msg.Encode());
    }

    [Fact]
    public void ListSa_body_decodes_and_re_encodes_byte_for_byte()
    {
        var body = TestData.ListSaBody;
        var msg = ViciMessage.Decode(body);

        Assert.Equal(body, msg.Encode());
        var ike = Assert.Single(msg.SectionNames);
        Assert.Equal("gw-site-042", ike);
        var sa = msg.GetSection(ike)!;
        Assert.Equal("ESTABLISHED", sa.GetString("state"));
        Assert.Equal(42, sa.GetInt32("uniqueid"));
        Assert.Equal(true, sa.GetBool("initiator"));
        Assert.Equal(10, sa.GetSection("child-sas")!.Count);
    }

    // ---- typed accessors -------------------------------------------------------------------------

    [Fact]
    public void String_values_round_trip_including_non_ascii_text()
    {
        var msg = RoundTrip(new ViciMessage().Set("local-id", "gw-hq.example.org").Set("descr", "Zürich ⇄ 東京").Set("empty", ""));

        Assert.Equal("gw-hq.example.org", msg.GetString("local-id"));
        Assert.Equal("Zürich ⇄ 東京", msg.GetString("descr"));
        Assert.Equal("", msg.GetString("empty"));
        Assert.Null(msg.GetString("absent"));
    }

    [Fact]
    public void Integers_are_decimal_strings()
    {
        var msg = new ViciMessage().Set("uniqueid", 42L).Set("neg", -7L).Set("big", long.MaxValue).Set("min", long.MinValue);

        Assert.Equal("42"u8.ToArray(), msg.GetBytes("uniqueid")!.Value.ToArray());
        msg = RoundTrip(msg);
        Assert.Equal(42L, msg.GetInt64("uniqueid"));
        Assert.Equal(42, msg.GetInt32("uniqueid"));
        Assert.Equal(-7L, msg.GetInt64("neg"));
        Assert.Equal(long.MaxValue, msg.GetInt64("big"));
        Assert.Equal(long.MinValue, msg.GetInt64("min"));
        Assert.Null(msg.GetInt32("big")); // out of int range
        Assert.Null(msg.GetInt64("absent"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12a")]
    [InlineData("abc")]
    [InlineData(" 12")]
    [InlineData("12 ")]
    [InlineData("99999999999999999999")]
    public void Non_numbers_read_as_null(string text)
    {
        var msg = new ViciMessage().Set("v", text);

        Assert.Null(msg.GetInt64("v"));
        Assert.Null(msg.GetInt32("v"));
    }

    [Fact]
    public void UInt64_counters_cover_the_full_range()
    {
        // charon reports bytes-in / packets-out etc. as unsigned 64-bit decimal strings
        var msg = RoundTrip(new ViciMessage()
            .Set("bytes-in", ulong.MaxValue)
            .Set("packets-in", 0UL)
            .Set("bytes-out", "9223372036854775808"));

        Assert.Equal(ulong.MaxValue, msg.GetUInt64("bytes-in"));
        Assert.Equal(0UL, msg.GetUInt64("packets-in"));
        Assert.Equal(9223372036854775808UL, msg.GetUInt64("bytes-out"));
        Assert.Null(msg.GetInt64("bytes-out")); // past long.MaxValue
        Assert.Null(msg.GetUInt64("absent"));
        Assert.Null(new ViciMessage().Set("x", "-1").GetUInt64("x"));
        Assert.Null(new ViciMessage().Set("x", "18446744073709551616").GetUInt64("x"));
    }

    [Fact]
    public void Booleans_are_yes_and_no()
    {
        var msg = new ViciMessage().Set("up", true).Set("initiator", false);

        Assert.Equal("yes", msg.GetString("up"));
        Assert.Equal("no", msg.GetString("initiator"));
        msg = RoundTrip(msg);
        Assert.Equal(true, msg.GetBool("up"));
        Assert.Equal(false, msg.GetBool("initiator"));
        Assert.True(msg.IsYes("up"));
        Assert.False(msg.IsYes("initiator"));
        Assert.False(msg.IsYes("absent"));
        Assert.Null(msg.GetBool("absent"));
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("no", false)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("YES", null)]
    [InlineData("maybe", null)]
    [InlineData("", null)]
    public void Bool_parsing(string text, bool? expected) =>
        Assert.Equal(expected, new ViciMessage().Set("b", text).GetBool("b"));

    [Fact]
    public void Binary_values_that_are_not_utf8_survive_unchanged()
    {
        // e.g. DER certificates: NULs, 0xFF, lone continuation bytes, invalid sequences
        byte[] der = [0x30, 0x82, 0x01, 0x0a, 0x00, 0xff, 0xfe, 0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x00];
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var msg = RoundTrip(new ViciMessage()
            .Set("data", der)
            .Set("all", all)
            .Set("items", new ViciList().Add(der).Add(all).Add(ReadOnlyMemory<byte>.Empty)));

        Assert.Equal(der, msg.GetBytes("data")!.Value.ToArray());
        Assert.Equal(all, msg.GetBytes("all")!.Value.ToArray());
        var list = msg.GetList("items")!;
        Assert.Equal(3, list.Count);
        Assert.Equal(der, list[0].ToArray());
        Assert.Equal(all, list[1].ToArray());
        Assert.Equal(0, list[2].Length);
    }

    [Fact]
    public void Accessors_of_the_wrong_kind_return_null()
    {
        var msg = new ViciMessage()
            .Set("value", "v")
            .Set("section", new ViciMessage())
            .Set("list", new ViciList());

        Assert.Null(msg.GetSection("value"));
        Assert.Null(msg.GetList("value"));
        Assert.Null(msg.GetString("section"));
        Assert.Null(msg.GetBytes("list"));
        Assert.Null(msg.GetBytes("section"));
        Assert.Null(msg.GetBytes("absent"));
        Assert.Equal("v"u8.ToArray(), msg.GetBytes("value")!.Value.ToArray());
        Assert.True(new ViciMessage().Set("empty", "").GetBytes("empty") is { Length: 0 });
        Assert.Null(msg.GetBool("list"));
        Assert.Null(msg.GetInt64("section"));
        Assert.Null(msg.GetList("section"));
        Assert.Null(msg.GetSection("list"));
        Assert.Empty(msg.GetStrings("absent"));
        Assert.Equal(ViciValueKind.Value, msg[0].Kind);
        Assert.Equal(ViciValueKind.Section, msg[1].Kind);
        Assert.Equal(ViciValueKind.List, msg[2].Kind);
        Assert.Null(msg[1].StringValue);
    }

    [Fact]
    public void Nested_sections_and_lists_round_trip()
    {
        var msg = new ViciMessage()
            .Set("gw-site-042", new ViciMessage()
                .Set("uniqueid", 42L)
                .Set("child-sas", new ViciMessage()
                    .Set("net-1", new ViciMessage()
                        .Set("local-ts", ["10.1.0.0/16", "10.2.0.0/16"])
                        .Set("remote-ts", new ViciList().Add("10.42.0.0/16"))
                        .Set("bytes-in", 123456789UL))))
            .Set("tasks-active", new ViciList());

        var decoded = RoundTrip(msg);

        var child = decoded.GetSection("gw-site-042")?.GetSection("child-sas")?.GetSection("net-1");
        Assert.NotNull(child);
        Assert.Equal(["10.1.0.0/16", "10.2.0.0/16"], child.GetStrings("local-ts"));
        Assert.Equal(["10.42.0.0/16"], child.GetList("remote-ts")!.ToStrings());
        Assert.Equal("10.42.0.0/16", child.GetList("remote-ts")!.GetString(0));
        Assert.Equal(123456789UL, child.GetUInt64("bytes-in"));
        var empty = decoded.GetList("tasks-active");
        Assert.NotNull(empty);
        Assert.Empty(empty);
        Assert.Equal(["gw-site-042"], decoded.SectionNames);
    }

    [Fact]
    public void Empty_sections_and_lists_encode_as_bare_start_and_end()
    {
        var msg = new ViciMessage().Set("s", new ViciMessage()).Set("l", new ViciList());

        Assert.Equal(new byte[] { 1, 1, (byte)'s', 2, 4, 1, (byte)'l', 6 }, msg.Encode());
        Assert.True(RoundTrip(msg).ContentEquals(msg));
    }

    // ---- building --------------------------------------------------------------------------------

    [Fact]
    public void Set_replaces_an_existing_key_in_place()
    {
        var msg = new ViciMessage().Set("a", "1").Set("b", "2").Set("c", "3");

        msg.Set("b", new ViciList().Add("x"));
        msg.Set("a", "one");

        Assert.Equal(3, msg.Count);
        Assert.Equal(["a", "b", "c"], msg.Select(e => e.Key));
        Assert.Equal("one", msg.GetString("a"));
        Assert.Equal(ViciValueKind.List, msg[1].Kind);
        Assert.Equal("3", msg.GetString("c"));
        Assert.Equal(new ViciMessage().Set("a", "one").Set("b", new ViciList().Add("x")).Set("c", "3").Encode(), msg.Encode());
    }

    [Fact]
    public void Set_on_a_decoded_message_replaces_in_place_and_appends()
    {
        var msg = ViciMessage.Decode(TestData.SpecExample);

        msg.Set("key1", "changed").Set("key3", "new");

        Assert.Equal(["key1", "section1", "key3"], msg.Select(e => e.Key));
        Assert.Equal("changed", msg.GetString("key1"));
        var list = msg.GetSection("section1")!.GetList("list1")!;
        list.Add("item3");
        Assert.Equal(["item1", "item2", "item3"], list.ToStrings());
        Assert.True(RoundTrip(msg).ContentEquals(msg));
    }

    [Fact]
    public void Remove_and_SetIfNotNull()
    {
        var msg = new ViciMessage().Set("a", "1").Set("b", "2").Set("c", "3");

        Assert.True(msg.Remove("b"));
        Assert.False(msg.Remove("b"));
        msg.SetIfNotNull("d", (string?)null).SetIfNotNull("e", (long?)null).SetIfNotNull("f", (bool?)null);
        msg.SetIfNotNull("g", "x").SetIfNotNull("h", 5L).SetIfNotNull("i", true);

        Assert.Equal(["a", "c", "g", "h", "i"], msg.Select(e => e.Key));
        Assert.Equal("yes", msg.GetString("i"));
    }

    [Fact]
    public void A_section_cannot_contain_itself()
    {
        var msg = new ViciMessage();

        Assert.Throws<ArgumentException>(() => msg.Set("self", msg));
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        var msg = new ViciMessage();

        Assert.Throws<ArgumentNullException>(() => msg.Set(null!, "v"));
        Assert.Throws<ArgumentNullException>(() => msg.Set("k", (string)null!));
        Assert.Throws<ArgumentNullException>(() => msg.Set("k", (ViciMessage)null!));
        Assert.Throws<ArgumentNullException>(() => msg.Set("k", (ViciList)null!));
        Assert.Throws<ArgumentNullException>(() => new ViciList().Add((string)null!));
    }

    [Fact]
    public void Indexers_check_their_range()
    {
        var msg = new ViciMessage().Set("a", "1");
        var list = new ViciList().Add("x");

        Assert.Throws<ArgumentOutOfRangeException>(() => msg[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => msg[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[1]);
    }

    // ---- names and sizes at the limits -----------------------------------------------------------

    [Fact]
    public void Empty_names_are_valid()
    {
        // charon's get-counters reports the global counters in a section with an empty name
        var msg = new ViciMessage()
            .Set("counters", new ViciMessage()
                .Set("", new ViciMessage().Set("ike-rekey-init", 3UL))
                .Set("s2s", new ViciMessage().Set("ike-rekey-init", 1UL)))
            .Set("", "empty key")
            .Set("success", true);

        var bytes = msg.Encode();
        var decoded = ViciMessage.Decode(bytes);

        Assert.Equal(3UL, decoded.GetSection("counters")?.GetSection("")?.GetUInt64("ike-rekey-init"));
        Assert.Equal("empty key", decoded.GetString(""));
        Assert.Equal(["", "s2s"], decoded.GetSection("counters")!.SectionNames);
        Assert.Equal(bytes, decoded.Encode());
        // an empty section name is a zero length byte
        Assert.Equal(new byte[] { 1, 0, 2 }, new ViciMessage().Set("", new ViciMessage()).Encode());
    }

    [Fact]
    public void Values_of_exactly_65535_bytes_round_trip()
    {
        var value = new byte[ushort.MaxValue];
        new Random(65535).NextBytes(value);
        var msg = new ViciMessage().Set("big", value).Set("list", new ViciList().Add(value));

        var bytes = msg.Encode();
        var decoded = ViciMessage.Decode(bytes);

        Assert.Equal(0xff, bytes[5]); // u16 length field 0xFFFF after type, name length, "big"
        Assert.Equal(0xff, bytes[6]);
        Assert.Equal(value, decoded.GetBytes("big")!.Value.ToArray());
        Assert.Equal(value, decoded.GetList("list")![0].ToArray());
        Assert.Equal(bytes, decoded.Encode());
    }

    [Theory]
    [InlineData(255, "x")] // 255 ASCII bytes
    [InlineData(85, "€")] // 85 x 3 bytes = 255
    [InlineData(0, "")]
    public void Names_of_up_to_255_bytes_round_trip(int repeat, string unit)
    {
        var name = string.Concat(Enumerable.Repeat(unit, repeat));
        Assert.True(Encoding.UTF8.GetByteCount(name) <= 255);
        var msg = new ViciMessage()
            .Set(name, "v")
            .Set("s", new ViciMessage().Set(name, new ViciMessage()))
            .Set("l", new ViciMessage().Set(name, new ViciList().Add("i")));

        var decoded = RoundTrip(msg);

        Assert.Equal("v", decoded.GetString(name));
        Assert.NotNull(decoded.GetSection("s")!.GetSection(name));
        Assert.NotNull(decoded.GetSection("l")!.GetList(name));
    }

    [Theory]
    [InlineData(256, "x")]
    [InlineData(128, "é")] // only 128 chars, but 256 UTF-8 bytes
    [InlineData(86, "€")] // 258 bytes
    public void Names_of_256_bytes_or_more_are_an_argument_error(int repeat, string unit)
    {
        var name = string.Concat(Enumerable.Repeat(unit, repeat));
        var msg = new ViciMessage();

        Assert.Throws<ArgumentException>(() => msg.Set(name, "v"));
        Assert.Throws<ArgumentException>(() => msg.Set(name, 1L));
        Assert.Throws<ArgumentException>(() => msg.Set(name, new ViciMessage()));
        Assert.Throws<ArgumentException>(() => msg.Set(name, new ViciList()));
        Assert.Throws<ArgumentException>(() => ViciFrame.EncodePacket(new ViciPacket(ViciPacketType.CmdRequest, name)));
        Assert.True(msg.IsEmpty);
    }

    [Theory]
    [InlineData("a", 0xD800, "b")] // lone high surrogate (built in code: attribute strings are stored as UTF-8)
    [InlineData("", 0xDC00, "")] // lone low surrogate
    [InlineData("x", 0xDBFF, "")]
    public void Names_with_unpaired_surrogates_are_an_argument_error(string before, int surrogate, string after)
    {
        var name = before + (char)surrogate + after;
        // they have no UTF-8 form: encoding would silently put U+FFFD on the wire, a different name
        var msg = new ViciMessage();

        Assert.Throws<ArgumentException>(() => msg.Set(name, "v"));
        Assert.Throws<ArgumentException>(() => msg.Set(name, new ViciMessage()));
        Assert.Throws<ArgumentException>(() => ViciFrame.EncodePacket(new ViciPacket(ViciPacketType.EventRegister, name)));
        Assert.True(msg.IsEmpty);
        // a proper pair is fine
        Assert.Equal("v", RoundTrip(msg.Set("\uD83D\uDD10", "v")).GetString("\uD83D\uDD10"));
    }

    [Fact]
    public void Values_of_65536_bytes_are_an_argument_error()
    {
        var value = new byte[ushort.MaxValue + 1];
        var msg = new ViciMessage();

        Assert.Throws<ArgumentException>(() => msg.Set("k", value));
        Assert.Throws<ArgumentException>(() => msg.Set("k", (ReadOnlyMemory<byte>)value));
        Assert.Throws<ArgumentException>(() => msg.Set("k", new string('a', ushort.MaxValue + 1)));
        Assert.Throws<ArgumentException>(() => msg.Set("k", new string('é', 32768))); // 65,536 UTF-8 bytes
        Assert.Throws<ArgumentException>(() => new ViciList().Add(value));
        Assert.Throws<ArgumentException>(() => new ViciList().Add(new string('a', ushort.MaxValue + 1)));
        Assert.True(msg.IsEmpty);
    }

    [Fact]
    public void Deep_nesting_up_to_MaxDepth_decodes()
    {
        var root = new ViciMessage();
        var current = root;
        for (var i = 0; i < ViciLimits.Default.MaxDepth; i++)
        {
            var next = new ViciMessage();
            current.Set("s", next);
            current = next;
        }

        current.Set("leaf", "yes");

        var decoded = RoundTrip(root);
        var node = decoded;
        for (var i = 0; i < ViciLimits.Default.MaxDepth; i++)
        {
            node = node.GetSection("s")!;
        }

        Assert.True(node.IsYes("leaf"));
    }

    [Fact]
    public void EncodeTo_a_buffer_writer_asks_for_the_exact_length_and_advances_by_it()
    {
        var msg = ViciMessage.Decode(TestData.ListSaBody);
        var writer = new ArrayBufferWriter<byte>(16);
        writer.Write("pre"u8);

        msg.EncodeTo(writer);

        Assert.Equal(3 + TestData.ListSaBody.Length, writer.WrittenCount);
        Assert.Equal(TestData.ListSaBody, writer.WrittenSpan[3..].ToArray());
    }

    [Fact]
    public void ContentEquals_compares_order_kind_and_bytes()
    {
        var a = new ViciMessage().Set("x", "1").Set("y", new ViciList().Add("a"));

        Assert.True(a.ContentEquals(new ViciMessage().Set("x", "1").Set("y", new ViciList().Add("a"))));
        Assert.False(a.ContentEquals(null));
        Assert.False(a.ContentEquals(new ViciMessage().Set("y", new ViciList().Add("a")).Set("x", "1")));
        Assert.False(a.ContentEquals(new ViciMessage().Set("x", "2").Set("y", new ViciList().Add("a"))));
        Assert.False(a.ContentEquals(new ViciMessage().Set("x", "1").Set("y", new ViciList().Add("b"))));
        Assert.False(a.ContentEquals(new ViciMessage().Set("x", "1").Set("y", new ViciList().Add("a").Add("b"))));
        Assert.False(a.ContentEquals(new ViciMessage().Set("x", "1").Set("y", "a")));
        Assert.False(a.ContentEquals(new ViciMessage().Set("x", "1").Set("y", new ViciMessage())));
    }

    [Fact]
    public void Concurrent_decodes_share_the_name_cache_safely()
    {
        // the name cache is lock-free and shared; the decode scratch space is per thread
        var bodies = new[] { TestData.ListSaBody, TestData.SpecExample, TestData.ListSaFrame().AsSpan(13).ToArray() };
        var expected = bodies.Select(b => ViciMessage.Decode(b)).ToArray();
        var failures = 0;

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            var random = new Random(worker);
            for (var i = 0; i < 300; i++)
            {
                var which = random.Next(bodies.Length);
                // interleave fresh names that fight for cache sets with the recurring ones
                ViciMessage.Decode([3, 6, .. System.Text.Encoding.ASCII.GetBytes($"w{worker}n{i % 1000:000}"[..6]), 0, 0]);
                var msg = ViciMessage.Decode(bodies[which]);
                if (!msg.ContentEquals(expected[which]) || !msg.Encode().AsSpan().SequenceEqual(bodies[which]))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });

        Assert.Equal(0, failures);
    }

    private static ViciMessage RoundTrip(ViciMessage msg)
    {
        var bytes = msg.Encode();
        Assert.Equal(bytes.Length, msg.GetEncodedLength());
        var decoded = ViciMessage.Decode(bytes);
        Assert.True(decoded.ContentEquals(msg), "decode(encode(msg)) differs from msg");
        Assert.Equal(bytes, decoded.Encode());
        return decoded;
    }
}
