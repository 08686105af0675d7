namespace FleetCtl.Vici;

/// <summary>Bounds applied to everything decoded, so that a hostile or broken peer cannot exhaust memory or stack.</summary>
public sealed record ViciLimits
{
    /// <summary>charon's own limit on a transport segment: 512 KiB of data.</summary>
    public const int CharonMaxFrameLength = 512 * 1024;

    /// <summary>The deepest nesting the codec supports at all (encoding refuses deeper trees too).</summary>
    public const int MaxSupportedDepth = 256;

    /// <summary>The default: charon's frame limit and 64 levels of sections.</summary>
    public static ViciLimits Default { get; } = new();

    private readonly int _maxFrameLength = CharonMaxFrameLength;
    private readonly int _maxDepth = 64;

    /// <summary>Largest frame (length field value) accepted or sent; at least 1 (a frame holds at least its packet type).</summary>
    public int MaxFrameLength
    {
        get => _maxFrameLength;
        init
        {
            // a negative value would turn into "no limit at all" once compared as the unsigned length field
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxFrameLength = value;
        }
    }

    /// <summary>Deepest section nesting accepted (the root counts as 0), from 0 to <see cref="MaxSupportedDepth"/>.</summary>
    public int MaxDepth
    {
        get => _maxDepth;
        init
        {
            // the decoder sizes a stack buffer from this: a negative value overflowed the stack, and more than
            // MaxSupportedDepth was silently capped
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxSupportedDepth);
            _maxDepth = value;
        }
    }
}
