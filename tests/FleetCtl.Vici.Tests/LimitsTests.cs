using FleetCtl.Vici;
using Xunit;

namespace FleetCtl.Vici.Tests;

/// <summary><see cref="ViciLimits"/> accepts only values the codec can honour.</summary>
public class LimitsTests
{
    [Fact]
    public void Defaults_are_charons()
    {
        Assert.Equal(512 * 1024, ViciLimits.Default.MaxFrameLength);
        Assert.Equal(64, ViciLimits.Default.MaxDepth);
    }

    [Theory]
    [InlineData(-2)] // used to overflow the stack (stackalloc of a negative size) and kill the process
    [InlineData(-1)] // used to throw IndexOutOfRangeException out of Decode
    [InlineData(int.MinValue)]
    [InlineData(ViciLimits.MaxSupportedDepth + 1)] // used to be capped at 256 silently
    public void MaxDepth_out_of_range_is_refused(int depth) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ViciLimits { MaxDepth = depth });

    [Theory]
    [InlineData(0)]
    [InlineData(-1)] // used to disable the limit: (uint)-1 is 4 GiB
    [InlineData(int.MinValue)]
    public void MaxFrameLength_below_one_is_refused(int length) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ViciLimits { MaxFrameLength = length });

    [Fact]
    public void With_expressions_are_validated_too() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ViciLimits.Default with { MaxDepth = -1 });

    [Fact]
    public void The_deepest_supported_nesting_decodes_and_encodes()
    {
        var limits = new ViciLimits { MaxDepth = ViciLimits.MaxSupportedDepth };
        var depth = ViciLimits.MaxSupportedDepth;
        byte[] body = [.. Enumerable.Repeat(new byte[] { 1, 1, (byte)'s' }, depth).SelectMany(b => b), .. Enumerable.Repeat((byte)2, depth)];

        var msg = ViciMessage.Decode(body, limits);

        Assert.Equal(body, msg.Encode());
        var ex = Assert.Throws<ViciProtocolException>(() =>
            ViciMessage.Decode([.. Enumerable.Repeat(new byte[] { 1, 1, (byte)'s' }, depth + 1).SelectMany(b => b), .. Enumerable.Repeat((byte)2, depth + 1)], limits));
        Assert.Equal(ViciProtocolError.NestingTooDeep, ex.Error);
    }

    [Fact]
    public void Records_with_equal_limits_are_equal() =>
        Assert.Equal(new ViciLimits { MaxDepth = 3, MaxFrameLength = 100 }, new ViciLimits { MaxFrameLength = 100, MaxDepth = 3 });
}
