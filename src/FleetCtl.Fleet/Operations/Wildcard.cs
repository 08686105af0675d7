namespace FleetCtl.Fleet.Operations;

/// <summary>
/// Shell-style patterns for selectors: <c>*</c> matches any run of characters (also none), <c>?</c> exactly one,
/// everything else itself, ignoring case. A pattern without wildcards is an exact (case-insensitive) match.
/// </summary>
public static class Wildcard
{
    /// <summary>Whether <paramref name="value"/> matches <paramref name="pattern"/>; a null value never matches.</summary>
    public static bool IsMatch(string pattern, string? value)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (value is null)
        {
            return false;
        }

        // iterative matching with one backtrack point for the last '*': linear for the patterns operators type
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], value[v])))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Whether the pattern has a wildcard at all.</summary>
    public static bool HasWildcard(string pattern) => pattern.AsSpan().IndexOfAny('*', '?') >= 0;

    private static bool Same(char a, char b) => a == b || char.ToUpperInvariant(a) == char.ToUpperInvariant(b);
}
