namespace FleetCtl.Fleet.Hosting;

/// <summary>The paging rule every fleet query shares: an offset from 0 and a page of 1 to a maximum.</summary>
public static class Paging
{
    /// <summary>Why <paramref name="offset"/> and <paramref name="limit"/> cannot be used, or null when they can.</summary>
    public static string? Problem(int offset, int limit, int maxLimit) =>
        offset < 0 ? "Offset must not be negative."
        : limit < 1 || limit > maxLimit ? $"Limit must be between 1 and {maxLimit}."
        : null;
}
