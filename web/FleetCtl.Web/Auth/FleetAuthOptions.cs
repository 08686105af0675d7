namespace FleetCtl.Web.Auth;

/// <summary>Who may use the controller (<c>Fleet:Auth</c>). See docs/auth.md.</summary>
public sealed class FleetAuthOptions
{
    public const string Section = "Fleet:Auth";

    /// <summary>Users from configuration. Passwords only as hashes (<c>FleetCtl.Web hash-password</c> makes one).</summary>
    public List<ConfiguredUser> Users { get; set; } = [];

    /// <summary>API tokens from configuration, as SHA-256 hashes (for automation that provisions its own tokens).</summary>
    public List<ConfiguredToken> Tokens { get; set; } = [];

    /// <summary>Where the controller keeps the users and tokens it creates itself (the first admin, tokens made in the
    /// dashboard or with <c>fleetctl login</c>): hashes only. Relative to the content root.</summary>
    public string StateFile { get; set; } = "data/auth.json";

    /// <summary>How long a dashboard login lasts without activity.</summary>
    public double SessionHours { get; set; } = 12;

    /// <summary>Wrong passwords in a row before a user is locked out for <see cref="LockoutSeconds"/>.</summary>
    public int LockoutFailures { get; set; } = 5;

    public int LockoutSeconds { get; set; } = 60;

    /// <summary>The name of the administrator created on a first start without users.</summary>
    public string FirstAdmin { get; set; } = "admin";

    /// <summary>Problems with the settings, one line each (empty when usable).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Users.Count; i++)
        {
            var user = Users[i];
            var where = $"{Section}:Users:{i}";
            if (string.IsNullOrWhiteSpace(user.Name))
            {
                problems.Add($"{where}: Name is missing");
            }
            else if (!names.Add(user.Name))
            {
                problems.Add($"{where}: user '{user.Name}' is declared twice");
            }

            if (FleetRoles.Normalize(user.Role) is null)
            {
                problems.Add($"{where}: Role '{user.Role}' is not one of {string.Join(", ", FleetRoles.All)}");
            }

            if (!FleetPasswordHasher.IsValidHash(user.PasswordHash))
            {
                problems.Add($"{where}: PasswordHash is not a pbkdf2-sha512 hash (make one with: dotnet FleetCtl.Web.dll hash-password)");
            }
        }

        for (var i = 0; i < Tokens.Count; i++)
        {
            var token = Tokens[i];
            var where = $"{Section}:Tokens:{i}";
            if (string.IsNullOrWhiteSpace(token.Name))
            {
                problems.Add($"{where}: Name is missing");
            }

            if (FleetRoles.Normalize(token.Role) is null)
            {
                problems.Add($"{where}: Role '{token.Role}' is not one of {string.Join(", ", FleetRoles.All)}");
            }

            if (token.Hash is not { Length: 64 } hash || !hash.All(Uri.IsHexDigit))
            {
                problems.Add($"{where}: Hash must be the token's SHA-256 as 64 hex digits (sha256sum of the token, without newline)");
            }
        }

        if (SessionHours <= 0)
        {
            problems.Add($"{Section}:SessionHours must be positive");
        }

        if (LockoutFailures < 1 || LockoutSeconds < 0)
        {
            problems.Add($"{Section}:LockoutFailures must be at least 1 and LockoutSeconds not negative");
        }

        return problems;
    }
}

/// <summary>A user declared in configuration.</summary>
public sealed class ConfiguredUser
{
    public string Name { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public string Role { get; set; } = FleetRoles.Viewer;
}

/// <summary>An API token declared in configuration, by its hash.</summary>
public sealed class ConfiguredToken
{
    public string Name { get; set; } = "";
    public string Role { get; set; } = FleetRoles.Viewer;

    /// <summary>SHA-256 of the token text, 64 hex digits.</summary>
    public string Hash { get; set; } = "";
}
