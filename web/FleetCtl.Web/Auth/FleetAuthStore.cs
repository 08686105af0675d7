using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FleetCtl.Web.Auth;

/// <summary>An API token as listed: never the token itself.</summary>
public sealed record ApiTokenInfo(string Id, string Name, string? User, string Role, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, bool FromConfiguration);

/// <summary>A signed-in identity: who, with which role, and how.</summary>
public sealed record FleetIdentity(string User, string Role, string Method, string? TokenId = null)
{
    public const string AuthenticationType = "fleetctl";
    public const string MethodClaim = "fleetctl:auth-method";
    public const string TokenClaim = "fleetctl:token-id";

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, User), new(ClaimTypes.Role, Role), new(MethodClaim, Method) };
        if (TokenId is not null)
        {
            claims.Add(new Claim(TokenClaim, TokenId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}

/// <summary>Why a password was refused.</summary>
public enum LoginRefusal
{
    None,
    UnknownUser,
    WrongPassword,
    LockedOut,
}

/// <summary>
/// Users and API tokens: from configuration (read-only) and from the state file (the first admin, password changes,
/// tokens created at run time). Keeps only hashes; a token's text is returned once, when it is created.
/// </summary>
public sealed partial class FleetAuthStore
{
    public const string TokenPrefix = "fct_";
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly FleetAuthOptions _options;
    private readonly string _statePath;
    private readonly ILogger<FleetAuthStore> _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset LockedUntil)> _failures = new(StringComparer.OrdinalIgnoreCase);
    private AuthState _state;

    public FleetAuthStore(FleetAuthOptions options, string contentRoot, ILogger<FleetAuthStore> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _statePath = Path.GetFullPath(Path.Combine(contentRoot, options.StateFile));
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _state = LoadState(_statePath);
    }

    /// <summary>The state file (created on first change).</summary>
    public string StatePath => _statePath;

    /// <summary>
    /// On a first start (no user in configuration or the state file) creates the administrator with a random password,
    /// stores its hash and returns the password, which the caller shows once. Null when users exist.
    /// </summary>
    public string? EnsureFirstAdmin()
    {
        lock (_gate)
        {
            if (_options.Users.Count > 0 || _state.Users.Count > 0)
            {
                return null;
            }

            var password = FleetPasswordHasher.RandomPassword();
            _state = _state with
            {
                Users = [new StoredUser(_options.FirstAdmin, FleetRoles.Admin, FleetPasswordHasher.Hash(password), _time.GetUtcNow())],
            };
            SaveState();
            LogAdminCreated(_options.FirstAdmin, _statePath);
            return password;
        }
    }

    /// <summary>Every user name with its role (configuration first), for the access page.</summary>
    public IReadOnlyList<(string Name, string Role, bool FromConfiguration)> Users
    {
        get
        {
            lock (_gate)
            {
                return [.. _options.Users.Select(u => (u.Name, FleetRoles.Normalize(u.Role)!, true)),
                    .. _state.Users.Where(u => !IsConfigured(u.Name)).Select(u => (u.Name, u.Role, false))];
            }
        }
    }

    /// <summary>Checks a password (with lockout after repeated failures). The identity on success.</summary>
    public (FleetIdentity? Identity, LoginRefusal Refusal) CheckPassword(string user, string password, string? remote)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        var now = _time.GetUtcNow();
        if (_failures.TryGetValue(user, out var record) && record.LockedUntil > now)
        {
            LogLoginFailed(user, remote, "locked out");
            return (null, LoginRefusal.LockedOut);
        }

        var found = FindUser(user);
        // hash even for unknown users so the answer takes as long either way
        var ok = FleetPasswordHasher.Verify(password, found?.Hash ?? s_dummyHash.Value);
        if (found is null || !ok)
        {
            var failures = _failures.AddOrUpdate(user, _ => (1, default), (_, r) => (r.Failures + 1, r.LockedUntil));
            if (failures.Failures >= _options.LockoutFailures)
            {
                _failures[user] = (0, now.AddSeconds(_options.LockoutSeconds));
                LogLockedOut(user, failures.Failures, _options.LockoutSeconds);
            }

            var refusal = found is null ? LoginRefusal.UnknownUser : LoginRefusal.WrongPassword;
            LogLoginFailed(user, remote, found is null ? "unknown user" : "wrong password");
            return (null, refusal);
        }

        _failures.TryRemove(user, out _);
        return (new FleetIdentity(found.Value.Name, found.Value.Role, "password"), LoginRefusal.None);
    }

    /// <summary>Logs a successful sign-in (the caller knows the method and where it came from).</summary>
    public void RecordLogin(FleetIdentity identity, string? remote) => LogLoginSucceeded(identity.User, identity.Role, identity.Method, remote);

    /// <summary>Changes the password of a user kept in the state file. Returns an error message, or null when done.</summary>
    public string? ChangePassword(string user, string current, string replacement)
    {
        if (IsConfigured(user))
        {
            return "this user is defined in the configuration (Fleet:Auth:Users); change its PasswordHash there";
        }

        if (replacement.Length < FleetPasswordHasher.MinPasswordLength)
        {
            return $"the new password must have at least {FleetPasswordHasher.MinPasswordLength} characters";
        }

        if (CheckPassword(user, current, remote: null).Identity is null)
        {
            return "the current password is wrong";
        }

        lock (_gate)
        {
            _state = _state with
            {
                Users = [.. _state.Users.Select(u => string.Equals(u.Name, user, StringComparison.OrdinalIgnoreCase)
                    ? u with { PasswordHash = FleetPasswordHasher.Hash(replacement) } : u)],
            };
            SaveState();
        }

        LogPasswordChanged(user);
        return null;
    }

    /// <summary>Creates a token for <paramref name="user"/> with at most the user's role. Returns its listing and its text (shown once).</summary>
    public (ApiTokenInfo Info, string Token) CreateToken(string user, string name, string role, TimeSpan? lifetime = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var normalized = FleetRoles.Normalize(role) ?? throw new ArgumentException($"unknown role '{role}'", nameof(role));
        var owner = FindUser(user) ?? throw new ArgumentException($"unknown user '{user}'", nameof(user));
        if (FleetRoles.Rank(normalized) > FleetRoles.Rank(owner.Role))
        {
            throw new ArgumentException($"a token cannot have more than its user's role ({owner.Role})", nameof(role));
        }

        var token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = _time.GetUtcNow();
        var stored = new StoredToken("t" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5)), name.Trim(), owner.Name, normalized,
            HashToken(token), now, lifetime is { } l ? now + l : null);
        lock (_gate)
        {
            _state = _state with { Tokens = [.. _state.Tokens, stored] };
            SaveState();
        }

        LogTokenCreated(stored.Id, stored.Name, stored.Role, owner.Name);
        return (Info(stored), token);
    }

    /// <summary>Tokens, optionally only those of one user (configured tokens have no user).</summary>
    public IReadOnlyList<ApiTokenInfo> Tokens(string? user = null)
    {
        lock (_gate)
        {
            var configured = _options.Tokens.Select(t => new ApiTokenInfo("cfg-" + t.Name, t.Name, null, FleetRoles.Normalize(t.Role)!, default, null, true));
            var stored = _state.Tokens.Select(Info);
            return [.. configured.Concat(stored).Where(t => user is null || string.Equals(t.User, user, StringComparison.OrdinalIgnoreCase))];
        }
    }

    /// <summary>Revokes a token created at run time. False when there is no such token (configured ones cannot be revoked here).</summary>
    public bool RevokeToken(string id, string by)
    {
        lock (_gate)
        {
            var remaining = _state.Tokens.Where(t => t.Id != id).ToList();
            if (remaining.Count == _state.Tokens.Count)
            {
                return false;
            }

            _state = _state with { Tokens = remaining };
            SaveState();
        }

        LogTokenRevoked(id, by);
        return true;
    }

    /// <summary>The identity a bearer token stands for, or null with the reason.</summary>
    public (FleetIdentity? Identity, string? Reason) CheckToken(string token, string? remote)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length < TokenPrefix.Length + 20)
        {
            LogTokenRejected(remote, "malformed");
            return (null, "malformed token");
        }

        var hash = HashToken(token);
        var configured = _options.Tokens.FirstOrDefault(t => string.Equals(t.Hash, hash, StringComparison.OrdinalIgnoreCase));
        if (configured is not null)
        {
            return (new FleetIdentity("token:" + configured.Name, FleetRoles.Normalize(configured.Role)!, "token", "cfg-" + configured.Name), null);
        }

        StoredToken? stored;
        lock (_gate)
        {
            stored = _state.Tokens.FirstOrDefault(t => t.Hash == hash);
        }

        if (stored is null)
        {
            LogTokenRejected(remote, "unknown or revoked");
            return (null, "unknown or revoked token");
        }

        if (stored.ExpiresAt is { } expires && expires <= _time.GetUtcNow())
        {
            LogTokenRejected(remote, "expired");
            return (null, "expired token");
        }

        // a token never outranks its user as the user is now (a demoted or removed user's tokens shrink or die)
        if (FindUser(stored.User) is not { } owner)
        {
            LogTokenRejected(remote, "its user no longer exists");
            return (null, "the token's user no longer exists");
        }

        var role = FleetRoles.Rank(stored.Role) <= FleetRoles.Rank(owner.Role) ? stored.Role : owner.Role;
        return (new FleetIdentity(owner.Name, role, "token", stored.Id), null);
    }

    /// <summary>Logs a 403 (called by the authorization result handler).</summary>
    public void RecordDenied(string? user, string? role, string path, string required) => LogDenied(user ?? "?", role ?? "?", path, required);

    /// <summary>SHA-256 of a token's text as lower-case hex, as configured tokens store it.</summary>
    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static readonly Lazy<string> s_dummyHash = new(() => FleetPasswordHasher.Hash(Guid.NewGuid().ToString()));

    private bool IsConfigured(string user) => _options.Users.Any(u => string.Equals(u.Name, user, StringComparison.OrdinalIgnoreCase));

    private (string Name, string Role, string Hash)? FindUser(string user)
    {
        var configured = _options.Users.FirstOrDefault(u => string.Equals(u.Name, user, StringComparison.OrdinalIgnoreCase));
        if (configured is not null)
        {
            return (configured.Name, FleetRoles.Normalize(configured.Role)!, configured.PasswordHash);
        }

        lock (_gate)
        {
            return _state.Users.FirstOrDefault(u => string.Equals(u.Name, user, StringComparison.OrdinalIgnoreCase)) is { } stored
                ? (stored.Name, stored.Role, stored.PasswordHash)
                : null;
        }
    }

    private static ApiTokenInfo Info(StoredToken t) => new(t.Id, t.Name, t.User, t.Role, t.CreatedAt, t.ExpiresAt, false);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static AuthState LoadState(string path)
    {
        if (!File.Exists(path))
        {
            return new AuthState([], []);
        }

        try
        {
            return JsonSerializer.Deserialize<AuthState>(File.ReadAllText(path), s_json) is { } state
                ? new AuthState(state.Users ?? [], state.Tokens ?? [])
                : new AuthState([], []);
        }
        catch (JsonException e)
        {
            throw new FleetAuthException($"the auth state file {path} is not valid JSON ({e.Message}); fix or remove it");
        }
    }

    private void SaveState()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_statePath)!);
        var temp = _statePath + ".tmp";
        // hashes only, but still nobody else's business
        using (var stream = OperatingSystem.IsWindows()
            ? new FileStream(temp, FileMode.Create, FileAccess.Write)
            : new FileStream(temp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
            JsonSerializer.Serialize(stream, _state, s_json);
        }

        File.Move(temp, _statePath, overwrite: true);
    }

    private sealed record AuthState(List<StoredUser> Users, List<StoredToken> Tokens);

    private sealed record StoredUser(string Name, string Role, string PasswordHash, DateTimeOffset CreatedAt);

    private sealed record StoredToken(string Id, string Name, string User, string Role, string Hash, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

    [LoggerMessage(EventId = Fleet.Catalog.CatalogIds.AdminCreated, EventName = "fleet.access.admin-created", Level = LogLevel.Warning,
        Message = "No users configured: created administrator {User}; its password is printed once on standard output and stored only hashed in {StateFile}")]
    private partial void LogAdminCreated(string user, string stateFile);

    [LoggerMessage(EventId = Fleet.Catalog.CatalogIds.LoginSucceeded, EventName = "fleet.access.login-succeeded", Level = LogLevel.Information,
        Message = "User {User} ({Role}) signed in by {Method} from {Remote}")]
    private partial void LogLoginSucceeded(string user, string role, string method, string? remote);

    [LoggerMessage(EventId = Fleet.Catalog.CatalogIds.LoginFailed, EventName = "fleet.access.login-failed", Level = LogLevel.Warning,
        Message = "Login refused for {User} from {Remote}: {Reason}")]
    private partial void LogLoginFailed(string user, string? remote, string reason);

    [LoggerMessage(EventId = Fleet.Catalog.CatalogIds.UserLockedOut, EventName = "fleet.access.user-locked", Level = LogLevel.Warning,
        Message = "User {User} locked out after {Failures} failed logins for {Seconds} s")]
    private partial void LogLockedOut(string user, int failures, int seconds);

    [LoggerMessage(EventId = Fleet.Catalog.CatalogIds.TokenCreated, EventName = "fleet.access.token-created", Level = LogLevel.Information,
        Message = "API token {TokenId} ({Name}, {Role}) created for {User}")]
    private partial void LogTokenCreated(string tokenId, string name, string role, string user);

    [LoggerMessage(EventId = Fleet.Catalog.CatalogIds.TokenRevoked, EventName = "fleet.access.token-revoked", Level = LogLevel.Information,
        Message = "API token {TokenId} revoked by {By}")]
    private partial void LogTokenRevoked(string tokenId, string by);

    [LoggerMessage(EventId = Fleet.Catalog.CatalogIds.TokenRejected, EventName = "fleet.access.token-rejected", Level = LogLevel.Warning,
        Message = "Bearer token from {Remote} rejected: {Reason}")]
    private partial void LogTokenRejected(string? remote, string reason);

    [LoggerMessage(EventId = Fleet.Catalog.CatalogIds.PasswordChanged, EventName = "fleet.access.password-changed", Level = LogLevel.Information,
        Message = "User {User} changed their password")]
    private partial void LogPasswordChanged(string user);

    [LoggerMessage(EventId = Fleet.Catalog.CatalogIds.AccessDenied, EventName = "fleet.access.denied", Level = LogLevel.Warning,
        Message = "User {User} ({Role}) denied {Path}: needs {Required}")]
    private partial void LogDenied(string user, string role, string path, string required);
}

/// <summary>The auth settings or state file cannot be used; the server does not start.</summary>
public sealed class FleetAuthException(string message) : Exception(message);
