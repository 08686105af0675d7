namespace FleetCtl.Vici;

/// <summary>Bounds applied to everything decoded, so that a hostile or broken peer cannot exhaust memory or stack.</summary>
public sealed record ViciLimits
{
    /// <summary>charon's own limit on a transport segment: 512 KiB of data.</summary>
    public const int CharonMaxFrameLength = 512 * 1024;

    /// <summary>The default: charon's frame limit and 64 levels of sections.</summary>
    public static ViciLimits Default { get; } = new();

    /// <summary>Largest frame (length field value) accepted or sent.</summary>
    public int MaxFrameLength { get; init; } = CharonMaxFrameLength;

    /// <summary>Deepest section nesting accepted (the root counts as 0).</summary>
    public int MaxDepth { get; init; } = 64;
}
