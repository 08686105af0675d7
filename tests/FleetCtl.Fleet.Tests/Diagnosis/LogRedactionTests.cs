using FleetCtl.Fleet.Diagnosis;
using static FleetCtl.Fleet.Tests.Diagnosis.Recordings;

namespace FleetCtl.Fleet.Tests.Diagnosis;

public sealed class LogRedactionTests
{
    private static GatewayLogLine Line(string message, int level = 4) => new(DateTimeOffset.UnixEpoch, "IKE", level, "s2s", 1, message);

    [Theory]
    [InlineData("Sk_ei secret => 16 bytes @ 0x7f2c3c001230")]
    [InlineData("Sk_d secret => 32 bytes @ 0x7f2c3c001230")]
    [InlineData("shared Diffie Hellman secret => 32 bytes @ 0x7f2c3c0011a0")]
    [InlineData("shared key => 16 bytes @ 0x7f2c3c0011a0")]
    [InlineData("secret => 16 bytes @ 0x55d1")]
    [InlineData("   0: 3A 5F 11 22 9C 01 FE 77 10 20 30 40 50 60 70 80  :_.\"...w. 0@P`p.")]
    [InlineData("  16: 01 02 03 04 05 06 07 08                          ........")]
    [InlineData("octets => 64 bytes @ 0x55d1")]
    public void Lines_that_dump_key_material_are_dropped(string message)
    {
        Assert.Null(LogRedaction.Redact(Line(message)));
        Assert.Null(LogRedaction.Redact(message));
    }

    [Theory]
    [InlineData("loaded IKE shared key with id 'ike-lab' for: 'gw1.lab' secret = \"hunter2\"", "secret = <redacted>")]
    [InlineData("psk: topsecret used", "psk: <redacted> used")]
    public void A_secret_value_in_a_useful_line_is_masked(string message, string expectedPart)
    {
        var redacted = LogRedaction.Redact(Line(message, 1));

        Assert.NotNull(redacted);
        Assert.Contains(expectedPart, redacted.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", redacted.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", redacted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_recorded_line_is_kept_as_it_is()
    {
        var all = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Diagnosis", "Recorded"), "*.jsonl")
            .SelectMany(f => GatewayLogLineJson.Read(File.ReadAllText(f))).ToList();

        Assert.True(all.Count > 300, $"only {all.Count} recorded lines");
        Assert.All(all, l => Assert.Same(l, LogRedaction.Redact(l)));
        Assert.DoesNotContain(all, l => l.Message.Contains("fleetctl-lab-psk", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_lines_drop_secrets_and_round_trip_the_rest()
    {
        var lines = Load("healthy", Initiator).Take(5).Append(Line("Sk_ai secret => 32 bytes @ 0x1")).ToList();

        var json = GatewayLogLineJson.Write(lines);
        var back = GatewayLogLineJson.Read(json);

        Assert.DoesNotContain("Sk_ai", json, StringComparison.Ordinal);
        Assert.Equal(lines.Take(5), back);
    }

    [Fact]
    public void A_line_that_is_not_json_is_a_format_error_with_its_number()
    {
        var e = Assert.Throws<FormatException>(() => GatewayLogLineJson.Read("\n{not json"));
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }
}
