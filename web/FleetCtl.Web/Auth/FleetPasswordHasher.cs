using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FleetCtl.Web.Auth;

/// <summary>
/// Password hashes as PBKDF2 with HMAC-SHA512 and a 16-byte random salt:
/// <c>pbkdf2-sha512$ITERATIONS$SALT$HASH</c> (base64). The default of 210,000 iterations follows OWASP's 2023
/// guidance. Verification reads the iterations from the hash, so old hashes keep working when the default grows.
/// </summary>
public static class FleetPasswordHasher
{
    public const int DefaultIterations = 210_000;
    public const int MinIterations = 1_000;
    private const string Prefix = "pbkdf2-sha512";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Shortest password the controller accepts when one is set or changed.</summary>
    public const int MinPasswordLength = 10;

    public static string Hash(string password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="password"/> matches; false for a wrong password or a hash that is not in this format.</summary>
    public static bool Verify(string password, string? encoded)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(encoded, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>True when the text is a hash this class can verify (used to check configuration at start).</summary>
    public static bool IsValidHash(string? encoded) => TryParse(encoded, out _, out _, out _);

    private static bool TryParse(string? encoded, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = encoded?.Split('$');
        if (parts is not [Prefix, var it, var s, var h]
            || !int.TryParse(it, NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < MinIterations)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(s);
            hash = Convert.FromBase64String(h);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length >= 8 && hash.Length >= 16;
    }

    /// <summary>A random password of <paramref name="length"/> characters from letters and digits without look-alikes.</summary>
    public static string RandomPassword(int length = 20) => RandomNumberGenerator.GetString(s_passwordAlphabet, length);

    // letters and digits, less the ones people mistake for each other when they copy a password from a console:
    // 0/O/o, 1/l/I/i, L
    private static readonly string s_passwordAlphabet = string.Concat(
        Enumerable.Range('a', 26).Concat(Enumerable.Range('A', 26)).Concat(Enumerable.Range('0', 10))
            .Select(c => (char)c).Where(c => !"0O1lIiLo".Contains(c, StringComparison.Ordinal)));
}
